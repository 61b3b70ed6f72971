import { fromMinor, toMinor } from '../payment/money';
import type { AdjustmentRequest } from '../inventory/ledger';
import type { RefundQuery } from '../shopify/generated/admin.generated';
import type { RefundSource } from './contract';

/**
 * A refund as Shopify holds it, reduced to what the engine takes in, and the
 * pure decisions about it: who made it, which units went back to stock (and
 * so through the ledger), which were cancelled before they shipped.
 */

/** The note the engine writes on its own refund when an order is cancelled (src/activities/payment.ts). */
export const ENGINE_CANCEL_REFUND_NOTE = 'Order cancelled (Order Orchestrator)';

export interface RefundLineView {
  sku: string | null;
  lineItemId: string;
  quantity: number;
  restockType: string;
  restocked: boolean;
  /** Where Shopify put the units back (a Location GID), or null. */
  locationId: string | null;
}

export interface ConfirmedRefund {
  refundGid: string;
  orderGid: string;
  /** The numeric part of the order's GID. */
  orderId: string;
  orderName: string | null;
  /** The Return this refund settles, when it does. */
  returnGid: string | null;
  note: string | null;
  createdAt: string;
  source: RefundSource;
  amount: string;
  currencyCode: string;
  /** Shopify's refunded total for the whole order at the time of the read. */
  orderRefunded: string;
  lines: RefundLineView[];
}

/** A line restocked to a location: what the ledger must apply (RETURN, or an old LEGACY_RESTOCK). */
export interface RestockedLine {
  sku: string;
  locationId: string;
  quantity: number;
  restockType: string;
}

type Refund = NonNullable<RefundQuery['refund']>;

export function refundSource(r: { returnGid: string | null; note: string | null }): RefundSource {
  if (r.returnGid) return 'return';
  if (r.note === ENGINE_CANCEL_REFUND_NOTE) return 'engine';
  return 'shopify';
}

/** The refund read from Shopify (`refund(id:)`), as the engine takes it in. */
export function confirmedRefund(r: Refund): ConfirmedRefund {
  const total = r.totalRefundedSet.shopMoney;
  const currencyCode = String(total.currencyCode);
  const returnGid = r.return?.id ?? null;
  const orderRefunded = r.order.totalRefundedSet.shopMoney;
  return {
    refundGid: r.id,
    orderGid: r.order.id,
    orderId: r.order.id.split('/').pop()!,
    orderName: r.order.name ?? null,
    returnGid,
    note: r.note ?? null,
    createdAt: String(r.createdAt),
    source: refundSource({ returnGid, note: r.note ?? null }),
    amount: fromMinor(toMinor(total.amount, currencyCode), currencyCode),
    currencyCode,
    orderRefunded: fromMinor(toMinor(orderRefunded.amount, currencyCode), currencyCode),
    lines: r.refundLineItems.nodes.map((l) => ({
      sku: l.lineItem.sku?.trim() || null,
      lineItemId: l.lineItem.id,
      quantity: l.quantity,
      restockType: String(l.restockType),
      restocked: l.restocked,
      locationId: l.location?.id ?? null,
    })),
  };
}

/**
 * Units Shopify put back to stock at a location that the engine must count:
 * RETURN (and LEGACY_RESTOCK, from refunds made before Shopify told returns
 * and cancellations apart), restocked, with a location and a SKU. None for a
 * refund that settles a Return: the return workflow restocks those itself.
 * CANCEL units never left the engine's on hand (they were reserved, not
 * shipped), so they are not here. Lines of one SKU and location are summed.
 */
export function restockedLines(r: ConfirmedRefund): RestockedLine[] {
  if (r.returnGid) return [];
  const sum = new Map<string, RestockedLine>();
  for (const l of r.lines) {
    if (l.restockType !== 'RETURN' && l.restockType !== 'LEGACY_RESTOCK') continue;
    if (!l.restocked || !l.locationId || !l.sku || l.quantity <= 0) continue;
    const key = `${l.locationId}\u0000${l.sku}`;
    const prior = sum.get(key);
    sum.set(key, {
      sku: l.sku,
      locationId: l.locationId,
      quantity: (prior?.quantity ?? 0) + l.quantity,
      restockType: l.restockType,
    });
  }
  return [...sum.values()];
}

/** Units refunded before they shipped (restock CANCEL): the order's lines changed under its workflow. */
export function cancelledUnits(r: ConfirmedRefund): number {
  return r.lines.filter((l) => l.restockType === 'CANCEL').reduce((s, l) => s + l.quantity, 0);
}

/** The refund's ledger key: a retry, or the same refund read again, applies once. */
export const restockKey = (refundGid: string) => `refund-restock:${refundGid}`;

/** The ledger request for a refund's restocked units, or null when it restocked none. */
export function restockAdjustment(shopDomain: string, r: ConfirmedRefund): AdjustmentRequest | null {
  const lines = restockedLines(r);
  if (!lines.length) return null;
  return {
    shopDomain,
    idempotencyKey: restockKey(r.refundGid),
    reason: 'return_restock',
    reference: r.refundGid,
    actor: 'shopify-admin',
    lines: lines.map((l) => ({ sku: l.sku, locationId: l.locationId, kind: 'delta', quantity: l.quantity })),
  };
}
