import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import * as D from '../shopify/documents';
import type { ShopifyAdmin } from '../shopify/client';
import { inventoryItemsBySku } from '../catalog/repository';
import { ShopifyUserError } from '../shopify/errors';
import { levelKey, readAvailableOf } from '../shopify/inventory-levels';
import { publishTargets, pushReason, type PublishTarget, type StockLevel } from './available-to-sell';
import { loadInventorySettings, type ShopInventorySettings } from './sync-settings';

/**
 * Publishing available-to-sell to Shopify: evaluate SKUs, push what is worth
 * pushing with `inventorySetQuantities` (name `available`, compare-and-set
 * against what Shopify is known to show, `@idempotent`), at most 250
 * quantities per call, paced by the client's throttle bucket. A
 * compare-and-set conflict (Shopify changed under us: an order committed
 * stock, someone edited it) re-reads those levels and decides again; nothing
 * is ever written blind.
 *
 * Two modes:
 * - 'boundary' (ongoing changes): push only what crosses a boundary (pushReason).
 * - 'exact' (initial sync, reconciliation): push every difference.
 */

export const MAX_QUANTITIES_PER_CALL = 250;
const MAX_CONFLICT_RETRIES = 3;

export interface PublishOptions {
  mode: 'boundary' | 'exact';
  cause: 'change' | 'reconcile';
  /** Evaluate these SKUs; default: the shop's changed SKUs (inventory_dirty), oldest first. */
  skus?: string[];
  /** What Shopify shows, when the caller has just read it (reconciliation): `${itemId}|${locationId}` -> available. */
  shopifyNow?: Map<string, number>;
  /** Names this run in the idempotency keys (reconciliation: its id); default: the change records taken. */
  runKey?: string;
  /** Change records taken per call (default 5,000; the rest are `more`). */
  limit?: number;
  /** Called between Shopify calls (activities heartbeat here). */
  heartbeat?: () => void;
}

export interface PublishOutcome {
  enabled: boolean;
  evaluated: number;
  pushed: { sku: string; shopifyLocationId: string; from: number | null; to: number }[];
  calls: number;
  conflicts: number;
  /** SKUs the catalog has no inventory item for (run the catalog sync). */
  unmapped: string[];
  /** Levels Shopify refused (a userError other than a stale compare-and-set), with its message; the others were pushed. */
  refused: { sku: string; shopifyLocationId: string; message: string }[];
  /** Changed SKUs left for the next call. */
  more: boolean;
}

/** Per SKU and location, everything the formula needs (overrides resolved in SQL). */
export async function stockLevels(pool: Pool, shopDomain: string, skus: string[] | null): Promise<StockLevel[]> {
  const { rows } = await pool.query(
    `SELECT i.sku, i.location_id, coalesce(l.shopify_location_id, l.id) AS shopify_location_id, i.on_hand, i.reserved,
            inventory_safety_stock(i.shop_domain, i.sku, i.location_id, i.safety_stock) AS safety_stock,
            inventory_brokering_threshold(i.shop_domain, i.sku, i.location_id, i.brokering_threshold) AS brokering_threshold,
            (l.active AND l.sells_online) AS sells_online
       FROM inventory i JOIN locations l ON l.shop_domain = i.shop_domain AND l.id = i.location_id
      WHERE i.shop_domain = $1 AND ($2::text[] IS NULL OR i.sku = ANY($2))
      ORDER BY i.sku, i.location_id`,
    [shopDomain, skus],
  );
  return rows.map((r) => ({
    sku: r.sku,
    locationId: r.location_id,
    shopifyLocationId: r.shopify_location_id,
    onHand: r.on_hand,
    reserved: r.reserved,
    safetyStock: r.safety_stock,
    brokeringThreshold: r.brokering_threshold,
    sellsOnline: r.sells_online,
  }));
}

