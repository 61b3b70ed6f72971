import type { Pool } from 'pg';
import * as D from '../shopify/documents';
import type { ShopifyAdmin } from '../shopify/client';
import type { InventoryLevelsQuery, LocationsQuery } from '../shopify/generated/admin.generated';
import { inTransaction } from '../db/pool';

/**
 * Bootstrap the engine's locations and on-hand counts from Shopify (first
 * start against a store, and the simulator's demo shop). Existing rows keep
 * their partner, safety stock and reservations; on hand is overwritten.
 */
export async function importLocationsAndInventory(pool: Pool, shopify: ShopifyAdmin, shopDomain: string) {
  const locations: LocationsQuery['locations']['nodes'] = [];
  for (let after: string | null = null; ;) {
    const page: LocationsQuery = await shopify.request('Locations', D.LOCATIONS, { after });
    locations.push(...page.locations.nodes);
    if (!page.locations.pageInfo.hasNextPage) break;
    after = page.locations.pageInfo.endCursor;
  }
  const levels: { locationId: string; sku: string; onHand: number }[] = [];
  for (const loc of locations.filter((l) => l.isActive && l.fulfillsOnlineOrders)) {
    for (let after: string | null = null; ;) {
      const page: InventoryLevelsQuery = await shopify.request('InventoryLevels', D.INVENTORY_LEVELS, {
        locationId: loc.id,
        after,
      });
      if (!page.location) break; // deleted meanwhile
      for (const lvl of page.location.inventoryLevels.nodes) {
        const onHand = lvl.quantities.find((q) => q.name === 'on_hand')?.quantity ?? 0;
        if (lvl.item?.sku) levels.push({ locationId: loc.id, sku: lvl.item.sku, onHand });
      }
      if (!page.location.inventoryLevels.pageInfo.hasNextPage) break;
      after = page.location.inventoryLevels.pageInfo.endCursor;
    }
  }
  await inTransaction(pool, async (c) => {
    for (const l of locations) {
      await c.query(
        `INSERT INTO locations (shop_domain, id, name, latitude, longitude, active) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (shop_domain, id) DO UPDATE SET name = $3, latitude = $4, longitude = $5, active = $6`,
        [
          shopDomain,
          l.id,
          l.name,
          l.address?.latitude ?? null,
          l.address?.longitude ?? null,
          l.isActive && l.fulfillsOnlineOrders,
        ],
      );
    }
    for (const v of levels) {
      await c.query(
        `INSERT INTO inventory (shop_domain, sku, location_id, on_hand) VALUES ($1, $2, $3, $4)
         ON CONFLICT (shop_domain, sku, location_id) DO UPDATE SET on_hand = $4, updated_at = now()`,
        [shopDomain, v.sku, v.locationId, v.onHand],
      );
    }
  });
  return { locations: locations.length, levels: levels.length };
}

/** Point a location (by name) at the partner that runs it. */
export async function assignPartnerToLocation(pool: Pool, shopDomain: string, locationName: string, partnerId: string) {
  const r = await pool.query(`UPDATE locations SET partner_id = $3 WHERE shop_domain = $1 AND name = $2`, [
    shopDomain,
    locationName,
    partnerId,
  ]);
  if (r.rowCount === 0) throw new Error(`No location named ${locationName} in ${shopDomain}`);
}
