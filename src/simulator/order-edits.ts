import { connection } from './connection';
import { touch, userError, type SimContext } from './context';
import { commitLine, stocks } from './inventory';
import { withLevelWebhooks } from './level-webhooks';
import { totals } from './payments';
import { variantView } from './products';
import { money, nowIso, type Shop, type SimFulfillmentOrder, type SimLineItem, type SimOrder } from './store';
import { orderView } from './views';
import { orderBody } from './webhook-bodies';

/**
 * Order edits as Shopify runs them: orderEditBegin opens a session (a
 * CalculatedOrder), orderEditSetQuantity and orderEditAddVariant stage
 * changes on it, orderEditCommit applies them to the order: line quantities
 * change (a decrease lowers currentQuantity, an increase raises quantity and
 * currentQuantity), added variants become line items, removed units come off
 * the open fulfillment orders' remaining quantity (their stock uncommitted),
 * added units go to a new fulfillment order at a location that stocks them
 * (their stock committed there), the totals follow, and Shopify sends
 * orders/edited and orders/updated. The control API's edit runs the same
 * applyOrderEdit.
 */

export interface OrderEditChange {
  /** Existing lines: the new current quantity (0 removes the line). */
  quantities: { lineItemGid: string; quantity: number; restock?: boolean }[];
  /** New lines: a variant, its quantity, and where its units should ship from (if given). */
  additions: { variantGid: string; quantity: number; locationGid?: string | null }[];
  staffNote?: string | null;
  notifyCustomer?: boolean;
}

interface Session {
  id: bigint;
  orderGid: string;
  quantities: Map<string, { quantity: number; restock: boolean }>;
  additions: { calculatedId: string; variantGid: string; quantity: number; locationGid: string | null }[];
  committed: boolean;
}

/** Open sessions per shop (Shopify keeps them briefly; a restarted simulator forgets them). */
const sessions = new WeakMap<Shop, Map<string, Session>>();
const sessionsOf = (shop: Shop) => {
  const m = sessions.get(shop) ?? new Map<string, Session>();
  sessions.set(shop, m);
  return m;
};

const calculatedOrderGid = (id: bigint) => `gid://shopify/CalculatedOrder/${id}`;
const sessionGid = (id: bigint) => `gid://shopify/OrderEditSession/${id}`;
const calculatedLineGid = (lineItemGid: string) => `gid://shopify/CalculatedLineItem/${lineItemGid.split('/').pop()}`;

/** The session a calculated order or edit session GID names. */
function sessionOf(ctx: SimContext, id: string): Session | undefined {
  const m = /^gid:\/\/shopify\/(CalculatedOrder|OrderEditSession)\/(\d+)$/.exec(id);
  return m ? sessionsOf(ctx.shop).get(m[2]!) : undefined;
}

const currentOf = (li: SimLineItem) => li.currentQuantity ?? li.quantity;

/** Units of a line already fulfilled (an edit cannot take the current quantity below them). */
export function fulfilledQuantity(order: SimOrder, lineItemGid: string): number {
  const foLines = new Set(
    order.fulfillmentOrders.flatMap((fo) => fo.lines.filter((l) => l.lineItemGid === lineItemGid).map((l) => l.gid)),
  );
  return order.fulfillments.flatMap((f) => f.lines).reduce((n, l) => n + (foLines.has(l.lineGid) ? l.quantity : 0), 0);
}

/** Why an order cannot be edited (Order.merchantEditableErrors), or null. */
function notEditable(order: SimOrder): string | null {
  if (order.cancelledAt) return 'Cannot edit a cancelled order';
  if (order.closed) return 'Cannot edit a closed order';
  return null;
}

/** Where added units ship from: the named location when it stocks the item, else the first active online location that does, else the first active online location. */
function locationFor(shop: Shop, itemGid: string, wanted: string | null | undefined): string | null {
  if (wanted && stocks(shop, itemGid, wanted)) return wanted;
  const online = shop.locations.filter((l) => l.isActive && l.fulfillsOnlineOrders);
  return (online.find((l) => stocks(shop, itemGid, l.gid)) ?? online[0])?.gid ?? null;
}

/**
 * Apply an edit to the order (the commit). Validates everything first and
 * changes nothing when it returns errors. Emits inventory_levels/update for
 * the stock it commits or releases, then orders/edited and orders/updated.
 */
