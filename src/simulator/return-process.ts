import { touch, type SimContext } from './context';
import { commitLine, levelOf } from './inventory';
import { addTransaction } from './mutations-payment';
import { findReturn, fulfillmentLineItem, returnError, type RfoRef } from './returns-model';
import { refundView, returnView } from './returns-views';
import { returnProcessBody, returnRefundBody } from './return-webhook-bodies';
import { applyDispositions, checkDispositions, type DisposeInput } from './reverse-logistics';
import {
  cents,
  money,
  nowIso,
  type SimFulfillmentOrder,
  type SimOrder,
  type SimRefund,
  type SimRefundLine,
  type SimReturn,
  type SimTransaction,
} from './store';

/**
 * returnProcess (and the deprecated returnRefund): confirm the units returned
 * and exchanged, apply their dispositions, and optionally refund.
 * - Returned units processed leave the order (their line item's currentQuantity
 *   drops); dispositions given with them act as reverseFulfillmentOrderDispose.
 * - A refund (financialTransfer.issueRefund and/or refundShipping) makes REFUND
 *   transactions against the named captures or sales, each within what that
 *   parent has left, exactly as refundCreate checks them, and one Refund linked
 *   to the return (Refund.return) with the processed units as its refund line
 *   items. refundMethods (store credit and the like) are not modelled.
 * - Exchange units processed join the order as new line items with a new OPEN
 *   fulfillment order at the first active location stocking them (enough
 *   available if one has it), stock committed there. The price difference shows
 *   in the order's totalOutstandingSet (returns-model.ts), for a mandate payment
 *   (mandate-payments.ts) or an invoice (order-invoices.ts) to collect.
 * The return stays OPEN until returnClose, as in Shopify.
 */
type Error = ReturnType<typeof returnError>;
type Money = { amount: string; currencyCode: string };
interface TxInput {
  parentId: string;
  transactionAmount: Money;
}

function checkTransactions(order: SimOrder, txs: TxInput[], at: string[]): Error | null {
  const asked = new Map<string, number>();
  for (const [i, t] of txs.entries()) {
    const field = (name: string) => [...at, String(i), name];
    const parent = order.transactions.find((x) => x.gid === t.parentId);
    if (!parent || parent.status !== 'SUCCESS' || (parent.kind !== 'CAPTURE' && parent.kind !== 'SALE'))
      return returnError(field('parentId'), 'Parent must be a successful capture or sale of this order.', 'INVALID');
    if (t.transactionAmount.currencyCode !== order.currency)
      return returnError(
        [...field('transactionAmount'), 'currencyCode'],
        `Currency must be ${order.currency}.`,
        'INVALID',
      );
    const amount = cents(t.transactionAmount.amount);
    if (!(amount > 0))
      return returnError([...field('transactionAmount'), 'amount'], 'Amount must be greater than 0.', 'GREATER_THAN');
    const refunded = order.transactions
      .filter((x) => x.kind === 'REFUND' && x.status === 'SUCCESS' && x.parentGid === parent.gid)
      .reduce((s, x) => s + x.amount, 0);
    const total = (asked.get(parent.gid) ?? 0) + amount;
    asked.set(parent.gid, total);
    if (total > parent.amount - refunded)
      return returnError(
        [...field('transactionAmount'), 'amount'],
        `Refund amount exceeds the refundable ${money(parent.amount - refunded)}`,
        'INVALID',
      );
  }
  return null;
}

/** Shipping refundable: the order's shipping less what refunds already gave back. */
const shippingLeft = (order: SimOrder) =>
  order.shippingPrice - order.refunds.reduce((s, r) => s + (r.shipping ?? 0), 0);

function checkShipping(
  order: SimOrder,
  shipping: { fullRefund?: boolean | null; shippingRefundAmount?: Money | null } | null | undefined,
  at: string[],
): Error | number {
  if (!shipping) return 0;
  if (shipping.fullRefund) return shippingLeft(order);
  const m = shipping.shippingRefundAmount;
  if (!m) return 0;
  if (m.currencyCode !== order.currency)
    return returnError(
      [...at, 'shippingRefundAmount', 'currencyCode'],
      `Currency must be ${order.currency}.`,
      'INVALID',
    );
  const amount = cents(m.amount);
  if (amount < 0 || amount > shippingLeft(order))
    return returnError(
      [...at, 'shippingRefundAmount', 'amount'],
      `Shipping refund must be between 0.00 and the refundable ${money(shippingLeft(order))}.`,
      'INVALID',
    );
  return amount;
}

