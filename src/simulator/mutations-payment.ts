import { capturableOn, financialStatus, isExpired } from './payments';
import { cents, money, nowIso, type SimOrder, type SimRefund, type SimTransaction } from './store';
import { touch, userError, type SimContext } from './context';
import { orderView, transactionView } from './views';
import { applyRefundLines, checkRefundLines, type RefundLineInput } from './refunds';
import { refundView } from './returns-views';
import { orderBody, refundBody, transactionBody } from './webhook-bodies';

/** orderCapture, transactionVoid, refundCreate, with Shopify's rules. */
export function addTransaction(ctx: SimContext, order: SimOrder, t: Omit<SimTransaction, 'id' | 'gid' | 'createdAt'>) {
  const id = ctx.store.id();
  const tx: SimTransaction = { ...t, id, gid: ctx.store.gid('OrderTransaction', id), createdAt: nowIso() };
  order.transactions.push(tx);
  touch(order);
  ctx.webhooks.emit(ctx.shop, 'order_transactions/create', transactionBody(order, tx));
  return tx;
}

/** addTransaction for money taken (a capture or a sale), with orders/paid when it leaves the order paid. */
export function addPayment(ctx: SimContext, order: SimOrder, t: Omit<SimTransaction, 'id' | 'gid' | 'createdAt'>) {
  const before = financialStatus(order);
  const tx = addTransaction(ctx, order, t);
  if (before !== 'PAID' && financialStatus(order) === 'PAID')
    ctx.webhooks.emit(ctx.shop, 'orders/paid', orderBody(order));
  return tx;
}

function orderOf(ctx: SimContext, gid: string) {
  return ctx.store.findOrder(ctx.shop, gid);
}