export function applyOrderEdit(
  ctx: SimContext,
  order: SimOrder,
  change: OrderEditChange,
): { errors: { field: string[]; message: string }[] } {
  const shop = ctx.shop;
  const blocked = notEditable(order);
  if (blocked) return { errors: [{ field: ['id'], message: blocked }] };
  for (const [i, q] of change.quantities.entries()) {
    const li = order.lineItems.find((l) => l.gid === q.lineItemGid);
    if (!li)
      return { errors: [{ field: ['quantities', String(i), 'lineItemId'], message: 'Line item does not exist' }] };
    if (!Number.isInteger(q.quantity) || q.quantity < 0)
      return { errors: [{ field: ['quantities', String(i), 'quantity'], message: 'Quantity cannot be negative' }] };
    const fulfilled = fulfilledQuantity(order, li.gid);
    if (q.quantity < fulfilled)
      return {
        errors: [
          {
            field: ['quantities', String(i), 'quantity'],
            message: `Quantity cannot be less than the ${fulfilled} fulfilled unit(s) of ${li.sku}`,
          },
        ],
      };
  }
  for (const [i, a] of change.additions.entries()) {
    if (!shop.variants.some((v) => v.gid === a.variantGid))
      return { errors: [{ field: ['additions', String(i), 'variantId'], message: 'Variant does not exist' }] };
    if (!Number.isInteger(a.quantity) || a.quantity < 1)
      return {
        errors: [{ field: ['additions', String(i), 'quantity'], message: 'Quantity must be greater than zero' }],
      };
  }

  const added: { id: bigint; delta: number }[] = [];
  const removed: { id: bigint; delta: number }[] = [];
  withLevelWebhooks(shop, ctx.webhooks, () => {
    for (const q of change.quantities) {
      const li = order.lineItems.find((l) => l.gid === q.lineItemGid)!;
      const delta = q.quantity - currentOf(li);
      if (delta < 0) {
        removeUnits(shop, order, li, -delta);
        li.currentQuantity = q.quantity;
        removed.push({ id: li.id, delta: -delta });
      } else if (delta > 0) {
        const at = locationFor(shop, itemOf(shop, li.sku) ?? '', null);
        li.quantity += delta;
        li.currentQuantity = q.quantity;
        if (li.requiresShipping && at) addUnits(ctx, order, li, delta, at);
        added.push({ id: li.id, delta });
      }
    }
    for (const a of change.additions) {
      const v = shop.variants.find((x) => x.gid === a.variantGid)!;
      const id = ctx.store.id();
      const li: SimLineItem = {
        id,
        gid: ctx.store.gid('LineItem', id),
        sku: v.sku,
        title: v.title,
        quantity: a.quantity,
        price: v.price,
        requiresShipping: v.requiresShipping,
      };
      order.lineItems.push(li);
      const at = locationFor(shop, v.inventoryItemGid, a.locationGid);
      if (li.requiresShipping && at) addUnits(ctx, order, li, a.quantity, at);
      added.push({ id, delta: a.quantity });
    }
  });
  const edit = {
    gid: ctx.store.gid('OrderEdit'),
    staffNote: change.staffNote ?? null,
    notifyCustomer: !!change.notifyCustomer,
    createdAt: nowIso(),
  };
  (order.edits ??= []).push(edit);
  touch(order);
  ctx.webhooks.emit(shop, 'orders/edited', {
    order_edit: {
      id: BigInt(edit.gid.split('/').pop()!),
      app_id: null,
      created_at: edit.createdAt,
      notify_customer: edit.notifyCustomer,
      order_id: order.id,
      staff_note: edit.staffNote ?? '',
      user_id: null,
      line_items: { additions: added, removals: removed },
      discounts: { additions: [], removals: [] },
      shipping_lines: { additions: [], removals: [] },
    },
  });
  ctx.webhooks.emit(shop, 'orders/updated', orderBody(order));
  return { errors: [] };
}

const itemOf = (shop: Shop, sku: string) => shop.variants.find((v) => v.sku === sku)?.inventoryItemGid;

