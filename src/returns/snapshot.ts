import type { ReturnForEngineQuery } from '../shopify/generated/admin.generated';
import { toMinor } from '../payment/money';

/**
 * A Shopify Return as the return workflow sees it: what Shopify says now,
 * reduced to plain data (money as minor-unit strings, so it survives the
 * workflow's JSON payloads). Built from ReturnForEngine by readReturn; the
 * workflow never acts on a webhook body, only on this.
 */
export type DispositionType = 'RESTOCKED' | 'NOT_RESTOCKED' | 'PROCESSING_REQUIRED' | 'MISSING';

export interface ReturnSnapshotLine {
  returnLineItemId: string;
  fulfillmentLineItemId: string | null;
  lineItemId: string | null;
  sku: string | null;
  quantity: number;
  processedQuantity: number;
  reason: string;
  feePercent: number | null;
  /** Discounted value of the line's `quantity` units, minor units. */
  valueMinor: string;
  /** Tax on those units (the line item's tax in proportion), minor units. */
  taxMinor: string;
  /** The location that shipped these units, when Shopify says. */
  shippedFrom: string | null;
}

export interface ReturnSnapshotDisposition {
  id: string;
  type: DispositionType;
  quantity: number;
  locationId: string | null;
}

export interface ReturnSnapshotRfoLine {
  id: string;
  reverseFulfillmentOrderId: string;
  fulfillmentLineItemId: string | null;
  totalQuantity: number;
  dispositions: ReturnSnapshotDisposition[];
}

/** A replacement the customer chose (an exchange line): it joins the order when the return processes it. */
export interface ReturnSnapshotExchangeLine {
  exchangeLineItemId: string;
  variantId: string | null;
  sku: string | null;
  quantity: number;
  processedQuantity: number;
  /** The order line items Shopify made of it once processed. */
  lineItemIds: string[];
  /** The variant's price now, minor units (null: not read, or no such variant). */
  unitPriceMinor: string | null;
}

export interface ReturnSnapshot {
  returnGid: string;
  name: string;
  status: string;
  createdAt: string;
  closedAt: string | null;
  orderGid: string;
  orderName: string;
  currency: string;
  customer: { latitude: number; longitude: number } | null;
  orderShippingMinor: string;
  orderMerchandiseMinor: string;
  /** When the order's last fulfillment was made (the approval window counts from it). */
  lastFulfilledAt: string | null;
  lines: ReturnSnapshotLine[];
  rfoLines: ReturnSnapshotRfoLine[];
  exchangeLines: ReturnSnapshotExchangeLine[];
  /** Refunds Shopify links to this return (the engine's and any made in the admin). */
  refunds: { id: string; note: string | null; amountMinor: string }[];
  tracking: { number: string | null; url: string | null; carrier: string | null } | null;
}

type RawReturn = NonNullable<ReturnForEngineQuery['return']>;

export function toReturnSnapshot(r: RawReturn): ReturnSnapshot {
  const currency = r.order.currencyCode;
  const minor = (amount: string | null | undefined) => toMinor(amount ?? '0', currency).toString();
  const shippedFrom = new Map<string, string>();
  let lastFulfilledAt: string | null = null;
  for (const f of r.order.fulfillments ?? []) {
    if (!lastFulfilledAt || f.createdAt > lastFulfilledAt) lastFulfilledAt = f.createdAt;
    for (const n of f.fulfillmentLineItems.nodes) if (f.location) shippedFrom.set(n.id, f.location.id);
  }
  const lines: ReturnSnapshotLine[] = r.returnLineItems.nodes.map((l) => {
    const fli = 'fulfillmentLineItem' in l ? l.fulfillmentLineItem : null;
    const item = fli?.lineItem ?? null;
    const lineTax = (item?.taxLines ?? []).reduce((s, t) => s + toMinor(t.priceSet.shopMoney.amount, currency), 0n);
    const tax = item && item.quantity > 0 ? (lineTax * BigInt(l.quantity)) / BigInt(item.quantity) : 0n;
    const value = 'withCodeDiscountedTotalPriceSet' in l ? l.withCodeDiscountedTotalPriceSet.shopMoney.amount : '0';
    return {
      returnLineItemId: l.id,
      fulfillmentLineItemId: fli?.id ?? null,
      lineItemId: item?.id ?? null,
      sku: item?.sku ?? null,
      quantity: l.quantity,
      processedQuantity: l.processedQuantity,
      reason: l.returnReason,
      feePercent: ('restockingFee' in l ? l.restockingFee?.percentage : null) ?? null,
      valueMinor: minor(value),
      taxMinor: tax.toString(),
      shippedFrom: fli ? (shippedFrom.get(fli.id) ?? null) : null,
    };
  });
  const rfoLines: ReturnSnapshotRfoLine[] = r.reverseFulfillmentOrders.nodes.flatMap((rfo) =>
    rfo.lineItems.nodes.map((li) => ({
      id: li.id,
      reverseFulfillmentOrderId: rfo.id,
      fulfillmentLineItemId: li.fulfillmentLineItem?.id ?? null,
      totalQuantity: li.totalQuantity,
      dispositions: li.dispositions.map((d) => ({
        id: d.id,
        type: d.type,
        quantity: d.quantity,
        locationId: d.location?.id ?? null,
      })),
    })),
  );
  const deliverable = r.reverseFulfillmentOrders.nodes
    .flatMap((rfo) => rfo.reverseDeliveries.nodes)
    .map((d) => (d.deliverable && 'tracking' in d.deliverable ? d.deliverable.tracking : null))
    .find((t) => !!t);
  const address = r.order.shippingAddress;
  return {
    returnGid: r.id,
    name: r.name,
    status: r.status,
    createdAt: r.createdAt,
    closedAt: r.closedAt ?? null,
    orderGid: r.order.id,
    orderName: r.order.name,
    currency,
    customer:
      address?.latitude != null && address.longitude != null
        ? { latitude: address.latitude, longitude: address.longitude }
        : null,
    orderShippingMinor: minor(r.order.totalShippingPriceSet.shopMoney.amount),
    orderMerchandiseMinor: minor(r.order.subtotalPriceSet?.shopMoney.amount),
    lastFulfilledAt,
    lines,
    rfoLines,
    exchangeLines: (r.exchangeLineItems?.nodes ?? []).map((x) => ({
      exchangeLineItemId: x.id,
      variantId: x.variantId ?? null,
      sku: x.variantSku ?? null,
      quantity: x.quantity,
      processedQuantity: x.processedQuantity,
      lineItemIds: (x.lineItems ?? []).map((li) => li.id),
      unitPriceMinor: null,
    })),
    refunds: r.refunds.nodes.map((x) => ({
      id: x.id,
      note: x.note ?? null,
      amountMinor: minor(x.totalRefundedSet.shopMoney.amount),
    })),
    tracking: deliverable
      ? { number: deliverable.number ?? null, url: deliverable.url ?? null, carrier: deliverable.carrierName ?? null }
      : null,
  };
}
