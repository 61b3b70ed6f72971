import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureProducts } from './products';
import type { SimStore } from './store';

/**
 * The simulator's shops on disk, so `npm start` can be stopped and started
 * again without its orders vanishing under the workflows that reference them.
 * JSON with tagged bigints and Maps; written atomically.
 */
const replacer = (_k: string, v: unknown) => {
  if (typeof v === 'bigint') return { $bigint: v.toString() };
  if (v instanceof Map) return { $map: [...v.entries()] };
  return v;
};
const reviver = (_k: string, v: any) => {
  if (v && typeof v === 'object' && '$bigint' in v) return BigInt(v.$bigint);
  if (v && typeof v === 'object' && '$map' in v) return new Map(v.$map);
  return v;
};

export function saveStore(store: SimStore, file: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(
    tmp,
    JSON.stringify(
      { nextId: store.lastId(), shops: [...store.shops.values()].map((s) => ({ ...s, idempotency: new Map() })) },
      replacer,
    ),
  );
  renameSync(tmp, file);
}

/** Load saved shops into an empty store; returns how many were loaded. */
export function loadStore(store: SimStore, file: string): number {
  if (!existsSync(file)) return 0;
  const saved = JSON.parse(readFileSync(file, 'utf8'), reviver) as { nextId: bigint; shops: any[] };
  for (const shop of saved.shops) {
    shop.faults = [];
    shop.fulfillmentServices ??= []; // files from before fulfillment services
    shop.products ??= []; // files from before products
    // Replays hold live views that do not survive JSON; a retry after a restart executes again.
    shop.idempotency = new Map();
    // Files from before quantities by state held a bare on-hand number per level.
    for (const byLocation of (shop.levels as Map<string, Map<string, unknown>>).values()) {
      for (const [loc, level] of byLocation) if (typeof level === 'number') byLocation.set(loc, { available: level });
    }
    shop.bucket = { available: shop.throttle.maximumAvailable, at: Date.now() };
    store.shops.set(shop.domain, shop);
  }
  store.resumeIdsAfter(saved.nextId);
  // Files from before products: each variant becomes a product of its own, with a stable GID from here on.
  for (const shop of saved.shops) ensureProducts(store, shop);
  // Files from before fulfillment line items: each fulfillment line gets its FulfillmentLineItem GID.
  for (const shop of saved.shops)
    for (const order of shop.orders)
      for (const f of order.fulfillments) for (const l of f.lines) l.gid ??= store.gid('FulfillmentLineItem');
  return saved.shops.length;
}
