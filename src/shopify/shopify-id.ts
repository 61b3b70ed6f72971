/**
 * Shopify's numeric resource ids (an order's `id`, the number in its GID, its
 * `legacyResourceId`) are the Admin schema's UnsignedInt64: 1 .. 2^64 - 1, at
 * most 20 digits. Anything longer or larger is not a Shopify id.
 */
export const MAX_SHOPIFY_ID = 18_446_744_073_709_551_615n;

/** A canonical (no leading zero, no sign) decimal Shopify id within 64 bits. */
export function isShopifyId(s: string): boolean {
  return /^[1-9]\d{0,19}$/.test(s) && BigInt(s) <= MAX_SHOPIFY_ID;
}
