import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { isGrpcServiceError, ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import type { Logger } from '../logger';

/** One problem with a request body: the field path and what is wrong with it. */
export interface ErrorDetail {
  field: string;
  problem: string;
}

/** An error with the HTTP status and reason the caller should see (the message is public). */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly details?: ErrorDetail[],
    /** What went wrong underneath, for the log only. */
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

/** A 429: the caller is over a rate limit; Retry-After says when to come back. */
export class RateLimitedError extends HttpError {
  override name = 'RateLimitedError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, message);
  }
}

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: string;
  details?: ErrorDetail[];
}

/** gRPC status codes worth naming (from @grpc/grpc-js's `status` enum). */
const GRPC_CODE_NAMES: Record<number, string> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  9: 'FAILED_PRECONDITION',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
  16: 'UNAUTHENTICATED',
};
const INVALID_ARGUMENT = 3;
const DEADLINE_EXCEEDED = 4;

/** The gRPC status code behind a Temporal client error, if any. */
function grpcCode(err: unknown): number | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isGrpcServiceError(e)) return e.code;
  }
  return undefined;
}

/** Temporal did not answer within the gateway's deadline. */
export class TemporalTimeoutError extends Error {
  override name = 'TemporalTimeoutError';
}

/**
 * Run Temporal client calls with a deadline that holds: the gRPC deadline ends
 * the call, and since the client's retry interceptor may sleep past it (one
 * backoff step, up to 5 s), a timer answers at the deadline regardless. A call
 * still under way then may yet succeed; callers answer 503 and the sender's
 * retry is deduplicated downstream.
 */
export function withTemporalDeadline<T>(client: Client, ms: number, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TemporalTimeoutError(`no answer within ${ms} ms`)), ms + 100);
  });
  const deadline = Date.now() + ms;
  // At the deadline gRPC may report CANCELLED rather than DEADLINE_EXCEEDED: past it, it is a timeout either way.
  const call = client.withDeadline(deadline, fn).catch((err) => {
    if (Date.now() >= deadline && isTemporalUnavailable(err)) throw new TemporalTimeoutError(`no answer within ${ms} ms`, { cause: err });
    throw err;
  });
  return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
}

/**
 * True when the error is Temporal not answering (down, overloaded, too slow): worth a retry.
 * An Update whose call timed out (WorkflowUpdateRPCTimeoutOrCancelledError, e.g. no
 * worker polling) is one too: the Update itself may still be applied later.
 */
export function isTemporalUnavailable(err: unknown): boolean {
  if (err instanceof ServiceError || err instanceof TemporalTimeoutError || err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcServiceError(err)) return true;
  const name = (err as Error | undefined)?.name;
  return name === 'ServiceError' || name === 'TransportError' || name === 'WorkflowUpdateRPCTimeoutOrCancelledError';
}

/**
 * Temporal failures as HTTP: a missing (or finished) workflow is 404, a
 * workflow that may not start again 409, a request Temporal refuses as such
 * (a value over one of its limits: retrying cannot help) 400, an unreachable
 * or slow cluster 503. Anything else is a 500 whose details stay in the log.
 */
export function temporalToHttp(err: unknown, what: string): HttpError {
  if (err instanceof HttpError) return err;
  if (grpcCode(err) === INVALID_ARGUMENT) return new HttpError(400, `${what}: Temporal refused the request (${(err as Error).message})`, undefined, err);
  if (err instanceof WorkflowNotFoundError) return new HttpError(404, `${what}: no such order workflow (or it has already finished)`);
  if (err instanceof WorkflowExecutionAlreadyStartedError) return new HttpError(409, `${what}: the order workflow has already closed`);
  if (isTemporalUnavailable(err)) {
    const code = grpcCode(err);
    const late = code === DEADLINE_EXCEEDED || err instanceof TemporalTimeoutError || err instanceof WorkflowUpdateRPCTimeoutOrCancelledError;
    const why = late ? 'did not answer in time' : 'is unavailable';
    const name = code === undefined ? '' : ` (${GRPC_CODE_NAMES[code] ?? `gRPC ${code}`})`;
    return new HttpError(503, `${what}: Temporal ${why}${name}, try again`, undefined, err);
  }
  return new HttpError(500, `${what}: internal error`, undefined, err);
}

