import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import * as D from '../shopify/documents';
import type { ShopifyAdmin } from '../shopify/client';
import type { CurrencyCode } from '../shopify/generated/admin.types';
import { mapFulfillmentOrders, mapTransactions } from '../shopify/order-mapper';
import { isActive } from '../routing/fulfillment-orders';
import { readLedger } from '../payment/ledger';
import { fromMinor, minBig, toMinor } from '../payment/money';
import { FailureType } from '../order/failure-types';

/**
 * A cancel after part of the order shipped, in Shopify: the unshipped units of
 * the withdrawn allocations' fulfillment orders are cancelled (refundCreate
 * with `restockType: CANCEL`, Shopify's way to cancel unfulfilled items of an
 * order it will no longer cancel whole) and, in the same refund, their
 * capture-plan share is given back when it was captured. Idempotent without
 * local state, like the capture: Shopify is read first, only what is still
 * open is cancelled and only what brings the captured-net-of-refunds total
 * down to `keep` is refunded, so a retry after a lost response does nothing
 * more (and the @idempotent key replays a repeat of the same request).
 */
export interface CancelRemainderInput {
  orderGid: string;
  workflowId: string;
  /** The withdrawn allocations' fulfillment orders: what remains on them is cancelled. */
  fulfillmentOrderIds: string[];
  /** The withdrawn allocations' captured share (capture plan amounts), at most refunded. */
  refund: string;
  /** What stays captured for what shipped: never refunded. */
  keep: string;
  currency: string;
  /** Nothing else will be captured for this order: authorizations nothing was captured from are voided. */
  voidUntouched: boolean;
  reason: string;
  /** What the refund's idempotency key derives from (default: the workflow's cancel of the remainder). */
  refundKey?: string;
  /** The refund's note in Shopify (default: says the unshipped rest was cancelled, and why). */
  note?: string;
}

export interface CancelRemainderResult {
  /** Of the share, what Shopify shows refunded (by this call or an earlier try of it). */
  refunded: string;
  /** Refunded by this call. */
  refundedNow: string;
  cancelledLines: { lineItemId: string; sku: string | null; quantity: number }[];
  voided: string[];
  /** Authorizations that keep an uncapturable-by-us remainder (partly captured): they expire. */
  leftToExpire: { id: string; amount: string }[];
}

export function cancelRemainderActivities(shopify: ShopifyAdmin) {
  return {
    async cancelRemainderInShopify(input: CancelRemainderInput): Promise<CancelRemainderResult> {
      const c = input.currency;
      const [money, fos] = await Promise.all([
        shopify.request('OrderTransactions', D.ORDER_TRANSACTIONS, { id: input.orderGid }),
        shopify.request('OrderFulfillmentOrders', D.ORDER_FULFILLMENT_ORDERS, { id: input.orderGid }),
      ]);
      if (!money.order || !fos.order)
        throw ApplicationFailure.nonRetryable(`Order ${input.orderGid} not found`, FailureType.OrderNotFound);
      const ledger = readLedger(mapTransactions(money.order.transactions), c);

      const open = mapFulfillmentOrders(fos.order.fulfillmentOrders).filter(
        (fo) => input.fulfillmentOrderIds.includes(fo.id) && isActive(fo),
      );
      const cancelledLines = open.flatMap((fo) =>
        fo.lines
          .filter((l) => l.remainingQuantity > 0)
          .map((l) => ({ lineItemId: l.lineItemId, sku: l.sku, quantity: l.remainingQuantity, fo })),
      );

      // Never more than the share, nor than what is captured beyond what stays for the shipped part.
      const net = ledger.captured - ledger.refunded;
      const due = minBig(toMinor(input.refund, c), net - toMinor(input.keep, c));
      const transactions: { orderId: string; parentId: string; amount: string; kind: 'REFUND'; gateway: string }[] = [];
      let left = due > 0n ? due : 0n;
      for (const r of [...ledger.refundable].reverse()) {
        if (left <= 0n) break;
        const take = minBig(left, r.amount);
        transactions.push({
          orderId: input.orderGid,
          parentId: r.id,
          amount: fromMinor(take, c),
          kind: 'REFUND',
          gateway: r.gateway ?? 'manual',
        });
        left -= take;
      }
      const refunded = due > 0n ? due - left : 0n;
      // What Shopify shows given back of the share: what was captured for it (beyond what stays) less what could
      // not be refunded now; a retry after a lost response finds it refunded already and refunds nothing more.
      const share = toMinor(input.refund, c);
      const capturedForShare = minBig(share, ledger.captured - toMinor(input.keep, c));
      const givenBack = capturedForShare > left ? capturedForShare - left : 0n;

      if (cancelledLines.length || transactions.length) {
        const refundLineItems = cancelledLines.map((l) => ({
          lineItemId: l.lineItemId,
          quantity: l.quantity,
          restockType: 'CANCEL' as const,
          ...(l.fo.locationId ? { locationId: l.fo.locationId } : {}),
        }));
        const key = createHash('sha256')
          .update(
            `${input.refundKey ?? `${input.workflowId}:cancel-remainder`}:${JSON.stringify({ refundLineItems, transactions })}`,
          )
          .digest('hex')
          .slice(0, 40);
        await shopify.mutate('RefundCreate', 'refundCreate', D.REFUND_CREATE, {
          input: {
            orderId: input.orderGid,
            currency: c as CurrencyCode,
            note: (input.note ?? `Cancelled what had not shipped (Order Orchestrator): ${input.reason}`).slice(0, 255),
            notify: true,
            refundLineItems,
            transactions,
          },
          idempotencyKey: key,
        });
      }

      // Nothing more is captured once the rest is cancelled: an untouched authorization is voided when what
      // shipped is paid; one partly captured cannot be voided (Shopify refuses) and expires.
      const voided: string[] = [];
      const leftToExpire: { id: string; amount: string }[] = [];
      const paid = net - refunded >= toMinor(input.keep, c);
      // Shopify's own figure: an authorization closed by a final capture has nothing capturable left.
      const capturable = toMinor(money.order.totalCapturableSet.shopMoney.amount, c);
      for (const a of capturable > 0n ? ledger.authorizations : []) {
        if (a.voided || a.capturable <= 0n) continue;
        if (input.voidUntouched && paid && a.capturable === a.amount) {
          await shopify.mutate('TransactionVoid', 'transactionVoid', D.TRANSACTION_VOID, { parentTransactionId: a.id });
          voided.push(a.id);
        } else leftToExpire.push({ id: a.id, amount: fromMinor(a.capturable, c) });
      }
      return {
        refunded: fromMinor(givenBack, c),
        refundedNow: fromMinor(refunded, c),
        cancelledLines: cancelledLines.map(({ lineItemId, sku, quantity }) => ({ lineItemId, sku, quantity })),
        voided,
        leftToExpire,
      };
    },
  };
}
