import type { Pool } from 'pg';
import { inTransaction } from '../db/pool';
import type { ShopifyAdmin } from '../shopify/client';
import type { ProductsQuery, ProductVariantsQuery } from '../shopify/generated/admin.generated';
import * as D from '../shopify/documents';
import { confirmProductDeletions } from './deletions';
import { applyProduct, catalogHighWaterMark, type CatalogProduct, type CatalogVariant } from './repository';

/**
 * The master catalog from Shopify: every product's variants (SKU, barcode,
 * titles, image, inventory item) in catalog_variants. Incremental by default:
 * products updated since the newest product_updated_at already held, less an
 * overlap (Shopify's updated_at has second precision and a product can be saved
 * while a page is read); everything on the first sync or when asked (`full`).
 * A product's variants that it no longer has are marked inactive; a full sync
 * also deactivates products Shopify no longer returns (deleted). Every sync
 * settles the products/delete webhooks received since the last one (claims,
 * confirmed with Shopify before anything is retired: ./deletions.ts).
 */
export const SYNC_OVERLAP_MS = 60_000;

export interface SyncCatalogOptions {
  /** Read products updated at or after this instant (overrides the high-water mark). */
  since?: Date;
  /** Read every product, and deactivate products Shopify no longer has. */
  full?: boolean;
  /** Called after each page (an activity heartbeats here). */
  onPage?: (progress: { products: number; variants: number }) => void;
}

export interface SyncCatalogResult {
  products: number;
  variants: number;
  deactivated: number;
  /** Products left as they were because the catalog already held a newer version. */
  skipped: number;
  /** The updated_at filter used (null: everything). */
  since: string | null;
  /** products/delete claims Shopify confirmed (retired) and refuted (the product exists: kept). */
  deletions: { retired: number; refuted: number };
}

/** A product's variants as Products and ProductVariants select them (the same fields). */
type VariantPage = ProductsQuery['products']['nodes'][number]['variants'];
type VariantNode = VariantPage['nodes'][number];

const toVariant = (v: VariantNode): CatalogVariant => ({
  variantId: v.id,
  sku: v.sku,
  barcode: v.barcode,
  title: v.title,
  imageUrl: v.image?.url ?? null,
  inventoryItemId: v.inventoryItem?.id ?? null,
});

/** Shopify's search syntax wants the instant quoted; seconds are all it keeps. */
function sinceQuery(since: Date): string {
  return `updated_at:>='${new Date(Math.floor(since.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z')}'`;
}

export async function syncCatalog(
  pool: Pool,
  shopify: ShopifyAdmin,
  shopDomain: string,
  opts: SyncCatalogOptions = {},
): Promise<SyncCatalogResult> {
  let since: Date | null = null;
  if (opts.since) since = opts.since;
  else if (!opts.full) {
    const hwm = await catalogHighWaterMark(pool, shopDomain);
    since = hwm ? new Date(hwm.getTime() - SYNC_OVERLAP_MS) : null;
  }
  const query = since ? sinceQuery(since) : null;
  const result: SyncCatalogResult = {
    products: 0,
    variants: 0,
    deactivated: 0,
    skipped: 0,
    since: since?.toISOString() ?? null,
    deletions: { retired: 0, refuted: 0 },
  };
  const seen: string[] = [];

  for (let after: string | null = null; ;) {
    const page: ProductsQuery = await shopify.request('Products', D.PRODUCTS, { after, query });
    for (const node of page.products.nodes) {
      const variants = node.variants.nodes.map(toVariant);
      // More variants than the first page holds: read on before applying, so none is taken for deleted.
      for (let v: VariantPage = node.variants; v.pageInfo.hasNextPage;) {
        const more: ProductVariantsQuery = await shopify.request('ProductVariants', D.PRODUCT_VARIANTS, {
          id: node.id,
          after: v.pageInfo.endCursor,
        });
        if (!more.product) break;
        v = more.product.variants;
        variants.push(...v.nodes.map(toVariant));
      }
      const product: CatalogProduct = {
        productId: node.id,
        title: node.title,
        updatedAt: new Date(node.updatedAt),
        imageUrl: node.featuredImage?.url ?? null,
        variants,
      };
      const r = await inTransaction(pool, (c) => applyProduct(c, shopDomain, product));
      seen.push(node.id);
      result.products += 1;
      if (!r.applied) result.skipped += 1;
      result.variants += r.variants;
      result.deactivated += r.deactivated;
    }
    opts.onPage?.({ products: result.products, variants: result.variants });
    if (!page.products.pageInfo.hasNextPage) break;
    after = page.products.pageInfo.endCursor;
  }

  if (!since) {
    // Everything was read: a product Shopify did not return was deleted.
    const gone = await pool.query(
      `UPDATE catalog_variants SET active = false, synced_at = now() WHERE shop_domain = $1 AND active AND NOT (product_id = ANY($2::text[]))`,
      [shopDomain, seen],
    );
    result.deactivated += gone.rowCount ?? 0;
  }
  const settled = await confirmProductDeletions(pool, shopify, shopDomain);
  result.deletions = { retired: settled.retired.length, refuted: settled.refuted.length };
  return result;
}