/** The refund a return makes: its transactions (order_transactions/create each), then refunds/create. */
function issueRefund(
  ctx: SimContext,
  order: SimOrder,
  ret: SimReturn,
  opts: { txs: TxInput[]; lines: { gid: string; quantity: number }[]; shipping: number; note: string | null },
): SimRefund {
  const created: SimTransaction[] = opts.txs.map((t) => {
    const parent = order.transactions.find((x) => x.gid === t.parentId)!;
    return addTransaction(ctx, order, {
      kind: 'REFUND',
      status: 'SUCCESS',
      amount: cents(t.transactionAmount.amount),
      parentGid: parent.gid,
      gateway: parent.gateway,
      authorizationExpiresAt: null,
      errorCode: null,
    });
  });
  const lines: SimRefundLine[] = opts.lines.map((p) => {
    const l = ret.lines.find((x) => x.gid === p.gid)!;
    const li = fulfillmentLineItem(order, l.fulfillmentLineItemGid)!.lineItem;
    const restock = ret.reverseFulfillmentOrders
      .flatMap((rfo) => rfo.lines)
      .find((x) => x.returnLineItemGid === l.gid)
      ?.dispositions.find((d) => d.type === 'RESTOCKED');
    return {
      gid: ctx.store.gid('RefundLineItem'),
      lineItemGid: li.gid,
      quantity: p.quantity,
      price: li.price,
      subtotal: li.price * p.quantity,
      restockType: restock ? 'RETURN' : 'NO_RESTOCK',
      restocked: !!restock,
      locationGid: restock?.locationGid ?? null,
    };
  });
  for (const p of opts.lines) ret.lines.find((x) => x.gid === p.gid)!.refundedQuantity += p.quantity;
  const refund: SimRefund = {
    gid: ctx.store.gid('Refund'),
    amount: created.reduce((s, t) => s + t.amount, 0),
    createdAt: nowIso(),
    note: opts.note,
    transactionGids: created.map((t) => t.gid),
    returnGid: ret.gid,
    lines,
    shipping: opts.shipping,
  };
  order.refunds.push(refund);
  ctx.webhooks.emit(ctx.shop, 'refunds/create', returnRefundBody(order, refund, created));
  return refund;
}

/** Returned units leave the order: processed now, their line item's current quantity drops. */
function markProcessed(order: SimOrder, ret: SimReturn, gid: string, quantity: number) {
  const l = ret.lines.find((x) => x.gid === gid)!;
  l.processedQuantity += quantity;
  const li = fulfillmentLineItem(order, l.fulfillmentLineItemGid)!.lineItem;
  li.currentQuantity = Math.max(0, (li.currentQuantity ?? li.quantity) - quantity);
}

/** The location an exchange unit ships from: active, stocking the variant, with enough available if one has it. */
function exchangeLocation(ctx: SimContext, itemGid: string, quantity: number) {
  const stocking = ctx.shop.locations.filter((l) => l.isActive && levelOf(ctx.shop, itemGid, l.gid));
  return stocking.find((l) => (levelOf(ctx.shop, itemGid, l.gid)!.available ?? 0) >= quantity) ?? stocking[0];
}

function addExchangeItem(ctx: SimContext, order: SimOrder, ret: SimReturn, gid: string, quantity: number) {
  const x = ret.exchangeLines.find((e) => e.gid === gid)!;
  const v = ctx.shop.variants.find((y) => y.gid === x.variantGid)!;
  const location = exchangeLocation(ctx, v.inventoryItemGid, quantity)!;
  const id = ctx.store.id();
  const lineItem = {
    id,
    gid: ctx.store.gid('LineItem', id),
    sku: v.sku,
    title: v.title,
    quantity,
    price: v.price,
    requiresShipping: v.requiresShipping,
  };
  order.lineItems.push(lineItem);
  const fo: SimFulfillmentOrder = {
    gid: ctx.store.gid('FulfillmentOrder'),
    status: 'OPEN',
    requestStatus: 'UNSUBMITTED',
    locationGid: location.gid,
    holds: [],
    createdAt: nowIso(),
    lines: [
      {
        gid: ctx.store.gid('FulfillmentOrderLineItem'),
        lineItemGid: lineItem.gid,
        totalQuantity: quantity,
        remainingQuantity: quantity,
      },
    ],
  };
  order.fulfillmentOrders.push(fo);
  commitLine(ctx.shop, order, fo, lineItem.gid, quantity, 'commit');
  x.processedQuantity += quantity;
  x.lineItemGids.push(lineItem.gid);
}

