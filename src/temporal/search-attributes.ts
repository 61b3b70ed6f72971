import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * The custom search attributes ops staff filter orders by (README: Search attributes). Registered by
 * the dev server at start (src/dev/dev-server.ts) and by `npm run temporal:setup`
 * on any other cluster; upserted by the order workflow at every change.
 */
export const OrderName = defineSearchAttributeKey('OrderName', 'KEYWORD');
export const ShopDomain = defineSearchAttributeKey('ShopDomain', 'KEYWORD');
export const OrderStage = defineSearchAttributeKey('OrderStage', 'KEYWORD');
export const NeedsAttention = defineSearchAttributeKey('NeedsAttention', 'BOOL');
export const FulfillmentLocations = defineSearchAttributeKey('FulfillmentLocations', 'KEYWORD_LIST');
export const Partners = defineSearchAttributeKey('Partners', 'KEYWORD_LIST');
/** A return workflow's stage (src/returns/contract.ts ReturnStage): ops find open returns with it. */
export const ReturnStatus = defineSearchAttributeKey('ReturnStatus', 'KEYWORD');

/** Name -> type as the Temporal CLI and operator API spell it. */
export const SEARCH_ATTRIBUTE_DEFINITIONS = [
  { name: 'OrderName', type: 'Keyword' },
  { name: 'ShopDomain', type: 'Keyword' },
  { name: 'OrderStage', type: 'Keyword' },
  { name: 'NeedsAttention', type: 'Bool' },
  { name: 'FulfillmentLocations', type: 'KeywordList' },
  { name: 'Partners', type: 'KeywordList' },
  { name: 'ReturnStatus', type: 'Keyword' },
] as const;

/** Temporal's limit on a Keyword search attribute value: bytes of its JSON payload (quotes and escapes included). */
export const KEYWORD_MAX_BYTES = 2048;

/**
 * A value that fits a Keyword search attribute: unchanged when it fits, else
 * cut at a character boundary and ended with an ellipsis. Temporal measures
 * the value as its JSON payload, so a 2,047-character ASCII value is already
 * too long (2,049 bytes with its quotes). Deterministic and free of Node APIs
 * (workflow code may use it).
 */
export function keywordValue(value: string, maxBytes = KEYWORD_MAX_BYTES): string {
  const encoder = new TextEncoder();
  const size = (s: string) => encoder.encode(JSON.stringify(s)).length;
  if (size(value) <= maxBytes) return value;
  const ellipsis = '\u2026';
  let out = '';
  let bytes = size(ellipsis); // the quotes and the ellipsis
  for (const ch of value) {
    const n = size(ch) - 2;
    if (bytes + n > maxBytes) break;
    out += ch;
    bytes += n;
  }
  return out + ellipsis;
}
