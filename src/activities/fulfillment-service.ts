import { FailureType } from '../order/failure-types';
import { ApplicationFailure } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { Allocation } from '../order/types';
import type { Partner } from '../partner/repository';
import * as D from '../shopify/documents';
import type { ShopifyAdmin } from '../shopify/client';
import { mapFulfillmentOrders } from '../shopify/order-mapper';
import type { FulfillmentOrderSnapshot } from '../order/types';

/**
 * Shopify fulfillment services (3PLs): an allocation released to ship is a
 * fulfillment request to the 3PL (after capture: once it accepts, it ships);
 * withdrawing it is a cancellation request. Which fulfillment orders we asked
 * for is recorded first, because the 3PL's answers (fulfillment_orders/*
 * webhooks) name the fulfillment order, not the order. Each reads Shopify
 * first, so a retry asks nothing twice.
 */
export function fulfillmentServiceActivities(pool: Pool, shopify: ShopifyAdmin) {
  async function readFulfillmentOrdersByIds(orderGid: string, ids: string[]): Promise<FulfillmentOrderSnapshot[]> {
    const data = await shopify.request('OrderFulfillmentOrders', D.ORDER_FULFILLMENT_ORDERS, { id: orderGid });
    if (!data.order)
      throw ApplicationFailure.nonRetryable(`Order ${orderGid} not found in Shopify`, FailureType.OrderNotFound);
    return mapFulfillmentOrders(data.order.fulfillmentOrders).filter((fo) => ids.includes(fo.id));
  }

  return {
    async requestFulfillment(
      partner: Partner,
      allocation: Pick<Allocation, 'id' | 'fulfillmentOrderIds'>,
      orderGid: string,
      orderName: string | null,
    ) {
      for (const id of allocation.fulfillmentOrderIds) {
        await pool.query(
          `INSERT INTO fulfillment_requests (fulfillment_order_id, allocation_id, partner_id) VALUES ($1, $2, $3)
           ON CONFLICT (fulfillment_order_id) DO UPDATE SET allocation_id = $2, partner_id = $3, submitted_at = now()`,
          [id, allocation.id, partner.id],
        );
      }
      let submitted = 0;
      for (const fo of await readFulfillmentOrdersByIds(orderGid, allocation.fulfillmentOrderIds)) {
        if (fo.status !== 'OPEN' || fo.requestStatus !== 'UNSUBMITTED') continue; // asked before (or answered)
        await shopify.mutate(
          'FulfillmentOrderSubmitFulfillmentRequest',
          'fulfillmentOrderSubmitFulfillmentRequest',
          D.FULFILLMENT_ORDER_SUBMIT_FULFILLMENT_REQUEST,
          {
            id: fo.id,
            message: `Order ${orderName ?? orderGid}, allocation ${allocation.id}`,
            notifyCustomer: false,
          },
        );
        submitted++;
      }
      return { sent: true, submitted };
    },

    /** Ask the 3PL to cancel what it accepted; it answers by webhook (the order waits for that, bounded). */
    async requestCancellation(
      partner: Partner,
      allocation: Pick<Allocation, 'id' | 'fulfillmentOrderIds'>,
      orderGid: string,
    ) {
      let asked = 0;
      for (const fo of await readFulfillmentOrdersByIds(orderGid, allocation.fulfillmentOrderIds)) {
        if (fo.status === 'CANCELLED' || fo.status === 'CLOSED') continue; // nothing left to stop
        if (fo.requestStatus === 'CANCELLATION_REQUESTED') asked++; // asked before (by us or by Shopify's order cancel)
        if (fo.requestStatus !== 'ACCEPTED' && fo.requestStatus !== 'CANCELLATION_REJECTED') continue;
        await shopify.mutate(
          'FulfillmentOrderSubmitCancellationRequest',
          'fulfillmentOrderSubmitCancellationRequest',
          D.FULFILLMENT_ORDER_SUBMIT_CANCELLATION_REQUEST,
          {
            id: fo.id,
            message: `Order cancelled: allocation ${allocation.id}`,
          },
        );
        asked++;
      }
      return asked ? { sent: true, answerWindowSeconds: partner.acceptanceWindowSeconds } : { sent: false };
    },

    /** Which of these allocations the 3PL has fulfilled in Shopify (every fulfillment order closed), with the latest tracking. */
    async fulfilledByPartner(input: {
      orderGid: string;
      allocations: Pick<Allocation, 'id' | 'fulfillmentOrderIds'>[];
    }) {
      const fos = await readFulfillmentOrdersByIds(
        input.orderGid,
        input.allocations.flatMap((a) => a.fulfillmentOrderIds),
      );
      const data = await shopify.request('OrderFulfillmentTracking', D.ORDER_FULFILLMENT_TRACKING, {
        id: input.orderGid,
      });
      const numbers = (data.order?.fulfillments ?? [])
        .flatMap((f) => f.trackingInfo.map((t) => t.number))
        .filter((n): n is string => !!n);
      return input.allocations.map((a) => {
        const mine = fos.filter((fo) => a.fulfillmentOrderIds.includes(fo.id));
        const shipped =
          mine.length > 0 &&
          mine.every((fo) => fo.status === 'CLOSED' && fo.lines.every((l) => l.remainingQuantity === 0));
        return { allocationId: a.id, shipped, trackingNumber: shipped ? (numbers.at(-1) ?? null) : null };
      });
    },
  };
}