export const notFound: RequestHandler = (req, _res, next) => next(new HttpError(404, `No route for ${req.method} ${req.path}`));

/** body-parser's error types (express.json / raw / text) and what the caller reads for each. */
const BODY_ERRORS: Record<string, (err: any) => string> = {
  'entity.too.large': (err) => `Request body too large (limit ${err.limit} bytes)`,
  'entity.parse.failed': () => 'Request body is not valid JSON',
  'encoding.unsupported': (err) => `Content-Encoding ${JSON.stringify(String(err.encoding ?? '').slice(0, 40))} is not supported (send identity, gzip, deflate or br)`,
  'charset.unsupported': (err) => `Charset ${JSON.stringify(String(err.charset ?? '').slice(0, 40))} is not supported (send utf-8)`,
  'request.aborted': () => 'The request was aborted before its body arrived',
  'request.size.invalid': () => 'The body is not as long as its Content-Length says',
  'entity.verify.failed': () => 'The request body was refused',
  'parameters.too.many': () => 'Too many parameters in the body',
};

/** zlib's error for a body that does not decode (a corrupt or truncated gzip / deflate / br stream: Z_DATA_ERROR, ERR__ERROR_FORMAT_...). */
const isDecodeError = (err: any, req: Request) => !!req.get('content-encoding') && typeof err.errno === 'number' && typeof err.code === 'string' && /^(Z_|ERR_)/.test(err.code);

/**
 * A 4xx that did not start as an HttpError, with a reason: body-parser's
 * errors (a `type` and a 4xx `status`), a body whose Content-Encoding does
 * not decode, and the router's 400 for a malformed percent-encoding in a path.
 * Anything else is null (a 500).
 */
function requestRefusal(err: any, req: Request): HttpError | null {
  if (!err || typeof err !== 'object') return null;
  const status = Number(err.status ?? err.statusCode);
  if (!(status >= 400 && status < 500)) return null;
  if (typeof err.type === 'string' && BODY_ERRORS[err.type]) return new HttpError(status, BODY_ERRORS[err.type]!(err));
  if (isDecodeError(err, req)) {
    const encoding = JSON.stringify((req.get('content-encoding') ?? '').slice(0, 40));
    return new HttpError(400, `Request body does not decode as Content-Encoding ${encoding} (${String(err.message).slice(0, 100)})`);
  }
  if (err instanceof URIError) return new HttpError(400, `Malformed percent-encoding in the path ${JSON.stringify(req.path.slice(0, 100))}`);
  return new HttpError(status, err.expose && typeof err.message === 'string' ? err.message : 'Bad request');
}

/** An error for the log (never for the response). */
function describe(err: unknown) {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  return { name: err.name, message: err.message, stack: err.stack, ...(cause instanceof Error ? { cause: `${cause.name}: ${cause.message}` } : {}) };
}

/**
 * The last handler: a JSON `{ error, details? }` answer, never a stack trace;
 * every refusal logged with its reason and the request id (5xx with the error).
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const http = err instanceof HttpError ? err : (requestRefusal(err, req) ?? new HttpError(500, 'Internal error'));
    const log = http.status >= 500 ? logger.error.bind(logger) : logger.warn.bind(logger);
    if (http instanceof RateLimitedError) {
      // A flood of 429s is logged once per source and run (by the limiter), not once per request.
      res.set('retry-after', String(http.retryAfterSeconds));
    } else {
      log(
        {
          status: http.status,
          method: req.method,
          path: req.path,
          requestId: res.locals.requestId,
          reason: http.message,
          ...(http.status >= 500 ? { err: describe(err instanceof HttpError && err.cause !== undefined ? err.cause : err) } : {}),
        },
        'request refused',
      );
    }
    const body: ErrorBody = { error: http.message, ...(http.details?.length ? { details: http.details } : {}) };
    res.status(http.status).json(body);
  };
}
