import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { ShopifyAdmin } from '../shopify/client';
import { sweepMissedOrders, type SweepResult } from '../order/sweep';
import type { OrderSettings } from '../workflows/order/definitions';

export interface SweepActivityInput {
  shopDomain: string;
  settings?: Partial<OrderSettings>;
  overlapMinutes?: number;
  firstSweepLookbackHours?: number;
  /** Orders per Shopify page (default 250). */
  pageSize?: number;
}

/**
 * The missed-order sweep as an activity. It starts order workflows itself,
 * through the worker's own Temporal client, on the task queue it runs on (the
 * order workflows' queue), and heartbeats once per page of orders.
 */
export function sweepActivities(pool: Pool, shopify: ShopifyAdmin) {
  return {
    async sweepMissedOrders(input: SweepActivityInput): Promise<SweepResult> {
      const ctx = Context.current();
      return sweepMissedOrders(
        { pool, shopify, temporal: ctx.client, taskQueue: ctx.info.taskQueue, settings: input.settings },
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
