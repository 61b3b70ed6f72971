import { fulfillmentLineItem } from './returns-model';
import {
  money,
  type SimDisposition,
  type SimOrder,
  type SimRefund,
  type SimReturn,
  type SimReverseDelivery,
  type SimReverseFulfillmentOrder,
  type SimTransaction,
} from './store';
import { refundBody } from './webhook-bodies';

/**
 * The return topics' bodies, in the shapes of Shopify's sample payloads
 * (REST style: snake_case, numeric ids as exact integers, statuses and enum
 * values in lower case, money as decimal strings):
 * - returns/request, returns/approve: the return with its order reference, line
 *   items (each naming its fulfillment line item and line item), exchange line
 *   items and return shipping fees;
 * - returns/decline: the return's status and its decline (reason, note);
 * - returns/cancel, returns/close, returns/reopen: id, order_id, status;
 * - reverse_deliveries/attach_deliverable: the delivery, its return, and the
 *   shipping deliverable (tracking, label);
 * - reverse_fulfillment_orders/dispose: the reverse fulfillment order and the
 *   dispositions just made;
 * - returns/process: Shopify publishes no sample; the simulator sends the return
 *   reference, order_id, status and what this processing did (the quantities
 *   processed per return and exchange line item, the refund if one was made).
 */
const numericId = (gid: string) => BigInt(gid.split('/').pop()!.split('?')[0]!);
const ref = (gid: string) => ({ id: numericId(gid), admin_graphql_api_id: gid });
const moneyBag = (cents: number, currency: string) => {
  const m = { amount: money(cents), currency_code: currency };
  return { shop_money: m, presentment_money: m };
};

function returnLineItemsBody(order: SimOrder, ret: SimReturn) {
  return ret.lines.map((l) => {
    const fli = fulfillmentLineItem(order, l.fulfillmentLineItemGid);
    return {
      ...ref(l.gid),
      fulfillment_line_item: {
        ...ref(l.fulfillmentLineItemGid),
        line_item: fli ? ref(fli.lineItem.gid) : null,
      },
      quantity: l.quantity,
      return_reason: l.returnReason.toLowerCase(),
      return_reason_note: l.returnReasonNote,
      customer_note: l.customerNote,
    };
  });
}

/** returns/request and returns/approve. */
export function returnBody(order: SimOrder, ret: SimReturn): Record<string, unknown> {
  return {
    ...ref(ret.gid),
    status: ret.status.toLowerCase(),
    order: ref(order.gid),
    name: ret.name,
    total_return_line_items: ret.lines.length,
    return_line_items: returnLineItemsBody(order, ret),
    total_exchange_line_items: ret.exchangeLines.length,
    exchange_line_items: ret.exchangeLines.map((x) => ({
      ...ref(x.gid),
      line_item: x.lineItemGids[0] ? ref(x.lineItemGids[0]) : null,
    })),
    return_shipping_fees: ret.shippingFees.map((f) => ({ ...ref(f.gid), price: moneyBag(f.amount, order.currency) })),
  };
}

/** returns/decline */
export function returnDeclineBody(ret: SimReturn): Record<string, unknown> {
  return {
    ...ref(ret.gid),
    status: ret.status.toLowerCase(),
    decline: ret.decline ? { reason: ret.decline.reason.toLowerCase(), note: ret.decline.note } : null,
  };
}

/** returns/cancel, returns/close, returns/reopen */
export function returnStatusBody(order: SimOrder, ret: SimReturn): Record<string, unknown> {
  return { ...ref(ret.gid), order_id: order.id, status: ret.status.toLowerCase() };
}

/** reverse_deliveries/attach_deliverable */
export function reverseDeliveryBody(ret: SimReturn, d: SimReverseDelivery): Record<string, unknown> {
  return {
    ...ref(d.gid),
    return: ref(ret.gid),
    shipping_deliverable: {
      tracking: d.tracking
        ? { carrier_name: d.tracking.carrierName, tracking_number: d.tracking.number, tracking_url: d.tracking.url }
        : null,
      label: d.label ? { public_file_url: d.label.fileUrl, created_at: d.label.createdAt } : null,
    },
  };
}

/** reverse_fulfillment_orders/dispose: the dispositions this call made, with their lines. */
export function disposeBody(
  rfo: SimReverseFulfillmentOrder,
  made: { lineGid: string; disposition: SimDisposition }[],
): Record<string, unknown> {
  return {
    ...ref(rfo.gid),
    total_dispositions: made.length,
    dispositions: made.map(({ lineGid, disposition: d }) => ({
      reverse_fulfillment_order_line_item: ref(lineGid),
      reverse_delivery_line_item: d.reverseDeliveryLineItemGid ? ref(d.reverseDeliveryLineItemGid) : null,
      type: d.type.toLowerCase(),
      location: d.locationGid ? ref(d.locationGid) : null,
      quantity: d.quantity,
    })),
  };
}

/** returns/process */
export function returnProcessBody(
  order: SimOrder,
  ret: SimReturn,
  processed: { returnLines: { gid: string; quantity: number }[]; exchangeLines: { gid: string; quantity: number }[] },
  refund: SimRefund | null,
): Record<string, unknown> {
  return {
    ...ref(ret.gid),
    order_id: order.id,
    status: ret.status.toLowerCase(),
    return_line_items: processed.returnLines.map((p) => {
      const l = ret.lines.find((x) => x.gid === p.gid)!;
      return { ...ref(p.gid), quantity: p.quantity, processed_quantity: l.processedQuantity };
    }),
    exchange_line_items: processed.exchangeLines.map((p) => {
      const x = ret.exchangeLines.find((e) => e.gid === p.gid)!;
      return {
        ...ref(p.gid),
        quantity: p.quantity,
        processed_quantity: x.processedQuantity,
        line_items: x.lineItemGids.map(ref),
      };
    }),
    refund: refund ? ref(refund.gid) : null,
  };
}

/** refunds/create for a refund a return made: refundBody with its line items, shipping and return. */
export function returnRefundBody(order: SimOrder, refund: SimRefund, txs: SimTransaction[]): Record<string, unknown> {
  const lines = refund.lines ?? [];
  return {
    ...refundBody(order, refund, txs),
    restock: lines.some((l) => l.restockType === 'RETURN'),
    return: refund.returnGid ? ref(refund.returnGid) : null,
    refund_line_items: lines.map((l) => {
      const li = order.lineItems.find((x) => x.gid === l.lineItemGid)!;
      return {
        ...ref(l.gid),
        line_item_id: li.id,
        quantity: l.quantity,
        location_id: l.locationGid ? numericId(l.locationGid) : null,
        restock_type: l.restockType.toLowerCase(),
        subtotal: Number(money(l.subtotal)), // numbers here, as in Shopify's sample
        total_tax: 0,
        subtotal_set: moneyBag(l.subtotal, order.currency),
        total_tax_set: moneyBag(0, order.currency),
        line_item: { ...ref(li.gid), sku: li.sku, title: li.title, quantity: li.quantity, price: money(li.price) },
      };
    }),
    refund_shipping_lines: refund.shipping ? [{ subtotal_amount_set: moneyBag(refund.shipping, order.currency) }] : [],
  };
}
