import type { Pool } from 'pg';
import type { Config } from '../config';
import { resolveLocationId } from './locations';
import { loadInventorySettings, saveInventorySettings } from './sync-settings';

/**
 * The shop's publishing settings at start: the INVENTORY_* settings that are
 * given are applied (INVENTORY_SYNC=on|off included); a shop with no settings
 * yet gets the defaults, publishing on. Settings changed over the API
 * (PUT /inventory/settings) stay unless the environment names them.
 */
export async function applyInventorySettings(
  pool: Pool,
  shopDomain: string,
  c: Pick<Config, 'INVENTORY_SYNC' | 'INVENTORY_PUBLISH_MODE' | 'INVENTORY_AGGREGATE_LOCATION' | 'INVENTORY_LOW_STOCK' | 'INVENTORY_RELATIVE_CHANGE'>,
) {
  const stored = await pool.query(`SELECT 1 FROM inventory_settings WHERE shop_domain = $1`, [shopDomain]);
  const current = await loadInventorySettings(pool, shopDomain);
  let aggregateLocationId: string | undefined;
  if (c.INVENTORY_AGGREGATE_LOCATION) {
    aggregateLocationId = (await resolveLocationId(pool, shopDomain, c.INVENTORY_AGGREGATE_LOCATION)) ?? undefined;
    if (!aggregateLocationId) throw new Error(`INVENTORY_AGGREGATE_LOCATION is invalid (no location named or with id ${c.INVENTORY_AGGREGATE_LOCATION} in ${shopDomain})`);
  }
  const mode = c.INVENTORY_PUBLISH_MODE ?? current.mode;
  if (mode === 'aggregated' && !(aggregateLocationId ?? current.aggregateLocationId)) {
    throw new Error('INVENTORY_AGGREGATE_LOCATION is missing (INVENTORY_PUBLISH_MODE=aggregated needs the Shopify location that receives the sum)');
  }
  return saveInventorySettings(pool, shopDomain, {
    enabled: c.INVENTORY_SYNC ? c.INVENTORY_SYNC === 'on' : stored.rowCount ? current.enabled : true,
    mode,
    aggregateLocationId: aggregateLocationId ?? current.aggregateLocationId,
    lowStockLevel: c.INVENTORY_LOW_STOCK ?? current.lowStockLevel,
    relativeChange: c.INVENTORY_RELATIVE_CHANGE ?? current.relativeChange,
  });
}
