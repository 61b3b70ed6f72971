import * as D from './documents';
import type { ShopifyAdmin } from './client';
import type { WebhookSubscriptionsQuery } from './generated/admin.generated';

/** The Shopify webhook topics the engine consumes, as GraphQL enum values. */
export const CONSUMED_TOPICS = [
  'ORDERS_CREATE',
  'ORDERS_UPDATED',
  'ORDERS_PAID',
  'ORDERS_CANCELLED',
  'ORDER_TRANSACTIONS_CREATE',
  'REFUNDS_CREATE',
  'FULFILLMENTS_CREATE',
  // Fulfillment services (3PLs) answering our requests; their bodies carry no order id.
  'FULFILLMENT_ORDERS_FULFILLMENT_REQUEST_ACCEPTED',
  'FULFILLMENT_ORDERS_FULFILLMENT_REQUEST_REJECTED',
  'FULFILLMENT_ORDERS_CANCELLATION_REQUEST_ACCEPTED',
  'FULFILLMENT_ORDERS_CANCELLATION_REQUEST_REJECTED',
  // The master catalog (src/catalog/webhooks.ts).
  'PRODUCTS_CREATE',
  'PRODUCTS_UPDATE',
  'PRODUCTS_DELETE',
  // What Shopify shows: the compare-and-set base, and a raise above the engine put back (src/inventory/webhooks.ts).
  'INVENTORY_LEVELS_UPDATE',
  // Returns (src/returns/webhooks.ts): each only tells the return's workflow to read the return again.
  'RETURNS_REQUEST',
  'RETURNS_APPROVE',
  'RETURNS_DECLINE',
  'RETURNS_CANCEL',
  'RETURNS_CLOSE',
  'RETURNS_REOPEN',
  'RETURNS_UPDATE',
  'RETURNS_PROCESS',
  'REVERSE_FULFILLMENT_ORDERS_DISPOSE',
] as const;

/** Access scopes the custom app needs for everything the engine reads and writes. */
export const REQUIRED_SCOPES = [
  'read_orders',
  'write_orders',
  'read_merchant_managed_fulfillment_orders',
  'write_merchant_managed_fulfillment_orders',
  'read_assigned_fulfillment_orders',
  'write_assigned_fulfillment_orders',
  'read_third_party_fulfillment_orders',
  'write_third_party_fulfillment_orders',
  'read_locations',
  'read_inventory',
  'write_inventory',
  'read_products',
  'read_returns',
  'write_returns',
] as const;

/** Create (idempotently) a subscription for every consumed topic pointing at `callbackUrl`. */
export async function ensureWebhookSubscriptions(shopify: ShopifyAdmin, callbackUrl: string) {
  const existing: { topic: string; uri: string }[] = [];
  for (let after: string | null = null; ;) {
    const page: WebhookSubscriptionsQuery = await shopify.request('WebhookSubscriptions', D.WEBHOOK_SUBSCRIPTIONS, {
      after,
    });
    existing.push(...page.webhookSubscriptions.nodes);
    if (!page.webhookSubscriptions.pageInfo.hasNextPage) break;
    after = page.webhookSubscriptions.pageInfo.endCursor;
  }
  const created: string[] = [];
  for (const topic of CONSUMED_TOPICS) {
    if (existing.some((s) => s.topic === topic && s.uri === callbackUrl)) continue;
    await shopify.mutate('WebhookSubscriptionCreate', 'webhookSubscriptionCreate', D.WEBHOOK_SUBSCRIPTION_CREATE, {
      topic,
      webhookSubscription: { uri: callbackUrl, format: 'JSON' },
    });
    created.push(topic);
  }
  return { created, existing: CONSUMED_TOPICS.length - created.length };
}
