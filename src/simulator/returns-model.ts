import { userError } from './context';
import { itemForLineItem } from './inventory';
import {
  type Shop,
  type SimFulfillment,
  type SimFulfillmentLine,
  type SimLineItem,
  type SimOrder,
  type SimReturn,
  type SimReverseDelivery,
  type SimReverseFulfillmentOrder,
  type SimReverseFulfillmentOrderLine,
  type SimStore,
} from './store';

/**
 * Returns as Shopify keeps them: a return holds quantities of fulfillment line
 * items (units that were shipped), and once open, one reverse fulfillment
 * order whose lines take the returned units' dispositions. What the mutations
 * (returns.ts, return-process.ts, reverse-logistics.ts), views and webhooks share.
 */
export const returnError = (field: string[] | null, message: string, code: string) => userError(field, message, code);

export function returnsOf(order: SimOrder): SimReturn[] {
  order.returns ??= [];
  return order.returns;
}

export interface FulfillmentLineItemRef {
  fulfillment: SimFulfillment;
  line: SimFulfillmentLine;
  lineItem: SimLineItem;
}

/** Every FulfillmentLineItem of the order: one per fulfilled fulfillment order line. */
export function fulfillmentLineItems(order: SimOrder): FulfillmentLineItemRef[] {
  return order.fulfillments.flatMap((fulfillment) =>
    fulfillment.lines.flatMap((line) => {
      const foLine = order.fulfillmentOrders.flatMap((fo) => fo.lines).find((x) => x.gid === line.lineGid);
      const lineItem = order.lineItems.find((li) => li.gid === foLine?.lineItemGid);
      return lineItem ? [{ fulfillment, line, lineItem }] : [];
    }),
  );
}

export function fulfillmentLineItem(order: SimOrder, gid: string): FulfillmentLineItemRef | undefined {
  return fulfillmentLineItems(order).find((f) => f.line.gid === gid);
}

/** Returns that hold their units: requested, open or closed (declined and canceled ones let them go). */
const HOLDING = new Set(['REQUESTED', 'OPEN', 'CLOSED']);

/** Units of a fulfillment line item that a new return may still take. */
export function returnableQuantity(order: SimOrder, fliGid: string): number {
  const fli = fulfillmentLineItem(order, fliGid);
  if (!fli) return 0;
  const held = returnsOf(order)
    .filter((r) => HOLDING.has(r.status))
    .flatMap((r) => r.lines)
    .filter((l) => l.fulfillmentLineItemGid === fliGid)
    .reduce((s, l) => s + l.quantity, 0);
  return Math.max(0, fli.line.quantity - held);
}

export function findReturn(shop: Shop, gid: string): { order: SimOrder; ret: SimReturn } | null {
  for (const order of shop.orders) {
    const ret = (order.returns ?? []).find((r) => r.gid === gid);
    if (ret) return { order, ret };
  }
  return null;
}

export interface RfoRef {
  order: SimOrder;
  ret: SimReturn;
  rfo: SimReverseFulfillmentOrder;
}

export function findReverseFulfillmentOrder(shop: Shop, gid: string): RfoRef | null {
  for (const order of shop.orders)
    for (const ret of order.returns ?? [])
      for (const rfo of ret.reverseFulfillmentOrders) if (rfo.gid === gid) return { order, ret, rfo };
  return null;
}

export function findRfoLine(shop: Shop, gid: string): (RfoRef & { line: SimReverseFulfillmentOrderLine }) | null {
  for (const order of shop.orders)
    for (const ret of order.returns ?? [])
      for (const rfo of ret.reverseFulfillmentOrders)
        for (const line of rfo.lines) if (line.gid === gid) return { order, ret, rfo, line };
  return null;
}

export function findReverseDelivery(shop: Shop, gid: string): (RfoRef & { delivery: SimReverseDelivery }) | null {
  for (const order of shop.orders)
    for (const ret of order.returns ?? [])
      for (const rfo of ret.reverseFulfillmentOrders)
        for (const delivery of rfo.deliveries) if (delivery.gid === gid) return { order, ret, rfo, delivery };
  return null;
}

/** The reverse fulfillment order an opening return gets: one line per return line item. */
export function openReverseFulfillmentOrder(store: SimStore, ret: SimReturn): SimReverseFulfillmentOrder {
  const rfo: SimReverseFulfillmentOrder = {
    gid: store.gid('ReverseFulfillmentOrder'),
    status: 'OPEN',
    lines: ret.lines.map((l) => ({
      gid: store.gid('ReverseFulfillmentOrderLineItem'),
      returnLineItemGid: l.gid,
      fulfillmentLineItemGid: l.fulfillmentLineItemGid,
      totalQuantity: l.quantity,
      dispositions: [],
    })),
    deliveries: [],
  };
  ret.reverseFulfillmentOrders.push(rfo);
  return rfo;
}

export const disposedQuantity = (line: SimReverseFulfillmentOrderLine) =>
  line.dispositions.reduce((s, d) => s + d.quantity, 0);

export const fullyDisposed = (rfo: SimReverseFulfillmentOrder) =>
  rfo.lines.every((l) => disposedQuantity(l) >= l.totalQuantity);

/** Whether anything was done on the return: processed, disposed, or refunded (then it can no longer be canceled). */
export function workDone(order: SimOrder, ret: SimReturn): boolean {
  return (
    ret.lines.some((l) => l.processedQuantity > 0 || l.refundedQuantity > 0) ||
    ret.exchangeLines.some((l) => l.processedQuantity > 0) ||
    ret.reverseFulfillmentOrders.some((rfo) => rfo.lines.some((l) => l.dispositions.length > 0)) ||
    order.refunds.some((r) => r.returnGid === ret.gid)
  );
}

/** The inventory item a return line's units go back to (none for a custom item). */
export function returnLineItemInventoryItem(shop: Shop, order: SimOrder, fliGid: string): string | undefined {
  const fli = fulfillmentLineItem(order, fliGid);
  return fli ? itemForLineItem(shop, order, fli.lineItem.gid) : undefined;
}

/**
 * Order.returnStatus: the most pressing state among the order's returns, in
 * this order: a request waiting, an open return (INSPECTION_COMPLETE once
 * every unit of its reverse fulfillment order has a disposition), a closed one.
 */
export function orderReturnStatus(order: SimOrder): string {
  const returns = order.returns ?? [];
  if (returns.some((r) => r.status === 'REQUESTED')) return 'RETURN_REQUESTED';
  const open = returns.filter((r) => r.status === 'OPEN');
  if (open.length)
    return open.every((r) => r.reverseFulfillmentOrders.every(fullyDisposed)) ? 'INSPECTION_COMPLETE' : 'IN_PROGRESS';
  if (returns.some((r) => r.status === 'CLOSED')) return 'RETURNED';
  return 'NO_RETURN';
}

/**
 * Order.totalOutstandingSet for an order with returns: what the order is worth
 * now (processed returned units leave it, processed exchange units join it, as
 * line items' currentQuantity says) minus what was paid net of refunds. An
 * exchange for something dearer shows here as money owed, which a mandate
 * payment (mandate-payments.ts) collects. Orders without returns keep the
 * earlier reading (null here).
 */
export function outstandingWithReturns(order: SimOrder, t: { current: number; received: number; refunded: number }) {
  if (!order.returns?.length) return null;
  return Math.max(0, t.current - (t.received - t.refunded));
}
