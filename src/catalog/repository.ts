import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../db/pool';

/**
 * The master catalog (catalog_variants): one row per Shopify variant, with its
 * product's title and updated_at. Written by the sync (catalog-sync.ts) and by
 * products/* webhooks (webhooks.ts), both through applyProduct, so the two
 * agree on what "newer" means.
 */
export interface CatalogVariant {
  variantId: string;
  sku: string | null;
  barcode: string | null;
  title: string | null;
  imageUrl: string | null;
  inventoryItemId: string | null;
}

export interface CatalogProduct {
  productId: string;
  title: string;
  /** Shopify's updated_at: the version of this product. */
  updatedAt: Date;
  imageUrl: string | null;
  /** Every variant the product has now: rows of this product not named here are deactivated. */
  variants: CatalogVariant[];
}

export interface ApplyResult {
  /** false: what is stored is newer (an older webhook or page arrived late); nothing changed. */
  applied: boolean;
  variants: number;
  deactivated: number;
}

/**
 * Upsert a product's variants and deactivate the ones it no longer has, unless
 * the stored product is newer. Same-instant versions apply (idempotent).
 * Serialized per product, so a webhook and a sync page cannot interleave.
 */
export async function applyProduct(c: PoolClient, shopDomain: string, p: CatalogProduct): Promise<ApplyResult> {
  await c.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`catalog:${shopDomain}:${p.productId}`]);
  const { rows } = await c.query<{ newest: Date | null }>(
    `SELECT max(product_updated_at) AS newest FROM catalog_variants WHERE shop_domain = $1 AND product_id = $2`,
    [shopDomain, p.productId],
  );
  const newest = rows[0]?.newest ?? null;
  if (newest && newest.getTime() > p.updatedAt.getTime()) return { applied: false, variants: 0, deactivated: 0 };
  let variants = 0;
  for (const v of p.variants) {
    const r = await c.query(
      `INSERT INTO catalog_variants (shop_domain, variant_id, product_id, sku, barcode, product_title, variant_title, image_url, inventory_item_id, product_updated_at, active, synced_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, true, now())
       ON CONFLICT (shop_domain, variant_id) DO UPDATE SET
         product_id = EXCLUDED.product_id, sku = EXCLUDED.sku, barcode = EXCLUDED.barcode, product_title = EXCLUDED.product_title,
         variant_title = EXCLUDED.variant_title, image_url = EXCLUDED.image_url, inventory_item_id = EXCLUDED.inventory_item_id,
         product_updated_at = EXCLUDED.product_updated_at, active = true, synced_at = now()
       WHERE catalog_variants.product_updated_at IS NULL OR catalog_variants.product_updated_at <= EXCLUDED.product_updated_at`,
      [
        shopDomain,
        v.variantId,
        p.productId,
        v.sku || null,
        v.barcode || null,
        p.title,
        v.title,
        v.imageUrl ?? p.imageUrl,
        v.inventoryItemId,
        p.updatedAt,
      ],
    );
    variants += r.rowCount ?? 0;
  }
  const gone = await c.query(
    `UPDATE catalog_variants SET active = false, product_updated_at = $4, synced_at = now()
      WHERE shop_domain = $1 AND product_id = $2 AND active AND NOT (variant_id = ANY($3::text[]))`,
    [shopDomain, p.productId, p.variants.map((v) => v.variantId), p.updatedAt],
  );
  await markProductSkusChanged(c, shopDomain, p.productId);
  return { applied: true, variants, deactivated: gone.rowCount ?? 0 };
}

/**
 * A SKU whose inventory item appeared, changed or went away is published
 * (or stops being) from now on: the inventory sync evaluates it again.
 */
async function markProductSkusChanged(c: PoolClient | Pool, shopDomain: string, productId: string) {
  await c.query(
    `INSERT INTO inventory_dirty (shop_domain, sku)
     SELECT DISTINCT shop_domain, sku FROM catalog_variants
      WHERE shop_domain = $1 AND product_id = $2 AND sku IS NOT NULL
        AND EXISTS (SELECT 1 FROM inventory_settings WHERE shop_domain = $1 AND sync_enabled)`,
    [shopDomain, productId],
  );
}

/** products/delete: the product's variants are no longer sold (kept, inactive, for history). */
export async function retireProduct(pool: Pool, shopDomain: string, productId: string): Promise<number> {
  return inTransaction(pool, async (c) => {
    const r = await c.query(
      `UPDATE catalog_variants SET active = false, synced_at = now() WHERE shop_domain = $1 AND product_id = $2 AND active`,
      [shopDomain, productId],
    );
    await markProductSkusChanged(c, shopDomain, productId);
    return r.rowCount ?? 0;
  });
}

export function applyProductInTransaction(pool: Pool, shopDomain: string, p: CatalogProduct): Promise<ApplyResult> {
  return inTransaction(pool, (c) => applyProduct(c, shopDomain, p));
}

/** The newest product updated_at the catalog holds for the shop: the incremental sync's high-water mark. */
export async function catalogHighWaterMark(pool: Pool | PoolClient, shopDomain: string): Promise<Date | null> {
  const { rows } = await pool.query<{ hwm: Date | null }>(
    `SELECT max(product_updated_at) AS hwm FROM catalog_variants WHERE shop_domain = $1`,
    [shopDomain],
  );
  return rows[0]?.hwm ?? null;
}

/** SKU -> Shopify inventory item GID for the active variants with those SKUs (what an inventory push needs). */
export async function inventoryItemsBySku(
  pool: Pool | PoolClient,
  shopDomain: string,
  skus: string[] | null,
): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ sku: string; inventory_item_id: string }>(
    `SELECT DISTINCT ON (sku) sku, inventory_item_id FROM catalog_variants
      WHERE shop_domain = $1 AND ($2::text[] IS NULL OR sku = ANY($2::text[])) AND sku IS NOT NULL AND active AND inventory_item_id IS NOT NULL
      ORDER BY sku, product_updated_at DESC NULLS LAST, synced_at DESC`,
    [shopDomain, skus],
  );
  return new Map(rows.map((r) => [r.sku, r.inventory_item_id]));
}