/** Take units off the open fulfillment orders' remaining quantity; their stock is uncommitted. */
function removeUnits(shop: Shop, order: SimOrder, li: SimLineItem, units: number) {
  let rest = units;
  for (const fo of order.fulfillmentOrders.filter((f) => f.status !== 'CLOSED' && f.status !== 'CANCELLED')) {
    for (const line of fo.lines.filter((l) => l.lineItemGid === li.gid && l.remainingQuantity > 0)) {
      const n = Math.min(rest, line.remainingQuantity);
      commitLine(shop, order, fo, li.gid, n, 'release');
      line.remainingQuantity -= n;
      line.totalQuantity -= n;
      rest -= n;
    }
  }
}

/** Added units: a new fulfillment order at `locationGid`, its stock committed there. */
function addUnits(ctx: SimContext, order: SimOrder, li: SimLineItem, units: number, locationGid: string) {
  const fo: SimFulfillmentOrder = {
    gid: ctx.store.gid('FulfillmentOrder'),
    status: 'OPEN',
    requestStatus: 'UNSUBMITTED',
    locationGid,
    holds: [],
    createdAt: nowIso(),
    lines: [
      {
        gid: ctx.store.gid('FulfillmentOrderLineItem'),
        lineItemGid: li.gid,
        totalQuantity: units,
        remainingQuantity: units,
      },
    ],
  };
  order.fulfillmentOrders.push(fo);
  commitLine(ctx.shop, order, fo, li.gid, units, 'commit');
}

// ---- GraphQL ----------------------------------------------------------------

const bag = (cents: number, currency: string) => {
  const m = { __typename: 'MoneyV2', amount: money(cents), currencyCode: currency };
  return { __typename: 'MoneyBag', shopMoney: m, presentmentMoney: m };
};

type CalculatedLine = Record<string, unknown> & {
  id: string;
  quantity: number;
  price: number;
  stagedChanges: Record<string, unknown>[];
};

/** The order as it would be with the session's changes: quantities and added lines. */
function calculatedOrderView(ctx: SimContext, order: SimOrder, s: Session) {
  const shop = ctx.shop;
  const c = order.currency;
  const existing = order.lineItems.map((li): CalculatedLine => {
    const staged = s.quantities.get(li.gid);
    const before = currentOf(li);
    const quantity = order.cancelledAt ? 0 : (staged?.quantity ?? before);
    const delta = quantity - before;
    return {
      __typename: 'CalculatedLineItem',
      id: calculatedLineGid(li.gid),
      sku: li.sku,
      title: li.title,
      variantTitle: null,
      quantity,
      editableQuantity: quantity,
      editableQuantityBeforeChanges: before,
      originalUnitPriceSet: bag(li.price, c),
      discountedUnitPriceSet: bag(li.price, c),
      editableSubtotalSet: bag(li.price * quantity, c),
      uneditableSubtotalSet: bag(0, c),
      hasStagedLineItemDiscount: false,
      restockable: true,
      restocking: !!staged?.restock && delta < 0,
      calculatedDiscountAllocations: [],
      customAttributes: [],
      image: null,
      variant: () => variantOf(shop, li.sku),
      stagedChanges:
        delta > 0
          ? [{ __typename: 'OrderStagedChangeIncrementItem', delta, lineItem: { __typename: 'LineItem', id: li.gid } }]
          : delta < 0
            ? [
                {
                  __typename: 'OrderStagedChangeDecrementItem',
                  delta: -delta,
                  restock: !!staged?.restock,
                  lineItem: { __typename: 'LineItem', id: li.gid },
                },
              ]
            : [],
      price: li.price,
    };
  });
  const added = s.additions.map((a): CalculatedLine => {
    const v = shop.variants.find((x) => x.gid === a.variantGid)!;
    return {
      __typename: 'CalculatedLineItem',
      id: a.calculatedId,
      sku: v.sku,
      title: v.title,
      variantTitle: null,
      quantity: a.quantity,
      editableQuantity: a.quantity,
      editableQuantityBeforeChanges: 0,
      originalUnitPriceSet: bag(v.price, c),
      discountedUnitPriceSet: bag(v.price, c),
      editableSubtotalSet: bag(v.price * a.quantity, c),
      uneditableSubtotalSet: bag(0, c),
      hasStagedLineItemDiscount: false,
      restockable: false,
      restocking: false,
      calculatedDiscountAllocations: [],
      customAttributes: [],
      image: null,
      variant: () => variantOf(shop, v.sku),
      stagedChanges: [
        { __typename: 'OrderStagedChangeAddVariant', quantity: a.quantity, variant: variantOf(shop, v.sku) },
      ],
      price: v.price,
    };
  });
  const all = [...existing, ...added];
  const subtotal = all.reduce((n, l) => n + l.price * l.quantity, 0);
  const total = subtotal + order.shippingPrice;
  const t = totals(order);
  return {
    __typename: 'CalculatedOrder',
    id: calculatedOrderGid(s.id),
    committed: s.committed,
    originalOrder: () => orderView(shop, order),
    lineItems: (args: { first?: number; after?: string }) => connection(all, args),
    addedLineItems: (args: { first?: number; after?: string }) => connection(added, args),
    stagedChanges: (args: { first?: number; after?: string }) =>
      connection(
        all.flatMap((l): Record<string, unknown>[] => l.stagedChanges),
        args,
      ),
    addedDiscountApplications: (args: { first?: number }) => connection([], args),
    subtotalLineItemsQuantity: all.reduce((n, l) => n + l.quantity, 0),
    subtotalPriceSet: bag(subtotal, c),
    totalPriceSet: bag(total, c),
    totalOutstandingSet: bag(total - (t.received - t.refunded), c),
    cartDiscountAmountSet: null,
    shippingLines: [],
    taxLines: [],
    notificationPreviewTitle: `Order ${order.name} updated`,
    notificationPreviewHtml: null,
  };
}

