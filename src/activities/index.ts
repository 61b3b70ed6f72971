import type { Pool } from 'pg';
import type { ShopifyAdmin } from '../shopify/client';
import { catalogActivities } from './catalog';
import { withFailureMapping } from './failures';
import { withHeartbeats } from './heartbeat';
import { fulfillmentActivities } from './fulfillment';
import { inventoryActivities } from './inventory';
import { inventorySyncActivities } from './inventory-sync';
import { notifyActivities, type OutboundSettings } from './notify';
import { partnerActivities } from './partner';
import { DEFAULT_EDI_IDENTITY } from './edi';
import type { EdiIdentity } from '../edi';
import { paymentActivities } from './payment';
import { cancelRemainderActivities } from './cancel-remainder';
import { sweepActivities } from './sweep';
import { orderDemandActivities } from './order-demand';
import { returnActivities } from './returns';
import { returnRequestActivities } from './return-requests';
import { refundActivities } from './refunds';
import { exchangeActivities } from './exchanges';
import { orderEditActivities } from './order-edit';
import { editPaymentActivities } from './edit-payment';

export interface ActivityDeps {
  pool: Pool;
  shopify: ShopifyAdmin;
  outbound?: OutboundSettings;
  /** Our envelope identity in EDI (default DEFAULT_EDI_IDENTITY). */
  ediIdentity?: EdiIdentity;
}

/** Every activity the order workflow calls, built from its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return withHeartbeats(
    withFailureMapping({
      ...fulfillmentActivities(deps.shopify),
      ...paymentActivities(deps.shopify),
      ...cancelRemainderActivities(deps.shopify),
      ...inventoryActivities(deps.pool),
      ...inventorySyncActivities(deps.pool, deps.shopify),
      ...partnerActivities(deps.pool, deps.shopify, deps.ediIdentity ?? DEFAULT_EDI_IDENTITY),
      ...notifyActivities(deps.shopify, deps.outbound ?? {}),
      ...catalogActivities(deps.pool, deps.shopify),
      ...sweepActivities(deps.pool, deps.shopify),
      ...orderDemandActivities(deps.pool),
      ...returnActivities(deps.pool, deps.shopify),
      ...returnRequestActivities(deps.pool, deps.shopify),
      ...refundActivities(deps.pool, deps.shopify),
      ...exchangeActivities(deps.pool, deps.shopify),
      ...orderEditActivities(deps.shopify),
      ...editPaymentActivities(deps.pool, deps.shopify),
    }),
  );
}

export type OrderActivities = ReturnType<typeof createActivities>;
