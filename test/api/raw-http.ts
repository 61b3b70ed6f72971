import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { startGateway, type GatewayDeps } from '../../src/api/app';
import type { RunningGateway } from './support';

/** The gateway on its real HTTP server (startGateway: timeouts, parser refusals), on a free port. */
export async function startRealGateway(deps: GatewayDeps): Promise<RunningGateway & { server: Server }> {
  const server = await startGateway(deps, 0, '127.0.0.1');
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface RawExchange {
  /** Everything the server sent. */
  text: string;
  /** The status of the first response line, if any. */
  status: number | null;
  /** The JSON body of that response, if it had one. */
  body: any;
  /** Did the server close the connection before the deadline? */
  closed: boolean;
}

/**
 * Speak HTTP over a plain socket: send `chunks` (bytes exactly as given), then
 * wait until the server closes the connection or `deadlineMs` passes. No
 * client library in between, so malformed and stalled requests reach the server.
 */
export function rawExchange(url: string, chunks: (string | Buffer)[], deadlineMs = 30_000): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const received: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(received).toString('utf8');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      const rawBody = text.split('\r\n\r\n').slice(1).join('\r\n\r\n');
      let body: any;
      try {
        body = rawBody ? JSON.parse(rawBody) : null;
      } catch {
        body = rawBody;
      }
      resolve({ text, status: status ? Number(status) : null, body, closed });
    };
    const timer = setTimeout(() => finish(false), deadlineMs);
    socket.on('data', (d) => received.push(d));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
    });
  });
}
