import { outstandingWithReturns } from './returns-model';
import type { SimOrder, SimTransaction } from './store';

/**
 * Shopify's accounting of an order's transactions, as the simulator applies it.
 * Deliberately independent of the engine's src/payment/ledger.ts: the simulator
 * stands in for Shopify, and sharing the engine's reading of the ledger would
 * let the engine's own mistakes pass as Shopify's behaviour.
 */
const ok = (t: SimTransaction) => t.status === 'SUCCESS';

export function capturedAgainst(order: SimOrder, authGid: string): number {
  return order.transactions
    .filter((t) => ok(t) && t.kind === 'CAPTURE' && t.parentGid === authGid)
    .reduce((s, t) => s + t.amount, 0);
}

export function isExpired(t: SimTransaction, now = Date.now()): boolean {
  return !!t.authorizationExpiresAt && Date.parse(t.authorizationExpiresAt) <= now;
}

export function isVoided(order: SimOrder, authGid: string): boolean {
  return order.transactions.some((t) => ok(t) && t.kind === 'VOID' && t.parentGid === authGid);
}

export function capturableOn(order: SimOrder, auth: SimTransaction, now = Date.now()): number {
  if (!ok(auth) || auth.kind !== 'AUTHORIZATION' || auth.closed || isExpired(auth, now) || isVoided(order, auth.gid))
    return 0;
  return Math.max(0, auth.amount - capturedAgainst(order, auth.gid));
}

export function totals(order: SimOrder) {
  const total = order.lineItems.reduce((s, l) => s + l.price * l.quantity, 0) + order.shippingPrice;
  /** What the order is worth after edits (currentTotalPriceSet). */
  const current =
    order.lineItems.reduce((s, l) => s + l.price * (l.currentQuantity ?? l.quantity), 0) + order.shippingPrice;
  const received = order.transactions
    .filter((t) => ok(t) && (t.kind === 'CAPTURE' || t.kind === 'SALE'))
    .reduce((s, t) => s + t.amount, 0);
  const refunded = order.transactions.filter((t) => ok(t) && t.kind === 'REFUND').reduce((s, t) => s + t.amount, 0);
  const capturable = order.transactions
    .filter((t) => t.kind === 'AUTHORIZATION')
    .reduce((s, t) => s + capturableOn(order, t), 0);
  return { total, current, received, refunded, capturable };
}

/**
 * Order.totalOutstandingSet in cents: what the customer still owes. Returns and
 * exchanges counted (returns-model.ts), and edits (adding units raises it,
 * removing lowers it); a cancelled order is measured against its original total.
 */
export function outstanding(order: SimOrder, t = totals(order)): number {
  return outstandingWithReturns(order, t) ?? Math.max(0, (order.cancelledAt ? t.total : t.current) - t.received);
}

export function financialStatus(order: SimOrder): string {
  const t = totals(order);
  if (t.refunded > 0) return t.refunded >= t.received ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  if (t.received >= t.total && t.total > 0) return 'PAID';
  if (t.received > 0) return 'PARTIALLY_PAID';
  const auths = order.transactions.filter((x) => ok(x) && x.kind === 'AUTHORIZATION');
  if (auths.length && auths.every((a) => isVoided(order, a.gid))) return 'VOIDED';
  if (t.capturable > 0) return 'AUTHORIZED';
  if (auths.length) return 'EXPIRED';
  return 'PENDING';
}

export function fulfillmentStatus(order: SimOrder): string {
  const ordered = order.lineItems.filter((l) => l.requiresShipping).reduce((s, l) => s + l.quantity, 0);
  const fulfilled = order.fulfillments.reduce((s, f) => s + f.lines.reduce((x, l) => x + l.quantity, 0), 0);
  if (ordered > 0 && fulfilled >= ordered) return 'FULFILLED';
  if (fulfilled > 0) return 'PARTIALLY_FULFILLED';
  if (order.fulfillmentOrders.some((f) => f.status === 'ON_HOLD')) return 'ON_HOLD';
  return 'UNFULFILLED';
}
