import { touch, type SimContext } from './context';
import {
  findReturn,
  fulfillmentLineItem,
  fullyDisposed,
  openReverseFulfillmentOrder,
  returnableQuantity,
  returnError,
  returnsOf,
  workDone,
} from './returns-model';
import { returnView } from './returns-views';
import { returnBody, returnDeclineBody, returnStatusBody } from './return-webhook-bodies';
import { cents, nowIso, type SimOrder, type SimReturn, type ReturnStatus } from './store';

/**
 * A return's life, with Shopify's rules: a customer's request (REQUESTED) is
 * approved (OPEN, with its reverse fulfillment order) or declined (DECLINED);
 * an app creates one OPEN at once (returnCreate). An open or requested return
 * on which nothing was done yet can be canceled; an open one is closed when
 * done and can be reopened. Each step sends its returns/* webhook. Errors are
 * ReturnUserErrors (field, message, code) and change nothing.
 */
type Error = ReturnType<typeof returnError>;
const fail = (field: string[] | null, message: string, code: string) => ({
  return: null,
  userErrors: [returnError(field, message, code)],
});

interface LineInput {
  fulfillmentLineItemId: string;
  quantity: number;
  returnReason?: string | null;
  returnReasonNote?: string | null;
  customerNote?: string | null;
  restockingFee?: { percentage: number } | null;
}
interface ExchangeInput {
  variantId?: string | null;
  quantity: number;
}
interface ReturnInputLike {
  orderId: string;
  returnLineItems: LineInput[];
  exchangeLineItems?: ExchangeInput[] | null;
  returnShippingFee?: { amount: { amount: string; currencyCode: string } } | null;
}

/** The checks a new return's input passes: lines the order fulfilled, within what is still returnable. */
function checkNewReturn(ctx: SimContext, order: SimOrder, input: ReturnInputLike, at: string): Error | null {
  const lines = input.returnLineItems;
  if (!lines.length) return returnError([at, 'returnLineItems'], 'Return line items cannot be empty.', 'BLANK');
  const asked = new Map<string, number>();
  for (const [i, l] of lines.entries()) {
    const field = (name: string) => [at, 'returnLineItems', String(i), name];
    if (!fulfillmentLineItem(order, l.fulfillmentLineItemId))
      return returnError(
        field('fulfillmentLineItemId'),
        `Fulfillment line item ${l.fulfillmentLineItemId} does not exist on order ${order.name}.`,
        'NOT_FOUND',
      );
    if (!(l.quantity > 0)) return returnError(field('quantity'), 'Quantity must be greater than 0.', 'GREATER_THAN');
    const total = (asked.get(l.fulfillmentLineItemId) ?? 0) + l.quantity;
    asked.set(l.fulfillmentLineItemId, total);
    const returnable = returnableQuantity(order, l.fulfillmentLineItemId);
    if (total > returnable)
      return returnError(
        field('quantity'),
        `Quantity ${total} exceeds the returnable quantity of ${returnable} for fulfillment line item ${l.fulfillmentLineItemId}.`,
        'INVALID',
      );
    if ((l.customerNote ?? '').length > 300)
      return returnError(field('customerNote'), 'Customer note is too long (maximum is 300 characters).', 'TOO_LONG');
    if ((l.returnReasonNote ?? '').length > 255)
      return returnError(
        field('returnReasonNote'),
        'Return reason note is too long (maximum is 255 characters).',
        'TOO_LONG',
      );
    const pct = l.restockingFee?.percentage;
    if (pct !== undefined && (pct < 0 || pct > 100))
      return returnError(
        [...field('restockingFee'), 'percentage'],
        'Restocking fee percentage must be between 0 and 100.',
        'INVALID',
      );
  }
  for (const [i, x] of (input.exchangeLineItems ?? []).entries()) {
    const field = (name: string) => [at, 'exchangeLineItems', String(i), name];
    if (!x.variantId) return returnError(field('variantId'), 'Variant is required.', 'BLANK');
    if (!ctx.shop.variants.some((v) => v.gid === x.variantId))
      return returnError(field('variantId'), `Product variant ${x.variantId} does not exist.`, 'NOT_FOUND');
    if (!(x.quantity > 0)) return returnError(field('quantity'), 'Quantity must be greater than 0.', 'GREATER_THAN');
  }
  const fee = input.returnShippingFee?.amount;
  if (fee) {
    const field = [at, 'returnShippingFee', 'amount'];
    if (fee.currencyCode !== order.currency)
      return returnError([...field, 'currencyCode'], `Currency must be ${order.currency}.`, 'INVALID');
    if (!(cents(fee.amount) >= 0))
      return returnError([...field, 'amount'], 'Amount must be at least 0.', 'GREATER_THAN_OR_EQUAL_TO');
  }
  return null;
}

