import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../logger';

/**
 * The gateway's HTTP server: Node's, with timeouts so a slow or stalled
 * client cannot hold a connection, and the HTTP parser's refusals (400, 408,
 * 413, 431) answered with a JSON reason and a log line instead of a bare status.
 */
export interface HttpServerSettings {
  /** The request line and headers must arrive within this (HTTP_HEADERS_TIMEOUT_MS). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (HTTP_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number;
  /** A request body that sends nothing for this long is cut off (HTTP_BODY_IDLE_TIMEOUT_MS). */
  bodyIdleTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (HTTP_KEEP_ALIVE_TIMEOUT_MS). */
  keepAliveTimeoutMs: number;
  /** Largest request line + headers (HTTP_MAX_HEADER_BYTES); over it: 431. */
  maxHeaderBytes: number;
}

export const DEFAULT_HTTP_SETTINGS: HttpServerSettings = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 300_000,
  bodyIdleTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  maxHeaderBytes: 16_384,
};

/** The parser's error codes (llhttp's HPE_*, Node's ERR_*) as a status and a reason. */
function parserRefusal(code: string | undefined, s: HttpServerSettings): [number, string] {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, `Request line and headers too large (limit ${s.maxHeaderBytes} bytes)`];
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'Chunk extensions too large'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [
        408,
        `Request not received in time (headers within ${s.headersTimeoutMs} ms, the whole request within ${s.requestTimeoutMs} ms)`,
      ];
    case 'HPE_INVALID_METHOD':
      return [400, 'Malformed request line: unknown method'];
    case 'HPE_INVALID_URL':
      return [400, 'Malformed request line: invalid request target'];
    case 'HPE_INVALID_VERSION':
      return [400, 'Malformed request line: invalid HTTP version'];
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'HPE_LF_EXPECTED':
    case 'HPE_CR_EXPECTED':
      return [400, 'Malformed header line'];
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return [400, 'Invalid Content-Length (or Content-Length with Transfer-Encoding)'];
    case 'HPE_INVALID_TRANSFER_ENCODING':
      return [400, 'Invalid Transfer-Encoding'];
    case 'HPE_INVALID_CHUNK_SIZE':
      return [400, 'Malformed chunked body'];
    default:
      return [400, `Malformed HTTP request${code ? ` (${code})` : ''}`];
  }
}

function rawResponse(status: number, reason: string): string {
  const body = JSON.stringify({ error: reason });
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** Close a connection we answered: end it, and destroy it if the peer does not let go. */
function closeSoon(socket: Duplex) {
  setTimeout(() => socket.destroy(), 1000).unref();
}

export function createGatewayServer(handler: RequestListener, s: HttpServerSettings, logger: Logger): Server {
  const server = createServer(
    {
      maxHeaderSize: s.maxHeaderBytes,
      headersTimeout: s.headersTimeoutMs,
      requestTimeout: s.requestTimeoutMs,
      // How often Node checks the two timeouts above (its default, 30 s, would let them overrun by that much).
      connectionsCheckingInterval: Math.max(250, Math.min(1000, s.headersTimeoutMs / 4)),
    },
    handler,
  );
  server.keepAliveTimeout = s.keepAliveTimeoutMs;

  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // Answer only when nothing of a response has gone out on this connection (as Node's own handler does).
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, reason] = parserRefusal(err.code, s);
    logger.warn(
      { status, code: err.code, reason, remoteAddress: (socket as Socket).remoteAddress },
      'request refused by the HTTP parser',
    );
    socket.end(rawResponse(status, reason));
    closeSoon(socket);
  });

  // A request body that stops coming is cut off; a request whose body is in and whose answer is being
  // worked on is left alone; an idle keep-alive connection (its answer sent) is closed.
  const current = new WeakMap<Socket, { req: IncomingMessage; res: ServerResponse }>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    current.set(req.socket, { req, res });
    req.socket.setTimeout(s.bodyIdleTimeoutMs);
  });
  server.on('timeout', (socket: Socket) => {
    const c = current.get(socket);
    if (c && c.req.complete && !c.res.writableFinished) return;
    if (c && !c.req.complete && !c.res.headersSent) {
      const reason = `Request body stalled: nothing received for ${s.bodyIdleTimeoutMs} ms`;
      const requestId = (c.res as ServerResponse & { locals?: { requestId?: string } }).locals?.requestId;
      logger.warn(
        {
          status: 408,
          method: c.req.method,
          path: c.req.url?.split('?')[0]?.slice(0, 200),
          requestId,
          reason,
          remoteAddress: socket.remoteAddress,
        },
        'request refused',
      );
      // The handler still waiting for the body then sees it aborted; its answer finds the headers sent and stops.
      const body = JSON.stringify({ error: reason });
      c.res.writeHead(408, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        connection: 'close',
      });
      c.res.end(body);
      closeSoon(socket);
      return;
    }
    socket.destroy();
  });
  return server;
}