/**
 * Per SKU, units Shopify has committed that no live allocation covers: each
 * open order line's quantity less the units of that order's reserved or
 * shipped allocations for the SKU.
 */
export async function openDemand(pool: Pool, shopDomain: string, skus: string[] | null): Promise<Map<string, number>> {
  const { rows } = await pool.query(
    `SELECT d.sku, sum(greatest(d.quantity - coalesce(c.units, 0), 0))::int AS units
       FROM order_demand d
       LEFT JOIN LATERAL (
         SELECT sum((l->>'quantity')::int) AS units FROM allocations a, jsonb_array_elements(a.lines) AS l
          WHERE a.shop_domain = d.shop_domain AND a.order_id = d.order_id AND a.status IN ('reserved', 'shipped') AND l->>'sku' = d.sku) c ON true
      WHERE d.shop_domain = $1 AND d.status = 'open' AND ($2::text[] IS NULL OR d.sku = ANY($2))
      GROUP BY d.sku`,
    [shopDomain, skus],
  );
  return new Map(rows.filter((r) => r.units > 0).map((r) => [r.sku, r.units]));
}

/** What Shopify should show now for these SKUs (null: every SKU). */
export async function currentTargets(
  pool: Pool,
  shopDomain: string,
  skus: string[] | null,
  settings: ShopInventorySettings,
): Promise<PublishTarget[]> {
  const [levels, demand] = await Promise.all([stockLevels(pool, shopDomain, skus), openDemand(pool, shopDomain, skus)]);
  return publishTargets(levels, demand, settings);
}

interface Level extends PublishTarget {
  itemId: string;
  /** What Shopify shows as far as we know; null: unknown. */
  shopify: number | null;
}

export async function publishInventory(
  pool: Pool,
  shopify: ShopifyAdmin,
  shopDomain: string,
  o: PublishOptions,
): Promise<PublishOutcome> {
  const settings = await loadInventorySettings(pool, shopDomain);
  const out: PublishOutcome = {
    enabled: settings.enabled,
    evaluated: 0,
    pushed: [],
    calls: 0,
    conflicts: 0,
    unmapped: [],
    refused: [],
    more: false,
  };
  if (!settings.enabled) {
    // Nothing is published; what was marked before publishing was turned off is moot (turning it on marks every SKU).
    if (!o.skus) await pool.query(`DELETE FROM inventory_dirty WHERE shop_domain = $1`, [shopDomain]);
    return out;
  }

  let skus = o.skus ?? null;
  let claimed: string[] = [];
  if (!skus) {
    // The outbox rows read now are the ones deleted at the end: a change committed meanwhile stays for the next run.
    const limit = o.limit ?? 5000;
    const { rows } = await pool.query(
      `SELECT id, sku FROM inventory_dirty WHERE shop_domain = $1 ORDER BY id LIMIT $2`,
      [shopDomain, limit],
    );
    if (!rows.length) return out;
    out.more = rows.length === limit;
    claimed = rows.map((r) => String(r.id));
    skus = [...new Set(rows.map((r) => r.sku as string))];
  }

  const [targets, items, known] = await Promise.all([
    currentTargets(pool, shopDomain, skus, settings),
    inventoryItemsBySku(pool, shopDomain, skus),
    pool.query(
      `SELECT sku, shopify_location_id, inventory_item_id, shopify_available FROM inventory_publications WHERE shop_domain = $1 AND ($2::text[] IS NULL OR sku = ANY($2))`,
      [shopDomain, skus],
    ),
  ]);
  // A level published before that is no target now (the mode changed, a location was remapped or removed)
  // must not keep selling: its target is 0.
  const targeted = new Set(targets.map((t) => `${t.sku}|${t.shopifyLocationId}`));
  for (const r of known.rows)
    if (!targeted.has(`${r.sku}|${r.shopify_location_id}`) && items.has(r.sku))
      targets.push({ sku: r.sku, shopifyLocationId: r.shopify_location_id, quantity: 0 });
  const basis = new Map<string, number | null>(
    known.rows.map((r) => [`${r.sku}|${r.shopify_location_id}`, r.shopify_available]),
  );
  const levels: Level[] = [];
  const unmapped = new Set<string>();
  for (const t of targets) {
    const itemId = items.get(t.sku);
    if (!itemId) {
      unmapped.add(t.sku);
      continue;
    }
    // Just read by the caller (a level it did not see is unknown, read again below), or as last known.
    const shown = o.shopifyNow
      ? o.shopifyNow.get(levelKey(itemId, t.shopifyLocationId))
      : basis.get(`${t.sku}|${t.shopifyLocationId}`);
    levels.push({ ...t, itemId, shopify: shown ?? null });
  }
  out.unmapped = [...unmapped].sort();
  out.evaluated = levels.length;

  // Unknown (never read or written) or, in exact mode, not just read: read them first.
  const toRead = levels.filter((l) => l.shopify === null || (o.mode === 'exact' && !o.shopifyNow));
  if (toRead.length) await refresh(shopify, toRead);

  const needsPush = (l: Level) =>
    o.mode === 'exact' ? l.shopify !== l.quantity : pushReason(l.shopify, l.quantity, settings) !== null;
  const pending = levels.filter(needsPush);
  for (let i = 0; i < pending.length; i += MAX_QUANTITIES_PER_CALL) {
    o.heartbeat?.();
    await pushBatch(shopify, shopDomain, o, claimed, pending.slice(i, i + MAX_QUANTITIES_PER_CALL), needsPush, out);
  }

  const pushedNow = new Set(out.pushed.map((p) => `${p.sku}|${p.shopifyLocationId}`));
  await recordPublications(pool, shopDomain, levels, pushedNow);
  if (claimed.length) await pool.query(`DELETE FROM inventory_dirty WHERE id = ANY($1::bigint[])`, [claimed]);
  if (out.calls)
    await pool.query(`INSERT INTO inventory_pushes (shop_domain, cause, items, conflicts) VALUES ($1, $2, $3, $4)`, [
      shopDomain,
      o.cause,
      out.pushed.length,
      out.conflicts,
    ]);
  return out;
}

