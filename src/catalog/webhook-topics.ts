import type { Pool } from 'pg';
import { idString, WebhookPayloadError } from '../shopify/webhook-payload';
import { recorded, type TopicHandler } from '../shopify/webhook-dispatch';
import { claimProductDeletion } from './deletions';
import { applyProductInTransaction } from './repository';
import { productFromWebhook, type ProductTopic } from './webhooks';

export const CATALOG_TOPICS = ['products/create', 'products/update', 'products/delete'] as const;
type CatalogTopic = (typeof CATALOG_TOPICS)[number];

/**
 * products/create|update into the master catalog (./webhooks.ts);
 * products/delete is a claim, not a fact: the catalog sync retires the
 * product once Shopify confirms it is gone (./deletions.ts).
 */
export function catalogTopics(d: { pool: Pool; shopDomain: string }): TopicHandler<CatalogTopic> {
  return {
    topics: CATALOG_TOPICS,
    prepare(topic, body) {
      if (topic === 'products/delete') {
        const id = idString(body.id);
        if (!id) throw new WebhookPayloadError('products/delete body has no numeric id (a 64-bit product id)', 'id');
        const productId = `gid://shopify/Product/${id}`;
        return {
          subject: productId,
          async handle() {
            await recorded(topic, () => claimProductDeletion(d.pool, d.shopDomain, productId));
            return { status: 'deletion-pending', outcome: 'accepted' };
          },
        };
      }
      const product = productFromWebhook(topic satisfies ProductTopic, body);
      return {
        subject: product.productId,
        async handle({ log }) {
          await recorded(topic, () => applyProductInTransaction(d.pool, d.shopDomain, product));
          log.info({ productId: product.productId }, 'catalog webhook recorded');
          return { status: 'catalog-updated', outcome: 'accepted' };
        },
      };
    },
  };
}