export const paymentMutations = {
  orderCapture(
    args: {
      input: { id: string; parentTransactionId: string; amount: string; currency?: string; finalCapture?: boolean };
    },
    ctx: SimContext,
  ) {
    const { input } = args;
    const order = orderOf(ctx, input.id);
    const fail = (field: string[], message: string) => ({ transaction: null, userErrors: [userError(field, message)] });
    if (!order) return fail(['id'], 'Order does not exist');
    if (order.cancelledAt) return fail(['id'], 'Order is cancelled');
    const parent = order.transactions.find((t) => t.gid === input.parentTransactionId);
    if (!parent || parent.kind !== 'AUTHORIZATION' || parent.status !== 'SUCCESS')
      return fail(['parentTransactionId'], 'Parent transaction must be a successful authorization');
    if (input.currency && input.currency !== order.currency)
      return fail(['currency'], `Currency must be ${order.currency}`);
    if (isExpired(parent)) return fail(['parentTransactionId'], 'The authorization has expired');
    const amount = cents(input.amount);
    if (!(amount > 0)) return fail(['amount'], 'Amount must be greater than zero');
    const capturable = capturableOn(order, parent);
    if (amount > capturable)
      return fail(['amount'], `Amount ${input.amount} exceeds the capturable amount of ${money(capturable)}`);
    const declined = order.declineCaptures;
    const tx = addPayment(ctx, order, {
      kind: 'CAPTURE',
      status: declined ? 'FAILURE' : 'SUCCESS',
      amount,
      parentGid: parent.gid,
      gateway: parent.gateway,
      authorizationExpiresAt: null,
      errorCode: declined ? 'CARD_DECLINED' : null,
    });
    if (!declined && input.finalCapture) parent.closed = true;
    return { transaction: transactionView(order, tx), userErrors: [] };
  },

  transactionVoid(args: { parentTransactionId: string }, ctx: SimContext) {
    const order = ctx.shop.orders.find((o) => o.transactions.some((t) => t.gid === args.parentTransactionId));
    const parent = order?.transactions.find((t) => t.gid === args.parentTransactionId);
    const fail = (message: string, code: string) => ({
      transaction: null,
      userErrors: [userError(['parentTransactionId'], message, code)],
    });
    if (!order || !parent) return fail('Transaction does not exist', 'TRANSACTION_NOT_FOUND');
    if (parent.kind !== 'AUTHORIZATION' || parent.status !== 'SUCCESS')
      return fail('Parent transaction must be a successful authorization', 'AUTH_NOT_SUCCESSFUL');
    if (
      order.transactions.some(
        (t) => t.parentGid === parent.gid && t.status === 'SUCCESS' && (t.kind === 'CAPTURE' || t.kind === 'VOID'),
      )
    ) {
      return fail('The authorization has already been captured or voided', 'AUTH_NOT_VOIDABLE');
    }
    const tx = addTransaction(ctx, order, {
      kind: 'VOID',
      status: 'SUCCESS',
      amount: parent.amount,
      parentGid: parent.gid,
      gateway: parent.gateway,
      authorizationExpiresAt: null,
      errorCode: null,
    });
    return { transaction: transactionView(order, tx), userErrors: [] };
  },

  /**
   * refundCreate: money back through `transactions` (each against a successful
   * capture or sale, never more than it can still refund) and units through
   * `refundLineItems` (src/simulator/refunds.ts). Checked in full before
   * anything changes; the level webhooks follow from the stock it moved.
   */
  refundCreate(
    args: {
      input: {
        orderId: string;
        transactions?: { parentId?: string; amount: string; kind: string; gateway: string; orderId: string }[];
        refundLineItems?: RefundLineInput[];
        note?: string;
      };
    },
    ctx: SimContext,
  ) {
    const order = orderOf(ctx, args.input.orderId);
    const fail = (field: string[], message: string) => ({ refund: null, userErrors: [userError(field, message)] });
    if (!order) return fail(['orderId'], 'Order does not exist');
    const txs = args.input.transactions ?? [];
    for (const [i, t] of txs.entries()) {
      const parent = order.transactions.find((x) => x.gid === t.parentId);
      if (!parent || parent.status !== 'SUCCESS' || (parent.kind !== 'CAPTURE' && parent.kind !== 'SALE')) {
        return fail(['transactions', String(i), 'parentId'], 'Parent must be a successful capture or sale');
      }
      const refunded = order.transactions
        .filter((x) => x.kind === 'REFUND' && x.status === 'SUCCESS' && x.parentGid === parent.gid)
        .reduce((s, x) => s + x.amount, 0);
      if (cents(t.amount) > parent.amount - refunded)
        return fail(
          ['transactions', String(i), 'amount'],
          `Refund amount exceeds the refundable ${money(parent.amount - refunded)}`,
        );
    }
    const checked = checkRefundLines(ctx.shop, order, args.input.refundLineItems ?? []);
    if (!checked.ok) return { refund: null, userErrors: [checked.error] };
    let total = 0;
    const created: SimTransaction[] = [];
    for (const t of txs) {
      const parent = order.transactions.find((x) => x.gid === t.parentId)!;
      created.push(
        addTransaction(ctx, order, {
          kind: 'REFUND',
          status: 'SUCCESS',
          amount: cents(t.amount),
          parentGid: parent.gid,
          gateway: parent.gateway,
          authorizationExpiresAt: null,
          errorCode: null,
        }),
      );
      total += cents(t.amount);
    }
    const refund: SimRefund = {
      gid: ctx.store.gid('Refund'),
      amount: total,
      createdAt: nowIso(),
      note: args.input.note ?? null,
      lines: applyRefundLines(ctx.store, ctx.shop, order, checked.lines),
      transactionGids: created.map((t) => t.gid),
      returnGid: null,
    };
    order.refunds.push(refund);
    touch(order);
    ctx.webhooks.emit(ctx.shop, 'refunds/create', refundBody(order, refund, created));
    return { refund: refundView(ctx.shop, order, refund), order: orderView(ctx.shop, order), userErrors: [] };
  },
};
