import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import {
  isGrpcServiceError,
  ServiceError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';

/**
 * What went wrong with a call to Temporal, in the terms every caller decides
 * on. One classification for the whole engine: the order inbox, the gateway's
 * HTTP answers and the EDI folder poller all read failures through it.
 */
export type TemporalFailure =
  /** No such workflow, or it has finished (signals, queries and Updates reach only running ones). */
  | { kind: 'gone' }
  /** A start refused because the workflow id was used before (REJECT_DUPLICATE: the order's workflow has closed). */
  | { kind: 'closed' }
  /** Temporal refused the request as such (a value over one of its limits): retrying cannot help. */
  | { kind: 'invalid' }
  /** No answer within the deadline; the call may still take effect. Retrying helps. */
  | { kind: 'late'; code?: string }
  /** Temporal down or overloaded. Retrying helps. */
  | { kind: 'unavailable'; code?: string };

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

const codeName = (code: number | undefined) =>
  code === undefined ? undefined : (GRPC_CODE_NAMES[code] ?? `gRPC ${code}`);

/** Temporal did not answer within the caller's deadline. */
export class TemporalTimeoutError extends Error {
  override name = 'TemporalTimeoutError';
}

/**
 * True when the error is Temporal not answering (down, overloaded, too slow): worth a retry.
 * An Update whose call timed out (WorkflowUpdateRPCTimeoutOrCancelledError, e.g. no
 * worker polling) is one too: the Update itself may still be applied later.
 */
export function isTemporalUnavailable(err: unknown): boolean {
  if (
    err instanceof ServiceError ||
    err instanceof TemporalTimeoutError ||
    err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    isGrpcServiceError(err)
  )
    return true;
  const name = (err as Error | undefined)?.name;
  return name === 'ServiceError' || name === 'TransportError' || name === 'WorkflowUpdateRPCTimeoutOrCancelledError';
}

/** The failure a Temporal client error means, or null for anything else (a bug: a 500, not a retry). */
export function classifyTemporalFailure(err: unknown): TemporalFailure | null {
  const code = grpcCode(err);
  if (code === INVALID_ARGUMENT) return { kind: 'invalid' };
  if (err instanceof WorkflowNotFoundError) return { kind: 'gone' };
  if (err instanceof WorkflowExecutionAlreadyStartedError) return { kind: 'closed' };
  if (!isTemporalUnavailable(err)) return null;
  const late =
    code === DEADLINE_EXCEEDED ||
    err instanceof TemporalTimeoutError ||
    err instanceof WorkflowUpdateRPCTimeoutOrCancelledError;
  const name = codeName(code);
  return { kind: late ? 'late' : 'unavailable', ...(name ? { code: name } : {}) };
}

/** Why a late or unavailable call failed, for people: "Temporal did not answer in time (DEADLINE_EXCEEDED), try again". */
export function retryAdvice(late: boolean, code?: string): string {
  return `Temporal ${late ? 'did not answer in time' : 'is unavailable'}${code ? ` (${code})` : ''}, try again`;
}

/**
 * Run Temporal client calls with a deadline that holds: the gRPC deadline ends
 * the call, and since the client's retry interceptor may sleep past it (one
 * backoff step, up to 5 s), a timer answers at the deadline regardless. A call
 * still under way then may yet succeed; callers answer "retry" and the
 * sender's retry is deduplicated downstream.
 */
export function withTemporalDeadline<T>(client: Client, ms: number, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TemporalTimeoutError(`no answer within ${ms} ms`)), ms + 100);
  });
  const deadline = Date.now() + ms;
  // At the deadline gRPC may report CANCELLED rather than DEADLINE_EXCEEDED: past it, it is a timeout either way.
  const call = client.withDeadline(deadline, fn).catch((err) => {
    if (Date.now() >= deadline && isTemporalUnavailable(err))
      throw new TemporalTimeoutError(`no answer within ${ms} ms`, { cause: err });
    throw err;
  });
  return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
}