function newReturn(ctx: SimContext, order: SimOrder, input: ReturnInputLike, status: ReturnStatus): SimReturn {
  const returns = returnsOf(order);
  const id = ctx.store.id();
  const now = nowIso();
  const fee = input.returnShippingFee?.amount;
  const ret: SimReturn = {
    id,
    gid: ctx.store.gid('Return', id),
    name: `${order.name}-R${returns.length + 1}`,
    status,
    createdAt: now,
    requestApprovedAt: status === 'OPEN' ? now : null,
    closedAt: null,
    decline: null,
    lines: input.returnLineItems.map((l) => ({
      gid: ctx.store.gid('ReturnLineItem'),
      fulfillmentLineItemGid: l.fulfillmentLineItemId,
      quantity: l.quantity,
      processedQuantity: 0,
      refundedQuantity: 0,
      returnReason: l.returnReason ?? 'UNKNOWN',
      returnReasonNote: l.returnReasonNote ?? '',
      customerNote: l.customerNote ?? null,
      restockingFee: l.restockingFee
        ? { gid: ctx.store.gid('RestockingFee'), percentage: l.restockingFee.percentage }
        : null,
    })),
    // Applied discounts and gift card codes on exchange items are not modelled.
    exchangeLines: (input.exchangeLineItems ?? []).map((x) => ({
      gid: ctx.store.gid('ExchangeLineItem'),
      variantGid: x.variantId!,
      quantity: x.quantity,
      processedQuantity: 0,
      lineItemGids: [],
    })),
    shippingFees: fee ? [{ gid: ctx.store.gid('ReturnShippingFee'), amount: cents(fee.amount) }] : [],
    reverseFulfillmentOrders: [],
  };
  if (status === 'OPEN') openReverseFulfillmentOrder(ctx.store, ret);
  returns.push(ret);
  touch(order);
  return ret;
}

const ok = (ctx: SimContext, order: SimOrder, ret: SimReturn) => ({
  return: returnView(ctx.shop, order, ret),
  userErrors: [],
});

/** A return by id, in one of the given statuses. */
function transition(ctx: SimContext, id: string, field: string[], from: ReturnStatus[], verb: string) {
  const found = findReturn(ctx.shop, id);
  if (!found) return { error: fail(field, `Return ${id} does not exist.`, 'NOT_FOUND') };
  if (!from.includes(found.ret.status))
    return {
      error: fail(
        field,
        `Return is not ${verb}: its status is ${found.ret.status}; only a return with status ${from.join(' or ')} can be.`,
        'INVALID_STATE',
      ),
    };
  return found;
}

