import * as D from '../shopify/documents';
import type { ShopifyAdmin } from '../shopify/client';
import { postSigned } from '../partner/outbound';

export interface OutboundSettings {
  url?: string;
  secret?: string;
}

/** The notify stage: tag and metafield on the order, and a signed event to the merchant's systems. */
export function notifyActivities(shopify: ShopifyAdmin, outbound: OutboundSettings) {
  return {
    async recordOutcomeInShopify(input: { orderGid: string; tags: string[]; summary: unknown }) {
      await shopify.mutate('TagsAdd', 'tagsAdd', D.TAGS_ADD, { id: input.orderGid, tags: input.tags });
      await shopify.mutate('MetafieldsSet', 'metafieldsSet', D.METAFIELDS_SET, {
        metafields: [
          {
            ownerId: input.orderGid,
            namespace: 'order_orchestrator',
            key: 'outcome',
            type: 'json',
            value: JSON.stringify(input.summary),
          },
        ],
      });
    },
    async publishOrderEvent(input: { type: string; workflowId: string; order: unknown }) {
      if (!outbound.url) return { sent: false };
      await postSigned(
        outbound.url,
        { type: input.type, workflowId: input.workflowId, order: input.order },
        {
          secret: outbound.secret,
          idempotencyKey: `${input.type}:${input.workflowId}`,
        },
      );
      return { sent: true };
    },
  };
}
