/**
 * Available-to-sell and when to publish it: pure arithmetic, no I/O.
 *
 *   routable          = on_hand - safety_stock - reserved                (what routing may reserve)
 *   available-to-sell = max(routable - brokering_threshold, 0)          (what the storefront may sell)
 *
 * Safety stock and the brokering threshold each come from the most specific
 * override (the SKU at the location, the SKU, the location, the shop; else 0:
 * the SQL functions inventory_safety_stock / inventory_brokering_threshold).
 * A location excluded from online selling contributes nothing.
 */

export interface StockLevel {
  sku: string;
  locationId: string;
  /** The Shopify location this engine location publishes to in per_location mode. */
  shopifyLocationId: string;
  onHand: number;
  safetyStock: number;
  reserved: number;
  brokeringThreshold: number;
  /** Active and not excluded from online selling. */
  sellsOnline: boolean;
}

export function availableToSell(
  l: Pick<StockLevel, 'onHand' | 'safetyStock' | 'reserved' | 'brokeringThreshold' | 'sellsOnline'>,
): number {
  if (!l.sellsOnline) return 0;
  return Math.max(l.onHand - l.safetyStock - l.reserved - l.brokeringThreshold, 0);
}

export type PublishMode = 'aggregated' | 'per_location';

export interface PublishSettings {
  mode: PublishMode;
  /** aggregated: the Shopify location that receives the sum. */
  aggregateLocationId: string | null;
  /** At or below this, every change is pushed. */
  lowStockLevel: number;
  /** Above the low-stock level, a change is pushed when it moves the number by at least this fraction. */
  relativeChange: number;
}

export const DEFAULT_PUBLISH_SETTINGS: PublishSettings = {
  mode: 'per_location',
  aggregateLocationId: null,
  lowStockLevel: 5,
  relativeChange: 0.25,
};

export interface PublishTarget {
  sku: string;
  shopifyLocationId: string;
  quantity: number;
}

/**
 * What Shopify should show, per SKU and Shopify location. `openDemand` is, per
 * SKU, the units of orders Shopify has already committed that the engine has
 * not reserved yet (Shopify took them off its `available`; the engine has not):
 * subtracted so a push never hands them out a second time. Where it applies is
 * unknown until routing, so in per_location mode it comes off every location
 * (briefly conservative, never optimistic).
 */
export function publishTargets(
  levels: StockLevel[],
  openDemand: Map<string, number>,
  s: PublishSettings,
): PublishTarget[] {
  const out = new Map<string, PublishTarget>();
  const add = (sku: string, shopifyLocationId: string, quantity: number) => {
    const key = `${sku}|${shopifyLocationId}`;
    const t = out.get(key) ?? { sku, shopifyLocationId, quantity: 0 };
    t.quantity += quantity;
    out.set(key, t);
  };
  for (const l of levels) {
    if (s.mode === 'aggregated') add(l.sku, s.aggregateLocationId!, availableToSell(l));
    else add(l.sku, l.shopifyLocationId, availableToSell(l));
  }
  for (const t of out.values()) t.quantity = Math.max(t.quantity - (openDemand.get(t.sku) ?? 0), 0);
  return [...out.values()];
}

export type PushReason = 'unknown' | 'sold_out' | 'back_in_stock' | 'low_stock' | 'large_change';

/**
 * Whether a change is worth a Shopify call. `shopify` is what Shopify shows
 * as far as the engine knows (null: unknown). Pushed: any change that crosses
 * zero, any change at or below the low-stock level (where one unit decides an
 * oversell), and a change of at least `relativeChange` of the shown number.
 * In between, Shopify keeps a slightly stale number: the brokering threshold
 * is the buffer for it, and reconciliation makes it exact.
 */
export function pushReason(
  shopify: number | null,
  target: number,
  s: Pick<PublishSettings, 'lowStockLevel' | 'relativeChange'>,
): PushReason | null {
  if (shopify === null) return 'unknown';
  if (target === shopify) return null;
  if (target === 0) return 'sold_out';
  if (shopify <= 0) return 'back_in_stock';
  if (Math.min(target, shopify) <= s.lowStockLevel) return 'low_stock';
  if (Math.abs(target - shopify) / shopify >= s.relativeChange) return 'large_change';
  return null;
}
