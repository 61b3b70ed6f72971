import { fromMinor, toMinor } from '../payment/money';
import type { OrderStatus } from '../order/types';
import type { OrderRefund } from './store';

/**
 * An order's status with its recorded refunds (order_refunds): the list, and
 * a refunded total that agrees with them even when the refunds came after the
 * order's workflow completed (its own number then stops at what it knew).
 * Refunds only add up, so the larger of the two is the exact one.
 */
export function withRecordedRefunds(
  status: OrderStatus,
  refunds: OrderRefund[],
): OrderStatus & { refunds: OrderRefund[] } {
  const p = status.payment;
  const currency = p.currencyCode ?? refunds[0]?.currencyCode ?? null;
  if (!currency || !refunds.length) return { ...status, refunds };
  const recorded = refunds
    .filter((r) => r.currencyCode === currency)
    .reduce((s, r) => s + toMinor(r.amount, currency), 0n);
  const known = toMinor(p.refunded, currency);
  if (recorded <= known) return { ...status, refunds };
  const captured = toMinor(p.captured, currency);
  return {
    ...status,
    payment: {
      ...p,
      currencyCode: currency,
      refunded: fromMinor(recorded, currency),
      status: captured > 0n && recorded >= captured ? 'refunded' : p.status,
    },
    refunds,
  };
}
