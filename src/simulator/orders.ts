import { commitLine, itemForLineItem, levelOf } from './inventory';
import { withLevelWebhooks } from './level-webhooks';
import { vaultMandate } from './mandates';
import { totals } from './payments';
import {
  cents,
  money,
  nowIso,
  type Shop,
  type SimFulfillmentOrder,
  type SimOrder,
  type SimStore,
  type SimTransaction,
} from './store';
import type { WebhookEmitter } from './webhooks';
import { orderBody, transactionBody } from './webhook-bodies';
import { ControlError } from './control-util';

/**
 * Orders placed as a shopper would at checkout: line items from the shop's
 * variants, one OPEN fulfillment order (stock committed) at the first active
 * location that fulfills online orders, and the payment: an authorization
 * (default), nothing yet (pending), or a sale (paid).
 */
export interface PlaceOrder {
  lineItems: { sku: string; quantity: number; price?: string }[];
  shippingAddress?: Record<string, unknown>;
  email?: string;
  note?: string;
  shippingPrice?: string;
  payment: 'authorized' | 'pending' | 'paid';
  authorizationExpiresInSeconds: number;
  /** Authorize this much instead of the total (a hold with headroom, e.g. for later edits that add units). */
  authorizedAmount?: string;
  declineCaptures: boolean;
  risk: 'LOW' | 'MEDIUM' | 'HIGH';
  tags: string[];
  /** 'pos': sold at a store's point of sale (`locationId`): paid, fulfilled there at once, its stock off that location. */
  sourceName?: 'web' | 'pos';
  locationId?: string;
  /** false: the card paid with was not vaulted (no PaymentMandate on the order). Default: vaulted. */
  vaultedPaymentMethod?: boolean;
}

export const GATEWAY = 'bogus';

export function authorization(
  store: SimStore,
  order: SimOrder,
  expiresInSeconds: number,
  kind: 'AUTHORIZATION' | 'SALE' = 'AUTHORIZATION',
): SimTransaction {
  const id = store.id();
  const t: SimTransaction = {
    id,
    gid: store.gid('OrderTransaction', id),
    kind,
    status: 'SUCCESS',
    amount: totals(order).total,
    parentGid: null,
    gateway: GATEWAY,
    createdAt: nowIso(),
    errorCode: null,
    authorizationExpiresAt:
      kind === 'AUTHORIZATION' ? new Date(Date.now() + expiresInSeconds * 1000).toISOString() : null,
  };
  order.transactions.push(t);
  return t;
}

export function placeOrder(store: SimStore, shop: Shop, webhooks: WebhookEmitter, input: PlaceOrder): SimOrder {
  return withLevelWebhooks(shop, webhooks, () =>
    input.sourceName === 'pos'
      ? placePosOrder(store, shop, webhooks, input)
      : placeOnlineOrder(store, shop, webhooks, input),
  );
}

function placeOnlineOrder(store: SimStore, shop: Shop, webhooks: WebhookEmitter, input: PlaceOrder): SimOrder {
  const home = shop.locations.find((l) => l.isActive && l.fulfillsOnlineOrders);
  if (!home) throw new ControlError(409, 'The shop has no active location that fulfills online orders');
  const order = newOrder(store, shop, input);
  const createdAt = order.createdAt;
  const lineItems = order.lineItems;
  const shippable = lineItems.filter((l) => l.requiresShipping);
  if (shippable.length) {
    const fo = {
      gid: store.gid('FulfillmentOrder'),
      status: 'OPEN' as const,
      requestStatus: 'UNSUBMITTED',
      locationGid: home.gid,
      holds: [],
      createdAt,
      lines: shippable.map((l) => ({
        gid: store.gid('FulfillmentOrderLineItem'),
        lineItemGid: l.gid,
        totalQuantity: l.quantity,
        remainingQuantity: l.quantity,
      })),
    };
    order.fulfillmentOrders.push(fo);
    for (const l of fo.lines) commitLine(shop, order, fo, l.lineItemGid, l.totalQuantity, 'commit');
  }
  shop.orders.push(order);
  const payment =
    input.payment === 'authorized'
      ? authorization(store, order, input.authorizationExpiresInSeconds)
      : input.payment === 'paid'
        ? authorization(store, order, 0, 'SALE')
        : null;
  if (payment && input.payment === 'authorized' && input.authorizedAmount)
    payment.amount = cents(input.authorizedAmount);
  if (payment && input.vaultedPaymentMethod !== false) vaultMandate(store, order, holderName(input.shippingAddress));
  webhooks.emit(shop, 'orders/create', orderBody(order));
  if (payment) webhooks.emit(shop, 'order_transactions/create', transactionBody(order, payment));
  if (input.payment === 'paid') webhooks.emit(shop, 'orders/paid', orderBody(order));
  return order;
}

/** The card holder as the shipping address names them, if it does. */
function holderName(address: Record<string, unknown> | undefined): string | null {
  if (!address) return null;
  const full = [address.firstName, address.lastName].filter((x) => typeof x === 'string' && x).join(' ');
  return full || (typeof address.name === 'string' ? address.name : null);
}

