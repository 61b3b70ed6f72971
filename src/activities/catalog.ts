import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import { syncCatalog } from '../catalog/catalog-sync';
import type { ShopifyAdmin } from '../shopify/client';

/** The master catalog: products and variants from Shopify into catalog_variants. */
export function catalogActivities(pool: Pool, shopify: ShopifyAdmin) {
  return {
    /** Incremental from the catalog's high-water mark; everything with `full` (and on the first sync). */
    async syncCatalog(input: { shopDomain: string; full?: boolean }) {
      const heartbeat = (progress: { products: number; variants: number }) => {
        try {
          Context.current().heartbeat(progress);
        } catch {
          // not running as an activity (a script or a test)
        }
      };
      const r = await syncCatalog(pool, shopify, input.shopDomain, { full: input.full ?? false, onPage: heartbeat });
      return { products: r.products, variants: r.variants, deactivated: r.deactivated, skipped: r.skipped };
    },
  };
}
