/**
 * Shopify's numeric resource ids (an order's `id`, the number in its GID) are
 * 64-bit signed integers: at most 19 digits and at most 2^63 - 1. Anything
 * longer or larger is not a Shopify id.
 */
export const MAX_SHOPIFY_ID = 9_223_372_036_854_775_807n;

/** A canonical (no leading zero, no sign) decimal Shopify id within 64 bits. */
export function isShopifyId(s: string): boolean {
  return /^[1-9]\d{0,18}$/.test(s) && BigInt(s) <= MAX_SHOPIFY_ID;
}
