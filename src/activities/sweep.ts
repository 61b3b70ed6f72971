import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { ShopifyAdmin } from '../shopify/client';
import { sweepMissedOrders } from '../orders/sweep';
import { OrderInbox } from '../orders/inbox';
import { ReturnInbox } from '../returns/inbox';
import type { OrderSweepInput, SweepResult } from '../order/sweep-contract';

/**
 * The missed-order sweep as an activity. It starts order workflows itself,
 * through the worker's own Temporal client, on the task queue it runs on (the
 * order workflows' queue), and heartbeats once per page of orders.
 */
export function sweepActivities(pool: Pool, shopify: ShopifyAdmin) {
  return {
    async sweepMissedOrders(input: OrderSweepInput): Promise<SweepResult> {
      const ctx = Context.current();
      return sweepMissedOrders(
        {
          pool,
          shopify,
          orders: new OrderInbox(ctx.client),
          taskQueue: ctx.info.taskQueue,
          settings: input.settings,
          returns: { returns: new ReturnInbox(ctx.client), policy: input.returnPolicy },
        },
        {
          shopDomain: input.shopDomain,
          overlapMinutes: input.overlapMinutes,
          firstSweepLookbackHours: input.firstSweepLookbackHours,
          pageSize: input.pageSize,
          onPage: (progress) => ctx.heartbeat(progress),
        },
      );
    },
  };
}
