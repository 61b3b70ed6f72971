import * as D from './documents';
import type { ShopifyAdmin } from './client';

/** The product variant with exactly this SKU (Shopify's search is a prefix match, so the answer is checked). */
export async function variantIdForSku(shopify: ShopifyAdmin, sku: string): Promise<string | null> {
  const found = await shopify.request('VariantsBySku', D.VARIANTS_BY_SKU, { query: `sku:${JSON.stringify(sku)}` });
  return found.productVariants.nodes.find((x) => x.sku === sku)?.id ?? null;
}
