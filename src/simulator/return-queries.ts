import { GraphQLError } from 'graphql';
import type { SimContext } from './context';
import { findReturn, findReverseDelivery, findReverseFulfillmentOrder, findRfoLine } from './returns-model';
import {
  refundView,
  returnableFulfillments,
  returnableFulfillmentView,
  returnView,
  reverseDeliveryView,
  reverseFulfillmentOrderView,
  rfoLineView,
} from './returns-views';
import { connection } from './connection';

/** Root query fields for returns, and their objects by GID for node/nodes. */
export function returnNode(id: string, ctx: SimContext): Record<string, unknown> | null {
  const shop = ctx.shop;
  if (id.startsWith('gid://shopify/Return/')) {
    const r = findReturn(shop, id);
    return r ? returnView(shop, r.order, r.ret) : null;
  }
  if (id.startsWith('gid://shopify/ReverseFulfillmentOrder/')) {
    const r = findReverseFulfillmentOrder(shop, id);
    return r ? reverseFulfillmentOrderView(shop, r.order, r.ret, r.rfo) : null;
  }
  if (id.startsWith('gid://shopify/ReverseFulfillmentOrderLineItem/')) {
    const r = findRfoLine(shop, id);
    return r ? rfoLineView(shop, r.order, r.line) : null;
  }
  if (id.startsWith('gid://shopify/ReverseDelivery/')) {
    const r = findReverseDelivery(shop, id);
    return r ? reverseDeliveryView(shop, r.order, r.ret, r.rfo, r.delivery) : null;
  }
  if (id.startsWith('gid://shopify/Refund/')) {
    for (const order of shop.orders) {
      const refund = order.refunds.find((x) => x.gid === id);
      if (refund) return refundView(shop, order, refund);
    }
  }
  return null;
}

export const returnQueries = {
  return(args: { id: string }, ctx: SimContext) {
    return args.id.startsWith('gid://shopify/Return/') ? returnNode(args.id, ctx) : null;
  },
  reverseFulfillmentOrder(args: { id: string }, ctx: SimContext) {
    return args.id.startsWith('gid://shopify/ReverseFulfillmentOrder/') ? returnNode(args.id, ctx) : null;
  },
  reverseDelivery(args: { id: string }, ctx: SimContext) {
    return args.id.startsWith('gid://shopify/ReverseDelivery/') ? returnNode(args.id, ctx) : null;
  },
  /** Shopify answers an unknown order with an error (the connection is non-null). */
  returnableFulfillments(
    args: { orderId: string; first?: number; after?: string; reverse?: boolean },
    ctx: SimContext,
  ) {
    const order = ctx.shop.orders.find((o) => o.gid === args.orderId);
    if (!order) throw new GraphQLError(`Order ${args.orderId} does not exist.`, { extensions: { code: 'NOT_FOUND' } });
    const list = returnableFulfillments(ctx.shop, order);
    return connection(args.reverse ? list.reverse() : list, args);
  },
  returnableFulfillment(args: { id: string }, ctx: SimContext) {
    const legacy = args.id.split('/').pop();
    for (const order of ctx.shop.orders) {
      const f = order.fulfillments.find((x) => x.gid.split('/').pop() === legacy);
      if (f) return returnableFulfillmentView(ctx.shop, order, f);
    }
    return null;
  },
};
