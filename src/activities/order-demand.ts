import type { Pool } from 'pg';
import { closeOrderDemand } from '../inventory/shopify-sales';

/** The order workflow's end, as the inventory's open demand sees it (src/inventory/shopify-sales.ts). */
export function orderDemandActivities(pool: Pool) {
  return {
    async closeOrderDemand(input: { shopDomain: string; orderId: string; outcome: 'closed' | 'cancelled' }) {
      return { closed: await closeOrderDemand(pool, input.shopDomain, input.orderId, input.outcome) };
    },
  };
}
