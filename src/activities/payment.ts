import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import * as D from '../shopify/documents';
import type { ShopifyAdmin } from '../shopify/client';
import type { CurrencyCode } from '../shopify/generated/admin.types';
import { mapTransactions } from '../shopify/order-mapper';
import { captureShortfall, isExpired, planCaptures, readLedger, type Ledger } from '../payment/ledger';
import { fromMinor, toMinor } from '../payment/money';
import { FailureType } from '../order/failure-types';
import { ENGINE_CANCEL_REFUND_NOTE } from '../refunds/refund';

/**
 * Payment activities. Idempotency comes from Shopify's own ledger, read before
 * every write: a capture aims at a cumulative captured total, so a retry after
 * a lost response sees the earlier capture and does nothing.
 */
export function paymentActivities(shopify: ShopifyAdmin) {
  async function ledgerOf(orderGid: string): Promise<{ ledger: Ledger; cancelledAt: string | null }> {
    const data = await shopify.request('OrderTransactions', D.ORDER_TRANSACTIONS, { id: orderGid });
    if (!data.order) throw ApplicationFailure.nonRetryable(`Order ${orderGid} not found`, FailureType.OrderNotFound);
    const currency = data.order.totalCapturableSet.shopMoney.currencyCode;
    return {
      ledger: readLedger(mapTransactions(data.order.transactions), currency),
      cancelledAt: data.order.cancelledAt,
    };
  }

  return {
    /**
     * Capture so that the order's captured total reaches `targetCaptured`
     * (the sum of this and every earlier allocation's amount). `finalCapture`
     * on the last allocation releases what is left of the authorization.
     */
    async captureForAllocation(input: {
      orderGid: string;
      allocationId: string;
      targetCaptured: string;
      currency: string;
      finalCapture: boolean;
    }) {
      const { ledger, cancelledAt } = await ledgerOf(input.orderGid);
      const target = toMinor(input.targetCaptured, input.currency);
      const missing = target - ledger.captured;
      if (missing <= 0n) return { captured: '0', alreadyCaptured: true, transactionIds: [] as string[] };
      // The same read says whether Shopify cancelled the order (an orders/cancelled lost or late): never capture then.
      if (cancelledAt) {
        throw ApplicationFailure.nonRetryable(
          `Shopify cancelled the order at ${cancelledAt}; nothing is captured for allocation ${input.allocationId}`,
          FailureType.OrderCancelledInShopify,
          { cancelledAt },
        );
      }

      const now = new Date();
      const plan = planCaptures(ledger, missing, now);
      if (!plan.length) {
        const expired = ledger.authorizations.find((a) => a.capturable > 0n && isExpired(a, now));
        if (expired) {
          throw ApplicationFailure.nonRetryable(
            `Authorization ${expired.id} expired at ${expired.expiresAt}; cannot capture ${fromMinor(missing, input.currency)} ${input.currency}`,
            FailureType.AuthorizationExpired,
          );
        }
        throw ApplicationFailure.nonRetryable(
          `Cannot capture for allocation ${input.allocationId}: ${captureShortfall(ledger, missing, now)}`,
          FailureType.InsufficientAuthorization,
        );
      }
      const ids: string[] = [];
      for (const [i, step] of plan.entries()) {
        const data = await shopify.mutate('OrderCapture', 'orderCapture', D.ORDER_CAPTURE, {
          input: {
            id: input.orderGid,
            parentTransactionId: step.parentId,
            amount: fromMinor(step.amount, input.currency),
            // The order's own currency, as Shopify wrote it (OrderTransactions' currencyCode).
            currency: input.currency as CurrencyCode,
            finalCapture: input.finalCapture && i === plan.length - 1,
          },
        });
        const tx = data.orderCapture?.transaction;
        if (!tx)
          throw new Error(
            `OrderCapture of ${fromMinor(step.amount, input.currency)} ${input.currency} answered no transaction and no user error`,
          );
        if (tx.status !== 'SUCCESS' && tx.status !== 'PENDING') {
          throw ApplicationFailure.nonRetryable(
            `Capture of ${fromMinor(step.amount, input.currency)} ${input.currency} was declined (${tx.status})`,
            FailureType.PaymentDeclined,
            {
              transactionId: tx.id,
            },
          );
        }
        ids.push(tx.id);
      }
      return { captured: fromMinor(missing, input.currency), alreadyCaptured: false, transactionIds: ids };
    },

    /**
     * Compensation on cancel: void authorizations nothing was captured from,
     * refund what was captured and not yet refunded (refundCreate @idempotent).
     */
    async settlePaymentOnCancel(input: { orderGid: string; workflowId: string }) {
      const { ledger } = await ledgerOf(input.orderGid);
      const voided: string[] = [];
      for (const a of ledger.authorizations) {
        if (a.capturable > 0n && a.capturable === a.amount) {
          await shopify.mutate('TransactionVoid', 'transactionVoid', D.TRANSACTION_VOID, { parentTransactionId: a.id });
          voided.push(a.id);
        }
      }
      const refundable = ledger.refundable;
      let refunded = '0';
      if (refundable.length) {
        const orderId = input.orderGid;
        const transactions = refundable.map((r) => ({
          orderId,
          parentId: r.id,
          amount: fromMinor(r.amount, ledger.currency),
          kind: 'REFUND' as const,
          gateway: r.gateway ?? 'manual',
        }));
        const refundInput = {
          orderId,
          currency: ledger.currency as CurrencyCode,
          note: ENGINE_CANCEL_REFUND_NOTE,
          notify: true,
          transactions,
        };
        // Same ledger state -> same key -> Shopify replays instead of refunding twice.
        const key = createHash('sha256')
          .update(`${input.workflowId}:cancel:${JSON.stringify(transactions)}`)
          .digest('hex')
          .slice(0, 40);
        await shopify.mutate('RefundCreate', 'refundCreate', D.REFUND_CREATE, {
          input: refundInput,
          idempotencyKey: key,
        });
        refunded = fromMinor(
          refundable.reduce((s, r) => s + r.amount, 0n),
          ledger.currency,
        );
      }
      return { voided, refunded };
    },

    /** Cancel the order in Shopify (ops cancel); nothing to do when Shopify already cancelled it. */
    async cancelInShopify(input: { orderGid: string; reason: string }) {
      const { cancelledAt } = await ledgerOf(input.orderGid);
      if (cancelledAt) return { alreadyCancelled: true };
      await shopify.mutate('OrderCancel', 'orderCancel', D.ORDER_CANCEL, {
        orderId: input.orderGid,
        reason: 'OTHER',
        restock: false,
        refund: false,
        notifyCustomer: true,
        staffNote: input.reason.slice(0, 255),
      });
      return { alreadyCancelled: false };
    },
  };
}
