import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../db/pool';
import { DEFAULT_PUBLISH_SETTINGS, type PublishSettings } from './available-to-sell';

/**
 * A shop's publishing settings (inventory_settings). A shop without a row
 * does not publish: the engine only writes quantities to a store it was told
 * to own. The engine's first start (`npm start`, or the worker) seeds the row
 * from the INVENTORY_* settings (src/inventory/bootstrap.ts); after that only
 * PUT /inventory/settings changes it.
 */
export interface ShopInventorySettings extends PublishSettings {
  enabled: boolean;
}

export async function loadInventorySettings(pool: Pool, shopDomain: string): Promise<ShopInventorySettings> {
  const { rows } = await pool.query(`SELECT * FROM inventory_settings WHERE shop_domain = $1`, [shopDomain]);
  const r = rows[0];
  if (!r) return { ...DEFAULT_PUBLISH_SETTINGS, enabled: false };
  return {
    enabled: r.sync_enabled,
    mode: r.publish_mode,
    aggregateLocationId: r.aggregate_location_id,
    lowStockLevel: r.low_stock_level,
    relativeChange: Number(r.relative_change),
  };
}

export async function saveInventorySettings(
  pool: Pool,
  shopDomain: string,
  s: Partial<ShopInventorySettings>,
): Promise<ShopInventorySettings> {
  const current = await loadInventorySettings(pool, shopDomain);
  const next = {
    ...current,
    enabled: s.enabled ?? true,
    ...Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)),
  } as ShopInventorySettings;
  return inTransaction(pool, async (c) => {
    await c.query(
      `INSERT INTO inventory_settings (shop_domain, publish_mode, aggregate_location_id, low_stock_level, relative_change, sync_enabled)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (shop_domain) DO UPDATE SET publish_mode = $2, aggregate_location_id = $3, low_stock_level = $4, relative_change = $5, sync_enabled = $6, updated_at = now()`,
      [
        shopDomain,
        next.mode,
        next.mode === 'aggregated' ? next.aggregateLocationId : null,
        next.lowStockLevel,
        next.relativeChange,
        next.enabled,
      ],
    );
    await markSkusChanged(c, shopDomain); // what is published may change for every SKU: in the same transaction
    return next;
  });
}

/**
 * Write a shop's first settings, unless it has some already (then nothing
 * changes). True when this call wrote them.
 */
export async function seedInventorySettings(
  pool: Pool,
  shopDomain: string,
  s: ShopInventorySettings,
): Promise<boolean> {
  return inTransaction(pool, async (c) => {
    const r = await c.query(
      `INSERT INTO inventory_settings (shop_domain, publish_mode, aggregate_location_id, low_stock_level, relative_change, sync_enabled)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (shop_domain) DO NOTHING`,
      [
        shopDomain,
        s.mode,
        s.mode === 'aggregated' ? s.aggregateLocationId : null,
        s.lowStockLevel,
        s.relativeChange,
        s.enabled,
      ],
    );
    if (r.rowCount) await markSkusChanged(c, shopDomain);
    return !!r.rowCount;
  });
}

/**
 * Mark SKUs for the sync to evaluate again: these, those stocked at a
 * location, or (neither) every SKU the shop stocks. Nothing for a shop that
 * does not publish (turning publishing on marks every SKU).
 */
export async function markSkusChanged(
  pool: Pool | PoolClient,
  shopDomain: string,
  only: { skus?: string[]; locationId?: string } = {},
): Promise<void> {
  await pool.query(
    `INSERT INTO inventory_dirty (shop_domain, sku)
     SELECT DISTINCT $1, sku FROM inventory WHERE shop_domain = $1 AND ($2::text[] IS NULL OR sku = ANY($2)) AND ($3::text IS NULL OR location_id = $3)
        AND EXISTS (SELECT 1 FROM inventory_settings WHERE shop_domain = $1 AND sync_enabled)`,
    [shopDomain, only.skus ?? null, only.locationId ?? null],
  );
}
