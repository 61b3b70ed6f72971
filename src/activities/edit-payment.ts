import { ApplicationFailure } from '@temporalio/activity';
import type { Pool } from 'pg';
import * as D from '../shopify/documents';
import type { ShopifyAdmin } from '../shopify/client';
import { mapTransactions } from '../shopify/order-mapper';
import { readLedger } from '../payment/ledger';
import { fromMinor, toMinor } from '../payment/money';
import { FailureType } from '../order/failure-types';
import { paymentActivities } from './payment';
import { exchangeActivities } from './exchanges';

/**
 * The money for units an edit added after the capture, before they may ship:
 * what the order's new total asks beyond what is captured (net of refunds).
 * Captured from the authorization when Shopify still lets it be captured
 * (captureForAllocation, aiming at a captured total, so a retry after a lost
 * response captures nothing more); an authorization closed by the final
 * capture takes nothing more, so the customer's vaulted card is charged
 * instead (collectExchangeBalance: the amount written first under a key
 * derived from the edit, so Shopify answers a retry with the first charge),
 * or, without one, the customer is invoiced.
 */
export interface CollectForEditInput {
  orderGid: string;
  /** The edit's key (unique in the order): the capture's and the charge's idempotency derive from it. */
  editKey: string;
  /** The order's total after the edit: what should be captured net of refunds. */
  target: string;
  currency: string;
}

export interface CollectForEditResult {
  /** Still owed before this call (0 when it was collected already). */
  owed: string;
  /** Taken by this call or an earlier try of it. */
  collected: string;
  how: 'nothing_owed' | 'captured' | 'charged' | 'invoiced';
  /** Why the vaulted card was not charged (then the customer was invoiced). */
  declined?: string;
}

export function editPaymentActivities(pool: Pool, shopify: ShopifyAdmin) {
  const payment = paymentActivities(shopify);
  const exchange = exchangeActivities(pool, shopify);
  return {
    async collectForEdit(input: CollectForEditInput): Promise<CollectForEditResult> {
      const c = input.currency;
      const data = await shopify.request('OrderTransactions', D.ORDER_TRANSACTIONS, { id: input.orderGid });
      if (!data.order)
        throw ApplicationFailure.nonRetryable(`Order ${input.orderGid} not found`, FailureType.OrderNotFound);
      const ledger = readLedger(mapTransactions(data.order.transactions), c);
      const owed = toMinor(input.target, c) - (ledger.captured - ledger.refunded);
      // Shopify's own figure: an authorization closed by a final capture has nothing capturable left.
      const capturable = toMinor(data.order.totalCapturableSet.shopMoney.amount, c);
      const key = `${input.editKey}:collect`;
      if (owed <= 0n) {
        // Collected before (a retry after a lost answer): say how much, from the charge written first.
        const { rows } = await pool.query<{ amount: string }>(
          `SELECT amount FROM exchange_collections WHERE idempotency_key = $1`,
          [key],
        );
        return { owed: '0', collected: rows[0] ? fromMinor(BigInt(rows[0].amount), c) : '0', how: 'nothing_owed' };
      }
      if (capturable >= owed) {
        await payment.captureForAllocation({
          orderGid: input.orderGid,
          allocationId: input.editKey,
          targetCaptured: fromMinor(ledger.captured + owed, c),
          currency: c,
          finalCapture: true,
        });
        return { owed: fromMinor(owed, c), collected: fromMinor(owed, c), how: 'captured' };
      }
      const charged = await exchange.collectExchangeBalance({
        orderGid: input.orderGid,
        key,
        upToMinor: owed.toString(),
      });
      return {
        owed: fromMinor(owed, c),
        collected: charged.collected,
        how: charged.invoiced ? 'invoiced' : 'charged',
        ...(charged.declined ? { declined: charged.declined } : {}),
      };
    },
  };
}
