import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { OrderInboxError } from '../orders/inbox';
import { classifyTemporalFailure, retryAdvice } from '../temporal/failures';
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

/**
 * Temporal failures (src/temporal/failures.ts, OrderInboxError) as HTTP: a
 * missing (or finished) workflow is 404, a workflow that may not start again
 * 409, an ops action the workflow refuses 409 with its reason, a request
 * Temporal refuses as such (a value over one of its limits: retrying cannot
 * help) 400, an unreachable or slow cluster 503. Anything else is a 500 whose
 * details stay in the log.
 */
export function temporalToHttp(err: unknown, what: string): HttpError {
  if (err instanceof HttpError) return err;
  const failure = err instanceof OrderInboxError ? { kind: err.kind, code: err.code } : classifyTemporalFailure(err);
  const message = (err as Error).message;
  switch (failure?.kind) {
    case 'invalid':
      return new HttpError(400, `${what}: Temporal refused the request (${message})`, undefined, err);
    case 'gone':
      return new HttpError(404, `${what}: no such order workflow (or it has already finished)`);
    case 'closed':
      return new HttpError(409, `${what}: the order workflow has already closed`);
    case 'refused':
      return new HttpError(409, message);
    case 'finished':
      return new HttpError(409, `${what}: ${message}`);
    case 'late':
    case 'unavailable':
      return new HttpError(503, `${what}: ${retryAdvice(failure.kind === 'late', failure.code)}`, undefined, err);
    default:
      return new HttpError(500, `${what}: internal error`, undefined, err);
  }
}

export const notFound: RequestHandler = (req, _res, next) =>
  next(new HttpError(404, `No route for ${req.method} ${req.path}`));

/** What is read of body-parser's and zlib's errors (each field may be missing: a thrown value can be of any shape). */
interface RequestError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  expose?: unknown;
  message?: unknown;
  limit?: unknown;
  encoding?: unknown;
  charset?: unknown;
  errno?: unknown;
  code?: unknown;
}

/** body-parser's error types (express.json / raw / text) and what the caller reads for each. */
const BODY_ERRORS: Record<string, (err: RequestError) => string> = {
  'entity.too.large': (err) => `Request body too large (limit ${err.limit} bytes)`,
  'entity.parse.failed': () => 'Request body is not valid JSON',
  'encoding.unsupported': (err) =>
    `Content-Encoding ${JSON.stringify(String(err.encoding ?? '').slice(0, 40))} is not supported (send identity, gzip, deflate or br)`,
  'charset.unsupported': (err) =>
    `Charset ${JSON.stringify(String(err.charset ?? '').slice(0, 40))} is not supported (send utf-8)`,
  'request.aborted': () => 'The request was aborted before its body arrived',
  'request.size.invalid': () => 'The body is not as long as its Content-Length says',
  'entity.verify.failed': () => 'The request body was refused',
  'parameters.too.many': () => 'Too many parameters in the body',
};

/** zlib's error for a body that does not decode (a corrupt or truncated gzip / deflate / br stream: Z_DATA_ERROR, ERR__ERROR_FORMAT_...). */
const isDecodeError = (err: RequestError, req: Request) =>
  !!req.get('content-encoding') &&
  typeof err.errno === 'number' &&
  typeof err.code === 'string' &&
  /^(Z_|ERR_)/.test(err.code);

/**
 * A 4xx that did not start as an HttpError, with a reason: body-parser's
 * errors (a `type` and a 4xx `status`), a body whose Content-Encoding does
 * not decode, and the router's 400 for a malformed percent-encoding in a path.
 * Anything else is null (a 500).
 */
function requestRefusal(thrown: unknown, req: Request): HttpError | null {
  if (!thrown || typeof thrown !== 'object') return null;
  const err: RequestError = thrown;
  const status = Number(err.status ?? err.statusCode);
  if (!(status >= 400 && status < 500)) return null;
  if (typeof err.type === 'string' && BODY_ERRORS[err.type]) return new HttpError(status, BODY_ERRORS[err.type]!(err));
  if (isDecodeError(err, req)) {
    const encoding = JSON.stringify((req.get('content-encoding') ?? '').slice(0, 40));
    return new HttpError(
      400,
      `Request body does not decode as Content-Encoding ${encoding} (${String(err.message).slice(0, 100)})`,
    );
  }
  if (thrown instanceof URIError)
    return new HttpError(400, `Malformed percent-encoding in the path ${JSON.stringify(req.path.slice(0, 100))}`);
  return new HttpError(status, err.expose && typeof err.message === 'string' ? err.message : 'Bad request');
}

/** An error for the log (never for the response). */
function describe(err: unknown) {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  return {
    name: err.name,
    message: err.message,
    stack: err.stack,
    ...(cause instanceof Error ? { cause: `${cause.name}: ${cause.message}` } : {}),
  };
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
          ...(http.status >= 500
            ? { err: describe(err instanceof HttpError && err.cause !== undefined ? err.cause : err) }
            : {}),
        },
        'request refused',
      );
    }
    const body: ErrorBody = { error: http.message, ...(http.details?.length ? { details: http.details } : {}) };
    res.status(http.status).json(body);
  };
}
