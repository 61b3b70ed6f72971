import { capturableOn } from './payments';
import { nowIso } from './store';
import { touch, userError, type SimContext } from './context';
import { commitLine } from './inventory';
import { orderBody, refundBody, transactionBody } from './webhook-bodies';
import type { SimOrder, SimTransaction } from './store';

/** Metafields, tags, order cancellation, webhook subscriptions. */
export const orderMutations = {
  metafieldsSet(
    args: { metafields: { ownerId: string; namespace?: string; key: string; type?: string; value: string }[] },
    ctx: SimContext,
  ) {
    const out = [];
    for (const [i, m] of args.metafields.entries()) {
      const order = ctx.store.findOrder(ctx.shop, m.ownerId);
      if (!order)
        return {
          metafields: null,
          userErrors: [userError(['metafields', String(i), 'ownerId'], 'Owner does not exist', 'INVALID')],
        };
      if (m.type === 'json') {
        try {
          JSON.parse(m.value);
        } catch {
          return {
            metafields: null,
            userErrors: [userError(['metafields', String(i), 'value'], 'Value is invalid JSON', 'INVALID_VALUE')],
          };
        }
      }
      const namespace = m.namespace ?? '$app';
      let existing = order.metafields.find((x) => x.namespace === namespace && x.key === m.key);
      if (!existing) {
        existing = {
          gid: ctx.store.gid('Metafield'),
          namespace,
          key: m.key,
          type: m.type ?? 'single_line_text_field',
          value: m.value,
        };
        order.metafields.push(existing);
      } else existing.value = m.value;
      touch(order);
      out.push({
        __typename: 'Metafield',
        id: existing.gid,
        namespace,
        key: m.key,
        type: existing.type,
        value: existing.value,
      });
    }
    return { metafields: out, userErrors: [] };
  },

  tagsAdd(args: { id: string; tags: string[] }, ctx: SimContext) {
    const order = ctx.store.findOrder(ctx.shop, args.id);
    if (!order) return { node: null, userErrors: [userError(['id'], 'Resource does not exist')] };
    const before = order.tags.length;
    for (const t of args.tags) if (!order.tags.includes(t)) order.tags.push(t);
    if (order.tags.length !== before) {
      touch(order);
      ctx.webhooks.emit(ctx.shop, 'orders/updated', orderBody(order));
    }
    return { node: { __typename: 'Order', id: order.gid }, userErrors: [] };
  },

  orderCancel(
    args: {
      orderId: string;
      reason: string;
      restock: boolean;
      refund?: boolean;
      notifyCustomer?: boolean;
      staffNote?: string;
    },
    ctx: SimContext,
  ) {
    const order = ctx.store.findOrder(ctx.shop, args.orderId);
    const fail = (message: string, code: string) => ({
      job: null,
      orderCancelUserErrors: [userError(['orderId'], message, code)],
      userErrors: [],
    });
    if (!order) return fail('Order does not exist', 'NOT_FOUND');
    if (order.cancelledAt) return fail('Order has already been cancelled', 'INVALID');
    if (order.fulfillments.length) return fail('Cannot cancel an order that has fulfillments', 'INVALID');
    cancelOrder(ctx, order, { refund: !!args.refund, restock: args.restock });
    return {
      job: { __typename: 'Job', id: ctx.store.gid('Job'), done: true },
      orderCancelUserErrors: [],
      userErrors: [],
    };
  },

  webhookSubscriptionCreate(
    args: { topic: string; webhookSubscription: { uri?: string; callbackUrl?: string } },
    ctx: SimContext,
  ) {
    const uri = args.webhookSubscription.uri ?? args.webhookSubscription.callbackUrl;
    if (!uri || !/^https?:\/\//.test(uri))
      return {
        webhookSubscription: null,
        userErrors: [userError(['webhookSubscription', 'uri'], 'Address is invalid')],
      };
    if (ctx.shop.subscriptions.some((s) => s.topic === args.topic && s.uri === uri)) {
      return {
        webhookSubscription: null,
        userErrors: [userError(['webhookSubscription', 'uri'], 'Address for this topic has already been taken')],
      };
    }
    const sub = { gid: ctx.store.gid('WebhookSubscription'), topic: args.topic, uri, createdAt: nowIso() };
    ctx.shop.subscriptions.push(sub);
    return {
      webhookSubscription: { __typename: 'WebhookSubscription', id: sub.gid, topic: sub.topic, uri: sub.uri },
      userErrors: [],
    };
  },
};

/**
 * As in the Shopify admin: the order is cancelled and closed, unfulfilled
 * fulfillment orders are cancelled (their committed stock released when
 * restocking, else written off), open authorizations are voided whatever
 * `refund` says, and with `refund` the captured money goes back.
 */
export function cancelOrder(ctx: SimContext, order: SimOrder, opts: { refund: boolean; restock?: boolean }) {
  order.cancelledAt = nowIso();
  order.updatedAt = order.cancelledAt; // Shopify's updated_at moves with every change to the order
  order.closed = true;
  for (const fo of order.fulfillmentOrders) {
    if (fo.status === 'CLOSED' || fo.status === 'CANCELLED') continue;
    for (const l of fo.lines)
      commitLine(ctx.shop, order, fo, l.lineItemGid, l.remainingQuantity, opts.restock === false ? 'ship' : 'release');
    fo.status = 'CANCELLED';
    fo.holds = [];
  }
  const add = (t: Omit<SimTransaction, 'id' | 'gid' | 'createdAt'>) => {
    const id = ctx.store.id();
    const tx: SimTransaction = { ...t, id, gid: ctx.store.gid('OrderTransaction', id), createdAt: nowIso() };
    order.transactions.push(tx);
    return tx;
  };
  const created: SimTransaction[] = [];
  for (const auth of order.transactions.filter((x) => x.kind === 'AUTHORIZATION' && capturableOn(order, x) > 0)) {
    const captured = order.transactions.some(
      (c) => c.parentGid === auth.gid && c.kind === 'CAPTURE' && c.status === 'SUCCESS',
    );
    if (captured)
      auth.closed = true; // a partly captured authorization: release the rest
    else
      created.push(
        add({
          kind: 'VOID',
          status: 'SUCCESS',
          amount: auth.amount,
          parentGid: auth.gid,
          gateway: auth.gateway,
          authorizationExpiresAt: null,
          errorCode: null,
        }),
      );
  }
  const refunds: SimTransaction[] = [];
  if (opts.refund) {
    for (const c of order.transactions.filter(
      (x) => (x.kind === 'CAPTURE' || x.kind === 'SALE') && x.status === 'SUCCESS',
    )) {
      const refunded = order.transactions
        .filter((r) => r.kind === 'REFUND' && r.parentGid === c.gid && r.status === 'SUCCESS')
        .reduce((s, r) => s + r.amount, 0);
      if (c.amount - refunded > 0)
        refunds.push(
          add({
            kind: 'REFUND',
            status: 'SUCCESS',
            amount: c.amount - refunded,
            parentGid: c.gid,
            gateway: c.gateway,
            authorizationExpiresAt: null,
            errorCode: null,
          }),
        );
    }
  }
  touch(order);
  ctx.webhooks.emit(ctx.shop, 'orders/cancelled', orderBody(order));
  for (const t of [...created, ...refunds])
    ctx.webhooks.emit(ctx.shop, 'order_transactions/create', transactionBody(order, t));
  if (refunds.length) {
    const refund = {
      gid: ctx.store.gid('Refund'),
      amount: refunds.reduce((s, t) => s + t.amount, 0),
      createdAt: nowIso(),
      note: 'Order cancelled',
      lines: [],
      transactionGids: refunds.map((t) => t.gid),
      returnGid: null,
    };
    order.refunds.push(refund);
    ctx.webhooks.emit(ctx.shop, 'refunds/create', refundBody(order, refund, refunds));
  }
}
