import { commitLine, itemForLineItem, levelOf } from './inventory';
import { userError } from './context';
import {
  type Shop,
  type SimOrder,
  type SimRefund,
  type SimRefundLine,
  type SimRestockType,
  type SimStore,
} from './store';

/**
 * Refunded line items as Shopify treats them (refundCreate `refundLineItems`):
 * RETURN puts fulfilled units back at a location (available and on hand
 * rise), CANCEL takes unfulfilled units off their fulfillment order (no longer
 * committed there, so available rises at its location), NO_RESTOCK changes no
 * stock. LEGACY_RESTOCK is only ever read (Shopify refuses it on new refunds).
 * Every refunded unit leaves the line's current quantity.
 */
export interface RefundLineInput {
  lineItemId: string;
  quantity: number;
  restockType?: SimRestockType | null;
  locationId?: string | null;
}

type Line = SimOrder['lineItems'][number];
const isRestock = (t: SimRestockType) => t === 'RETURN' || t === 'LEGACY_RESTOCK';
const openFulfillmentOrders = (order: SimOrder) =>
  order.fulfillmentOrders.filter((fo) => fo.status !== 'CLOSED' && fo.status !== 'CANCELLED');

function refundedLines(order: SimOrder, li: Line): SimRefundLine[] {
  return order.refunds.flatMap((r) => r.lines ?? []).filter((l) => l.lineItemGid === li.gid);
}

function fulfilledUnits(order: SimOrder, li: Line): number {
  const foLines = new Set(
    order.fulfillmentOrders
      .flatMap((fo) => fo.lines)
      .filter((l) => l.lineItemGid === li.gid)
      .map((l) => l.gid),
  );
  return order.fulfillments
    .flatMap((f) => f.lines)
    .filter((l) => foLines.has(l.lineGid))
    .reduce((s, l) => s + l.quantity, 0);
}

function unfulfilledUnits(order: SimOrder, li: Line, locationGid?: string | null): number {
  return openFulfillmentOrders(order)
    .filter((fo) => !locationGid || fo.locationGid === locationGid)
    .flatMap((fo) => fo.lines)
    .filter((l) => l.lineItemGid === li.gid)
    .reduce((s, l) => s + l.remainingQuantity, 0);
}

export type RefundLinesCheck =
  | { ok: true; lines: { input: RefundLineInput; li: Line; restockType: SimRestockType }[] }
  | { ok: false; error: ReturnType<typeof userError> };

/** Shopify's rules for refundLineItems: a known line, a positive quantity it can still refund, a location to restock at. */
export function checkRefundLines(shop: Shop, order: SimOrder, inputs: RefundLineInput[]): RefundLinesCheck {
  const lines: { input: RefundLineInput; li: Line; restockType: SimRestockType }[] = [];
  const asked = new Map<string, { any: number; returned: number; cancelled: number }>();
  for (const [i, input] of inputs.entries()) {
    const at = (field: string) => ['refundLineItems', String(i), field];
    const fail = (field: string, message: string) => ({ ok: false as const, error: userError(at(field), message) });
    const li = order.lineItems.find((x) => x.gid === input.lineItemId);
    if (!li) return fail('lineItemId', 'Line item does not exist');
    const restockType = input.restockType ?? 'NO_RESTOCK';
    if (restockType === 'LEGACY_RESTOCK')
      return fail('restockType', 'LEGACY_RESTOCK is not accepted when creating new refunds');
    if (!(input.quantity > 0)) return fail('quantity', 'Quantity must be greater than 0');
    const before = refundedLines(order, li);
    const sum = asked.get(li.gid) ?? { any: 0, returned: 0, cancelled: 0 };
    sum.any += input.quantity;
    if (sum.any + before.reduce((s, l) => s + l.quantity, 0) > li.quantity)
      return fail('quantity', 'Quantity cannot refund more items than were purchased');
    if (restockType === 'RETURN') {
      if (!input.locationId) return fail('locationId', 'A location is required to restock returned items');
      const location = shop.locations.find((l) => l.gid === input.locationId);
      if (!location) return fail('locationId', 'Location does not exist');
      const item = itemForLineItem(shop, order, li.gid);
      if (!item || !levelOf(shop, item, location.gid))
        return fail('locationId', 'The item is not stocked at the location');
      sum.returned += input.quantity;
      const returnedBefore = before.filter((l) => isRestock(l.restockType)).reduce((s, l) => s + l.quantity, 0);
      if (sum.returned + returnedBefore > fulfilledUnits(order, li))
        return fail('quantity', 'Quantity cannot return more items than were fulfilled');
    }
    if (restockType === 'CANCEL') {
      sum.cancelled += input.quantity;
      if (input.locationId && !shop.locations.some((l) => l.gid === input.locationId))
        return fail('locationId', 'Location does not exist');
      if (sum.cancelled > unfulfilledUnits(order, li, input.locationId))
        return fail(
          'quantity',
          input.locationId
            ? 'Quantity cannot cancel more items than are unfulfilled at the location'
            : 'Quantity cannot cancel more items than are unfulfilled',
        );
    }
    asked.set(li.gid, sum);
    lines.push({ input, li, restockType });
  }
  return { ok: true, lines };
}

/** Apply checked lines to stock and fulfillment orders; the refund's line records. */
export function applyRefundLines(
  store: SimStore,
  shop: Shop,
  order: SimOrder,
  lines: Extract<RefundLinesCheck, { ok: true }>['lines'],
): SimRefundLine[] {
  return lines.map(({ input, li, restockType }) => {
    let locationGid: string | null = null;
    if (restockType === 'RETURN') {
      locationGid = input.locationId!;
      const level = levelOf(shop, itemForLineItem(shop, order, li.gid)!, locationGid)!;
      level.available = (level.available ?? 0) + input.quantity;
    }
    if (restockType === 'CANCEL') {
      let left = input.quantity;
      for (const fo of openFulfillmentOrders(order)) {
        if (input.locationId && fo.locationGid !== input.locationId) continue;
        for (const l of fo.lines.filter((x) => x.lineItemGid === li.gid && x.remainingQuantity > 0)) {
          const take = Math.min(left, l.remainingQuantity);
          if (!take) continue;
          l.remainingQuantity -= take;
          l.totalQuantity -= take;
          commitLine(shop, order, fo, li.gid, take, 'release');
          locationGid ??= fo.locationGid;
          left -= take;
        }
        if (fo.lines.every((x) => x.remainingQuantity === 0)) fo.status = 'CLOSED';
      }
    }
    li.currentQuantity = (li.currentQuantity ?? li.quantity) - input.quantity;
    return {
      gid: store.gid('RefundLineItem'),
      lineItemGid: li.gid,
      quantity: input.quantity,
      restockType,
      locationGid,
      restocked: restockType !== 'NO_RESTOCK',
      price: li.price,
      subtotal: li.price * input.quantity,
    };
  });
}

export function findRefund(shop: Shop, gid: string): { order: SimOrder; refund: SimRefund } | undefined {
  for (const order of shop.orders) {
    const refund = order.refunds.find((r) => r.gid === gid);
    if (refund) return { order, refund };
  }
  return undefined;
}
