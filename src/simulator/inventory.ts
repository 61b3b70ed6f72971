import type { LevelQuantities, Shop, SimFulfillmentOrder, SimOrder, StoredQuantity } from './store';

/**
 * Inventory levels: quantities by state per item and location, as Shopify keeps
 * them. Orders commit stock at their fulfillment order's location, moves carry
 * the commitment along, fulfillments ship it (on_hand drops), cancellations
 * release it. Only locations that stock the item (have a level) are touched.
 */
export const ON_HAND_PARTS: StoredQuantity[] = [
  'available',
  'committed',
  'reserved',
  'damaged',
  'quality_control',
  'safety_stock',
];

export function levelOf(shop: Shop, itemGid: string, locationGid: string): LevelQuantities | undefined {
  return shop.levels.get(itemGid)?.get(locationGid);
}

export function stocks(shop: Shop, itemGid: string, locationGid: string): boolean {
  return !!levelOf(shop, itemGid, locationGid);
}

/** A named quantity, `on_hand` included; unknown names read 0. */
export function quantity(level: LevelQuantities, name: string): number {
  if (name === 'on_hand') return ON_HAND_PARTS.reduce((s, n) => s + (level[n] ?? 0), 0);
  return level[name as StoredQuantity] ?? 0;
}

/** Set `available` or `on_hand` (the difference lands in available, as in Shopify). */
export function setQuantity(level: LevelQuantities, name: 'available' | 'on_hand', value: number): number {
  const delta = value - quantity(level, name);
  level.available = (level.available ?? 0) + delta;
  return delta;
}

/** Add `delta` to a state; on_hand changes go to available. */
export function adjustQuantity(level: LevelQuantities, name: string, delta: number) {
  const key = (name === 'on_hand' ? 'available' : name) as StoredQuantity;
  level[key] = (level[key] ?? 0) + delta;
}

export function ensureLevel(shop: Shop, itemGid: string, locationGid: string): LevelQuantities {
  const byLocation = shop.levels.get(itemGid) ?? new Map<string, LevelQuantities>();
  shop.levels.set(itemGid, byLocation);
  const level = byLocation.get(locationGid) ?? {};
  byLocation.set(locationGid, level);
  return level;
}

export function itemForLineItem(shop: Shop, order: SimOrder, lineItemGid: string): string | undefined {
  const sku = order.lineItems.find((li) => li.gid === lineItemGid)?.sku;
  return shop.variants.find((v) => v.sku === sku)?.inventoryItemGid;
}

/**
 * Move `quantity` of a fulfillment order line between available and committed
 * at the fulfillment order's location: +1 commits (order placed, moved in),
 * -1 releases (moved out, cancelled with restock). `ship` drops committed only
 * (fulfilled, or cancelled without restock: the units leave on_hand).
 */
export function commitLine(
  shop: Shop,
  order: SimOrder,
  fo: SimFulfillmentOrder,
  lineItemGid: string,
  qty: number,
  mode: 'commit' | 'release' | 'ship',
) {
  const item = itemForLineItem(shop, order, lineItemGid);
  const level = item ? levelOf(shop, item, fo.locationGid) : undefined;
  if (!level || qty === 0) return;
  if (mode === 'commit') {
    level.available = (level.available ?? 0) - qty;
    level.committed = (level.committed ?? 0) + qty;
  } else {
    level.committed = Math.max(0, (level.committed ?? 0) - qty);
    if (mode === 'release') level.available = (level.available ?? 0) + qty;
  }
}
