import type { Client } from '@temporalio/client';
import { orderWorkflowId } from '../order/contract';
import {
  FulfillmentLocations,
  NeedsAttention,
  OrderName,
  OrderStage,
  Partners,
  ShopDomain,
} from '../temporal/search-attributes';
import { orderListQuery, type OrderFilters } from './visibility';

/**
 * How ops tools (the /ops endpoints, `npm run ops`) find orders through a
 * Temporal client: list them by visibility query, resolve what an operator
 * typed to a workflow id. Showing and acting on one goes through the order
 * inbox (src/orders/inbox.ts).
 */

export interface OrderListing {
  workflowId: string;
  orderName: string | null;
  shopDomain: string | null;
  stage: string | null;
  needsAttention: boolean;
  locations: string[];
  partners: string[];
  /** Temporal's execution status: RUNNING, COMPLETED, FAILED, ... */
  status: string;
  startTime: string;
}

export async function listOrders(client: Client, filters: OrderFilters, limit = 50): Promise<OrderListing[]> {
  const out: OrderListing[] = [];
  for await (const w of client.workflow.list({ query: orderListQuery(filters), pageSize: Math.min(limit, 100) })) {
    const sa = w.typedSearchAttributes;
    out.push({
      workflowId: w.workflowId,
      orderName: sa.get(OrderName) ?? null,
      shopDomain: sa.get(ShopDomain) ?? null,
      stage: sa.get(OrderStage) ?? null,
      needsAttention: sa.get(NeedsAttention) ?? false,
      locations: sa.get(FulfillmentLocations) ?? [],
      partners: sa.get(Partners) ?? [],
      status: w.status.name,
      startTime: w.startTime.toISOString(),
    });
    if (out.length >= limit) break;
  }
  return out;
}

/** An order reference that matches no order, or more than one. */
export class OrderRefError extends Error {
  override name = 'OrderRefError';
}

/**
 * The workflow id for what an operator typed: a workflow id (`order-...`), a
 * numeric Shopify order id (needs the shop), or an order name (`#1001`, looked
 * up in visibility, within the shop when one is known).
 */
export async function resolveOrderRef(client: Client, ref: string, shopDomain?: string): Promise<string> {
  const r = ref.trim();
  if (r.startsWith('order-')) return r;
  if (/^\d+$/.test(r)) {
    if (!shopDomain) throw new OrderRefError(`order id ${r} needs a shop: pass --shop or set SHOPIFY_SHOP`);
    return orderWorkflowId(shopDomain, r);
  }
  const name = r.startsWith('#') ? r : `#${r}`;
  const found = await listOrders(client, { name, ...(shopDomain ? { shop: shopDomain } : {}) }, 5);
  if (!found.length) throw new OrderRefError(`no order named ${name}${shopDomain ? ` in ${shopDomain}` : ''}`);
  if (found.length > 1)
    throw new OrderRefError(
      `${name} names ${found.length} orders (${found.map((f) => f.workflowId).join(', ')}); use the workflow id`,
    );
  return found[0]!.workflowId;
}
