import type { Pool } from 'pg';
import type { Config } from '../config';
import { DEFAULT_PUBLISH_SETTINGS } from './available-to-sell';
import { resolveLocationId } from './locations';
import { loadInventorySettings, seedInventorySettings, type ShopInventorySettings } from './sync-settings';

type InventorySeed = Pick<
  Config,
  | 'INVENTORY_SYNC'
  | 'INVENTORY_PUBLISH_MODE'
  | 'INVENTORY_AGGREGATE_LOCATION'
  | 'INVENTORY_LOW_STOCK'
  | 'INVENTORY_RELATIVE_CHANGE'
>;

export interface AppliedInventorySettings {
  settings: ShopInventorySettings;
  /** This start wrote the shop's first settings from the INVENTORY_* settings. */
  seeded: boolean;
  /** INVENTORY_* settings given that differ from the stored ones (which win). */
  ignored: string[];
}

/**
 * The shop's publishing settings at start. One writer for each: the
 * INVENTORY_* settings seed a shop that has no stored settings yet (publishing
 * on unless INVENTORY_SYNC=off); from then on the stored settings win and
 * only PUT /inventory/settings changes them. A restart never overwrites them:
 * INVENTORY_* values that differ are reported in `ignored`, not applied.
 */
export async function applyInventorySettings(
  pool: Pool,
  shopDomain: string,
  c: InventorySeed,
): Promise<AppliedInventorySettings> {
  const given = c.INVENTORY_AGGREGATE_LOCATION;
  const aggregateLocationId = given ? await resolveLocationId(pool, shopDomain, given) : null;
  const stored = await pool.query(`SELECT 1 FROM inventory_settings WHERE shop_domain = $1`, [shopDomain]);
  if (!stored.rowCount) {
    if (given && !aggregateLocationId)
      throw new Error(
        `INVENTORY_AGGREGATE_LOCATION is invalid (no location named or with id ${given} in ${shopDomain})`,
      );
    const mode = c.INVENTORY_PUBLISH_MODE ?? DEFAULT_PUBLISH_SETTINGS.mode;
    if (mode === 'aggregated' && !aggregateLocationId) {
      throw new Error(
        'INVENTORY_AGGREGATE_LOCATION is missing (INVENTORY_PUBLISH_MODE=aggregated needs the Shopify location that receives the sum)',
      );
    }
    const seed: ShopInventorySettings = {
      enabled: c.INVENTORY_SYNC !== 'off',
      mode,
      aggregateLocationId,
      lowStockLevel: c.INVENTORY_LOW_STOCK ?? DEFAULT_PUBLISH_SETTINGS.lowStockLevel,
      relativeChange: c.INVENTORY_RELATIVE_CHANGE ?? DEFAULT_PUBLISH_SETTINGS.relativeChange,
    };
    // Another process may have seeded (or PUT) in between: then what is stored stands.
    if (await seedInventorySettings(pool, shopDomain, seed))
      return { settings: await loadInventorySettings(pool, shopDomain), seeded: true, ignored: [] };
  }
  const current = await loadInventorySettings(pool, shopDomain);
  const differs: [keyof InventorySeed, boolean][] = [
    ['INVENTORY_SYNC', c.INVENTORY_SYNC !== undefined && (c.INVENTORY_SYNC === 'on') !== current.enabled],
    ['INVENTORY_PUBLISH_MODE', c.INVENTORY_PUBLISH_MODE !== undefined && c.INVENTORY_PUBLISH_MODE !== current.mode],
    ['INVENTORY_AGGREGATE_LOCATION', given !== undefined && aggregateLocationId !== current.aggregateLocationId],
    ['INVENTORY_LOW_STOCK', c.INVENTORY_LOW_STOCK !== undefined && c.INVENTORY_LOW_STOCK !== current.lowStockLevel],
    [
      'INVENTORY_RELATIVE_CHANGE',
      c.INVENTORY_RELATIVE_CHANGE !== undefined && c.INVENTORY_RELATIVE_CHANGE !== current.relativeChange,
    ],
  ];
  return { settings: current, seeded: false, ignored: differs.filter(([, d]) => d).map(([k]) => k) };
}
