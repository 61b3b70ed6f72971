import { touch, type SimContext } from './context';
import { levelOf } from './inventory';
import {
  disposedQuantity,
  findReverseFulfillmentOrder,
  findRfoLine,
  fullyDisposed,
  returnError,
  returnLineItemInventoryItem,
  type RfoRef,
} from './returns-model';
import { reverseDeliveryView, rfoLineView } from './returns-views';
import { disposeBody, reverseDeliveryBody } from './return-webhook-bodies';
import { nowIso, type DispositionType, type SimDisposition, type SimReverseDelivery } from './store';

/**
 * The way back: reverse deliveries (the customer's parcel: tracking, label)
 * and dispositions (what became of each returned unit). RESTOCKED puts the
 * units back into `available` (and so on_hand) at the named location;
 * NOT_RESTOCKED, PROCESSING_REQUIRED and MISSING leave inventory alone. A line
 * takes at most its total quantity in dispositions; once every line has them
 * all, the reverse fulfillment order closes.
 */
export interface DisposeInput {
  reverseFulfillmentOrderLineItemId: string;
  quantity: number;
  dispositionType: DispositionType;
  locationId?: string | null;
}
type Error = ReturnType<typeof returnError>;

/** Check dispositions for lines of one reverse fulfillment order of an open return; `at` is the input's field path. */
export function checkDispositions(ctx: SimContext, inputs: DisposeInput[], at: string[]): RfoRef | Error {
  let target: RfoRef | null = null;
  const asked = new Map<string, number>();
  if (!inputs.length) return returnError(at, 'At least one disposition is required.', 'BLANK');
  for (const [i, d] of inputs.entries()) {
    const field = (name: string) => [...at, String(i), name];
    const found = findRfoLine(ctx.shop, d.reverseFulfillmentOrderLineItemId);
    if (!found)
      return returnError(
        field('reverseFulfillmentOrderLineItemId'),
        `Reverse fulfillment order line item ${d.reverseFulfillmentOrderLineItemId} does not exist.`,
        'NOT_FOUND',
      );
    if (target && target.rfo !== found.rfo)
      return returnError(
        field('reverseFulfillmentOrderLineItemId'),
        'All dispositions must belong to the same reverse fulfillment order.',
        'INVALID',
      );
    target = found;
    if (found.ret.status !== 'OPEN' || found.rfo.status !== 'OPEN')
      return returnError(
        field('reverseFulfillmentOrderLineItemId'),
        `The reverse fulfillment order is ${found.rfo.status} (return ${found.ret.status}); only an open one takes dispositions.`,
        'INVALID_STATE',
      );
    if (!(d.quantity > 0)) return returnError(field('quantity'), 'Quantity must be greater than 0.', 'GREATER_THAN');
    const total = (asked.get(found.line.gid) ?? 0) + d.quantity;
    asked.set(found.line.gid, total);
    const left = found.line.totalQuantity - disposedQuantity(found.line);
    if (total > left)
      return returnError(
        field('quantity'),
        `Quantity ${total} exceeds the ${left} units of the line still to dispose.`,
        'INVALID',
      );
    const location = d.locationId ? ctx.shop.locations.find((l) => l.gid === d.locationId) : undefined;
    if (d.locationId && !location)
      return returnError(field('locationId'), `Location ${d.locationId} does not exist.`, 'NOT_FOUND');
    if (d.dispositionType === 'RESTOCKED') {
      if (!location) return returnError(field('locationId'), 'A location is required to restock.', 'BLANK');
      const item = returnLineItemInventoryItem(ctx.shop, found.order, found.line.fulfillmentLineItemGid);
      if (!item) return returnError(field('dispositionType'), 'A custom item has no inventory to restock.', 'INVALID');
      if (!levelOf(ctx.shop, item, location.gid))
        return returnError(
          field('locationId'),
          `The item is not stocked at ${location.name}; it cannot be restocked there.`,
          'INVALID',
        );
    }
  }
  return target!;
}

/** Apply checked dispositions: record them (tied to a reverse delivery line when one carried the units) and restock. */
export function applyDispositions(ctx: SimContext, ref: RfoRef, inputs: DisposeInput[]) {
  const made: { lineGid: string; disposition: SimDisposition }[] = [];
  for (const d of inputs) {
    const line = ref.rfo.lines.find((l) => l.gid === d.reverseFulfillmentOrderLineItemId)!;
    const deliveryLine = ref.rfo.deliveries
      .flatMap((x) => x.lines)
      .find((l) => l.reverseFulfillmentOrderLineGid === line.gid);
    const disposition: SimDisposition = {
      gid: ctx.store.gid('ReverseFulfillmentOrderDisposition'),
      type: d.dispositionType,
      quantity: d.quantity,
      locationGid: d.locationId ?? null,
      createdAt: nowIso(),
      reverseDeliveryLineItemGid: deliveryLine?.gid ?? null,
    };
    line.dispositions.push(disposition);
    made.push({ lineGid: line.gid, disposition });
    if (d.dispositionType === 'RESTOCKED') {
      const item = returnLineItemInventoryItem(ctx.shop, ref.order, line.fulfillmentLineItemGid)!;
      const level = levelOf(ctx.shop, item, d.locationId!)!;
      level.available = (level.available ?? 0) + d.quantity;
    }
  }
  if (fullyDisposed(ref.rfo)) ref.rfo.status = 'CLOSED';
  touch(ref.order);
  ctx.webhooks.emit(ctx.shop, 'reverse_fulfillment_orders/dispose', disposeBody(ref.rfo, made));
  return made;
}

