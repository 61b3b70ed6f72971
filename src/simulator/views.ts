import { connection } from './connection';
import { paymentCollectionDetailsView } from './mandates';
import { orderReturnStatus } from './returns-model';
import { fulfillmentExtras, orderReturnsView, refundView } from './returns-views';
import { orderEditEvents } from './order-edits';
import { variantView } from './products';
import { quantity } from './inventory';
import { capturableOn, financialStatus, fulfillmentStatus, outstanding, totals } from './payments';
import {
  money,
  type Shop,
  type SimFulfillmentOrder,
  type SimFulfillmentService,
  type SimLocation,
  type SimMerchantRequest,
  type SimOrder,
  type SimTransaction,
  type SimVariant,
} from './store';

/**
 * State as GraphQL objects. graphql-js's default resolver reads properties and
 * calls functions with the field's arguments, so these plain objects are the
 * resolvers. `__typename` lets interfaces (Node) resolve their type.
 */
export const bag = (cents: number, currency: string) => {
  const m = { amount: money(cents), currencyCode: currency, __typename: 'MoneyV2' };
  return { shopMoney: m, presentmentMoney: m, __typename: 'MoneyBag' };
};

export function fulfillmentServiceView(shop: Shop, fs: SimFulfillmentService): Record<string, unknown> {
  const location = shop.locations.find((l) => l.gid === fs.locationGid);
  return {
    __typename: 'FulfillmentService',
    id: fs.gid,
    handle: fs.handle,
    serviceName: fs.serviceName,
    callbackUrl: fs.callbackUrl,
    inventoryManagement: fs.inventoryManagement,
    trackingSupport: fs.trackingSupport,
    requiresShippingMethod: fs.requiresShippingMethod,
    fulfillmentOrdersOptIn: true, // deprecated; always true since the migration to fulfillment orders
    type: 'THIRD_PARTY',
    location: () => (location ? locationView(shop, location) : null),
  };
}

export function fulfillmentServiceOf(shop: Shop, locationGid: string): SimFulfillmentService | undefined {
  const l = shop.locations.find((x) => x.gid === locationGid);
  return l?.fulfillmentServiceGid
    ? (shop.fulfillmentServices ?? []).find((f) => f.gid === l.fulfillmentServiceGid)
    : undefined;
}

export function locationView(shop: Shop, l: SimLocation) {
  const service = fulfillmentServiceOf(shop, l.gid);
  return {
    __typename: 'Location',
    id: l.gid,
    legacyResourceId: l.gid.split('/').pop(),
    name: l.name,
    isActive: l.isActive,
    fulfillsOnlineOrders: l.fulfillsOnlineOrders,
    isFulfillmentService: !!service,
    fulfillmentService: () => (service ? fulfillmentServiceView(shop, service) : null),
    address: {
      __typename: 'LocationAddress',
      ...l.address,
      country: l.address.countryCode,
      province: l.address.provinceCode,
      formatted: [],
    },
    inventoryLevels: (args: { first?: number; after?: string }) =>
      connection(
        shop.variants
          .filter((v) => shop.levels.get(v.inventoryItemGid)?.has(l.gid))
          .map((v) => inventoryLevelView(shop, v, l)),
        args,
      ),
  };
}

/** InventoryLevel's GID as Shopify builds it: the location's id, the item's id as a query parameter. */
export function inventoryLevelGid(locationGid: string, itemGid: string): string {
  return `gid://shopify/InventoryLevel/${locationGid.split('/').pop()}?inventory_item_id=${itemGid.split('/').pop()}`;
}

/** One item's quantities at one location (the location must stock it). */
export function inventoryLevelView(shop: Shop, v: SimVariant, l: SimLocation) {
  const level = shop.levels.get(v.inventoryItemGid)!.get(l.gid)!;
  return {
    __typename: 'InventoryLevel',
    id: inventoryLevelGid(l.gid, v.inventoryItemGid),
    isActive: true,
    quantities: ({ names }: { names: string[] }) =>
      names.map((name) => ({
        __typename: 'InventoryQuantity',
        id: `${l.gid}/${v.inventoryItemGid}/${name}`,
        name,
        quantity: quantity(level, name),
      })),
    item: () => inventoryItemView(shop, v),
    location: () => locationView(shop, l),
  };
}

