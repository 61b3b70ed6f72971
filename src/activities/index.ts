import type { Pool } from 'pg';
import type { ShopifyAdmin } from '../shopify/client';
import { withFailureMapping } from './failures';
import { fulfillmentActivities } from './fulfillment';
import { inventoryActivities } from './inventory';
import { notifyActivities, type OutboundSettings } from './notify';
import { partnerActivities } from './partner';
import { paymentActivities } from './payment';

export interface ActivityDeps {
  pool: Pool;
  shopify: ShopifyAdmin;
  outbound?: OutboundSettings;
}

/** Every activity the order workflow calls, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return withFailureMapping({
    ...fulfillmentActivities(deps.shopify),
    ...paymentActivities(deps.shopify),
    ...inventoryActivities(deps.pool),
    ...partnerActivities(deps.pool),
    ...notifyActivities(deps.shopify, deps.outbound ?? {}),
  });
}

export type OrderActivities = ReturnType<typeof createActivities>;
