import type { ErrorRequestHandler, RequestHandler } from 'express';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { isGrpcServiceError } from '@temporalio/client';
import type { Logger } from '../logger';

/** An error with the HTTP status and reason the caller should see. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly details?: unknown[]) {
    super(message);
  }
}

/** Temporal failures as HTTP: a missing workflow is 404, an unreachable cluster 503. */
export function temporalToHttp(err: unknown, what: string): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof WorkflowNotFoundError) return new HttpError(404, `${what}: no such order workflow (or it has already finished)`);
  if (err instanceof WorkflowExecutionAlreadyStartedError) return new HttpError(409, `${what}: order workflow already closed`);
  if (isGrpcServiceError(err) || (err as Error)?.name === 'ServiceError' || (err as Error)?.name === 'TransportError') {
    return new HttpError(503, `${what}: Temporal is unavailable, try again`);
  }
  return new HttpError(500, `${what}: internal error`);
}

export const notFound: RequestHandler = (req, _res, next) => next(new HttpError(404, `No route for ${req.method} ${req.path}`));

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const status = err instanceof HttpError ? err.status : err?.type === 'entity.too.large' ? 413 : err?.type === 'entity.parse.failed' ? 400 : 500;
    const message =
      err instanceof HttpError ? err.message : status === 413 ? 'Request body too large' : status === 400 ? 'Request body is not valid JSON' : 'Internal error';
    const log = status >= 500 ? logger.error.bind(logger) : logger.warn.bind(logger);
    log({ status, method: req.method, path: req.path, requestId: res.locals.requestId, reason: message, err: status >= 500 ? String(err?.stack ?? err) : undefined }, 'request refused');
    res.status(status).json({ error: message, ...(err instanceof HttpError && err.details ? { details: err.details } : {}) });
  };
}
