import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Allocation, AllocationLine, FulfillmentOrderSnapshot, OrderSnapshot, Tracking } from '../order/types';
import { HOLD_HANDLE, OPS_HOLD_HANDLE } from '../order/types';
import * as D from '../shopify/documents';
import type { ShopifyAdmin } from '../shopify/client';
import { mapFulfillmentOrders, mapOrder } from '../shopify/order-mapper';
import {
  fulfillmentOrderIdsHolding,
  isActive,
  nextMove,
  type AllocationPlacement,
} from '../routing/fulfillment-orders';
import { FailureType } from '../order/failure-types';

/**
 * Activities on Shopify fulfillment orders: the engine's hold, moves that
 * apply a routing decision, releasing the hold once paid, and the fulfillment
 * with tracking. Each re-reads Shopify first, so repeating one is harmless.
 */
export function fulfillmentActivities(shopify: ShopifyAdmin) {
  async function readFulfillmentOrdersOf(
    orderGid: string,
  ): Promise<{ cancelledAt: string | null; fulfillmentOrders: FulfillmentOrderSnapshot[] }> {
    const data = await shopify.request('OrderFulfillmentOrders', D.ORDER_FULFILLMENT_ORDERS, { id: orderGid });
    if (!data.order)
      throw ApplicationFailure.nonRetryable(`Order ${orderGid} not found in Shopify`, FailureType.OrderNotFound);
    return {
      cancelledAt: data.order.cancelledAt ?? null,
      fulfillmentOrders: mapFulfillmentOrders(data.order.fulfillmentOrders),
    };
  }

  async function readFulfillmentOrders(orderGid: string): Promise<FulfillmentOrderSnapshot[]> {
    return (await readFulfillmentOrdersOf(orderGid)).fulfillmentOrders;
  }

  async function readOrder(orderGid: string): Promise<OrderSnapshot> {
    const data = await shopify.request('OrderForOrchestration', D.ORDER_FOR_ORCHESTRATION, { id: orderGid });
    if (!data.order)
      throw ApplicationFailure.nonRetryable(`Order ${orderGid} not found in Shopify`, FailureType.OrderNotFound);
    return mapOrder(data.order);
  }

  async function holdOne(fo: FulfillmentOrderSnapshot, note: string, handle = HOLD_HANDLE) {
    if (!isActive(fo) || fo.holds.some((h) => h.handle === handle)) return false;
    await shopify.mutate('FulfillmentOrderHold', 'fulfillmentOrderHold', D.FULFILLMENT_ORDER_HOLD, {
      id: fo.id,
      fulfillmentHold: { reason: 'OTHER', reasonNotes: note, handle, notifyMerchant: false },
    });
    return true;
  }

  return {
    /** Whether Shopify shows the order cancelled (a small read: a webhook's word is not enough to compensate). */
    async orderCancellation(orderGid: string): Promise<{ cancelledAt: string | null }> {
      const data = await shopify.request('OrderCancellation', D.ORDER_CANCELLATION, { id: orderGid });
      if (!data.order)
        throw ApplicationFailure.nonRetryable(`Order ${orderGid} not found in Shopify`, FailureType.OrderNotFound);
      return { cancelledAt: data.order.cancelledAt };
    },

    /** Read the full order (webhook bodies lack what routing needs). */
    async loadOrder(orderGid: string): Promise<OrderSnapshot> {
      return readOrder(orderGid);
    },

    /** Put the engine's hold on every active fulfillment order that lacks it; returns those now held (newly or before). */
    async holdFulfillmentOrders(input: {
      orderGid: string;
      note: string;
    }): Promise<{ held: string[]; onHold: string[] }> {
      const held: string[] = [];
      const onHold: string[] = [];
      for (const fo of await readFulfillmentOrders(input.orderGid)) {
        if (await holdOne(fo, input.note)) held.push(fo.id);
        if (isActive(fo)) onHold.push(fo.id);
      }
      return { held, onHold };
    },

    /**
     * Make Shopify's fulfillment orders match the allocations (fulfillmentOrderMove),
     * keep every one held, and record the decision in an order metafield.
     * Returns each allocation's fulfillment order ids.
     */
    async applyRouting(input: {
      orderGid: string;
      allocations: AllocationPlacement[];
      decision: unknown;
    }): Promise<Record<string, string[]>> {
      let fos = await readFulfillmentOrders(input.orderGid);
      for (let i = 0; i < 50; i++) {
        const move = nextMove(fos, input.allocations);
        if (!move) break;
        Context.current().heartbeat(i);
        await shopify.mutate('FulfillmentOrderMove', 'fulfillmentOrderMove', D.FULFILLMENT_ORDER_MOVE, {
          id: move.fulfillmentOrderId,
          newLocationId: move.newLocationId,
          fulfillmentOrderLineItems: move.lines,
        });
        fos = await readFulfillmentOrders(input.orderGid);
      }
      for (const fo of fos)
        await holdOne(fo, 'Held by Order Orchestrator until payment is captured for this allocation');
      await shopify.mutate('MetafieldsSet', 'metafieldsSet', D.METAFIELDS_SET, {
        metafields: [
          {
            ownerId: input.orderGid,
            namespace: 'order_orchestrator',
            key: 'routing',
            type: 'json',
            value: JSON.stringify(input.decision),
          },
        ],
      });
      return Object.fromEntries(input.allocations.map((a) => [a.id, fulfillmentOrderIdsHolding(fos, a)]));
    },

    /** Release only the engine's own hold on these fulfillment orders. */
    /**
     * An operator's hold on fulfillment orders already released to ship (its own
     * handle, so releasing it never touches the engine's hold, and vice versa).
     */
    async holdForOperator(input: {
      orderGid: string;
      fulfillmentOrderIds: string[];
      reason: string;
    }): Promise<{ held: string[]; onHold: string[] }> {
      const held: string[] = [];
      const onHold: string[] = [];
      for (const fo of await readFulfillmentOrders(input.orderGid)) {
        if (!input.fulfillmentOrderIds.includes(fo.id) || !isActive(fo)) continue;
        if (await holdOne(fo, `Operator hold: ${input.reason}`, OPS_HOLD_HANDLE)) held.push(fo.id);
        onHold.push(fo.id);
      }
      return { held, onHold };
    },

    /** The ship-by deadline on the allocation's fulfillment orders (setting the same date again changes nothing). */
    async setFulfillmentDeadline(input: { fulfillmentOrderIds: string[]; deadline: string }) {
      if (!input.fulfillmentOrderIds.length) return { set: false };
      await shopify.mutate(
        'FulfillmentOrdersSetFulfillmentDeadline',
        'fulfillmentOrdersSetFulfillmentDeadline',
        D.FULFILLMENT_ORDERS_SET_FULFILLMENT_DEADLINE,
        {
          fulfillmentOrderIds: input.fulfillmentOrderIds,
          fulfillmentDeadline: input.deadline,
        },
      );
      return { set: true };
    },

    /** Release our holds (the engine's by default, or the operator's) on these fulfillment orders. */
    async releaseHolds(input: {
      orderGid: string;
      fulfillmentOrderIds: string[];
      handle?: string;
    }): Promise<{ released: string[] }> {
      const handle = input.handle ?? HOLD_HANDLE;
      if (handle !== HOLD_HANDLE && handle !== OPS_HOLD_HANDLE)
        throw ApplicationFailure.nonRetryable(`Not one of our hold handles: ${handle}`, FailureType.BadInput);
      const released: string[] = [];
      for (const fo of await readFulfillmentOrders(input.orderGid)) {
        if (!input.fulfillmentOrderIds.includes(fo.id) || !isActive(fo)) continue;
        const ours = fo.holds.filter((h) => h.handle === handle).map((h) => h.id);
        if (!ours.length) continue;
        await shopify.mutate(
          'FulfillmentOrderReleaseHold',
          'fulfillmentOrderReleaseHold',
          D.FULFILLMENT_ORDER_RELEASE_HOLD,
          {
            id: fo.id,
            holdIds: ours,
          },
        );
        released.push(fo.id);
      }
      return { released };
    },

    /**
     * fulfillmentCreate with tracking (customer notified): for what remains of
     * the allocation's fulfillment orders, or for `lines` only (a partial
     * shipment, created once per tracking number).
     */
    async createFulfillment(input: {
      orderGid: string;
      allocation: Pick<Allocation, 'id' | 'fulfillmentOrderIds'>;
      tracking: Tracking;
      lines?: AllocationLine[];
    }) {
      // Created once per tracking number: a retry after a lost response finds the first one.
      const data = await shopify.request('OrderFulfillmentTracking', D.ORDER_FULFILLMENT_TRACKING, {
        id: input.orderGid,
      });
      const prior = data.order?.fulfillments.find((f) =>
        f.trackingInfo.some((t) => t.number === input.tracking.number),
      );
      if (prior) return { fulfillmentId: prior.id, alreadyFulfilled: true };
      const { cancelledAt, fulfillmentOrders } = await readFulfillmentOrdersOf(input.orderGid);
      const mine = fulfillmentOrders.filter((fo) => input.allocation.fulfillmentOrderIds.includes(fo.id));
      const open = mine.filter(
        (fo) => fo.lines.some((l) => l.remainingQuantity > 0) && fo.status !== 'CANCELLED' && fo.status !== 'CLOSED',
      );
      // An allocation is shipped only when Shopify holds its fulfillment: a cancelled order or fulfillment order is refused, not taken for done.
      if (cancelledAt) {
        throw ApplicationFailure.nonRetryable(
          `Shopify cancelled the order at ${cancelledAt}; it takes no fulfillment for ${input.allocation.id} (${input.tracking.number})`,
          FailureType.OrderCancelledInShopify,
          { cancelledAt },
        );
      }
      const cancelled = mine.filter((fo) => fo.status === 'CANCELLED' && fo.lines.some((l) => l.remainingQuantity > 0));
      if (!open.length && cancelled.length) {
        throw ApplicationFailure.nonRetryable(
          `Shopify's fulfillment order ${cancelled.map((fo) => fo.id).join(', ')} for ${input.allocation.id} is cancelled; it takes no fulfillment for ${input.tracking.number}`,
          FailureType.FulfillmentRefused,
        );
      }
      // Everything already fulfilled in Shopify (by another fulfillment, e.g. made in the admin).
      if (!open.length) return { fulfillmentId: null, alreadyFulfilled: true };
      const byFulfillmentOrder = input.lines
        ? pickLines(open, input.lines)
        : open.map((fo) => ({ fulfillmentOrderId: fo.id }));
      if (!byFulfillmentOrder.length) return { fulfillmentId: null, alreadyFulfilled: true };
      const created = await shopify.mutate('FulfillmentCreate', 'fulfillmentCreate', D.FULFILLMENT_CREATE, {
        fulfillment: {
          lineItemsByFulfillmentOrder: byFulfillmentOrder,
          trackingInfo: input.tracking.numbers?.length
            ? {
                numbers: input.tracking.numbers,
                company: input.tracking.company ?? undefined,
                urls: input.tracking.urls?.length ? input.tracking.urls : undefined,
              }
            : {
                number: input.tracking.number || undefined,
                company: input.tracking.company ?? undefined,
                url: input.tracking.url ?? undefined,
              },
          notifyCustomer: true,
        },
      });
      const fulfillment = created.fulfillmentCreate?.fulfillment;
      if (!fulfillment)
        throw new Error(`FulfillmentCreate for ${input.orderGid} answered no fulfillment and no user error`);
      return { fulfillmentId: fulfillment.id, alreadyFulfilled: false };
    },
  };
}

/** The fulfillment-order line items (and quantities) that ship `lines`, taken from what remains open. */
export function pickLines(open: FulfillmentOrderSnapshot[], lines: AllocationLine[]) {
  const want = new Map<string, number>();
  for (const l of lines) want.set(l.lineItemId, (want.get(l.lineItemId) ?? 0) + l.quantity);
  const out: { fulfillmentOrderId: string; fulfillmentOrderLineItems: { id: string; quantity: number }[] }[] = [];
  for (const fo of open) {
    const items: { id: string; quantity: number }[] = [];
    for (const l of fo.lines) {
      const take = Math.min(l.remainingQuantity, want.get(l.lineItemId) ?? 0);
      if (take <= 0) continue;
      want.set(l.lineItemId, (want.get(l.lineItemId) ?? 0) - take);
      items.push({ id: l.id, quantity: take });
    }
    if (items.length) out.push({ fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: items });
  }
  return out;
}
