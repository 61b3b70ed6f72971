import type { Pool } from 'pg';
import type { ShopifyAdmin } from '../shopify/client';
import type { OrdersUpdatedSinceQuery } from '../shopify/generated/admin.generated';
import { ORDERS_UPDATED_SINCE } from '../shopify/documents';
import {
  orderSignal,
  orderWorkflowId,
  SWEEP_CANCELLED_TOPIC,
  SWEEP_TOPIC,
  shopifyEventSignal,
  type OrderSettings,
  type ShopifyEvent,
} from '../order/contract';
import { gidNumber } from '../order/types';
import type { SweepResult } from '../order/sweep-contract';
import { OrderInboxError, type OrderInbox } from './inbox';
import { sweepOrderReturns, type ReturnSweepDeps } from '../returns/sweep';

/**
 * The missed-order sweep. Shopify does not guarantee webhook delivery, so
 * every so often (a Temporal Schedule runs orderSweepWorkflow) the engine
 * lists the orders created or updated since the last sweep, with an overlap,
 * and signal-with-starts each one that has no workflow yet, exactly as the
 * gateway would have on its first webhook.
 *
 * The high-water mark is `order_sweeps.swept_until` (per shop): the newest
 * `updatedAt` a sweep has seen. It only moves forward, and only once every
 * order of the sweep has been handed to Temporal, so a failed sweep is simply
 * run again (a repeated signal is dropped by the workflow: the event id is
 * the order's id and updatedAt).
 */

export interface SweepDeps {
  pool: Pool;
  shopify: ShopifyAdmin;
  orders: Pick<OrderInbox, 'lifecycle' | 'start' | 'send'>;
  taskQueue: string;
  settings?: Partial<OrderSettings>;
  /** Open returns on the orders in the window (absent: returns are not swept). */
  returns?: Omit<ReturnSweepDeps, 'shopify' | 'taskQueue'>;
}

export interface SweepInput {
  shopDomain: string;
  /** How far before the mark to look again (Shopify's search index lags writes). Default 5. */
  overlapMinutes?: number;
  /** With no mark yet (first sweep of a shop), how far back to look. Default 24. */
  firstSweepLookbackHours?: number;
  /** Orders per page (Shopify allows up to 250). Default 250. */
  pageSize?: number;
  now?: Date;
  /** Called after each page (the activity heartbeats here). */
  onPage?: (progress: SweepProgress) => void | Promise<void>;
}

export interface SweepProgress {
  page: number;
  checked: number;
  started: number;
}

/** An order as OrdersUpdatedSince selects it. */
type SweptOrder = OrdersUpdatedSinceQuery['orders']['nodes'][number];

const DEFAULT_OVERLAP_MINUTES = 5;
const DEFAULT_LOOKBACK_HOURS = 24;
const DEFAULT_PAGE_SIZE = 250;
/** Temporal describe calls in flight at once. */
const DESCRIBE_CONCURRENCY = 10;

/** Why an order is not orchestrated, or null when it should be. */
export function notOrchestrated(o: {
  cancelledAt: string | null;
  displayFulfillmentStatus: string | null;
  sourceName?: string | null;
}): string | null {
  if (o.cancelledAt) return 'cancelled';
  if (o.displayFulfillmentStatus === 'FULFILLED') return 'fulfilled';
  // The point of sale fulfilled it over the counter; its inventory is handled elsewhere.
  if (o.sourceName === 'pos') return 'pos';
  return null;
}

export async function readSweepMark(pool: Pool, shopDomain: string): Promise<Date | null> {
  const { rows } = await pool.query<{ swept_until: Date }>(
    'SELECT swept_until FROM order_sweeps WHERE shop_domain = $1',
    [shopDomain],
  );
  return rows[0]?.swept_until ?? null;
}

/** Move the mark forward (never back); returns the mark now stored. */
async function advanceSweepMark(pool: Pool, shopDomain: string, until: Date): Promise<Date> {
  const { rows } = await pool.query<{ swept_until: Date }>(
    `INSERT INTO order_sweeps (shop_domain, swept_until, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (shop_domain) DO UPDATE
       SET swept_until = GREATEST(order_sweeps.swept_until, EXCLUDED.swept_until), updated_at = now()
     RETURNING swept_until`,
    [shopDomain, until],
  );
  return rows[0]!.swept_until;
}

