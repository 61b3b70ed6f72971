import { ApplicationFailure } from '@temporalio/activity';
import type { Pool } from 'pg';
import * as D from '../shopify/documents';
import type { ShopifyAdmin } from '../shopify/client';
import type { CurrencyCode } from '../shopify/generated/admin.types';
import { fromMinor, toMinor } from '../payment/money';
import { allocateAndReserve, releaseReservation, type AllocateResult } from '../inventory/reservations';
import type { RouteLine, Point } from '../routing/router';
import { exchangeAllocationPrefix, exchangeWorkflowId } from '../order/contract';
import { FailureType } from '../order/failure-types';
import { readExchangeLines } from './return-read';

/**
 * An exchange's replacement, outside the return workflow: reserved through
 * the order's own routing and reservation code (under the exchange run's
 * workflow id, as its first routing decision, so the run finds it its own),
 * released by processing the return's exchange lines (Shopify then adds them
 * to the order with a fulfillment order), and the difference the order still
 * owes collected. Each reads before it writes: a retry after a lost response
 * reserves, processes and charges nothing twice.
 */
export function exchangeActivities(pool: Pool, shopify: ShopifyAdmin) {
  return {
    /** Reserve the replacement's units now (allocation ids `{order}-X{return}-A{n}`); a retry gets the same. */
    async reserveExchange(input: {
      shopDomain: string;
      orderId: string;
      returnId: string;
      lines: RouteLine[];
      shipTo: Point | null;
    }): Promise<AllocateResult> {
      return allocateAndReserve(pool, {
        workflowId: exchangeWorkflowId(input.shopDomain, input.orderId, input.returnId),
        shopDomain: input.shopDomain,
        orderId: input.orderId,
        allocationPrefix: exchangeAllocationPrefix(input.orderId, input.returnId),
        routeAttempt: 1,
        firstSequence: 1,
        lines: input.lines,
        shipTo: input.shipTo,
        exclude: [],
      });
    },

    /** Give back the replacement's reservations (the exchange was cancelled before it shipped). */
    async releaseExchangeReservation(input: { workflowId: string }): Promise<{ released: number }> {
      const { rows } = await pool.query<{ id: string }>(
        `SELECT id FROM allocations WHERE workflow_id = $1 AND status = 'reserved' ORDER BY id`,
        [input.workflowId],
      );
      let released = 0;
      for (const r of rows) released += await releaseReservation(pool, r.id);
      return { released };
    },

    /**
     * Process the return's exchange lines not processed yet: Shopify adds
     * them to the order as line items with an open fulfillment order. Returns
     * the order line items each exchange line became.
     */
    async releaseExchange(input: {
      returnGid: string;
      key: string;
    }): Promise<{ lines: { exchangeLineItemId: string; lineItemIds: string[] }[]; processed: number }> {
      const read = () => readExchangeLines(shopify, input.returnGid);
      const before = await read();
      const exchangeLineItems = before
        .filter((x) => x.quantity > x.processedQuantity)
        .map((x) => ({ id: x.id, quantity: x.quantity - x.processedQuantity }));
      if (exchangeLineItems.length)
        await shopify.mutate('ReturnProcess', 'returnProcess', D.RETURN_PROCESS, {
          input: { returnId: input.returnGid, exchangeLineItems, notifyCustomer: true },
          idempotencyKey: input.key,
        });
      const after = exchangeLineItems.length ? await read() : before;
      return {
        lines: after.map((x) => ({ exchangeLineItemId: x.id, lineItemIds: (x.lineItems ?? []).map((l) => l.id) })),
        processed: exchangeLineItems.reduce((s, x) => s + x.quantity, 0),
      };
    },

    /**
     * The replacement's reservation named the exchange lines (the order had no
     * line items for them yet); now it names the order line items Shopify made.
     */
    async adoptExchangeLines(input: {
      workflowId: string;
      lines: { exchangeLineItemId: string; lineItemIds: string[] }[];
    }): Promise<{ updated: number }> {
      const { rows } = await pool.query<{ id: string; lines: { lineItemId: string }[] }>(
        `SELECT id, lines FROM allocations WHERE workflow_id = $1 ORDER BY id`,
        [input.workflowId],
      );
      const becomes = new Map(
        input.lines.flatMap((l) => (l.lineItemIds[0] ? [[l.exchangeLineItemId, l.lineItemIds[0]]] : [])),
      );
      let updated = 0;
      for (const r of rows) {
        if (!r.lines.some((l) => becomes.has(l.lineItemId))) continue;
        const lines = r.lines.map((l) => ({ ...l, lineItemId: becomes.get(l.lineItemId) ?? l.lineItemId }));
        await pool.query(`UPDATE allocations SET lines = $2::jsonb, updated_at = now() WHERE id = $1`, [
          r.id,
          JSON.stringify(lines),
        ]);
        updated++;
      }
      return { updated };
    },

    /**
     * Collect what the order owes after an exchange (Shopify's
     * totalOutstandingSet), at most `upToMinor`: charged to the customer's
     * vaulted payment method when Shopify has one (orderCreateMandatePayment,
     * idempotent by `key`), else an invoice is sent. Read first: what was
     * already paid is not charged again.
     */
    async collectExchangeBalance(input: { orderGid: string; key: string; upToMinor: string }): Promise<{
      owed: string;
      collected: string;
      invoiced: boolean;
      /** The vaulted method was declined (then the customer was invoiced). */
      declined?: string;
    }> {
      const data = await shopify.request('OrderBalance', D.ORDER_BALANCE, { id: input.orderGid });
      const order = data.order;
      if (!order) throw ApplicationFailure.nonRetryable(`Order ${input.orderGid} not found`, FailureType.OrderNotFound);
      const currency = order.currencyCode;
      const owed = toMinor(order.totalOutstandingSet.shopMoney.amount, currency);
      const mandate = order.paymentCollectionDetails?.vaultedPaymentMethods?.[0];
      const earlier = await pool.query<{ amount: string }>(
        `SELECT amount FROM exchange_collections WHERE idempotency_key = $1`,
        [input.key],
      );
      const cap = BigInt(input.upToMinor);
      // A charge asked for before (its answer lost, or made): asked again with the same key, Shopify answers with it.
      let amount = earlier.rows[0] ? BigInt(earlier.rows[0].amount) : owed < cap ? owed : cap;
      if (amount <= 0n) return { owed: fromMinor(owed, currency), collected: '0', invoiced: false };
      if (mandate && !earlier.rows[0]) {
        const { rows } = await pool.query<{ amount: string }>(
          `INSERT INTO exchange_collections (idempotency_key, order_gid, amount) VALUES ($1, $2, $3)
           ON CONFLICT (idempotency_key) DO UPDATE SET idempotency_key = EXCLUDED.idempotency_key RETURNING amount`,
          [input.key, input.orderGid, amount.toString()],
        );
        amount = BigInt(rows[0]!.amount);
      }
      if (!mandate) {
        await shopify.mutate('OrderInvoiceSend', 'orderInvoiceSend', D.ORDER_INVOICE_SEND, { id: input.orderGid });
        return { owed: fromMinor(owed, currency), collected: '0', invoiced: true };
      }
      const paid = await shopify.mutate(
        'OrderCreateMandatePayment',
        'orderCreateMandatePayment',
        D.ORDER_CREATE_MANDATE_PAYMENT,
        {
          id: input.orderGid,
          mandateId: mandate.id,
          amount: { amount: fromMinor(amount, currency), currencyCode: currency as CurrencyCode },
          idempotencyKey: input.key,
        },
      );
      const job = paid.orderCreateMandatePayment?.jobResult;
      if (job?.status === 'FAILED') {
        // Declined: nothing was collected; the customer is invoiced instead (a later try uses a new key).
        await pool.query(`DELETE FROM exchange_collections WHERE idempotency_key = $1`, [input.key]);
        await shopify.mutate('OrderInvoiceSend', 'orderInvoiceSend', D.ORDER_INVOICE_SEND, { id: input.orderGid });
        return {
          owed: fromMinor(owed, currency),
          collected: '0',
          invoiced: true,
          declined: job.errors.map((e) => e.message).join('; ') || 'declined',
        };
      }
      return { owed: fromMinor(owed, currency), collected: fromMinor(amount, currency), invoiced: false };
    },
  };
}

export type ExchangeActivities = ReturnType<typeof exchangeActivities>;
