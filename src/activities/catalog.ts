import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import { syncCatalog } from '../catalog/catalog-sync';
import type { ShopifyAdmin } from '../shopify/client';

/** The master catalog: products and variants from Shopify into catalog_variants. */
export function catalogActivities(pool: Pool, shopify: ShopifyAdmin) {
  return {
    /**
     * Incremental from the catalog's high-water mark; everything with `full`,
     * on the first sync, and once a day (`fullEveryHours`, 24), so products
     * deleted while a products/delete webhook was lost are retired too.
     */
    async syncCatalog(input: { shopDomain: string; full?: boolean; fullEveryHours?: number }) {
      const heartbeat = (progress: { products: number; variants: number }) => {
        try {
          Context.current().heartbeat(progress);
        } catch {
          // not running as an activity (a script or a test)
        }
      };
      const { rows } = await pool.query(`SELECT last_full_at FROM catalog_syncs WHERE shop_domain = $1`, [
        input.shopDomain,
      ]);
      const dueFull =
        !rows[0] || Date.now() - new Date(rows[0].last_full_at).getTime() >= (input.fullEveryHours ?? 24) * 3600_000;
      const full = input.full || dueFull;
      const r = await syncCatalog(pool, shopify, input.shopDomain, { full, onPage: heartbeat });
      if (full) {
        await pool.query(
          `INSERT INTO catalog_syncs (shop_domain, last_full_at) VALUES ($1, now()) ON CONFLICT (shop_domain) DO UPDATE SET last_full_at = now()`,
          [input.shopDomain],
        );
      }
      return { products: r.products, variants: r.variants, deactivated: r.deactivated, skipped: r.skipped, full };
    },
  };
}
