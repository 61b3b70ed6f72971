import { randomUUID } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import { userError, type SimContext } from './context';
import { idempotent } from './idempotency';
import { addPayment } from './mutations-payment';
import { GATEWAY } from './orders';
import { outstanding } from './payments';
import { cents, money, type SimOrder } from './store';
import { orderView } from './views';

/**
 * orderCreateMandatePayment: charge an order's vaulted card (its PaymentMandate)
 * for what the order still owes, e.g. the difference of an exchange for
 * something dearer. Shopify runs the charge as a job; the simulator runs it at
 * once, so the Job comes back done and the jobResult says how it went (a
 * declined card is a FAILED job with a failed transaction, not a userError).
 * The transaction goes through addTransaction like every other payment, so
 * totalOutstandingSet drops and order_transactions/create is sent. The
 * idempotencyKey argument makes a repeat return the first result, charging once.
 */
interface MandatePaymentArgs {
  id: string;
  mandateId: string;
  idempotencyKey: string;
  amount?: { amount: string; currencyCode: string } | null;
  autoCapture?: boolean | null;
  paymentScheduleId?: string | null;
}

const AUTHORIZATION_DAYS = 7;

const fail = (field: string[] | null, message: string) => ({
  job: null,
  jobResult: null,
  paymentReferenceId: null,
  userErrors: [userError(field, message, 'ORDER_MANDATE_PAYMENT_ERROR_CODE')],
});

/** The charge's amount in cents, or the userError that refuses it. */
function chargeable(order: SimOrder, amount: MandatePaymentArgs['amount']) {
  const owed = outstanding(order);
  if (!amount) {
    return owed > 0 ? { cents: owed } : { error: fail(['id'], 'The order has no outstanding balance to collect') };
  }
  if (amount.currencyCode !== order.currency)
    return { error: fail(['amount', 'currencyCode'], `Currency must be ${order.currency}`) };
  const c = cents(amount.amount);
  if (!(c > 0)) return { error: fail(['amount', 'amount'], 'Amount must be greater than zero') };
  // Not documented by Shopify; the simulator never lets a mandate payment take more than the order owes.
  if (c > owed)
    return {
      error: fail(
        ['amount', 'amount'],
        `Amount ${amount.amount} exceeds the order's outstanding balance of ${money(owed)}`,
      ),
    };
  return { cents: c };
}

function createMandatePayment(args: MandatePaymentArgs, ctx: SimContext) {
  if (!args.idempotencyKey.trim()) return fail(['idempotencyKey'], 'Idempotency key must not be blank');
  const order = ctx.store.findOrder(ctx.shop, args.id);
  if (!order) return fail(['id'], 'Order does not exist');
  if (order.cancelledAt) return fail(['id'], 'Order is cancelled');
  const mandate = (order.mandates ?? []).find((m) => m.gid === args.mandateId);
  if (!mandate) {
    const elsewhere = ctx.shop.orders.some((o) => o.mandates?.some((m) => m.gid === args.mandateId));
    return fail(
      ['mandateId'],
      elsewhere ? 'The payment mandate does not belong to this order' : 'Payment mandate does not exist',
    );
  }
  if (args.paymentScheduleId) return fail(['paymentScheduleId'], 'Payment schedule does not exist');
  const charge = chargeable(order, args.amount);
  if ('error' in charge) return charge.error;
  const authorize = args.autoCapture === false;
  const declined = order.declineCaptures;
  const paymentReferenceId = randomUUID();
  addPayment(ctx, order, {
    kind: authorize ? 'AUTHORIZATION' : 'SALE',
    status: declined ? 'FAILURE' : 'SUCCESS',
    amount: charge.cents,
    parentGid: null,
    gateway: GATEWAY,
    authorizationExpiresAt: authorize ? new Date(Date.now() + AUTHORIZATION_DAYS * 86_400_000).toISOString() : null,
    errorCode: declined ? 'CARD_DECLINED' : null,
    paymentId: paymentReferenceId,
  });
  const jobId = `gid://shopify/Job/${randomUUID()}`;
  return {
    job: {
      __typename: 'Job',
      id: jobId,
      done: true,
      // Done at once, so the job's query resolves: the query root.
      query: (_a: unknown, _c: unknown, info: GraphQLResolveInfo) => info.rootValue,
    },
    jobResult: {
      __typename: 'OrderCreateMandatePaymentJobResult',
      id: jobId,
      done: true,
      status: declined ? 'FAILED' : 'SUCCEEDED',
      errors: declined ? [{ __typename: 'UserError', field: null, message: 'The card was declined' }] : [],
      order: orderView(ctx.shop, order),
    },
    paymentReferenceId,
    userErrors: [],
  };
}

export const mandatePaymentMutations = {
  orderCreateMandatePayment: idempotent(
    'orderCreateMandatePayment',
    createMandatePayment,
    (args: MandatePaymentArgs) => args.idempotencyKey,
  ),
};
