import { GraphQLError } from 'graphql';
import { connection } from './connection';
import type { SimOrder } from './store';
import type { SimContext } from './context';
import { findRefund } from './refunds';
import { refundView } from './returns-views';
import { bulkOperationById, bulkOperationView, currentBulkOperation } from './bulk';
import { returnNode } from './return-queries';
import { productQueries } from './products';
import {
  fulfillmentOrderView,
  fulfillmentServiceView,
  inventoryItemView,
  inventoryLevelView,
  locationView,
  orderView,
} from './views';

/** Root query fields the simulator serves. */
function matchesQuery(o: { name: string; createdAt: string; updatedAt: string }, query?: string | null): boolean {
  if (!query) return true;
  return query.split(/\s+AND\s+|\s+/i).every((term) => {
    const m = /^(updated_at|created_at|name):(>=|<=|>|<)?(.+)$/.exec(term.trim());
    if (!m) return true;
    const [, field, op, raw] = m;
    const value = raw!.replace(/^['"]|['"]$/g, '');
    if (field === 'name') return o.name === value || o.name === `#${value}`;
    const at = Date.parse(field === 'updated_at' ? o.updatedAt : o.createdAt);
    const v = Date.parse(value);
    return op === '>=' ? at >= v : op === '>' ? at > v : op === '<=' ? at <= v : op === '<' ? at < v : at === v;
  });
}

/** Sort keys the simulator orders by; others fall back to ID (creation order). */
const SORT_KEYS: Record<string, (o: SimOrder) => string | number | bigint> = {
  ID: (o) => o.id,
  ORDER_NUMBER: (o) => Number(o.name.replace(/\D/g, '')),
  CREATED_AT: (o) => o.createdAt,
  PROCESSED_AT: (o) => o.createdAt,
  UPDATED_AT: (o) => o.updatedAt,
};
const compare = (a: string | number | bigint, b: string | number | bigint) => (a < b ? -1 : a > b ? 1 : 0);

/** inventoryItems' search terms: sku:<value> (exact; `*` suffix for a prefix), id:<number>. Other terms do not filter. */
function matchesItemQuery(v: { sku: string; inventoryItemGid: string }, query?: string | null): boolean {
  if (!query) return true;
  return query.split(/\s+AND\s+|\s+/i).every((term) => {
    const m = /^(sku|id):(.+)$/.exec(term.trim());
    if (!m) return true;
    const value = m[2]!.replace(/^['"]|['"]$/g, '');
    if (m[1] === 'id') return v.inventoryItemGid.split('/').pop() === value;
    return value.endsWith('*') ? v.sku.startsWith(value.slice(0, -1)) : v.sku === value;
  });
}

/** Any object the simulator can find by GID: orders, fulfillment orders, locations, inventory items and levels, bulk operations, returns and theirs. */
function nodeById(id: string, ctx: SimContext): Record<string, unknown> | null {
  const shop = ctx.shop;
  const level = /^gid:\/\/shopify\/InventoryLevel\/(\d+)\?inventory_item_id=(\d+)$/.exec(id);
  if (level) {
    const l = shop.locations.find((x) => x.gid === `gid://shopify/Location/${level[1]}`);
    const v = shop.variants.find((x) => x.inventoryItemGid === `gid://shopify/InventoryItem/${level[2]}`);
    return l && v && shop.levels.get(v.inventoryItemGid)?.has(l.gid) ? inventoryLevelView(shop, v, l) : null;
  }
  if (id.startsWith('gid://shopify/InventoryItem/')) {
    const v = shop.variants.find((x) => x.inventoryItemGid === id);
    return v ? inventoryItemView(shop, v) : null;
  }
  if (id.startsWith('gid://shopify/Location/')) {
    const l = shop.locations.find((x) => x.gid === id);
    return l ? locationView(shop, l) : null;
  }
  if (id.startsWith('gid://shopify/ProductVariant/')) return productQueries.productVariant({ id }, ctx);
  if (id.startsWith('gid://shopify/BulkOperation/')) {
    const op = bulkOperationById(shop, id);
    return op ? bulkOperationView(op, ctx) : null;
  }
  const returnObject = returnNode(id, ctx);
  if (returnObject) return returnObject;
  if (id.startsWith('gid://shopify/Refund/')) {
    const found = findRefund(shop, id);
    return found ? refundView(shop, found.order, found.refund) : null;
  }
  for (const o of shop.orders) {
    if (o.gid === id) return orderView(shop, o);
    const fo = o.fulfillmentOrders.find((f) => f.gid === id);
    if (fo) return fulfillmentOrderView(shop, o, fo);
  }
  return null;
}

export const queryRoot = {
  shop(_: unknown, ctx: SimContext) {
    return {
      __typename: 'Shop',
      id: `gid://shopify/Shop/${ctx.shop.domain.length}`,
      name: ctx.shop.name,
      myshopifyDomain: ctx.shop.domain,
      currencyCode: ctx.shop.currency,
      fulfillmentServices: () => (ctx.shop.fulfillmentServices ?? []).map((f) => fulfillmentServiceView(ctx.shop, f)),
    };
  },
  fulfillmentService(args: { id: string }, ctx: SimContext) {
    const f = (ctx.shop.fulfillmentServices ?? []).find((x) => x.gid === args.id);
    return f ? fulfillmentServiceView(ctx.shop, f) : null;
  },
  fulfillmentOrder(args: { id: string }, ctx: SimContext) {
    for (const o of ctx.shop.orders) {
      const fo = o.fulfillmentOrders.find((f) => f.gid === args.id);
      if (fo) return fulfillmentOrderView(ctx.shop, o, fo);
    }
    return null;
  },
  /** The fulfillment service's view: fulfillment orders at its locations, by where the request stands. */
  assignedFulfillmentOrders(
    args: { first?: number; after?: string; assignmentStatus?: string; locationIds?: string[]; reverse?: boolean },
    ctx: SimContext,
  ) {
    const fsLocations = new Set(ctx.shop.locations.filter((l) => l.fulfillmentServiceGid).map((l) => l.gid));
    const byStatus: Record<string, string[]> = {
      FULFILLMENT_UNSUBMITTED: ['UNSUBMITTED'],
      FULFILLMENT_REQUESTED: ['SUBMITTED'],
      FULFILLMENT_ACCEPTED: ['ACCEPTED'],
      CANCELLATION_REQUESTED: ['CANCELLATION_REQUESTED'],
    };
    const list = ctx.shop.orders.flatMap((o) =>
      o.fulfillmentOrders
        .filter(
          (fo) =>
            fsLocations.has(fo.locationGid) && (!args.locationIds?.length || args.locationIds.includes(fo.locationGid)),
        )
        .filter((fo) =>
          args.assignmentStatus
            ? (byStatus[args.assignmentStatus] ?? []).includes(fo.requestStatus) &&
              fo.status !== 'CLOSED' &&
              fo.status !== 'CANCELLED'
            : true,
        )
        .map((fo) => fulfillmentOrderView(ctx.shop, o, fo)),
    );
    return connection(args.reverse ? list.reverse() : list, args);
  },
  refund(args: { id: string }, ctx: SimContext) {
    const found = findRefund(ctx.shop, args.id);
    return found ? refundView(ctx.shop, found.order, found.refund) : null;
  },
  order(args: { id: string }, ctx: SimContext) {
    const o = ctx.shop.orders.find((x) => x.gid === args.id);
    return o ? orderView(ctx.shop, o) : null;
  },
  orders(
    args: { first?: number; after?: string; query?: string; reverse?: boolean; sortKey?: string },
    ctx: SimContext,
  ) {
    const key = SORT_KEYS[args.sortKey ?? 'ID'] ?? SORT_KEYS.ID!;
    const list = ctx.shop.orders.filter((o) => matchesQuery(o, args.query)).sort((a, b) => compare(key(a), key(b)));
    if (args.reverse) list.reverse();
    return connection(
      list.map((o) => orderView(ctx.shop, o)),
      args,
    );
  },
  locations(args: { first?: number; after?: string; includeInactive?: boolean }, ctx: SimContext) {
    return connection(
      ctx.shop.locations.filter((l) => args.includeInactive || l.isActive).map((l) => locationView(ctx.shop, l)),
      args,
    );
  },
  location(args: { id?: string }, ctx: SimContext) {
    const l = ctx.shop.locations.find((x) => x.gid === args.id) ?? (args.id ? undefined : ctx.shop.locations[0]);
    return l ? locationView(ctx.shop, l) : null;
  },
  webhookSubscriptions(args: { first?: number; after?: string }, ctx: SimContext) {
    return connection(
      ctx.shop.subscriptions.map((s) => ({
        __typename: 'WebhookSubscription',
        id: s.gid,
        topic: s.topic,
        uri: s.uri,
        createdAt: s.createdAt,
      })),
      args,
    );
  },
  node(args: { id: string }, ctx: SimContext) {
    return nodeById(args.id, ctx);
  },
  /** Shopify answers at most 250 ids per call. */
  nodes(args: { ids: string[] }, ctx: SimContext) {
    if (args.ids.length > 250)
      throw new GraphQLError('The maximum number of IDs is 250.', { extensions: { code: 'BAD_REQUEST' } });
    return args.ids.map((id) => nodeById(id, ctx));
  },
  inventoryItems(args: { first?: number; after?: string; query?: string; reverse?: boolean }, ctx: SimContext) {
    const list = ctx.shop.variants
      .filter((v) => matchesItemQuery(v, args.query))
      .map((v) => inventoryItemView(ctx.shop, v));
    return connection(args.reverse ? list.reverse() : list, args);
  },
  inventoryItem(args: { id: string }, ctx: SimContext) {
    const v = ctx.shop.variants.find((x) => x.inventoryItemGid === args.id);
    return v ? inventoryItemView(ctx.shop, v) : null;
  },
  currentBulkOperation(args: { type?: string }, ctx: SimContext) {
    const op = currentBulkOperation(ctx.shop, args.type ?? 'QUERY');
    return op ? bulkOperationView(op, ctx) : null;
  },
  bulkOperation(args: { id: string }, ctx: SimContext) {
    const op = bulkOperationById(ctx.shop, args.id);
    return op ? bulkOperationView(op, ctx) : null;
  },
};
