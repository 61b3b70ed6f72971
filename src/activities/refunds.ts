import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import * as D from '../shopify/documents';
import type { ShopifyAdmin } from '../shopify/client';
import { applyAdjustments } from '../inventory/ledger';
import { markSkusChanged } from '../inventory/sync-settings';
import { OrderInbox, OrderInboxError } from '../orders/inbox';
import { orderSignal, orderWorkflowId, refundRecordedSignal } from '../order/contract';
import type { RefundRecorded } from '../refunds/contract';
import {
  cancelledUnits,
  confirmedRefund,
  restockAdjustment,
  restockedLines,
  type ConfirmedRefund,
  type RestockedLine,
} from '../refunds/refund';
import { recordRefund } from '../refunds/store';

/**
 * A refund made in Shopify, taken into the engine by its refund workflow:
 * read from Shopify (the webhook is only a hint), its restocked units through
 * the ledger, its money into order_refunds, its order's workflow told. Each
 * step is idempotent: keyed by the refund, a retry applies nothing twice.
 */
export function refundActivities(pool: Pool, shopify: ShopifyAdmin) {
  return {
    /** The refund as Shopify holds it; null when Shopify has no such refund (nothing is to be applied). */
    async confirmRefund(input: { refundGid: string }): Promise<ConfirmedRefund | null> {
      const { refund } = await shopify.request('Refund', D.REFUND, { id: input.refundGid });
      return refund ? confirmedRefund(refund) : null;
    },

    /**
     * Units Shopify put back to stock (RETURN at a location, not part of a
     * Return) as one ledger request keyed by the refund (reason
     * return_restock), then the SKUs marked for the inventory sync. A
     * location the engine has not imported yet is recorded as an inactive
     * one named by its id (as for point-of-sale sales), so the units are kept.
     */
    async restockRefundedUnits(input: {
      shopDomain: string;
      refund: ConfirmedRefund;
    }): Promise<{ lines: RestockedLine[]; replayed: boolean; problem?: string }> {
      const request = restockAdjustment(input.shopDomain, input.refund);
      if (!request) return { lines: [], replayed: false };
      for (const locationId of new Set(request.lines.map((l) => l.locationId))) {
        await pool.query(
          `INSERT INTO locations (shop_domain, id, name, active, sells_online) VALUES ($1, $2, $2, false, false) ON CONFLICT (shop_domain, id) DO NOTHING`,
          [input.shopDomain, locationId],
        );
      }
      const r = await applyAdjustments(pool, request);
      if (!r.ok) return { lines: [], replayed: false, problem: `${r.code}: ${r.message}` };
      await markSkusChanged(pool, input.shopDomain, { skus: request.lines.map((l) => l.sku) });
      return { lines: restockedLines(input.refund), replayed: r.replayed };
    },

    /** The refund in order_refunds (once per refund). */
    async recordOrderRefund(input: {
      shopDomain: string;
      refund: ConfirmedRefund;
      restocked: RestockedLine[];
    }): Promise<{ recorded: boolean }> {
      return { recorded: await recordRefund(pool, input.shopDomain, input.refund, input.restocked) };
    },

    /** Tell the order's workflow, when it runs; false when it does not (ended, or never started). */
    async tellOrderOfRefund(input: {
      shopDomain: string;
      refund: ConfirmedRefund;
      restockedUnits: number;
    }): Promise<{ told: boolean }> {
      const r = input.refund;
      const recorded: RefundRecorded = {
        refundGid: r.refundGid,
        source: r.source,
        amount: r.amount,
        currencyCode: r.currencyCode,
        orderRefunded: r.orderRefunded,
        cancelledUnits: cancelledUnits(r),
        restockedUnits: input.restockedUnits,
        at: r.createdAt,
      };
      const inbox = new OrderInbox(Context.current().client);
      try {
        await inbox.send(orderSignal(orderWorkflowId(input.shopDomain, r.orderId), refundRecordedSignal, recorded));
        return { told: true };
      } catch (err) {
        if (err instanceof OrderInboxError && (err.kind === 'gone' || err.kind === 'finished')) return { told: false };
        throw err;
      }
    },
  };
}

export type RefundActivities = ReturnType<typeof refundActivities>;