async function tellCancelled(
  orders: SweepDeps['orders'],
  shopDomain: string,
  orderId: string,
  o: SweptOrder,
  result: SweepResult,
) {
  const workflowId = orderWorkflowId(shopDomain, orderId);
  if ((await orders.lifecycle(workflowId)) !== 'running') return;
  // Same order, same update: the same event, so a repeated sweep is dropped by the workflow.
  const event: ShopifyEvent = {
    topic: SWEEP_CANCELLED_TOPIC,
    eventId: `sweep-cancelled:${orderId}:${o.updatedAt}`,
    webhookId: null,
    triggeredAt: o.updatedAt,
    orderName: o.name,
  };
  try {
    await orders.send(orderSignal(workflowId, shopifyEventSignal, event));
    result.cancelSignalled!.push(orderId);
  } catch (err) {
    if (!(err instanceof OrderInboxError && err.kind === 'gone')) throw err; // closed meanwhile: nothing to tell
  }
}

export async function sweepMissedOrders(deps: SweepDeps, input: SweepInput): Promise<SweepResult> {
  const shopDomain = input.shopDomain.trim().toLowerCase();
  const now = input.now ?? new Date();
  const overlapMs = (input.overlapMinutes ?? DEFAULT_OVERLAP_MINUTES) * 60_000;
  const pageSize = Math.min(250, Math.max(1, input.pageSize ?? DEFAULT_PAGE_SIZE));

  const stored = await readSweepMark(deps.pool, shopDomain);
  const mark =
    stored ?? new Date(now.getTime() - (input.firstSweepLookbackHours ?? DEFAULT_LOOKBACK_HOURS) * 3_600_000);
  const since = new Date(mark.getTime() - overlapMs);
  const query = `updated_at:>='${since.toISOString()}'`;

  const result: SweepResult = {
    checked: 0,
    started: [],
    alreadyKnown: 0,
    skipped: 0,
    cancelSignalled: [],
    returnsSignalled: [],
    sweptUntil: mark.toISOString(),
  };
  let newest = mark;
  let after: string | null = null;
  let page = 0;

  const handle = async (o: SweptOrder) => {
    const updatedAt = new Date(o.updatedAt);
    if (!Number.isNaN(updatedAt.getTime()) && updatedAt > newest) newest = updatedAt;
    const orderId = o.legacyResourceId || gidNumber(o.id);
    if (deps.returns)
      result.returnsSignalled!.push(
        ...(await sweepOrderReturns(
          { ...deps.returns, shopify: deps.shopify, taskQueue: deps.taskQueue },
          shopDomain,
          o,
        )),
      );
    if (notOrchestrated(o)) {
      result.skipped++;
      // A cancel is an update, so a cancelled order is in the window once: a running workflow
      // that missed its orders/cancelled hears it here (no extra Shopify query, one describe).
      if (o.cancelledAt) await tellCancelled(deps.orders, shopDomain, orderId, o, result);
      return;
    }
    if ((await deps.orders.lifecycle(orderWorkflowId(shopDomain, orderId))) !== 'none') {
      result.alreadyKnown++;
      return;
    }
    const event: ShopifyEvent = {
      topic: SWEEP_TOPIC,
      // Same order, same update: the same event, so a repeated sweep is dropped by the workflow.
      eventId: `sweep:${orderId}:${o.updatedAt}`,
      webhookId: null,
      triggeredAt: o.updatedAt,
      orderName: o.name,
    };
    try {
      await deps.orders.start({
        shopDomain,
        orderId,
        orderName: o.name,
        taskQueue: deps.taskQueue,
        event,
        body: null,
        settings: deps.settings,
      });
      result.started.push(orderId);
    } catch (err) {
      // Closed between our describe and the signal-with-start (REJECT_DUPLICATE): it is known.
      if (err instanceof OrderInboxError && err.kind === 'closed') {
        result.alreadyKnown++;
        return;
      }
      throw err;
    }
  };

  for (;;) {
    const data: OrdersUpdatedSinceQuery = await deps.shopify.request('OrdersUpdatedSince', ORDERS_UPDATED_SINCE, {
      first: pageSize,
      after,
      query,
    });
    const nodes = data.orders.nodes;
    result.checked += nodes.length;
    for (let i = 0; i < nodes.length; i += DESCRIBE_CONCURRENCY) {
      await Promise.all(nodes.slice(i, i + DESCRIBE_CONCURRENCY).map(handle));
    }
    page++;
    await input.onPage?.({ page, checked: result.checked, started: result.started.length });
    if (!data.orders.pageInfo.hasNextPage || !data.orders.pageInfo.endCursor) break;
    after = data.orders.pageInfo.endCursor;
  }

  // Every order is with Temporal now: the mark may move (never back).
  result.sweptUntil = (await advanceSweepMark(deps.pool, shopDomain, newest)).toISOString();
  return result;
}
