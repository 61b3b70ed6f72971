import { nowIso, type SimFulfillmentOrder, type SimOrder } from './store';
import { touch, userError, type SimContext } from './context';
import { fulfillmentOrderView } from './views';

/** Holds, moves and fulfillments on fulfillment orders, with Shopify's rules. */
function find(ctx: SimContext, foGid: string): { order: SimOrder; fo: SimFulfillmentOrder } | null {
  for (const order of ctx.shop.orders) {
    const fo = order.fulfillmentOrders.find((f) => f.gid === foGid);
    if (fo) return { order, fo };
  }
  return null;
}

const LOCKED_REQUESTS = ['SUBMITTED', 'ACCEPTED', 'CANCELLATION_REQUESTED', 'CANCELLATION_REJECTED'];

export const fulfillmentMutations = {
  fulfillmentOrderHold(args: { id: string; fulfillmentHold: { reason: string; reasonNotes?: string; handle?: string; fulfillmentOrderLineItems?: unknown[] } }, ctx: SimContext) {
    const found = find(ctx, args.id);
    const fail = (message: string, code: string) => ({ fulfillmentHold: null, fulfillmentOrder: null, remainingFulfillmentOrder: null, userErrors: [userError(['id'], message, code)] });
    if (!found) return fail('Fulfillment order not found', 'FULFILLMENT_ORDER_NOT_FOUND');
    const { order, fo } = found;
    if (fo.status !== 'OPEN' && fo.status !== 'ON_HOLD') return fail(`Fulfillment order cannot be put on hold in status ${fo.status}`, 'FULFILLMENT_ORDER_NOT_SPLITTABLE');
    if (fo.holds.length >= 10) return fail('A fulfillment order can have at most 10 holds', 'FULFILLMENT_ORDER_HOLD_LIMIT_REACHED');
    const handle = args.fulfillmentHold.handle ?? '';
    if (fo.holds.some((h) => (h.handle ?? '') === handle)) return fail(`A hold with the handle "${handle}" already exists on this fulfillment order`, 'DUPLICATE_FULFILLMENT_HOLD_HANDLE');
    const hold = { gid: ctx.store.gid('FulfillmentHold'), handle: args.fulfillmentHold.handle ?? null, reason: args.fulfillmentHold.reason, reasonNotes: args.fulfillmentHold.reasonNotes ?? null };
    fo.holds.push(hold);
    fo.status = 'ON_HOLD';
    touch(order);
    return {
      fulfillmentHold: { __typename: 'FulfillmentHold', id: hold.gid, handle: hold.handle, reason: hold.reason, reasonNotes: hold.reasonNotes },
      fulfillmentOrder: fulfillmentOrderView(ctx.shop, order, fo),
      remainingFulfillmentOrder: null,
      userErrors: [],
    };
  },

  fulfillmentOrderReleaseHold(args: { id: string; holdIds?: string[] | null }, ctx: SimContext) {
    const found = find(ctx, args.id);
    const fail = (message: string, code: string) => ({ fulfillmentOrder: null, userErrors: [userError(['id'], message, code)] });
    if (!found) return fail('Fulfillment order not found', 'FULFILLMENT_ORDER_NOT_FOUND');
    const { order, fo } = found;
    if (fo.status !== 'ON_HOLD') return fail('Fulfillment order is not on hold', 'INVALID_ACCESS');
    const ids = args.holdIds ?? fo.holds.map((h) => h.gid);
    const unknown = ids.filter((id) => !fo.holds.some((h) => h.gid === id));
    if (unknown.length) return { fulfillmentOrder: null, userErrors: [userError(['holdIds'], `Unknown hold ids: ${unknown.join(', ')}`, 'INVALID_ACCESS')] };
    fo.holds = fo.holds.filter((h) => !ids.includes(h.gid));
    if (fo.holds.length === 0) fo.status = 'OPEN';
    touch(order);
    return { fulfillmentOrder: fulfillmentOrderView(ctx.shop, order, fo), userErrors: [] };
  },

  fulfillmentOrderMove(args: { id: string; newLocationId: string; fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null }, ctx: SimContext) {
    const found = find(ctx, args.id);
    const fail = (message: string) => ({ movedFulfillmentOrder: null, originalFulfillmentOrder: null, remainingFulfillmentOrder: null, userErrors: [userError(['id'], message)] });
    if (!found) return fail('Fulfillment order not found');
    const { order, fo } = found;
    if (fo.status === 'CLOSED' || fo.status === 'CANCELLED') return fail(`Cannot move a ${fo.status.toLowerCase()} fulfillment order`);
    if (fo.status === 'IN_PROGRESS') return fail('Cannot move a fulfillment order that has had progress reported');
    if (LOCKED_REQUESTS.includes(fo.requestStatus)) return fail(`Cannot move a fulfillment order with request status ${fo.requestStatus}`);
    const location = ctx.shop.locations.find((l) => l.gid === args.newLocationId && l.isActive);
    if (!location) return { ...fail('Location not found'), userErrors: [userError(['newLocationId'], 'Location not found')] };
    if (location.gid === fo.locationGid) return { ...fail('Cannot move to the location already assigned'), userErrors: [userError(['newLocationId'], 'Cannot move to the location already assigned')] };

    const requested = args.fulfillmentOrderLineItems ?? fo.lines.filter((l) => l.remainingQuantity > 0).map((l) => ({ id: l.gid, quantity: l.remainingQuantity }));
    for (const r of requested) {
      const line = fo.lines.find((l) => l.gid === r.id);
      if (!line) return { ...fail(`Unknown fulfillment order line item ${r.id}`), userErrors: [userError(['fulfillmentOrderLineItems'], `Unknown fulfillment order line item ${r.id}`)] };
      if (r.quantity <= 0 || r.quantity > line.remainingQuantity) {
        return { ...fail('Invalid quantity'), userErrors: [userError(['fulfillmentOrderLineItems'], `Quantity ${r.quantity} is invalid for a line with ${line.remainingQuantity} remaining`)] };
      }
      const sku = order.lineItems.find((li) => li.gid === line.lineItemGid)?.sku;
      const variant = ctx.shop.variants.find((v) => v.sku === sku);
      if (!variant || !ctx.shop.levels.get(variant.inventoryItemGid)?.has(location.gid)) {
        return { ...fail('Location does not stock the item'), userErrors: [userError(['newLocationId'], `${location.name} does not stock ${sku}`)] };
      }
    }
    const everything = fo.lines.every((l) => l.remainingQuantity === (requested.find((r) => r.id === l.gid)?.quantity ?? 0));
    touch(order);
    if (everything) {
      fo.locationGid = location.gid;
      const view = fulfillmentOrderView(ctx.shop, order, fo);
      return { movedFulfillmentOrder: view, originalFulfillmentOrder: view, remainingFulfillmentOrder: null, userErrors: [] };
    }
    // A subset splits off into a new fulfillment order at the new location; holds stay with the original.
    const moved: SimFulfillmentOrder = {
      gid: ctx.store.gid('FulfillmentOrder'),
      status: 'OPEN',
      requestStatus: 'UNSUBMITTED',
      locationGid: location.gid,
      holds: [],
      createdAt: nowIso(),
      lines: requested.map((r) => {
        const line = fo.lines.find((l) => l.gid === r.id)!;
        line.remainingQuantity -= r.quantity;
        line.totalQuantity -= r.quantity;
        return { gid: ctx.store.gid('FulfillmentOrderLineItem'), lineItemGid: line.lineItemGid, totalQuantity: r.quantity, remainingQuantity: r.quantity };
      }),
    };
    fo.lines = fo.lines.filter((l) => l.totalQuantity > 0);
    order.fulfillmentOrders.push(moved);
    return {
      movedFulfillmentOrder: fulfillmentOrderView(ctx.shop, order, moved),
      originalFulfillmentOrder: fulfillmentOrderView(ctx.shop, order, fo),
      remainingFulfillmentOrder: fulfillmentOrderView(ctx.shop, order, fo),
      userErrors: [],
    };
  },

  fulfillmentCreate(
    args: {
      fulfillment: {
        lineItemsByFulfillmentOrder: { fulfillmentOrderId: string; fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null }[];
        trackingInfo?: { company?: string; number?: string; url?: string; numbers?: string[]; urls?: string[] } | null;
        notifyCustomer?: boolean | null;
      };
    },
    ctx: SimContext,
  ) {
    const f = args.fulfillment;
    const fail = (message: string) => ({ fulfillment: null, userErrors: [userError(['fulfillment'], message)] });
    const picks: { order: SimOrder; fo: SimFulfillmentOrder; lines: { id: string; quantity: number }[] }[] = [];
    for (const group of f.lineItemsByFulfillmentOrder) {
      const found = find(ctx, group.fulfillmentOrderId);
      if (!found) return fail(`Fulfillment order ${group.fulfillmentOrderId} does not exist`);
      const { order, fo } = found;
      if (fo.status === 'ON_HOLD') return fail(`Fulfillment order ${fo.gid} is on hold`);
      if (fo.status !== 'OPEN' && fo.status !== 'IN_PROGRESS') return fail(`Fulfillment order ${fo.gid} is ${fo.status.toLowerCase()}`);
      const lines = group.fulfillmentOrderLineItems ?? fo.lines.filter((l) => l.remainingQuantity > 0).map((l) => ({ id: l.gid, quantity: l.remainingQuantity }));
      for (const l of lines) {
        const line = fo.lines.find((x) => x.gid === l.id);
        if (!line || l.quantity <= 0 || l.quantity > line.remainingQuantity) return fail(`Invalid quantity for fulfillment order line item ${l.id}`);
      }
      picks.push({ order, fo, lines });
    }
    if (!picks.length || new Set(picks.map((p) => p.order.gid)).size !== 1) return fail('Line items must belong to one order');
    const order = picks[0]!.order;
    const ti = f.trackingInfo ?? {};
    const numbers = ti.numbers ?? (ti.number ? [ti.number] : []);
    const fulfillment = {
      gid: ctx.store.gid('Fulfillment'),
      status: 'SUCCESS' as const,
      trackingInfo: numbers.map((n, i) => ({ company: ti.company ?? null, number: n, url: ti.urls?.[i] ?? ti.url ?? null })),
      notifyCustomer: f.notifyCustomer ?? false,
      lines: [] as { fulfillmentOrderGid: string; lineGid: string; quantity: number }[],
      createdAt: nowIso(),
    };
    for (const p of picks) {
      for (const l of p.lines) {
        p.fo.lines.find((x) => x.gid === l.id)!.remainingQuantity -= l.quantity;
        fulfillment.lines.push({ fulfillmentOrderGid: p.fo.gid, lineGid: l.id, quantity: l.quantity });
      }
      p.fo.status = p.fo.lines.every((x) => x.remainingQuantity === 0) ? 'CLOSED' : 'IN_PROGRESS';
    }
    order.fulfillments.push(fulfillment);
    touch(order);
    ctx.webhooks.emit(ctx.shop, 'fulfillments/create', {
      id: BigInt(fulfillment.gid.split('/').pop()!),
      admin_graphql_api_id: fulfillment.gid,
      order_id: order.id,
      status: 'success',
      tracking_numbers: numbers,
      created_at: fulfillment.createdAt,
    });
    return {
      fulfillment: { __typename: 'Fulfillment', id: fulfillment.gid, status: 'SUCCESS', trackingInfo: () => fulfillment.trackingInfo.map((t) => ({ __typename: 'FulfillmentTrackingInfo', ...t })) },
      userErrors: [],
    };
  },
};
