import { Readable } from 'node:stream';
import { Harness, type HarnessEnv } from '../test/support/harness';
import { syncCatalog } from '../src/catalog/catalog-sync';
import { importLocationsAndInventory } from '../src/inventory/import-from-shopify';
import { applyAdjustments } from '../src/inventory/ledger';
import { currentTargets } from '../src/inventory/publish';
import { loadInventorySettings, saveInventorySettings } from '../src/inventory/sync-settings';
import { nudgeInventorySync } from '../src/inventory/sync-nudge';
import { INVENTORY_RECONCILE_WORKFLOW_TYPE, inventorySyncWorkflowId } from '../src/inventory/contract';
import { importOnHandCsv } from '../src/inventory/erp-import';
import { inventoryItemsBySku } from '../src/catalog/repository';
import * as D from '../src/shopify/documents';
import { progress } from './stats';

/**
 * What keeping Shopify's `available` right costs in Admin API points, per
 * 1,000 inventory changes, against the naive way (one inventorySetQuantities
 * per change), on a realistic mix: sales one unit at a time, receipts,
 * counts, damaged units, over many SKUs and three locations, at a steady
 * rate. Points are Shopify's own (the simulator's cost model, from its
 * request log). Also: the initial sync's cost, and ERP import throughput.
 */
export interface InventoryBenchResult {
  skus: number;
  levels: number;
  changes: number;
  ratePerSecond: number;
  initialSync: { calls: number; points: number; levelsSet: number };
  sync: { calls: number; points: number; levelsPushed: number; conflicts: number; pointsPer1000: number };
  /** Levels left stale below a boundary right after the run, and what making them exact (settling) cost. */
  settle: { staleAfterRun: number; calls: number; points: number; seconds: number };
  naive: { calls: number; points: number; pointsPer1000: number };
  ratio: number;
  /** After settling, what a reconciliation still found different (0 means no drift). */
  driftAtEnd: number;
  erpImport: { lines: number; seconds: number; linesPerSecond: number };
}

const POINT_OPS = new Set([
  'InventorySetQuantities',
  'InventoryLevelsById',
  'InventoryItemsWithLevels',
  'InventoryItemLevels',
]);

