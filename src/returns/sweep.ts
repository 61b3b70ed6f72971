import type { ShopifyAdmin } from '../shopify/client';
import { ORDER_OPEN_RETURNS } from '../shopify/documents';
import type { ReturnPolicy } from './contract';
import type { ReturnInbox } from './inbox';

/** Shopify's OrderReturnStatus values of an order with a return still to handle. */
const OPEN_RETURN_STATUSES = new Set(['RETURN_REQUESTED', 'IN_PROGRESS']);

export interface ReturnSweepDeps {
  shopify: ShopifyAdmin;
  returns: Pick<ReturnInbox, 'start'>;
  taskQueue: string;
  policy?: Partial<ReturnPolicy>;
}

/**
 * Returns whose webhooks never came: the missed-order sweep hands over each
 * order in its window whose returnStatus says a return is requested or in
 * progress, and each such return's workflow hears of it (signal-with-start: a
 * running one reads the return again; a missing one starts). Same return,
 * same order update: the same event id, so a repeated sweep changes nothing.
 */
export async function sweepOrderReturns(
  d: ReturnSweepDeps,
  shopDomain: string,
  order: { id: string; updatedAt: string; returnStatus?: string | null },
): Promise<string[]> {
  if (!order.returnStatus || !OPEN_RETURN_STATUSES.has(order.returnStatus)) return [];
  const data = await d.shopify.request('OrderOpenReturns', ORDER_OPEN_RETURNS, { id: order.id });
  const open = (data.order?.returns.nodes ?? []).filter((r) => r.status === 'REQUESTED' || r.status === 'OPEN');
  const ids: string[] = [];
  for (const r of open) {
    const returnId = r.id.replace(/^gid:\/\/shopify\/Return\//, '');
    await d.returns.start({
      shopDomain,
      returnId,
      taskQueue: d.taskQueue,
      origin: 'sweep',
      event: { topic: 'sweep/open_return', eventId: `sweep-return:${returnId}:${order.updatedAt}`, triggeredAt: null },
      policy: d.policy,
    });
    ids.push(returnId);
  }
  return ids;
}