export const returnMutations = {
  /** The customer asks (through the app on their behalf): REQUESTED, nothing opened yet. */
  returnRequest(args: { input: ReturnInputLike }, ctx: SimContext) {
    const order = ctx.store.findOrder(ctx.shop, args.input.orderId);
    if (!order) return fail(['input', 'orderId'], 'Order does not exist.', 'NOT_FOUND');
    const error = checkNewReturn(ctx, order, { ...args.input, exchangeLineItems: null }, 'input');
    if (error) return { return: null, userErrors: [error] };
    const ret = newReturn(ctx, order, { ...args.input, exchangeLineItems: null }, 'REQUESTED');
    ctx.webhooks.emit(ctx.shop, 'returns/request', returnBody(order, ret));
    return ok(ctx, order, ret);
  },

  /** Open at once, as approved: the reverse fulfillment order exists; returns/approve (the topic for OPEN). */
  returnCreate(args: { returnInput: ReturnInputLike }, ctx: SimContext) {
    const order = ctx.store.findOrder(ctx.shop, args.returnInput.orderId);
    if (!order) return fail(['returnInput', 'orderId'], 'Order does not exist.', 'NOT_FOUND');
    const error = checkNewReturn(ctx, order, args.returnInput, 'returnInput');
    if (error) return { return: null, userErrors: [error] };
    const ret = newReturn(ctx, order, args.returnInput, 'OPEN');
    ctx.webhooks.emit(ctx.shop, 'returns/approve', returnBody(order, ret));
    return ok(ctx, order, ret);
  },

  returnApproveRequest(args: { input: { id: string } }, ctx: SimContext) {
    const found = transition(ctx, args.input.id, ['input', 'id'], ['REQUESTED'], 'approvable');
    if ('error' in found) return found.error;
    const { order, ret } = found;
    ret.status = 'OPEN';
    ret.requestApprovedAt = nowIso();
    openReverseFulfillmentOrder(ctx.store, ret);
    touch(order);
    ctx.webhooks.emit(ctx.shop, 'returns/approve', returnBody(order, ret));
    return ok(ctx, order, ret);
  },

  returnDeclineRequest(
    args: { input: { id: string; declineReason: string; declineNote?: string | null } },
    ctx: SimContext,
  ) {
    const found = transition(ctx, args.input.id, ['input', 'id'], ['REQUESTED'], 'declinable');
    if ('error' in found) return found.error;
    if ((args.input.declineNote ?? '').length > 500)
      return fail(['input', 'declineNote'], 'Decline note is too long (maximum is 500 characters).', 'TOO_LONG');
    const { order, ret } = found;
    ret.status = 'DECLINED';
    ret.decline = { reason: args.input.declineReason, note: args.input.declineNote ?? null };
    touch(order);
    ctx.webhooks.emit(ctx.shop, 'returns/decline', returnDeclineBody(ret));
    return ok(ctx, order, ret);
  },

  /** Only before any work: nothing processed, disposed or refunded. Its units become returnable again. */
  returnCancel(args: { id: string }, ctx: SimContext) {
    const found = transition(ctx, args.id, ['id'], ['REQUESTED', 'OPEN'], 'cancelable');
    if ('error' in found) return found.error;
    const { order, ret } = found;
    if (workDone(order, ret))
      return fail(['id'], 'Return cannot be canceled: it has processed, disposed or refunded items.', 'INVALID_STATE');
    ret.status = 'CANCELED';
    for (const rfo of ret.reverseFulfillmentOrders) rfo.status = 'CANCELED';
    touch(order);
    ctx.webhooks.emit(ctx.shop, 'returns/cancel', returnStatusBody(order, ret));
    return ok(ctx, order, ret);
  },

  returnClose(args: { id: string }, ctx: SimContext) {
    const found = transition(ctx, args.id, ['id'], ['OPEN'], 'closable');
    if ('error' in found) return found.error;
    const { order, ret } = found;
    ret.status = 'CLOSED';
    ret.closedAt = nowIso();
    for (const rfo of ret.reverseFulfillmentOrders) if (rfo.status === 'OPEN') rfo.status = 'CLOSED';
    touch(order);
    ctx.webhooks.emit(ctx.shop, 'returns/close', returnStatusBody(order, ret));
    return ok(ctx, order, ret);
  },

  returnReopen(args: { id: string }, ctx: SimContext) {
    const found = transition(ctx, args.id, ['id'], ['CLOSED'], 'reopenable');
    if ('error' in found) return found.error;
    const { order, ret } = found;
    ret.status = 'OPEN';
    ret.closedAt = null;
    for (const rfo of ret.reverseFulfillmentOrders) if (!fullyDisposed(rfo)) rfo.status = 'OPEN';
    touch(order);
    ctx.webhooks.emit(ctx.shop, 'returns/reopen', returnStatusBody(order, ret));
    return ok(ctx, order, ret);
  },
};
