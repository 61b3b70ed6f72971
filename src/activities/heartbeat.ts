import { Context } from '@temporalio/activity';

/** How often a running activity tells Temporal it is alive (well inside the workflows' heartbeat timeouts). */
export const HEARTBEAT_EVERY_MS = 5_000;

/**
 * Wrap every function of an activity object so that, while it runs, it
 * heartbeats every HEARTBEAT_EVERY_MS. A worker that dies mid-activity then
 * stops heartbeating, and Temporal retries the activity elsewhere after the
 * workflow's heartbeat timeout instead of its start-to-close timeout. Calls
 * that finish within the interval (nearly all) send no heartbeat at all, so
 * this costs nothing in the common case. Outside an activity (a direct call
 * in a script or test) it does nothing.
 */
export function withHeartbeats<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    wrapped[name] = async (...args: unknown[]) => {
      let ctx: Context | null = null;
      try {
        ctx = Context.current();
      } catch {
        ctx = null;
      }
      const timer = ctx ? setInterval(() => ctx!.heartbeat(), HEARTBEAT_EVERY_MS) : null;
      try {
        return await fn(...args);
      } finally {
        if (timer) clearInterval(timer);
      }
    };
  }
  return wrapped as T;
}
