import type { Fault, Shop } from './store';

/**
 * Injected faults (control API): the first armed fault matching the request's
 * operation name and root fields fires and is used up.
 * - latency: wait `ms` before handling the request
 * - error5xx: answer 503 without executing
 * - throttle: answer THROTTLED without executing
 * - loseResponse: execute (commit) and then destroy the socket unanswered
 */
export function takeFault(shop: Shop, operationName: string | null, rootFields: string[]): Fault | null {
  const f = shop.faults.find(
    (x) =>
      x.remaining > 0 &&
      (!x.operationName || x.operationName === operationName) &&
      (!x.field || rootFields.includes(x.field)),
  );
  if (!f) return null;
  f.remaining -= 1;
  shop.faults = shop.faults.filter((x) => x.remaining > 0);
  return f;
}
