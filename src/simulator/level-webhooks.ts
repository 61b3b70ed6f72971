import { quantity } from './inventory';
import { nowIso, type Shop } from './store';
import type { WebhookEmitter } from './webhooks';

/**
 * inventory_levels/update, as Shopify sends it: whenever a level's
 * `available` changes (a quantity mutation, an order committing or releasing
 * stock, a fulfillment order moving), one webhook per level with the new
 * number. Found by comparing `available` before and after whatever changed it.
 */
export type AvailableSnapshot = Map<string, number>;

export function snapshotAvailable(shop: Shop): AvailableSnapshot {
  const snap: AvailableSnapshot = new Map();
  for (const [item, byLocation] of shop.levels)
    for (const [location, level] of byLocation) snap.set(`${item}|${location}`, quantity(level, 'available'));
  return snap;
}

const numeric = (gid: string) => BigInt(gid.split('/').pop()!);

export function emitLevelChanges(shop: Shop, webhooks: WebhookEmitter, before: AvailableSnapshot) {
  const at = nowIso();
  for (const [item, byLocation] of shop.levels) {
    for (const [location, level] of byLocation) {
      const available = quantity(level, 'available');
      if (before.get(`${item}|${location}`) === available) continue;
      webhooks.emit(shop, 'inventory_levels/update', {
        inventory_item_id: numeric(item),
        location_id: numeric(location),
        available,
        updated_at: at,
        admin_graphql_api_id: `gid://shopify/InventoryLevel/${numeric(location)}?inventory_item_id=${numeric(item)}`,
      });
    }
  }
}

/** Run a change and send inventory_levels/update for every level whose `available` it changed. */
export function withLevelWebhooks<T>(shop: Shop, webhooks: WebhookEmitter, change: () => T): T {
  const before = snapshotAvailable(shop);
  const result = change();
  emitLevelChanges(shop, webhooks, before);
  return result;
}