/** A variant's inventory item: its levels at the locations that stock it, in the shop's location order. */
export function inventoryItemView(shop: Shop, v: SimVariant) {
  const stocking = () => shop.locations.filter((l) => shop.levels.get(v.inventoryItemGid)?.has(l.gid));
  return {
    __typename: 'InventoryItem',
    id: v.inventoryItemGid,
    legacyResourceId: v.inventoryItemGid.split('/').pop(),
    sku: v.sku,
    tracked: true,
    requiresShipping: v.requiresShipping,
    duplicateSkuCount: shop.variants.filter((x) => x.sku === v.sku && x !== v).length,
    inventoryLevels: (args: { first?: number; after?: string }) =>
      connection(
        stocking().map((l) => inventoryLevelView(shop, v, l)),
        args,
      ),
    inventoryLevel: (args: { locationId: string }) => {
      const l = stocking().find((x) => x.gid === args.locationId);
      return l ? inventoryLevelView(shop, v, l) : null;
    },
  };
}

export function transactionView(order: SimOrder, t: SimTransaction): Record<string, unknown> {
  const parent = t.parentGid ? order.transactions.find((x) => x.gid === t.parentGid) : undefined;
  return {
    __typename: 'OrderTransaction',
    id: t.gid,
    kind: t.kind,
    status: t.status,
    gateway: t.gateway,
    createdAt: t.createdAt,
    processedAt: t.createdAt,
    authorizationExpiresAt: t.authorizationExpiresAt,
    errorCode: t.errorCode,
    amountSet: bag(t.amount, order.currency),
    parentTransaction: parent ? transactionView(order, parent) : null,
    multiCapturable: t.kind === 'AUTHORIZATION',
    totalUnsettledSet: bag(t.kind === 'AUTHORIZATION' ? capturableOn(order, t) : 0, order.currency),
    paymentId: t.paymentId ?? null,
  };
}

export function merchantRequestView(shop: Shop, order: SimOrder, fo: SimFulfillmentOrder, r: SimMerchantRequest) {
  return {
    __typename: 'FulfillmentOrderMerchantRequest',
    id: r.gid,
    kind: r.kind,
    message: r.message,
    requestOptions: r.requestOptions,
    responseData: null,
    sentAt: r.sentAt,
    fulfillmentOrder: () => fulfillmentOrderView(shop, order, fo),
  };
}

export function fulfillmentOrderView(shop: Shop, order: SimOrder, fo: SimFulfillmentOrder): Record<string, unknown> {
  const location = shop.locations.find((l) => l.gid === fo.locationGid);
  const a = location?.address ?? {};
  return {
    __typename: 'FulfillmentOrder',
    id: fo.gid,
    status: fo.status,
    requestStatus: fo.requestStatus,
    createdAt: fo.createdAt,
    fulfillBy: fo.fulfillBy ?? null,
    orderId: order.gid,
    orderName: order.name,
    order: () => orderView(shop, order),
    assignedLocation: {
      __typename: 'FulfillmentOrderAssignedLocation',
      name: location?.name ?? null,
      address1: a.address1 ?? null,
      city: a.city ?? null,
      province: a.provinceCode ?? null,
      zip: a.zip ?? null,
      ...(a.countryCode ? { countryCode: a.countryCode } : {}),
      location: location ? locationView(shop, location) : null,
    },
    merchantRequests: (args: { first?: number; after?: string; last?: number; kind?: string; reverse?: boolean }) => {
      const list = (fo.merchantRequests ?? [])
        .filter((r) => !args.kind || r.kind === args.kind)
        .map((r) => merchantRequestView(shop, order, fo, r));
      return connection(args.reverse ? list.reverse() : list, args);
    },
    fulfillmentHolds: fo.holds.map((h) => ({
      __typename: 'FulfillmentHold',
      id: h.gid,
      handle: h.handle,
      reason: h.reason,
      reasonNotes: h.reasonNotes,
      heldByRequestingApp: true,
    })),
    lineItems: (args: { first?: number; after?: string }) =>
      connection(
        fo.lines.map((l) => {
          const li = order.lineItems.find((x) => x.gid === l.lineItemGid)!;
          return {
            __typename: 'FulfillmentOrderLineItem',
            id: l.gid,
            totalQuantity: l.totalQuantity,
            remainingQuantity: l.remainingQuantity,
            sku: li.sku,
            requiresShipping: li.requiresShipping,
            lineItem: lineItemView(shop, order, li),
          };
        }),
        args,
      ),
  };
}

export function lineItemView(shop: Shop, order: SimOrder, li: SimOrder['lineItems'][number]) {
  const fulfilled = order.fulfillments
    .flatMap((f) => f.lines)
    .filter((l) =>
      order.fulfillmentOrders.some((fo) => fo.lines.some((x) => x.gid === l.lineGid && x.lineItemGid === li.gid)),
    );
  const unfulfilled = li.quantity - fulfilled.reduce((s, l) => s + l.quantity, 0);
  return {
    __typename: 'LineItem',
    id: li.gid,
    sku: li.sku,
    title: li.title,
    name: li.title,
    quantity: li.quantity,
    currentQuantity: order.cancelledAt ? 0 : (li.currentQuantity ?? li.quantity),
    unfulfilledQuantity: unfulfilled,
    requiresShipping: li.requiresShipping,
    variant: () => {
      const v = shop.variants.find((x) => x.sku === li.sku);
      const p = v && shop.products.find((x) => x.gid === v.productGid);
      return v && p ? variantView(shop, p, v) : null;
    },
    originalUnitPriceSet: bag(li.price, order.currency),
    discountedTotalSet: () => bag(li.price * li.quantity, order.currency),
    // The simulator charges no tax: every line's tax lines are empty, as on a tax-exempt order.
    taxLines: () => [],
  };
}

