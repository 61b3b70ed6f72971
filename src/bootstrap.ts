import type { Pool } from 'pg';
import { importLocationsAndInventory } from './inventory/import-from-shopify';
import { applyPartnerSeed, readPartnerSeed } from './partner/seed';
import type { ShopifyAdmin } from './shopify/client';

/**
 * First start against a shop: import its locations and on-hand quantities
 * from Shopify (only when the engine has none yet), then apply the partner
 * file (idempotent). Used by `npm start` and `npm run bootstrap`.
 */
export async function bootstrapShop(
  pool: Pool,
  shopify: ShopifyAdmin,
  shopDomain: string,
  partnersFile?: string,
  say: (m: string) => void = () => undefined,
) {
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM locations WHERE shop_domain = $1`, [shopDomain]);
  if (rows[0].n === 0) {
    const imported = await importLocationsAndInventory(pool, shopify, shopDomain);
    say(`imported ${imported.locations} locations and ${imported.levels} inventory levels from Shopify`);
  }
  if (partnersFile)
    say(`partners: ${await applyPartnerSeed(pool, shopDomain, readPartnerSeed(partnersFile))} from ${partnersFile}`);
}