/** The order itself: line items from the shop's variants, no fulfillment orders or payment yet. */
function newOrder(store: SimStore, shop: Shop, input: PlaceOrder): SimOrder {
  const id = store.id();
  const createdAt = nowIso();
  const lineItems = input.lineItems.map((l) => {
    const v = shop.variants.find((x) => x.sku === l.sku);
    if (!v && !l.price) throw new ControlError(400, `Unknown SKU ${l.sku} (give a price for a custom item)`);
    const lid = store.id();
    return {
      id: lid,
      gid: store.gid('LineItem', lid),
      sku: l.sku,
      title: v?.title ?? l.sku,
      quantity: l.quantity,
      price: l.price ? cents(l.price) : v!.price,
      requiresShipping: v?.requiresShipping ?? true,
    };
  });
  const order: SimOrder = {
    id,
    gid: store.gid('Order', id),
    name: `#${shop.nextOrderNumber++}`,
    email: input.email ?? null,
    note: input.note ?? null,
    createdAt,
    updatedAt: createdAt,
    cancelledAt: null,
    closed: false,
    currency: shop.currency,
    lineItems,
    shippingPrice: input.shippingPrice ? cents(input.shippingPrice) : 0,
    shippingAddress: input.shippingAddress ?? null,
    transactions: [],
    fulfillmentOrders: [],
    fulfillments: [],
    metafields: [],
    tags: input.tags,
    risk: input.risk,
    declineCaptures: input.declineCaptures,
    refunds: [],
  };
  order.sourceName = input.sourceName ?? 'web';
  return order;
}

/**
 * A point-of-sale order: paid, and handed over at the store, so it is
 * fulfilled there at once (a closed fulfillment order and a fulfillment) and
 * its units leave that location's stock without being committed first.
 */
function placePosOrder(store: SimStore, shop: Shop, webhooks: WebhookEmitter, input: PlaceOrder): SimOrder {
  const location = shop.locations.find((l) => l.gid === input.locationId || l.name === input.locationId);
  if (!location)
    throw new ControlError(
      400,
      `A point-of-sale order needs locationId: a location of ${shop.domain} (GID or name), not ${input.locationId}`,
    );
  const order = newOrder(store, shop, input);
  order.locationGid = location.gid;
  const fo: SimFulfillmentOrder = {
    gid: store.gid('FulfillmentOrder'),
    status: 'CLOSED',
    requestStatus: 'UNSUBMITTED',
    locationGid: location.gid,
    holds: [],
    createdAt: order.createdAt,
    lines: order.lineItems.map((l) => ({
      gid: store.gid('FulfillmentOrderLineItem'),
      lineItemGid: l.gid,
      totalQuantity: l.quantity,
      remainingQuantity: 0,
    })),
  };
  order.fulfillmentOrders.push(fo);
  for (const l of fo.lines) {
    const item = itemForLineItem(shop, order, l.lineItemGid);
    const level = item ? levelOf(shop, item, location.gid) : undefined;
    if (level) level.available = (level.available ?? 0) - l.totalQuantity;
  }
  order.fulfillments.push({
    gid: store.gid('Fulfillment'),
    status: 'SUCCESS',
    trackingInfo: [],
    notifyCustomer: false,
    locationGid: location.gid,
    lines: fo.lines.map((l) => ({
      gid: store.gid('FulfillmentLineItem'),
      fulfillmentOrderGid: fo.gid,
      lineGid: l.gid,
      quantity: l.totalQuantity,
    })),
    createdAt: order.createdAt,
  });
  shop.orders.push(order);
  const sale = authorization(store, order, 0, 'SALE');
  webhooks.emit(shop, 'orders/create', orderBody(order));
  webhooks.emit(shop, 'order_transactions/create', transactionBody(order, sale));
  webhooks.emit(shop, 'orders/paid', orderBody(order));
  return order;
}

/** Internal state as plain JSON (bigints as strings, amounts as decimals), for assertions. */
export function orderState(shop: Shop, o: SimOrder) {
  const t = totals(o);
  const locationName = (gid?: string) => shop.locations.find((l) => l.gid === gid)?.name ?? null;
  return {
    id: o.gid,
    legacyResourceId: o.id.toString(),
    name: o.name,
    email: o.email,
    note: o.note ?? null,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    cancelledAt: o.cancelledAt,
    closed: o.closed,
    total: money(t.total),
    received: money(t.received),
    refunded: money(t.refunded),
    capturable: money(t.capturable),
    tags: o.tags,
    metafields: o.metafields,
    lineItems: o.lineItems.map((l) => ({
      id: l.gid,
      legacyResourceId: l.id.toString(),
      sku: l.sku,
      quantity: l.quantity,
      price: money(l.price),
    })),
    transactions: o.transactions.map((x) => ({
      id: x.gid,
      kind: x.kind,
      status: x.status,
      amount: money(x.amount),
      parentId: x.parentGid,
      errorCode: x.errorCode,
      authorizationExpiresAt: x.authorizationExpiresAt,
      closed: !!x.closed,
    })),
    fulfillmentOrders: o.fulfillmentOrders.map((fo) => ({
      id: fo.gid,
      status: fo.status,
      requestStatus: fo.requestStatus,
      locationName: locationName(fo.locationGid),
      assignedLocation: { id: fo.locationGid, name: locationName(fo.locationGid) },
      holds: fo.holds,
      fulfillBy: fo.fulfillBy ?? null,
      merchantRequests: fo.merchantRequests ?? [],
      lastResponse: fo.lastResponse ?? null,
      lines: fo.lines.map((l) => ({ ...l, sku: o.lineItems.find((li) => li.gid === l.lineItemGid)?.sku ?? null })),
    })),
    fulfillments: o.fulfillments.map((f) => ({ ...f, locationName: locationName(f.locationGid) })),
    refunds: o.refunds.map((r) => ({ id: r.gid, amount: money(r.amount), note: r.note ?? null })),
    vaultedPaymentMethods: (o.mandates ?? []).map((m) => m.gid),
    invoices: (o.invoices ?? []).map((i) => ({ ...i, amountDue: money(i.amountDue) })),
  };
}
