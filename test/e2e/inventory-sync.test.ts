import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness';
import { syncCatalog } from '../../src/catalog/catalog-sync';
import { saveInventorySettings } from '../../src/inventory/sync-settings';
import { currentTargets } from '../../src/inventory/publish';
import { loadInventorySettings } from '../../src/inventory/sync-settings';
import { inventorySyncWorkflowId, nudgeInventorySync } from '../../src/inventory/sync-nudge';
import * as D from '../../src/shopify/documents';

/**
 * Inventory as the single source of truth, end to end: the engine's numbers
 * published to the simulated Shopify by the per-shop sync workflow, corrected
 * by reconciliation, fed by adjustments and point-of-sale sales, raced by orders.
 */
let h: Harness;
const loc: Record<string, string> = {};

async function api(method: string, path: string, body?: unknown, token: string | null = h.opsToken) {
  const res = await fetch(`${h.gatewayUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

let keySeq = 0;
async function adjust(sku: string, location: string, change: { delta?: number; count?: number }, reason = 'correction') {
  const r = await api('POST', '/inventory/adjustments', { idempotencyKey: `t-${++keySeq}`, reason, lines: [{ sku, location, ...change }] });
  if (r.status !== 201) throw new Error(`adjustment -> ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** What the simulated Shopify shows as `available`, by location name. */
async function shopifyAvailable(sku: string): Promise<Record<string, number>> {
  const shop = await h.sim.call<any>('GET', h.sim.shopPath());
  const v = shop.variants.find((x: any) => x.sku === sku);
  const names = new Map<string, string>(shop.locations.map((l: any) => [l.gid, l.name]));
  return Object.fromEntries(Object.entries(v.inventory as Record<string, { available: number }>).map(([gid, q]) => [names.get(gid), q.available ?? 0]));
}

/** What the engine publishes, by location name. */
async function engineTargets(sku: string): Promise<Record<string, number>> {
  const settings = await loadInventorySettings(h.pool, h.shopDomain);
  const names = new Map(Object.entries(loc).map(([name, id]) => [id, name]));
  return Object.fromEntries((await currentTargets(h.pool, h.shopDomain, [sku], settings)).map((t) => [names.get(t.shopifyLocationId), t.quantity]));
}

const setCalls = async () => (await h.sim.requests()).filter((r) => r.operationName === 'InventorySetQuantities' && r.status === 200).length;
const reconciliations = async () => (await h.pool.query(`SELECT count(*)::int AS n FROM inventory_reconciliations WHERE shop_domain = $1`, [h.shopDomain])).rows[0].n as number;

/** Until webhooks are delivered and the sync has taken every change (twice in a row, a moment apart). */
async function settle(timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (Date.now() < deadline) {
    await h.sim.flushWebhooks();
    const { rows } = await h.pool.query(`SELECT count(*)::int AS n FROM inventory_dirty WHERE shop_domain = $1`, [h.shopDomain]);
    quiet = rows[0].n === 0 ? quiet + 1 : 0;
    if (quiet >= 3) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error('inventory sync did not settle');
}

async function reconcile() {
  return h.client.workflow.execute('inventoryReconcileWorkflow', { taskQueue: h.taskQueue, workflowId: `reconcile-${h.shopDomain}-${Date.now()}`, args: [{ shopDomain: h.shopDomain }] });
}

async function startSync(extra: Record<string, unknown> = {}) {
  await nudgeInventorySync(h.client, h.taskQueue, { shopDomain: h.shopDomain, debounceMs: 50, pollSeconds: 2, ...extra });
}

beforeAll(async () => {
  h = await Harness.start('invsync');
  const { rows } = await h.pool.query(`SELECT id, name FROM locations WHERE shop_domain = $1`, [h.shopDomain]);
  for (const r of rows) loc[r.name] = r.id;
  await syncCatalog(h.pool, h.shopify, h.shopDomain);
  await saveInventorySettings(h.pool, h.shopDomain, { enabled: true, mode: 'per_location', aggregateLocationId: null, lowStockLevel: 5, relativeChange: 0.25 });
});

afterAll(async () => {
  await h.client.workflow.getHandle(inventorySyncWorkflowId(h.shopDomain)).terminate('test over').catch(() => undefined);
  await h?.close();
});

describe('inventory published to Shopify', () => {
  it('the first reconciliation is the initial sync: it sets exactly the levels Shopify shows wrong, in one call', async () => {
    const policy = await api('PUT', '/inventory/policies', { brokeringThreshold: 1 });
    expect(policy.status).toBe(200);
    const before = await setCalls();
    const first: any = await reconcile();
    // With a shop-wide threshold of 1, every stocked level differs: TEE x3, MUG x2, CAP x1, LAST x1.
    expect(first).toMatchObject({ method: 'paged', levelsChecked: 12, drifted: 7, corrected: 7 });
    expect(await setCalls()).toBe(before + 1);
    expect(await shopifyAvailable('TEE')).toEqual({ 'NJ Warehouse': 9, 'Brooklyn Store': 4, 'LA Warehouse': 9 });
    expect(await shopifyAvailable('MUG')).toEqual({ 'NJ Warehouse': 0, 'Brooklyn Store': 2, 'LA Warehouse': 4 });
    const drift = await h.pool.query(`SELECT sku, shopify_quantity, engine_quantity, corrected FROM inventory_drift WHERE reconciliation_id = $1 ORDER BY sku, shopify_location_id`, [first.reconciliationId]);
    expect(drift.rows).toContainEqual({ sku: 'LAST', shopify_quantity: 1, engine_quantity: 0, corrected: true });

    const second: any = await reconcile();
    expect(second).toMatchObject({ drifted: 0, corrected: 0 });
    expect(await setCalls()).toBe(before + 1);
  });

  it('drift behind the engine\'s back (Shopify shows less) is found and fixed by reconciliation, and recorded', async () => {
    const item = (await h.pool.query(`SELECT inventory_item_id FROM catalog_variants WHERE shop_domain = $1 AND sku = 'TEE'`, [h.shopDomain])).rows[0].inventory_item_id;
    await h.shopify.mutate('Adjust', 'inventoryAdjustQuantities', `mutation Adjust($input: InventoryAdjustQuantitiesInput!, $key: String!) { inventoryAdjustQuantities(input: $input) @idempotent(key: $key) { userErrors { field message code } } }`, {
      input: { name: 'available', reason: 'correction', changes: [{ inventoryItemId: item, locationId: loc['NJ Warehouse'], delta: -3, changeFromQuantity: null }] },
      key: `drift-${Date.now()}`,
    });
    expect((await shopifyAvailable('TEE'))['NJ Warehouse']).toBe(6);
    const r: any = await reconcile();
    expect(r).toMatchObject({ drifted: 1, corrected: 1 });
    expect((await shopifyAvailable('TEE'))['NJ Warehouse']).toBe(9);
    const drift = await h.pool.query(`SELECT sku, shopify_location_id, shopify_quantity, engine_quantity, corrected FROM inventory_drift WHERE reconciliation_id = $1`, [r.reconciliationId]);
    expect(drift.rows).toEqual([{ sku: 'TEE', shopify_location_id: loc['NJ Warehouse'], shopify_quantity: 6, engine_quantity: 9, corrected: true }]);
  });

  it('Shopify raised above the engine (an oversell risk) is put back by the sync at once, without waiting for reconciliation', async () => {
    await startSync();
    await settle();
    const runs = await reconciliations();
    const item = (await h.pool.query(`SELECT inventory_item_id FROM catalog_variants WHERE shop_domain = $1 AND sku = 'MUG'`, [h.shopDomain])).rows[0].inventory_item_id;
    await h.shopify.mutate('Adjust', 'inventoryAdjustQuantities', `mutation Adjust($input: InventoryAdjustQuantitiesInput!, $key: String!) { inventoryAdjustQuantities(input: $input) @idempotent(key: $key) { userErrors { field message code } } }`, {
      input: { name: 'available', reason: 'correction', changes: [{ inventoryItemId: item, locationId: loc['LA Warehouse'], delta: 5, changeFromQuantity: null }] },
      key: `raise-${Date.now()}`,
    });
    const deadline = Date.now() + 20_000;
    while ((await shopifyAvailable('MUG'))['LA Warehouse'] !== 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect((await shopifyAvailable('MUG'))['LA Warehouse']).toBe(4);
    expect(await reconciliations()).toBe(runs);
  });

  it('pushes happen at the boundaries and not in between: 38 changes, 9 calls', async () => {
    await settle();
    const before = await setCalls();
    const shown: number[] = [];
    const step = async (change: { delta?: number; count?: number }, reason: string) => {
      await adjust('TEE', 'LA Warehouse', change, reason);
      await settle();
      shown.push((await shopifyAvailable('TEE'))['LA Warehouse']!);
    };
    await step({ delta: 91 }, 'received'); // on hand 101, available-to-sell 100: a large change
    for (let i = 0; i < 30; i++) await step({ delta: -1 }, 'damaged'); // 99 ... 70: pushed once, at 75 (25% of 100)
    await step({ count: 7 }, 'cycle_count'); // 6: a large change
    for (let i = 0; i < 6; i++) await step({ delta: -1 }, 'damaged'); // 5 ... 0: at or below the low-stock level, every one
    expect(shown).toEqual([100, ...Array(24).fill(100), ...Array(6).fill(75), 6, 5, 4, 3, 2, 1, 0]);
    expect(await setCalls()).toBe(before + 9);
    expect(await engineTargets('TEE')).toMatchObject({ 'LA Warehouse': 0 });
  });

  it('a burst of changes is coalesced: 30 concurrent adjustments cost at most two calls (naive: 30)', async () => {
    await adjust('TEE', 'NJ Warehouse', { delta: 91 }, 'received'); // available-to-sell 100
    await settle();
    expect((await shopifyAvailable('TEE'))['NJ Warehouse']).toBe(100);
    const before = await setCalls();
    await Promise.all(Array.from({ length: 30 }, () => adjust('TEE', 'NJ Warehouse', { delta: -1 }, 'transfer_out')));
    await settle();
    const calls = (await setCalls()) - before;
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(2);
    expect((await shopifyAvailable('TEE'))['NJ Warehouse']).toBe(70);
  });
});