export async function measureInventorySync(
  env: HarnessEnv,
  opts: { skus: number; changes: number; ratePerSecond: number; erpLines: number },
): Promise<InventoryBenchResult> {
  const h = await Harness.start('bench-inventory', {}, env);
  try {
    const ids = new Map<string, string>(
      (await h.pool.query(`SELECT name, id FROM locations WHERE shop_domain = $1`, [h.shopDomain])).rows.map((r) => [
        r.name,
        r.id,
      ]),
    );
    const locations = [...ids.values()];
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < opts.skus; i++) {
      const inventory = Object.fromEntries(locations.map((l) => [l, Math.floor(rand() * 200)]));
      await h.sim.addProduct({ title: `Bench ${i}`, variants: [{ sku: `BENCH-${i}`, price: '10.00', inventory }] });
      progress('inventory bench: catalog', i + 1, opts.skus);
    }
    await importLocationsAndInventory(h.pool, h.shopify, h.shopDomain);
    await syncCatalog(h.pool, h.shopify, h.shopDomain, { full: true });
    await saveInventorySettings(h.pool, h.shopDomain, {
      enabled: true,
      mode: 'per_location',
      aggregateLocationId: null,
      lowStockLevel: 5,
      relativeChange: 0.25,
    });
    await h.pool.query(`INSERT INTO inventory_policies (shop_domain, safety_stock) VALUES ($1, 2)`, [h.shopDomain]); // so the initial sync has work

    const points = async () => {
      const log = (await h.sim.requests()).filter(
        (r) => POINT_OPS.has(r.operationName) && r.status === 200 && !r.throttled,
      );
      return { calls: log.length, points: log.reduce((s, r) => s + r.actualCost, 0) };
    };
    const clearLog = () => h.sim.call('DELETE', h.sim.shopPath('/requests'));

    await clearLog();
    const initial: any = await h.client.workflow.execute(INVENTORY_RECONCILE_WORKFLOW_TYPE, {
      taskQueue: h.taskQueue,
      workflowId: `bench-initial-${h.shopDomain}`,
      args: [{ shopDomain: h.shopDomain }],
    });
    const initialSync = { ...(await points()), levelsSet: initial.corrected };

    await clearLog();
    await h.pool.query(`DELETE FROM inventory_pushes WHERE shop_domain = $1`, [h.shopDomain]);
    await nudgeInventorySync(h.client, h.taskQueue, { shopDomain: h.shopDomain });
    const skus = Array.from({ length: opts.skus }, (_, i) => `BENCH-${i}`);
    const interval = 1000 / opts.ratePerSecond;
    const t0 = performance.now();
    const changed: { sku: string; locationId: string }[] = [];
    for (let i = 0; i < opts.changes; i++) {
      const sku = skus[Math.floor(rand() * skus.length)]!;
      const locationId = locations[Math.floor(rand() * locations.length)]!;
      const r = rand();
      // 80% single-unit sales elsewhere (POS, marketplaces), 10% receipts, 5% counts, 5% damaged.
      const line =
        r < 0.8
          ? { kind: 'delta' as const, quantity: -1 }
          : r < 0.9
            ? { kind: 'delta' as const, quantity: 10 + Math.floor(rand() * 40) }
            : r < 0.95
              ? { kind: 'set' as const, quantity: Math.floor(rand() * 60) }
              : { kind: 'delta' as const, quantity: -2 };
      await applyAdjustments(h.pool, {
        shopDomain: h.shopDomain,
        idempotencyKey: `bench-${i}`,
        reason: 'correction',
        floorAtZero: true,
        lines: [{ sku, locationId, ...line }],
      });
      void nudgeInventorySync(h.client, h.taskQueue, { shopDomain: h.shopDomain });
      changed.push({ sku, locationId });
      const wait = t0 + (i + 1) * interval - performance.now();
      if (wait > 0) await new Promise((res) => setTimeout(res, wait));
      if (i % 50 === 49) progress('inventory bench: changes', i + 1, opts.changes);
    }
    for (let quiet = 0, tries = 0; quiet < 3 && tries < 600; tries++) {
      const { rows } = await h.pool.query(`SELECT count(*)::int AS n FROM inventory_dirty WHERE shop_domain = $1`, [
        h.shopDomain,
      ]);
      quiet = rows[0].n === 0 ? quiet + 1 : 0;
      await new Promise((res) => setTimeout(res, 300));
    }
    const pushed = await h.pool.query(
      `SELECT coalesce(sum(items), 0)::int AS items, coalesce(sum(conflicts), 0)::int AS conflicts FROM inventory_pushes WHERE shop_domain = $1`,
      [h.shopDomain],
    );
    const s = await points();
    const sync = {
      ...s,
      levelsPushed: pushed.rows[0].items,
      conflicts: pushed.rows[0].conflicts,
      pointsPer1000: (s.points / opts.changes) * 1000,
    };
    const staleNow = async () =>
      (
        await h.pool.query(
          `SELECT count(*)::int AS n FROM inventory_publications WHERE shop_domain = $1 AND shopify_available IS DISTINCT FROM target`,
          [h.shopDomain],
        )
      ).rows[0].n as number;
    const staleAfterRun = await staleNow();

    // Settling: the same sync, told to make quiet levels exact after 1 s instead of the default 5 minutes.
    await h.client.workflow.getHandle(inventorySyncWorkflowId(h.shopDomain)).terminate('restarted to settle');
    await clearLog();
    const s0 = performance.now();
    await nudgeInventorySync(h.client, h.taskQueue, { shopDomain: h.shopDomain, settleSeconds: 1, pollSeconds: 1 });
    for (let tries = 0; tries < 120 && (await staleNow()) > 0; tries++)
      await new Promise((res) => setTimeout(res, 500));
    const settled = await points();
    const settle = { staleAfterRun, ...settled, seconds: (performance.now() - s0) / 1000 };
    await h.client.workflow.getHandle(inventorySyncWorkflowId(h.shopDomain)).terminate('bench over');
    // What is left for reconciliation after settling: levels Shopify shows differently.
    const end: any = await h.client.workflow.execute(INVENTORY_RECONCILE_WORKFLOW_TYPE, {
      taskQueue: h.taskQueue,
      workflowId: `bench-end-${h.shopDomain}`,
      args: [{ shopDomain: h.shopDomain }],
    });

    // Naive: every change pushed on its own, one single-level inventorySetQuantities each (as
    // an integration that mirrors each change does), replayed for the same changes, for real.
    await clearLog();
    const settings = await loadInventorySettings(h.pool, h.shopDomain);
    const items = await inventoryItemsBySku(h.pool, h.shopDomain, skus);
    const targets = new Map(
      (await currentTargets(h.pool, h.shopDomain, skus, settings)).map((t) => [
        `${t.sku}|${t.shopifyLocationId}`,
        t.quantity,
      ]),
    );
    for (const [i, c] of changed.entries()) {
      await h.shopify.mutate('InventorySetQuantities', 'inventorySetQuantities', D.INVENTORY_SET_QUANTITIES, {
        input: {
          name: 'available',
          reason: 'correction',
          quantities: [
            {
              inventoryItemId: items.get(c.sku)!,
              locationId: c.locationId,
              quantity: targets.get(`${c.sku}|${c.locationId}`) ?? 0,
              changeFromQuantity: null,
            },
          ],
        },
        idempotencyKey: `naive-${h.shopDomain}-${i}`,
      });
    }
    const n = await points();
    const naive = { ...n, pointsPer1000: (n.points / opts.changes) * 1000 };

    // ERP feed: the CSV importer over generated lines (every line valid), one location per third.
    const names = [...ids.keys()];
    async function* csv() {
      yield 'sku,location,on_hand\n';
      for (let i = 0; i < opts.erpLines; i += 1000) {
        let chunk = '';
        for (let k = i; k < Math.min(i + 1000, opts.erpLines); k++)
          chunk += `ERP-${Math.floor(k / names.length)},${names[k % names.length]},${k % 97}\n`;
        yield chunk;
      }
    }
    const e0 = performance.now();
    const report = await importOnHandCsv(h.pool, h.shopDomain, Readable.from(csv()), { source: 'bench.csv' });
    const seconds = (performance.now() - e0) / 1000;
    if (report.errors.length || report.failed.length)
      throw new Error(`bench ERP import reported problems: ${JSON.stringify(report).slice(0, 500)}`);

    return {
      skus: opts.skus,
      levels: opts.skus * locations.length,
      changes: opts.changes,
      ratePerSecond: opts.ratePerSecond,
      initialSync,
      sync,
      settle,
      naive,
      ratio: sync.points / naive.points,
      driftAtEnd: end.drifted,
      erpImport: { lines: opts.erpLines, seconds, linesPerSecond: opts.erpLines / seconds },
    };
  } finally {
    await h.close();
  }
}