export function orderView(shop: Shop, order: SimOrder) {
  const t = totals(order);
  const riskLevel = order.risk;
  return {
    __typename: 'Order',
    id: order.gid,
    legacyResourceId: order.id.toString(),
    name: order.name,
    email: order.email,
    sourceName: order.sourceName ?? 'web',
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    cancelledAt: order.cancelledAt,
    closed: order.closed,
    test: true,
    currencyCode: order.currency,
    presentmentCurrencyCode: order.currency,
    displayFinancialStatus: financialStatus(order),
    displayFulfillmentStatus: fulfillmentStatus(order),
    capturable: t.capturable > 0,
    paymentGatewayNames: [...new Set(order.transactions.map((x) => x.gateway))],
    tags: order.tags,
    totalPriceSet: bag(t.total, order.currency),
    currentTotalPriceSet: bag(t.current, order.currency),
    subtotalPriceSet: bag(t.total - order.shippingPrice, order.currency),
    totalShippingPriceSet: bag(order.shippingPrice, order.currency),
    totalCapturableSet: bag(t.capturable, order.currency),
    totalReceivedSet: bag(t.received, order.currency),
    totalRefundedSet: bag(t.refunded, order.currency),
    totalOutstandingSet: bag(outstanding(order, t), order.currency),
    paymentCollectionDetails: () => paymentCollectionDetailsView(shop, order),
    returnStatus: orderReturnStatus(order),
    returns: (args: { first?: number; after?: string; query?: string; reverse?: boolean }) =>
      orderReturnsView(shop, order, args),
    refunds: (args: { first?: number }) =>
      order.refunds.slice(0, args.first ?? 100).map((r) => refundView(shop, order, r)),
    risk: {
      __typename: 'OrderRiskSummary',
      recommendation: riskLevel === 'HIGH' ? 'CANCEL' : riskLevel === 'MEDIUM' ? 'INVESTIGATE' : 'ACCEPT',
      assessments: [{ __typename: 'OrderRiskAssessment', riskLevel, facts: [] }],
    },
    shippingAddress: order.shippingAddress
      ? {
          __typename: 'MailingAddress',
          id: `${order.gid}/shipping`,
          coordinatesValidated: true,
          formatted: [],
          ...order.shippingAddress,
          countryCodeV2: order.shippingAddress.countryCode,
        }
      : null,
    lineItems: (args: { first?: number; after?: string }) =>
      connection(
        order.lineItems.map((li) => lineItemView(shop, order, li)),
        args,
      ),
    transactions: (args: { first?: number; capturable?: boolean }) =>
      order.transactions
        .filter((x) => !args.capturable || (x.kind === 'AUTHORIZATION' && capturableOn(order, x) > 0))
        .slice(0, args.first ?? 100)
        .map((x) => transactionView(order, x)),
    fulfillmentOrders: (args: { first?: number; after?: string }) =>
      connection(
        order.fulfillmentOrders.map((fo) => fulfillmentOrderView(shop, order, fo)),
        args,
      ),
    edited: !!order.edits?.length,
    events: (args: { first?: number; after?: string; last?: number; reverse?: boolean }) => {
      const list = orderEditEvents(order);
      return connection(args.reverse ? list.reverse() : list, args);
    },
    fulfillmentsCount: { __typename: 'Count', count: order.fulfillments.length, precision: 'EXACT' },
    fulfillments: (args: { first?: number }) =>
      order.fulfillments.slice(0, args.first ?? 100).map((f) => ({
        __typename: 'Fulfillment',
        id: f.gid,
        status: f.status,
        createdAt: f.createdAt,
        trackingInfo: () => f.trackingInfo.map((ti) => ({ __typename: 'FulfillmentTrackingInfo', ...ti })),
        ...fulfillmentExtras(shop, order, f),
      })),
    metafield: (args: { namespace?: string; key: string }) => {
      const m = order.metafields.find((x) => x.key === args.key && (!args.namespace || x.namespace === args.namespace));
      return m
        ? { __typename: 'Metafield', id: m.gid, namespace: m.namespace, key: m.key, type: m.type, value: m.value }
        : null;
    },
  };
}
