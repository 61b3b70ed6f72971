import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * The contract's custom search attributes (../shared/design.md). Registered by
 * the dev server at start (src/dev/dev-server.ts) and by `npm run temporal:setup`
 * on any other cluster; upserted by the order workflow at every change.
 */
export const OrderName = defineSearchAttributeKey('OrderName', 'KEYWORD');
export const ShopDomain = defineSearchAttributeKey('ShopDomain', 'KEYWORD');
export const OrderStage = defineSearchAttributeKey('OrderStage', 'KEYWORD');
export const NeedsAttention = defineSearchAttributeKey('NeedsAttention', 'BOOL');
export const FulfillmentLocations = defineSearchAttributeKey('FulfillmentLocations', 'KEYWORD_LIST');
export const Partners = defineSearchAttributeKey('Partners', 'KEYWORD_LIST');

/** Name -> type as the Temporal CLI and operator API spell it. */
export const SEARCH_ATTRIBUTE_DEFINITIONS = [
  { name: 'OrderName', type: 'Keyword' },
  { name: 'ShopDomain', type: 'Keyword' },
  { name: 'OrderStage', type: 'Keyword' },
  { name: 'NeedsAttention', type: 'Bool' },
  { name: 'FulfillmentLocations', type: 'KeywordList' },
  { name: 'Partners', type: 'KeywordList' },
] as const;