function variantOf(shop: Shop, sku: string) {
  const v = shop.variants.find((x) => x.sku === sku);
  const p = v && shop.products.find((x) => x.gid === v.productGid);
  return v && p ? variantView(shop, p, v) : null;
}

const sessionView = (s: Session) => ({ __typename: 'OrderEditSession', id: sessionGid(s.id) });

export const orderEditMutations = {
  orderEditBegin(args: { id: string }, ctx: SimContext) {
    const order = ctx.store.findOrder(ctx.shop, args.id);
    const fail = (message: string) => ({
      calculatedOrder: null,
      orderEditSession: null,
      userErrors: [userError(['id'], message)],
    });
    if (!order) return fail('The order does not exist');
    const blocked = notEditable(order);
    if (blocked) return fail(blocked);
    const s: Session = {
      id: ctx.store.id(),
      orderGid: order.gid,
      quantities: new Map(),
      additions: [],
      committed: false,
    };
    sessionsOf(ctx.shop).set(s.id.toString(), s);
    return { calculatedOrder: calculatedOrderView(ctx, order, s), orderEditSession: sessionView(s), userErrors: [] };
  },

  orderEditSetQuantity(
    args: { id: string; lineItemId: string; quantity: number; restock?: boolean | null; locationId?: string | null },
    ctx: SimContext,
  ) {
    const fail = (field: string[], message: string) => ({
      calculatedLineItem: null,
      calculatedOrder: null,
      orderEditSession: null,
      userErrors: [userError(field, message)],
    });
    const s = sessionOf(ctx, args.id);
    const order = s && ctx.store.findOrder(ctx.shop, s.orderGid);
    if (!s || !order || s.committed) return fail(['id'], 'The calculated order does not exist');
    if (args.quantity < 0) return fail(['quantity'], 'Quantity cannot be negative');
    const added = s.additions.find((a) => a.calculatedId === args.lineItemId);
    if (added) {
      if (args.quantity === 0) s.additions.splice(s.additions.indexOf(added), 1);
      else added.quantity = args.quantity;
    } else {
      const li = order.lineItems.find((l) => calculatedLineGid(l.gid) === args.lineItemId);
      if (!li) return fail(['lineItemId'], 'The line item does not exist');
      const fulfilled = fulfilledQuantity(order, li.gid);
      if (args.quantity < fulfilled)
        return fail(['quantity'], `Quantity cannot be less than the ${fulfilled} fulfilled unit(s)`);
      if (args.quantity === currentOf(li)) s.quantities.delete(li.gid);
      else s.quantities.set(li.gid, { quantity: args.quantity, restock: !!args.restock });
    }
    const view = calculatedOrderView(ctx, order, s);
    const line = (view.lineItems({}).nodes as { id: string }[]).find((l) => l.id === args.lineItemId) ?? null;
    return { calculatedLineItem: line, calculatedOrder: view, orderEditSession: sessionView(s), userErrors: [] };
  },

  orderEditAddVariant(
    args: { id: string; variantId: string; quantity: number; locationId?: string | null; allowDuplicates?: boolean },
    ctx: SimContext,
  ) {
    const fail = (field: string[], message: string) => ({
      calculatedLineItem: null,
      calculatedOrder: null,
      orderEditSession: null,
      userErrors: [userError(field, message)],
    });
    const s = sessionOf(ctx, args.id);
    const order = s && ctx.store.findOrder(ctx.shop, s.orderGid);
    if (!s || !order || s.committed) return fail(['id'], 'The calculated order does not exist');
    const v = ctx.shop.variants.find((x) => x.gid === args.variantId);
    if (!v) return fail(['variantId'], 'The variant does not exist');
    if (args.quantity < 1) return fail(['quantity'], 'Quantity must be greater than zero');
    if (args.locationId && !ctx.shop.locations.some((l) => l.gid === args.locationId))
      return fail(['locationId'], 'The location does not exist');
    const duplicate =
      order.lineItems.some((l) => l.sku === v.sku && currentOf(l) > 0) ||
      s.additions.some((a) => a.variantGid === v.gid);
    if (duplicate && !args.allowDuplicates)
      return fail(['variantId'], 'The variant is already on the order; set allowDuplicates to add it again');
    const calculatedId = `gid://shopify/CalculatedLineItem/${ctx.store.id()}`;
    s.additions.push({
      calculatedId,
      variantGid: v.gid,
      quantity: args.quantity,
      locationGid: args.locationId ?? null,
    });
    const view = calculatedOrderView(ctx, order, s);
    const line = (view.addedLineItems({}).nodes as { id: string }[]).find((l) => l.id === calculatedId) ?? null;
    return { calculatedLineItem: line, calculatedOrder: view, orderEditSession: sessionView(s), userErrors: [] };
  },

  orderEditCommit(args: { id: string; notifyCustomer?: boolean | null; staffNote?: string | null }, ctx: SimContext) {
    const fail = (field: string[], message: string) => ({
      order: null,
      successMessages: null,
      userErrors: [userError(field, message)],
    });
    const s = sessionOf(ctx, args.id);
    const order = s && ctx.store.findOrder(ctx.shop, s.orderGid);
    if (!s || !order) return fail(['id'], 'The calculated order does not exist');
    if (s.committed) return fail(['id'], 'The order edit has already been committed');
    const { errors } = applyOrderEdit(ctx, order, {
      quantities: [...s.quantities].map(([lineItemGid, q]) => ({ lineItemGid, ...q })),
      additions: s.additions.map((a) => ({
        variantGid: a.variantGid,
        quantity: a.quantity,
        locationGid: a.locationGid,
      })),
      staffNote: args.staffNote ?? null,
      notifyCustomer: !!args.notifyCustomer,
    });
    if (errors.length) return { order: null, successMessages: null, userErrors: errors };
    s.committed = true;
    sessionsOf(ctx.shop).delete(s.id.toString());
    return { order: orderView(ctx.shop, order), successMessages: ['Order updated'], userErrors: [] };
  },
};

/** Order.events for the edits committed on the order: one BasicEvent each, its staff note as the secondary message. */
export function orderEditEvents(order: SimOrder) {
  return (order.edits ?? []).map((e) => ({
    __typename: 'BasicEvent',
    id: `gid://shopify/BasicEvent/${e.gid.split('/').pop()}`,
    action: 'edit',
    message: `The order was edited`,
    secondaryMessage: e.staffNote,
    createdAt: e.createdAt,
    appTitle: null,
    attributeToApp: true,
    attributeToUser: false,
    criticalAlert: false,
    hasAdditionalContent: !!e.staffNote,
    additionalContent: e.staffNote ? { staff_note: e.staffNote } : null,
    additionalData: null,
    arguments: null,
    author: null,
    subjectId: order.gid,
    subjectType: 'ORDER',
  }));
}