const byGid = (list: { id: string; quantity: number }[]) => list.map((p) => ({ gid: p.id, quantity: p.quantity }));

interface ProcessInput {
  returnId: string;
  returnLineItems?: { id: string; quantity: number; dispositions?: DisposeInput[] | null }[] | null;
  exchangeLineItems?: { id: string; quantity: number }[] | null;
  refundShipping?: { fullRefund?: boolean | null; shippingRefundAmount?: Money | null } | null;
  financialTransfer?: {
    issueRefund?: {
      orderTransactions: TxInput[];
      allowOverRefunding?: boolean | null;
      refundMethods?: unknown[] | null;
    } | null;
  } | null;
  note?: string | null;
}

function openReturn(ctx: SimContext, id: string, field: string[]) {
  const found = findReturn(ctx.shop, id);
  if (!found) return returnError(field, `Return ${id} does not exist.`, 'NOT_FOUND');
  if (found.ret.status !== 'OPEN')
    return returnError(field, `Return is ${found.ret.status}; only an open return can be processed.`, 'INVALID_STATE');
  return found;
}

/** Quantities per line, each > 0 and in total within what `left` allows; returns an error or the sums. */
function checkQuantities(
  list: { id: string; quantity: number }[],
  left: (id: string) => number | undefined,
  at: string[],
  what: string,
): Error | null {
  const asked = new Map<string, number>();
  for (const [i, p] of list.entries()) {
    const room = left(p.id);
    if (room === undefined)
      return returnError([...at, String(i), 'id'], `${what} ${p.id} does not belong to this return.`, 'NOT_FOUND');
    if (!(p.quantity > 0))
      return returnError([...at, String(i), 'quantity'], 'Quantity must be greater than 0.', 'GREATER_THAN');
    const total = (asked.get(p.id) ?? 0) + p.quantity;
    asked.set(p.id, total);
    if (total > room)
      return returnError(
        [...at, String(i), 'quantity'],
        `Quantity ${total} exceeds the ${room} that can be processed for ${what.toLowerCase()} ${p.id}.`,
        'INVALID',
      );
  }
  return null;
}

