import { commitLine, itemForLineItem, stocks } from './inventory';
import { nowIso, type SimFulfillmentLine, type SimFulfillmentOrder, type SimOrder } from './store';
import { touch, userError, type SimContext } from './context';
import { fulfillmentOrderView } from './views';
import { fulfillmentExtras } from './returns-views';
import { fulfillmentBody } from './webhook-bodies';

/** Holds, moves and fulfillments on fulfillment orders, with Shopify's rules (see each mutation's schema description). */
export function findFulfillmentOrder(
  ctx: SimContext,
  foGid: string,
): { order: SimOrder; fo: SimFulfillmentOrder } | null {
  for (const order of ctx.shop.orders) {
    const fo = order.fulfillmentOrders.find((f) => f.gid === foGid);
    if (fo) return { order, fo };
  }
  return null;
}
const find = findFulfillmentOrder;

const LOCKED_REQUESTS = ['SUBMITTED', 'ACCEPTED', 'CANCELLATION_REQUESTED', 'CANCELLATION_REJECTED'];
const MAX_HOLDS = 10;

export const fulfillmentMutations = {
  fulfillmentOrderHold(
    args: {
      id: string;
      fulfillmentHold: {
        reason: string;
        reasonNotes?: string;
        handle?: string;
        fulfillmentOrderLineItems?: unknown[] | null;
      };
    },
    ctx: SimContext,
  ) {
    const found = find(ctx, args.id);
    const fail = (field: string[], message: string, code: string) => ({
      fulfillmentHold: null,
      fulfillmentOrder: null,
      remainingFulfillmentOrder: null,
      userErrors: [userError(field, message, code)],
    });
    if (!found) return fail(['id'], 'The fulfillment order could not be found.', 'FULFILLMENT_ORDER_NOT_FOUND');
    const { order, fo } = found;
    if (fo.status !== 'OPEN' && fo.status !== 'ON_HOLD')
      return fail(
        ['id'],
        `The fulfillment order is not in a splittable state (status ${fo.status}).`,
        'FULFILLMENT_ORDER_NOT_SPLITTABLE',
      );
    if (args.fulfillmentHold.fulfillmentOrderLineItems?.length)
      return fail(
        ['fulfillmentHold', 'fulfillmentOrderLineItems'],
        'Holding part of a fulfillment order is not supported by the Shopify simulator.',
        'FULFILLMENT_ORDER_NOT_SPLITTABLE',
      );
    if (fo.holds.length >= MAX_HOLDS)
      return fail(
        ['id'],
        'The maximum number of fulfillment holds for this fulfillment order has been reached for this app.',
        'FULFILLMENT_ORDER_HOLD_LIMIT_REACHED',
      );
    const handle = args.fulfillmentHold.handle ?? '';
    if (fo.holds.some((h) => (h.handle ?? '') === handle)) {
      return fail(
        ['fulfillmentHold', 'handle'],
        'The handle provided for the fulfillment hold is already in use by this app for another hold on this fulfillment order.',
        'DUPLICATE_FULFILLMENT_HOLD_HANDLE',
      );
    }
    const hold = {
      gid: ctx.store.gid('FulfillmentHold'),
      handle: args.fulfillmentHold.handle ?? null,
      reason: args.fulfillmentHold.reason,
      reasonNotes: args.fulfillmentHold.reasonNotes ?? null,
    };
    fo.holds.push(hold);
    fo.status = 'ON_HOLD';
    touch(order);
    return {
      fulfillmentHold: {
        __typename: 'FulfillmentHold',
        id: hold.gid,
        handle: hold.handle,
        reason: hold.reason,
        reasonNotes: hold.reasonNotes,
        heldByRequestingApp: true,
      },
      fulfillmentOrder: fulfillmentOrderView(ctx.shop, order, fo),
      remainingFulfillmentOrder: null,
      userErrors: [],
    };
  },

  fulfillmentOrderReleaseHold(args: { id: string; holdIds?: string[] | null }, ctx: SimContext) {
    const found = find(ctx, args.id);
    const fail = (field: string[], message: string, code: string) => ({
      fulfillmentOrder: null,
      userErrors: [userError(field, message, code)],
    });
    if (!found) return fail(['id'], "The fulfillment order wasn't found.", 'FULFILLMENT_ORDER_NOT_FOUND');
    const { order, fo } = found;
    if (fo.status !== 'ON_HOLD') return fail(['id'], 'The fulfillment order is not on hold.', 'INVALID_ACCESS');
    // Without holdIds every hold goes (this app placed them all: the simulator has one app per shop).
    const ids = args.holdIds ?? fo.holds.map((h) => h.gid);
    const unknown = ids.filter((id) => !fo.holds.some((h) => h.gid === id));
    if (unknown.length)
      return fail(
        ['holdIds'],
        `Holds ${unknown.join(', ')} do not belong to this fulfillment order.`,
        'INVALID_ACCESS',
      );
    fo.holds = fo.holds.filter((h) => !ids.includes(h.gid));
    if (fo.holds.length === 0) fo.status = 'OPEN';
    touch(order);
    return { fulfillmentOrder: fulfillmentOrderView(ctx.shop, order, fo), userErrors: [] };
  },

  fulfillmentOrderMove(
    args: { id: string; newLocationId: string; fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null },
    ctx: SimContext,
  ) {
    const found = find(ctx, args.id);
    const fail = (field: string[], message: string) => ({
      movedFulfillmentOrder: null,
      originalFulfillmentOrder: null,
      remainingFulfillmentOrder: null,
      userErrors: [userError(field, message)],
    });
    if (!found) return fail(['id'], 'Fulfillment order does not exist.');
    const { order, fo } = found;
    if (fo.status === 'CLOSED' || fo.status === 'CANCELLED')
      return fail(['id'], `Cannot move a fulfillment order with status ${fo.status}.`);
    if (LOCKED_REQUESTS.includes(fo.requestStatus))
      return fail(['id'], `Cannot move a fulfillment order with request status ${fo.requestStatus}.`);
    const location = ctx.shop.locations.find((l) => l.gid === args.newLocationId && l.isActive);
    if (!location) return fail(['newLocationId'], 'Location does not exist.');
    if (location.gid === fo.locationGid)
      return fail(['newLocationId'], 'Cannot move a fulfillment order to the location it is already assigned to.');

    const requested =
      args.fulfillmentOrderLineItems ??
      fo.lines.filter((l) => l.remainingQuantity > 0).map((l) => ({ id: l.gid, quantity: l.remainingQuantity }));
    if (!requested.length) return fail(['id'], 'The fulfillment order has no unfulfilled line items to move.');
    for (const [i, r] of requested.entries()) {
      const line = fo.lines.find((l) => l.gid === r.id);
      if (!line)
        return fail(
          ['fulfillmentOrderLineItems', String(i), 'id'],
          `Fulfillment order line item ${r.id} does not belong to this fulfillment order.`,
        );
      if (r.quantity <= 0 || r.quantity > line.remainingQuantity)
        return fail(
          ['fulfillmentOrderLineItems', String(i), 'quantity'],
          `Quantity ${r.quantity} is invalid: ${line.remainingQuantity} remain to fulfill.`,
        );
      const item = itemForLineItem(ctx.shop, order, line.lineItemGid);
      if (!item || !stocks(ctx.shop, item, location.gid)) {
        const sku = order.lineItems.find((li) => li.gid === line.lineItemGid)?.sku;
        return fail(
          ['newLocationId'],
          `The destination location ${location.name} doesn't stock the requested inventory item ${sku}.`,
        );
      }
    }
    touch(order);
    const hasFulfilled = fo.lines.some((l) => l.remainingQuantity < l.totalQuantity);
    const everything = fo.lines.every(
      (l) => l.remainingQuantity === (requested.find((r) => r.id === l.gid)?.quantity ?? 0),
    );
    for (const r of requested)
      commitLine(ctx.shop, order, fo, fo.lines.find((l) => l.gid === r.id)!.lineItemGid, r.quantity, 'release');
    if (everything && !hasFulfilled) {
      // First scenario: the fulfillment order itself is reassigned (its holds go with it).
      fo.locationGid = location.gid;
      fo.requestStatus = 'UNSUBMITTED'; // e.g. rejected by a fulfillment service, then rerouted
      for (const l of fo.lines) commitLine(ctx.shop, order, fo, l.lineItemGid, l.remainingQuantity, 'commit');
      const view = fulfillmentOrderView(ctx.shop, order, fo);
      return {
        movedFulfillmentOrder: view,
        originalFulfillmentOrder: view,
        remainingFulfillmentOrder: null,
        userErrors: [],
      };
    }
    // Second scenario: the moved quantities split off into a new, OPEN fulfillment order
    // (holds stay on the original); the original keeps the rest, or closes when nothing remains.
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
        return {
          gid: ctx.store.gid('FulfillmentOrderLineItem'),
          lineItemGid: line.lineItemGid,
          totalQuantity: r.quantity,
          remainingQuantity: r.quantity,
        };
      }),
    };
    for (const l of moved.lines) commitLine(ctx.shop, order, moved, l.lineItemGid, l.remainingQuantity, 'commit');
    fo.lines = fo.lines.filter((l) => l.totalQuantity > 0);
    if (fo.lines.every((l) => l.remainingQuantity === 0)) {
      fo.status = 'CLOSED';
      fo.holds = [];
    }
    order.fulfillmentOrders.push(moved);
    const original = fulfillmentOrderView(ctx.shop, order, fo);
    return {
      movedFulfillmentOrder: fulfillmentOrderView(ctx.shop, order, moved),
      originalFulfillmentOrder: original,
      remainingFulfillmentOrder: original,
      userErrors: [],
    };
  },

  fulfillmentCreate(
    args: {
      fulfillment: {
        lineItemsByFulfillmentOrder: {
          fulfillmentOrderId: string;
          fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null;
        }[];
        trackingInfo?: {
          company?: string | null;
          number?: string | null;
          url?: string | null;
          numbers?: string[] | null;
          urls?: string[] | null;
        } | null;
        notifyCustomer?: boolean | null;
      };
      message?: string | null;
    },
    ctx: SimContext,
  ) {
    const f = args.fulfillment;
    const fail = (field: string[], message: string) => ({ fulfillment: null, userErrors: [userError(field, message)] });
    const picks: { order: SimOrder; fo: SimFulfillmentOrder; lines: { id: string; quantity: number }[] }[] = [];
    for (const [i, group] of f.lineItemsByFulfillmentOrder.entries()) {
      const at = ['fulfillment', 'lineItemsByFulfillmentOrder', String(i)];
      const found = find(ctx, group.fulfillmentOrderId);
      if (!found) return fail([...at, 'fulfillmentOrderId'], 'Fulfillment order does not exist.');
      const { order, fo } = found;
      if (fo.status === 'ON_HOLD')
        return fail([...at, 'fulfillmentOrderId'], `Fulfillment order ${fo.gid} is on hold and can't be fulfilled.`);
      if (fo.status !== 'OPEN' && fo.status !== 'IN_PROGRESS')
        return fail(
          [...at, 'fulfillmentOrderId'],
          `Fulfillment order ${fo.gid} has an unfulfillable status= ${fo.status.toLowerCase()}.`,
        );
      if (fo.requestStatus === 'SUBMITTED')
        return fail(
          [...at, 'fulfillmentOrderId'],
          `Fulfillment order ${fo.gid} has a pending fulfillment request and can't be fulfilled until the fulfillment service accepts it.`,
        );
      const lines =
        group.fulfillmentOrderLineItems ??
        fo.lines.filter((l) => l.remainingQuantity > 0).map((l) => ({ id: l.gid, quantity: l.remainingQuantity }));
      for (const l of lines) {
        const line = fo.lines.find((x) => x.gid === l.id);
        if (!line)
          return fail(
            [...at, 'fulfillmentOrderLineItems'],
            `Fulfillment order line item ${l.id} does not belong to fulfillment order ${fo.gid}.`,
          );
        if (l.quantity <= 0 || l.quantity > line.remainingQuantity)
          return fail(
            [...at, 'fulfillmentOrderLineItems'],
            `Invalid quantity ${l.quantity} for fulfillment order line item ${l.id}: ${line.remainingQuantity} remain.`,
          );
      }
      if (!lines.length)
        return fail([...at, 'fulfillmentOrderId'], `Fulfillment order ${fo.gid} has nothing left to fulfill.`);
      picks.push({ order, fo, lines });
    }
    if (!picks.length)
      return fail(['fulfillment', 'lineItemsByFulfillmentOrder'], 'At least one fulfillment order is required.');
    if (new Set(picks.map((p) => p.order.gid)).size !== 1)
      return fail(['fulfillment'], 'All fulfillment orders must belong to the same order.');
    if (new Set(picks.map((p) => p.fo.locationGid)).size !== 1)
      return fail(['fulfillment'], 'All fulfillment orders must be assigned to the same location.');
    const order = picks[0]!.order;
    const ti = f.trackingInfo ?? {};
    const numbers = ti.numbers ?? (ti.number ? [ti.number] : []);
    const fulfillment = {
      gid: ctx.store.gid('Fulfillment'),
      status: 'SUCCESS' as const,
      trackingInfo: numbers.map((n, i) => ({
        company: ti.company ?? null,
        number: n,
        url: ti.urls?.[i] ?? ti.url ?? null,
      })),
      notifyCustomer: f.notifyCustomer ?? false,
      locationGid: picks[0]!.fo.locationGid,
      lines: [] as SimFulfillmentLine[],
      createdAt: nowIso(),
    };
    for (const p of picks) {
      for (const l of p.lines) {
        const line = p.fo.lines.find((x) => x.gid === l.id)!;
        line.remainingQuantity -= l.quantity;
        commitLine(ctx.shop, order, p.fo, line.lineItemGid, l.quantity, 'ship');
        fulfillment.lines.push({
          gid: ctx.store.gid('FulfillmentLineItem'),
          fulfillmentOrderGid: p.fo.gid,
          lineGid: l.id,
          quantity: l.quantity,
        });
      }
      p.fo.status = p.fo.lines.every((x) => x.remainingQuantity === 0) ? 'CLOSED' : 'IN_PROGRESS';
    }
    order.fulfillments.push(fulfillment);
    touch(order);
    ctx.webhooks.emit(ctx.shop, 'fulfillments/create', fulfillmentBody(ctx.shop, order, fulfillment));
    return {
      fulfillment: { ...fulfillmentView(fulfillment), ...fulfillmentExtras(ctx.shop, order, fulfillment) },
      userErrors: [],
    };
  },
};

export function fulfillmentView(f: SimOrder['fulfillments'][number]) {
  return {
    __typename: 'Fulfillment',
    id: f.gid,
    status: f.status,
    createdAt: f.createdAt,
    trackingInfo: () => f.trackingInfo.map((t) => ({ __typename: 'FulfillmentTrackingInfo', ...t })),
  };
}