export function printInventory(r: InventoryBenchResult) {
  console.log(
    `\nInventory published to Shopify: ${r.changes} changes to ${r.skus} SKUs x 3 locations (${r.levels} levels) at ${r.ratePerSecond}/s`,
  );
  console.log(
    `  initial sync (first reconciliation): ${r.initialSync.levelsSet} levels set in ${r.initialSync.calls} calls, ${r.initialSync.points} points`,
  );
  console.log(
    `  boundary sync: ${r.sync.calls} calls, ${r.sync.levelsPushed} levels pushed, ${r.sync.conflicts} compare-and-set conflicts, ${r.sync.points} points = ${r.sync.pointsPer1000.toFixed(0)} points per 1,000 changes`,
  );
  console.log(
    `  naive (one push per change): ${r.naive.calls} calls, ${r.naive.points} points = ${r.naive.pointsPer1000.toFixed(0)} points per 1,000 changes`,
  );
  console.log(`  ratio boundary/naive ${r.ratio.toFixed(3)}`);
  console.log(
    `  left stale below a boundary after the run: ${r.settle.staleAfterRun} levels; made exact once quiet (settle) in ${r.settle.calls} calls, ${r.settle.points} points, ${r.settle.seconds.toFixed(1)} s`,
  );
  console.log(`  drift a reconciliation then found: ${r.driftAtEnd} levels`);
  console.log(
    `  ERP import: ${r.erpImport.lines} lines in ${r.erpImport.seconds.toFixed(1)} s = ${r.erpImport.linesPerSecond.toFixed(0)} lines/s`,
  );
}