/**
 * Levels a boundary left stale (Shopify shows a little more or less than the
 * engine publishes) that have been quiet for `quietSeconds`: read again and
 * made exact, 250 to a call. So Shopify is exact minutes after a SKU stops
 * changing, not only after the daily reconciliation, for a few points.
 */
export async function settleQuietLevels(
  pool: Pool,
  shopify: ShopifyAdmin,
  shopDomain: string,
  quietSeconds: number,
  heartbeat?: () => void,
): Promise<PublishOutcome | null> {
  const { rows } = await pool.query(
    `SELECT DISTINCT sku FROM inventory_publications
      WHERE shop_domain = $1 AND shopify_available IS DISTINCT FROM target AND observed_at < now() - make_interval(secs => $2)
      ORDER BY sku LIMIT 1000`,
    [shopDomain, quietSeconds],
  );
  if (!rows.length) return null;
  return publishInventory(pool, shopify, shopDomain, {
    mode: 'exact',
    cause: 'change',
    skus: rows.map((r) => r.sku),
    runKey: `settle-${Date.now()}`,
    heartbeat,
  });
}

/**
 * One inventorySetQuantities call for up to 250 levels (all or nothing at
 * Shopify). A stale compare-and-set re-reads and decides again; levels
 * Shopify refuses for another reason are set aside (reported) and the rest
 * are sent again, so one bad level never stops a shop's publishing.
 */