/** Well-known carriers by the tracking URL's host, as Shopify names them; others unnamed. */
const CARRIERS: [RegExp, string][] = [
  [/(^|\.)ups\.com$/, 'UPS'],
  [/(^|\.)fedex\.com$/, 'FedEx'],
  [/(^|\.)usps\.com$/, 'USPS'],
  [/(^|\.)dhl\.com$/, 'DHL Express'],
  [/(^|\.)canadapost(-postescanada)?\.ca$/, 'Canada Post'],
];
function carrierOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const host = new URL(url).hostname;
    return CARRIERS.find(([re]) => re.test(host))?.[1] ?? null;
  } catch {
    return null;
  }
}

export const reverseLogisticsMutations = {
  reverseDeliveryCreateWithShipping(
    args: {
      reverseFulfillmentOrderId: string;
      reverseDeliveryLineItems: { reverseFulfillmentOrderLineItemId: string; quantity: number }[];
      trackingInput?: { number?: string | null; url?: string | null } | null;
      labelInput?: { fileUrl: string } | null;
      notifyCustomer?: boolean | null;
    },
    ctx: SimContext,
  ) {
    const fail = (field: string[], message: string, code: string) => ({
      reverseDelivery: null,
      userErrors: [returnError(field, message, code)],
    });
    const found = findReverseFulfillmentOrder(ctx.shop, args.reverseFulfillmentOrderId);
    if (!found)
      return fail(
        ['reverseFulfillmentOrderId'],
        `Reverse fulfillment order ${args.reverseFulfillmentOrderId} does not exist.`,
        'NOT_FOUND',
      );
    const { order, ret, rfo } = found;
    if (rfo.status !== 'OPEN' || ret.status !== 'OPEN')
      return fail(
        ['reverseFulfillmentOrderId'],
        `The reverse fulfillment order is ${rfo.status} (return ${ret.status}); only an open one takes deliveries.`,
        'INVALID_STATE',
      );
    const delivered = (lineGid: string) =>
      rfo.deliveries
        .flatMap((d) => d.lines)
        .filter((l) => l.reverseFulfillmentOrderLineGid === lineGid)
        .reduce((s, l) => s + l.quantity, 0);
    // No line items: everything not yet on a delivery.
    const requested = args.reverseDeliveryLineItems.length
      ? args.reverseDeliveryLineItems
      : rfo.lines
          .map((l) => ({ reverseFulfillmentOrderLineItemId: l.gid, quantity: l.totalQuantity - delivered(l.gid) }))
          .filter((l) => l.quantity > 0);
    if (!requested.length)
      return fail(['reverseDeliveryLineItems'], 'Every unit is already on a reverse delivery.', 'INVALID');
    const asked = new Map<string, number>();
    for (const [i, r] of requested.entries()) {
      const field = (name: string) => ['reverseDeliveryLineItems', String(i), name];
      const line = rfo.lines.find((l) => l.gid === r.reverseFulfillmentOrderLineItemId);
      if (!line)
        return fail(
          field('reverseFulfillmentOrderLineItemId'),
          `Reverse fulfillment order line item ${r.reverseFulfillmentOrderLineItemId} does not belong to this reverse fulfillment order.`,
          'NOT_FOUND',
        );
      if (!(r.quantity > 0)) return fail(field('quantity'), 'Quantity must be greater than 0.', 'GREATER_THAN');
      const total = (asked.get(line.gid) ?? 0) + r.quantity;
      asked.set(line.gid, total);
      const left = line.totalQuantity - delivered(line.gid);
      if (total > left)
        return fail(field('quantity'), `Quantity ${total} exceeds the ${left} units not yet on a delivery.`, 'INVALID');
    }
    const fileUrl = args.labelInput?.fileUrl;
    if (fileUrl !== undefined && !/^https?:\/\//.test(fileUrl))
      return fail(['labelInput', 'fileUrl'], 'File URL must be an http(s) URL.', 'INVALID');
    const now = nowIso();
    const t = args.trackingInput;
    const delivery: SimReverseDelivery = {
      gid: ctx.store.gid('ReverseDelivery'),
      lines: requested.map((r) => ({
        gid: ctx.store.gid('ReverseDeliveryLineItem'),
        reverseFulfillmentOrderLineGid: r.reverseFulfillmentOrderLineItemId,
        quantity: r.quantity,
      })),
      tracking:
        t && (t.number || t.url)
          ? { number: t.number ?? null, url: t.url ?? null, carrierName: carrierOf(t.url) }
          : null,
      label: fileUrl ? { fileUrl, createdAt: now, updatedAt: now } : null,
      createdAt: now,
    };
    rfo.deliveries.push(delivery);
    touch(order);
    if (delivery.tracking || delivery.label)
      ctx.webhooks.emit(ctx.shop, 'reverse_deliveries/attach_deliverable', reverseDeliveryBody(ret, delivery));
    return { reverseDelivery: reverseDeliveryView(ctx.shop, order, ret, rfo, delivery), userErrors: [] };
  },

  reverseFulfillmentOrderDispose(args: { dispositionInputs: DisposeInput[] }, ctx: SimContext) {
    const checked = checkDispositions(ctx, args.dispositionInputs, ['dispositionInputs']);
    if ('message' in checked) return { reverseFulfillmentOrderLineItems: null, userErrors: [checked] };
    applyDispositions(ctx, checked, args.dispositionInputs);
    const touched = [...new Set(args.dispositionInputs.map((d) => d.reverseFulfillmentOrderLineItemId))];
    return {
      reverseFulfillmentOrderLineItems: touched.map((gid) =>
        rfoLineView(
          ctx.shop,
          checked.order,
          checked.rfo.lines.find((l) => l.gid === gid)!,
        ),
      ),
      userErrors: [],
    };
  },
};