export const returnProcessMutations = {
  returnProcess(args: { input: ProcessInput }, ctx: SimContext) {
    const input = args.input;
    const fail = (e: Error) => ({ return: null, userErrors: [e] });
    const found = openReturn(ctx, input.returnId, ['input', 'returnId']);
    if ('message' in found) return fail(found);
    const { order, ret } = found;
    const lines = input.returnLineItems ?? [];
    const exchanges = input.exchangeLineItems ?? [];
    const issue = input.financialTransfer?.issueRefund;
    const e1 = checkQuantities(
      lines,
      (id) => {
        const l = ret.lines.find((x) => x.gid === id);
        return l && l.quantity - l.processedQuantity;
      },
      ['input', 'returnLineItems'],
      'Return line item',
    );
    if (e1) return fail(e1);
    // Dispositions given with a line name that line's reverse fulfillment order line, and pass the dispose checks.
    const dispositions: DisposeInput[] = [];
    let target: RfoRef | null = null;
    for (const [i, p] of lines.entries()) {
      const at = ['input', 'returnLineItems', String(i), 'dispositions'];
      if (!p.dispositions?.length) continue;
      const rfoLine = ret.reverseFulfillmentOrders.flatMap((r) => r.lines).find((x) => x.returnLineItemGid === p.id);
      const j = p.dispositions.findIndex((d) => d.reverseFulfillmentOrderLineItemId !== rfoLine?.gid);
      if (j >= 0)
        return fail(
          returnError(
            [...at, String(j), 'reverseFulfillmentOrderLineItemId'],
            `The disposition must name the reverse fulfillment order line item of return line item ${p.id}.`,
            'INVALID',
          ),
        );
      const checked = checkDispositions(ctx, p.dispositions, at);
      if ('message' in checked) return fail(checked);
      target = checked;
      dispositions.push(...p.dispositions);
    }
    const e2 = checkQuantities(
      exchanges,
      (id) => {
        const x = ret.exchangeLines.find((e) => e.gid === id);
        return x && x.quantity - x.processedQuantity;
      },
      ['input', 'exchangeLineItems'],
      'Exchange line item',
    );
    if (e2) return fail(e2);
    for (const [i, p] of exchanges.entries()) {
      const v = ctx.shop.variants.find((y) => y.gid === ret.exchangeLines.find((e) => e.gid === p.id)!.variantGid);
      if (!v || !exchangeLocation(ctx, v.inventoryItemGid, p.quantity))
        return fail(
          returnError(
            ['input', 'exchangeLineItems', String(i), 'id'],
            'No active location stocks the exchange item.',
            'INVALID',
          ),
        );
    }
    const shipping = checkShipping(order, input.refundShipping, ['input', 'refundShipping']);
    if (typeof shipping !== 'number') return fail(shipping);
    if (issue?.refundMethods?.length)
      return fail(
        returnError(
          ['input', 'financialTransfer', 'issueRefund', 'refundMethods'],
          'Refund methods (store credit and the like) are not supported by the Shopify simulator.',
          'INVALID',
        ),
      );
    const txs = issue?.orderTransactions ?? [];
    const e3 = checkTransactions(order, txs, ['input', 'financialTransfer', 'issueRefund', 'orderTransactions']);
    if (e3) return fail(e3);
    if (!lines.length && !exchanges.length && !issue && !shipping)
      return fail(
        returnError(['input'], 'Nothing to process: give return line items, exchange line items or a refund.', 'BLANK'),
      );

    for (const p of lines) markProcessed(order, ret, p.id, p.quantity);
    if (target) applyDispositions(ctx, target, dispositions);
    for (const p of exchanges) addExchangeItem(ctx, order, ret, p.id, p.quantity);
    const refund =
      issue || shipping
        ? issueRefund(ctx, order, ret, { txs, lines: byGid(lines), shipping, note: input.note ?? null })
        : null;
    touch(order);
    ctx.webhooks.emit(
      ctx.shop,
      'returns/process',
      returnProcessBody(order, ret, { returnLines: byGid(lines), exchangeLines: byGid(exchanges) }, refund),
    );
    return { return: returnView(ctx.shop, order, ret), userErrors: [] };
  },

  /** Deprecated for returnProcess; refunds return line items (processing what was not processed yet). */
  returnRefund(
    args: {
      returnRefundInput: {
        returnId: string;
        returnRefundLineItems: { returnLineItemId: string; quantity: number }[];
        refundShipping?: { fullRefund?: boolean | null; shippingRefundAmount?: Money | null } | null;
        orderTransactions?: TxInput[] | null;
      };
    },
    ctx: SimContext,
  ) {
    const input = args.returnRefundInput;
    const fail = (e: Error) => ({ refund: null, userErrors: [e] });
    const found = openReturn(ctx, input.returnId, ['returnRefundInput', 'returnId']);
    if ('message' in found) return fail(found);
    const { order, ret } = found;
    const lines = input.returnRefundLineItems.map((l) => ({ id: l.returnLineItemId, quantity: l.quantity }));
    const e1 = checkQuantities(
      lines,
      (id) => {
        const l = ret.lines.find((x) => x.gid === id);
        return l && l.quantity - l.refundedQuantity;
      },
      ['returnRefundInput', 'returnRefundLineItems'],
      'Return line item',
    );
    if (e1) return fail(e1);
    const shipping = checkShipping(order, input.refundShipping, ['returnRefundInput', 'refundShipping']);
    if (typeof shipping !== 'number') return fail(shipping);
    const txs = input.orderTransactions ?? [];
    const e2 = checkTransactions(order, txs, ['returnRefundInput', 'orderTransactions']);
    if (e2) return fail(e2);
    for (const p of lines) {
      const l = ret.lines.find((x) => x.gid === p.id)!;
      const unprocessed = Math.max(0, l.refundedQuantity + p.quantity - l.processedQuantity);
      if (unprocessed) markProcessed(order, ret, l.gid, unprocessed);
    }
    const refund = issueRefund(ctx, order, ret, { txs, lines: byGid(lines), shipping, note: null });
    touch(order);
    return { refund: refundView(ctx.shop, order, refund), userErrors: [] };
  },
};