async function pushBatch(
  shopify: ShopifyAdmin,
  shopDomain: string,
  o: PublishOptions,
  claimed: string[],
  first: Level[],
  needsPush: (l: Level) => boolean,
  out: PublishOutcome,
) {
  let batch = first;
  for (let attempt = 0; batch.length; attempt++) {
    const quantities = batch.map((l) => ({
      inventoryItemId: l.itemId,
      locationId: l.shopifyLocationId,
      quantity: l.quantity,
      changeFromQuantity: l.shopify,
    }));
    const idempotencyKey = createHash('sha256')
      .update(JSON.stringify([shopDomain, o.runKey ?? `${claimed[0]}+${claimed.length}`, o.cause, attempt, quantities]))
      .digest('hex');
    try {
      out.calls++;
      await shopify.mutate('InventorySetQuantities', 'inventorySetQuantities', D.INVENTORY_SET_QUANTITIES, {
        input: {
          name: 'available',
          reason: 'correction',
          referenceDocumentUri: `order-orchestrator://inventory/${o.cause}`,
          quantities,
        },
        idempotencyKey,
      });
      for (const l of batch) {
        out.pushed.push({ sku: l.sku, shopifyLocationId: l.shopifyLocationId, from: l.shopify, to: l.quantity });
        l.shopify = l.quantity;
      }
      return;
    } catch (err) {
      if (!(err instanceof ShopifyUserError) || attempt >= MAX_CONFLICT_RETRIES) throw err;
      if (err.userErrors.some((e) => e.code === 'CHANGE_FROM_QUANTITY_STALE')) {
        out.conflicts++;
        await refresh(shopify, batch);
        batch = batch.filter(needsPush);
        continue;
      }
      // field: ['input', 'quantities', '<index>', ...] names the level; an error naming none refuses the whole batch.
      const bad = new Map<number, string>();
      for (const e of err.userErrors) {
        const i = e.field?.[0] === 'input' && e.field[1] === 'quantities' ? Number(e.field[2]) : NaN;
        if (Number.isInteger(i) && batch[i]) bad.set(i, e.message);
      }
      const refused = bad.size ? batch.filter((_, i) => bad.has(i)) : batch;
      for (const l of refused)
        out.refused.push({
          sku: l.sku,
          shopifyLocationId: l.shopifyLocationId,
          message: bad.get(batch.indexOf(l)) ?? err.message,
        });
      if (!bad.size) return;
      batch = batch.filter((_, i) => !bad.has(i));
    }
  }
}

/** Read what Shopify shows for these levels now (a level Shopify does not have reads 0). */
async function refresh(shopify: ShopifyAdmin, levels: Level[]) {
  const now = await readAvailableOf(
    shopify,
    levels.map((l) => ({ inventoryItemId: l.itemId, locationId: l.shopifyLocationId })),
  );
  for (const l of levels) l.shopify = now.get(levelKey(l.itemId, l.shopifyLocationId)) ?? 0;
}

async function recordPublications(pool: Pool, shopDomain: string, levels: Level[], pushedNow: Set<string>) {
  if (!levels.length) return;
  await pool.query(
    `INSERT INTO inventory_publications (shop_domain, sku, shopify_location_id, inventory_item_id, target, shopify_available, observed_at, pushed_at)
     SELECT $1, u.sku, u.loc, u.item, u.target, u.shown, now(), CASE WHEN u.pushed THEN now() END
       FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::bool[]) AS u(sku, loc, item, target, shown, pushed)
     ON CONFLICT (shop_domain, sku, shopify_location_id) DO UPDATE
       SET inventory_item_id = EXCLUDED.inventory_item_id, target = EXCLUDED.target, shopify_available = EXCLUDED.shopify_available,
           observed_at = now(), pushed_at = coalesce(EXCLUDED.pushed_at, inventory_publications.pushed_at)`,
    [
      shopDomain,
      levels.map((l) => l.sku),
      levels.map((l) => l.shopifyLocationId),
      levels.map((l) => l.itemId),
      levels.map((l) => l.quantity),
      levels.map((l) => l.shopify),
      levels.map((l) => pushedNow.has(`${l.sku}|${l.shopifyLocationId}`)),
    ],
  );
}
