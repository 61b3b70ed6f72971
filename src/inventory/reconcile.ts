import type { Pool } from 'pg';
import type { ShopifyAdmin } from '../shopify/client';
import { levelKey, readAvailableLevels } from '../shopify/inventory-levels';
import { catalogHighWaterMark, inventoryItemsBySku } from '../catalog/repository';
import { syncCatalog } from '../catalog/catalog-sync';
import { currentTargets, publishInventory } from './publish';
import { loadInventorySettings } from './sync-settings';

/**
 * Reconciliation: read what Shopify shows for every published level, compare
 * with the engine's numbers, correct every difference (compare-and-set, like
 * any push) and record what drifted and what was corrected
 * (inventory_reconciliations, inventory_drift). Large catalogs are read with
 * a bulk operation, small ones with paged queries. The first run is the
 * initial sync: every level Shopify does not already show right is set.
 */
export interface ReconcileOutcome {
  reconciliationId: number | null;
  method: 'paged' | 'bulk' | null;
  levelsChecked: number;
  drifted: number;
  corrected: number;
  unmapped: string[];
}

/** Above this many published levels, read Shopify with a bulk operation. */
export const BULK_READ_ABOVE_LEVELS = 2000;

export async function reconcileInventory(
  pool: Pool,
  shopify: ShopifyAdmin,
  shopDomain: string,
  opts: { method?: 'auto' | 'paged' | 'bulk'; heartbeat?: (detail: unknown) => void } = {},
): Promise<ReconcileOutcome> {
  const settings = await loadInventorySettings(pool, shopDomain);
  if (!settings.enabled)
    return { reconciliationId: null, method: null, levelsChecked: 0, drifted: 0, corrected: 0, unmapped: [] };
  // The first run (the initial sync) may come before any catalog sync: SKUs need their inventory items.
  if (!(await catalogHighWaterMark(pool, shopDomain))) await syncCatalog(pool, shopify, shopDomain, { full: true });
  const [targets, items] = await Promise.all([
    currentTargets(pool, shopDomain, null, settings),
    inventoryItemsBySku(pool, shopDomain, null),
  ]);
  const mapped = targets.filter((t) => items.has(t.sku));
  const method =
    opts.method && opts.method !== 'auto' ? opts.method : mapped.length > BULK_READ_ABOVE_LEVELS ? 'bulk' : 'paged';
  const { rows } = await pool.query(
    `INSERT INTO inventory_reconciliations (shop_domain, method) VALUES ($1, $2) RETURNING id`,
    [shopDomain, method],
  );
  const id = Number(rows[0].id);

  const shown = new Map<string, number>();
  let read = 0;
  const beat = () => opts.heartbeat?.({ read });
  for await (const level of readAvailableLevels(shopify, { method, onProgress: beat, onPoll: beat })) {
    shown.set(levelKey(level.inventoryItemId, level.locationId), level.available);
    read++;
  }
  const drift = mapped
    .map((t) => ({ ...t, shopify: shown.get(levelKey(items.get(t.sku)!, t.shopifyLocationId)) ?? 0 }))
    .filter((t) => t.shopify !== t.quantity);
  const outcome = drift.length
    ? await publishInventory(pool, shopify, shopDomain, {
        mode: 'exact',
        cause: 'reconcile',
        skus: [...new Set(drift.map((d) => d.sku))],
        shopifyNow: shown,
        runKey: `reconciliation-${id}`,
        heartbeat: beat,
      })
    : null;
  const corrected = new Set((outcome?.pushed ?? []).map((p) => `${p.sku}|${p.shopifyLocationId}`));
  if (drift.length) {
    await pool.query(
      `INSERT INTO inventory_drift (reconciliation_id, sku, shopify_location_id, shopify_quantity, engine_quantity, corrected)
       SELECT $1, u.sku, u.loc, u.shown, u.target, u.corrected FROM unnest($2::text[], $3::text[], $4::int[], $5::int[], $6::bool[]) AS u(sku, loc, shown, target, corrected)`,
      [
        id,
        drift.map((d) => d.sku),
        drift.map((d) => d.shopifyLocationId),
        drift.map((d) => d.shopify),
        drift.map((d) => d.quantity),
        drift.map((d) => corrected.has(`${d.sku}|${d.shopifyLocationId}`)),
      ],
    );
  }
  await pool.query(
    `UPDATE inventory_reconciliations SET finished_at = now(), levels_checked = $2, drifted = $3, corrected = $4 WHERE id = $1`,
    [id, mapped.length, drift.length, corrected.size],
  );
  return {
    reconciliationId: id,
    method,
    levelsChecked: mapped.length,
    drifted: drift.length,
    corrected: corrected.size,
    unmapped: [...new Set(targets.filter((t) => !items.has(t.sku)).map((t) => t.sku))].sort(),
  };
}
