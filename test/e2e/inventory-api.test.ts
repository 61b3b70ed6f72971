import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, SHIP_TO } from '../support/harness';
import { InventoryProbe } from '../support/inventory';
import { syncCatalog } from '../../src/catalog/catalog-sync';
import { allocateAndReserve, releaseReservation } from '../../src/inventory/reservations';
import { openDemand } from '../../src/inventory/publish';
import { inventoryItemsBySku } from '../../src/catalog/repository';
import { recordOrderDemand } from '../../src/inventory/shopify-sales';
import { ensureSchedules, scheduleIds } from '../../src/temporal/schedules';
import { inventorySyncStatus, inventorySyncWorkflowId } from '../../src/inventory/contract';
import { CATALOG_SYNC_WORKFLOW_TYPE } from '../../src/catalog/contract';
import { loadConfig } from '../../src/config';
import { applyInventorySettings } from '../../src/inventory/bootstrap';
import { startInventoryWork } from '../../src/inventory/start';
import { loadInventorySettings } from '../../src/inventory/sync-settings';
import type { Logger } from '../../src/logger';

/**
 * The inventory surface an ops person or an integrator uses: adjustments with
 * reason codes and idempotency keys, the ledger, overrides of safety stock and
 * threshold (and routing honouring them), locations excluded from online
 * selling, the aggregated publishing mode, and the Schedules.
 */
let h: Harness;
let inv: InventoryProbe;
let attempt = 0;

/** A routing decision as the order workflow's activity makes it (released again at once). */
async function route(sku: string, quantity: number) {
  const n = ++attempt;
  const r = await allocateAndReserve(h.pool, {
    workflowId: `api-test-${n}`,
    shopDomain: h.shopDomain,
    orderId: `9${n}`,
    routeAttempt: 1,
    firstSequence: 1,
    lines: [{ lineItemId: `li-${n}`, sku, quantity }],
    shipTo: SHIP_TO,
    exclude: [],
  });
  if (r.ok) for (const a of r.allocations) await releaseReservation(h.pool, a.id);
  return r.ok ? r.allocations.map((a) => a.locationName) : null;
}

beforeAll(async () => {
  h = await Harness.start('invapi');
  inv = await new InventoryProbe(h).init();
  await syncCatalog(h.pool, h.shopify, h.shopDomain);
});

afterAll(async () => {
  for (const id of Object.values(scheduleIds(h.shopDomain)))
    await h.client.schedule
      .getHandle(id)
      .delete()
      .catch(() => undefined);
  await h?.close();
});

describe('adjustments and the ledger', () => {
  it('refuses what it cannot apply, naming the field, and needs the ops token', async () => {
    expect(
      (
        await inv.api(
          'POST',
          '/inventory/adjustments',
          { idempotencyKey: 'k', reason: 'received', lines: [{ sku: 'TEE', location: 'NJ Warehouse', delta: 1 }] },
          null,
        )
      ).status,
    ).toBe(401);
    const noKey = await inv.api('POST', '/inventory/adjustments', {
      reason: 'received',
      lines: [{ sku: 'TEE', location: 'NJ Warehouse', delta: 1 }],
    });
    expect(noKey).toMatchObject({ status: 400, body: { details: [{ field: 'idempotencyKey' }] } });
    const badReason = await inv.api('POST', '/inventory/adjustments', {
      idempotencyKey: 'k1',
      reason: 'stolen',
      lines: [{ sku: 'TEE', location: 'NJ Warehouse', delta: 1 }],
    });
    expect(badReason.status).toBe(400);
    expect(badReason.body.details[0].field).toBe('reason');
    const both = await inv.api('POST', '/inventory/adjustments', {
      idempotencyKey: 'k2',
      reason: 'received',
      lines: [{ sku: 'TEE', location: 'NJ Warehouse', delta: 1, count: 4 }],
    });
    expect(both.status).toBe(400);
    expect(both.body.error).toMatch(/lines\.0: give exactly one of delta/);
    const where = await inv.api('POST', '/inventory/adjustments', {
      idempotencyKey: 'k3',
      reason: 'received',
      lines: [{ sku: 'TEE', location: 'Atlantis', delta: 1 }],
    });
    expect(where).toMatchObject({ status: 400, body: { details: [{ field: 'lines.0.location' }] } });
    const below = await inv.api('POST', '/inventory/adjustments', {
      idempotencyKey: 'k4',
      reason: 'damaged',
      lines: [{ sku: 'LAST', location: 'NJ Warehouse', delta: -2 }],
    });
    expect(below.status).toBe(422);
    expect(below.body.error).toMatch(/has 1 on hand/);
    expect(await h.inventory('LAST')).toMatchObject({ 'NJ Warehouse': { onHand: 1 } });
  });

  it('applies once per idempotency key, with its reason and reference in the ledger; another body under the key is a conflict', async () => {
    const body = {
      reason: 'received',
      reference: 'PO-1001',
      by: 'dock-3',
      lines: [
        { sku: 'MUG', location: 'NJ Warehouse', delta: 12 },
        { sku: 'MUG', location: 'LA Warehouse', delta: 3 },
      ],
    };
    const first = await inv.api('POST', '/inventory/adjustments', body, undefined, {
      'idempotency-key': 'PO-1001-receipt',
    });
    expect(first.status).toBe(201);
    expect(first.body.entries.map((e: any) => [e.onHandBefore, e.onHandAfter, e.reason])).toEqual([
      [0, 12, 'received'],
      [5, 8, 'received'],
    ]);
    const again = await inv.api('POST', '/inventory/adjustments', body, undefined, {
      'idempotency-key': 'PO-1001-receipt',
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replayed: true, entries: first.body.entries });
    expect(await h.inventory('MUG')).toMatchObject({ 'NJ Warehouse': { onHand: 12 }, 'LA Warehouse': { onHand: 8 } });
    const other = await inv.api(
      'POST',
      '/inventory/adjustments',
      { ...body, lines: [{ sku: 'MUG', location: 'NJ Warehouse', delta: 99 }] },
      undefined,
      { 'idempotency-key': 'PO-1001-receipt' },
    );
    expect(other.status).toBe(409);

    await inv.adjust('MUG', 'NJ Warehouse', { count: 10 }, 'cycle_count');
    const sku = await inv.api('GET', '/inventory/skus/MUG');
    expect(sku.status).toBe(200);
    expect(
      sku.body.ledger.slice(0, 2).map((e: any) => [e.reason, e.kind, e.quantity, e.onHandBefore, e.onHandAfter]),
    ).toEqual([
      ['cycle_count', 'set', 10, 12, 10],
      ['received', 'delta', 3, 5, 8],
    ]);
    const ledger = await h.pool.query(
      `SELECT reference, actor FROM inventory_adjustments WHERE shop_domain = $1 AND idempotency_key = 'PO-1001-receipt'`,
      [h.shopDomain],
    );
    expect(ledger.rows).toEqual([
      { reference: 'PO-1001', actor: 'dock-3' },
      { reference: 'PO-1001', actor: 'dock-3' },
    ]);
    expect((await inv.api('GET', '/inventory/skus/NOPE')).status).toBe(404);
    // This shop does not publish (no settings yet): its changes leave no records for a sync to take.
    expect(
      (await h.pool.query(`SELECT count(*)::int AS n FROM inventory_dirty WHERE shop_domain = $1`, [h.shopDomain]))
        .rows[0].n,
    ).toBe(0);
  });
});

describe('open demand', () => {
  it('is what Shopify committed that no live allocation covers: routing covers it, a release opens it again, edits and cancellation follow the newest body', async () => {
    const body = (at: string, tee: number, extra: Record<string, unknown> = {}) => ({
      updated_at: at,
      line_items: [
        { sku: 'TEE', quantity: 3, current_quantity: tee },
        { sku: 'MUG', quantity: 1 },
        { sku: null, quantity: 1 },
      ],
      ...extra,
    });
    const open = () => openDemand(h.pool, h.shopDomain, ['TEE', 'MUG']);
    await recordOrderDemand(h.pool, h.shopDomain, '777', body('2026-11-20T10:00:00Z', 3));
    expect(await open()).toEqual(
      new Map([
        ['TEE', 3],
        ['MUG', 1],
      ]),
    );
    const r = await allocateAndReserve(h.pool, {
      workflowId: 'demand-777',
      shopDomain: h.shopDomain,
      orderId: '777',
      routeAttempt: 1,
      firstSequence: 1,
      lines: [{ lineItemId: 'li-1', sku: 'TEE', quantity: 3 }],
      shipTo: SHIP_TO,
      exclude: [],
    });
    if (!r.ok) throw new Error('no stock for the demand test');
    expect(await open()).toEqual(new Map([['MUG', 1]]));
    await recordOrderDemand(h.pool, h.shopDomain, '777', body('2026-11-20T09:59:00Z', 3)); // a late orders/create: older, changes nothing
    expect(await open()).toEqual(new Map([['MUG', 1]]));
    await releaseReservation(h.pool, r.allocations[0]!.id); // a partner refused: Shopify still holds the units
    expect(await open()).toEqual(
      new Map([
        ['TEE', 3],
        ['MUG', 1],
      ]),
    );
    await recordOrderDemand(h.pool, h.shopDomain, '777', body('2026-11-20T10:05:00Z', 1)); // edited down to 1
    expect((await open()).get('TEE')).toBe(1);
    await recordOrderDemand(
      h.pool,
      h.shopDomain,
      '777',
      body('2026-11-20T10:06:00Z', 1, { cancelled_at: '2026-11-20T10:06:00Z' }),
    );
    expect(await open()).toEqual(new Map());
    await recordOrderDemand(h.pool, h.shopDomain, '777', body('2026-11-20T10:07:00Z', 1)); // nothing reopens a cancelled order
    expect(await open()).toEqual(new Map());
  });
});

describe('overrides and exclusions', () => {
  it('safety stock comes from the most specific override, and routing honours it', async () => {
    expect(await route('LAST', 1)).toEqual(['NJ Warehouse']);
    for (const p of [
      { safetyStock: 1 },
      { location: 'LA Warehouse', safetyStock: 2 },
      { sku: 'TEE', safetyStock: 3 },
      { sku: 'TEE', location: 'NJ Warehouse', safetyStock: 4 },
    ]) {
      expect((await inv.api('PUT', '/inventory/policies', p)).status).toBe(200);
    }
    const safety = async (sku: string) =>
      Object.fromEntries(
        (await inv.api('GET', `/inventory/skus/${sku}`)).body.locations.map((l: any) => [l.location, l.safetyStock]),
      );
    expect(await safety('TEE')).toEqual({ 'NJ Warehouse': 4, 'Brooklyn Store': 3, 'LA Warehouse': 3 });
    expect(await safety('LAST')).toEqual({ 'NJ Warehouse': 1, 'Brooklyn Store': 1, 'LA Warehouse': 2 });
    expect(await route('LAST', 1)).toBeNull(); // 1 on hand, 1 kept back
    expect(await route('TEE', 7)).toEqual(['LA Warehouse']); // NJ can give 10 - 4 = 6 only
    await inv.api('PUT', '/inventory/policies', { sku: 'TEE', location: 'NJ Warehouse', safetyStock: null });
    expect((await safety('TEE'))['NJ Warehouse']).toBe(3);
    await inv.api('PUT', '/inventory/policies', { safetyStock: null });
    expect(await route('LAST', 1)).toEqual(['NJ Warehouse']);
    const threshold = await inv.api('PUT', '/inventory/policies', { sku: 'CAP', brokeringThreshold: 1 });
    expect(threshold.status).toBe(200);
    const cap = (await inv.api('GET', '/inventory/skus/CAP')).body.locations.find(
      (l: any) => l.location === 'LA Warehouse',
    );
    expect(cap).toMatchObject({ onHand: 2, safetyStock: 2, brokeringThreshold: 1, availableToSell: 0 });
    expect((await inv.api('PUT', '/inventory/policies', { sku: 'CAP' })).status).toBe(400);
    await inv.api('PUT', '/inventory/policies', { location: 'LA Warehouse', safetyStock: null });
    await inv.api('PUT', '/inventory/policies', { sku: 'TEE', safetyStock: null });
  });

  it('a location excluded from online selling publishes nothing and gets no online orders', async () => {
    expect(await route('MUG', 2)).toEqual(['NJ Warehouse']);
    const off = await inv.api('PUT', '/inventory/locations/NJ Warehouse', { sellsOnline: false });
    expect(off).toMatchObject({ status: 200, body: { name: 'NJ Warehouse', sellsOnline: false } });
    expect(await route('MUG', 2)).toEqual(['Brooklyn Store']);
    const mug = (await inv.api('GET', '/inventory/skus/MUG')).body.locations.find(
      (l: any) => l.location === 'NJ Warehouse',
    );
    expect(mug).toMatchObject({ onHand: 10, sellsOnline: false, availableToSell: 0 });
    expect((await inv.api('PUT', '/inventory/locations/Atlantis', { sellsOnline: false })).status).toBe(400);
  });

  it('aggregated mode publishes the sum over online-selling locations at one Shopify location', async () => {
    const missing = await inv.api('PUT', '/inventory/settings', { publishMode: 'aggregated' });
    expect(missing).toMatchObject({ status: 400, body: { details: [{ field: 'aggregateLocation' }] } });
    const on = await inv.api('PUT', '/inventory/settings', {
      enabled: true,
      publishMode: 'aggregated',
      aggregateLocation: 'LA Warehouse',
    });
    expect(on).toMatchObject({
      status: 200,
      body: { mode: 'aggregated', aggregateLocationId: inv.loc['LA Warehouse'], enabled: true },
    });
    const before = await inv.shopifyAvailable('MUG');
    const reconciled = await inv.reconcile();
    await h.recordWorkflowHistory(reconciled.workflowId, 'inventory-reconcile');
    // MUG: NJ excluded; Brooklyn 3 + LA 8 at LA. The other Shopify locations are left as they were.
    expect(await inv.shopifyAvailable('MUG')).toEqual({ ...before, 'LA Warehouse': 11 });
    expect((await inv.shopifyAvailable('CAP'))['LA Warehouse']).toBe(1); // 2 on hand less CAP's threshold of 1
  });

  it('a level Shopify refuses is set aside and reported; the other levels are published and nothing stays stuck', async () => {
    expect((await inv.api('PUT', '/inventory/settings', { publishMode: 'per_location' })).status).toBe(200);
    await inv.reconcile();
    // Brooklyn Store mapped to a Shopify location that does not exist: Shopify refuses its levels.
    expect(
      (await inv.api('PUT', '/inventory/locations/Brooklyn Store', { shopifyLocationId: 'gid://shopify/Location/1' }))
        .status,
    ).toBe(200);
    await inv.adjust('MUG', 'Brooklyn Store', { count: 1 }, 'cycle_count');
    await inv.adjust('CAP', 'LA Warehouse', { count: 0 }, 'cycle_count');
    const sync = h.client.workflow.getHandle(inventorySyncWorkflowId(h.shopDomain));
    const status = await inv.until(
      () => sync.query(inventorySyncStatus),
      (st) => st.refused > 0,
      30_000,
    );
    expect(status.lastRefusal).toMatch(/gid:\/\/shopify\/Location\/1/);
    expect(
      await inv.until(
        () => inv.shopifyAvailable('CAP'),
        (v) => v['LA Warehouse'] === 0,
      ),
    ).toMatchObject({ 'LA Warehouse': 0 });
    await inv.settle();
    await inv.api('PUT', '/inventory/locations/Brooklyn Store', { shopifyLocationId: null });
    await inv.api('PUT', '/inventory/settings', { enabled: false });
    await sync.terminate('test over');
  });
});

describe('schedules', () => {
  it('creates the three schedules once (again: updated, not duplicated) and a triggered run does its work', async () => {
    const settings = {
      shopDomain: h.shopDomain,
      taskQueue: h.taskQueue,
      reconcileCron: '0 3 * * *',
      catalogSyncMinutes: 15,
      orderSweepMinutes: 15,
    };
    const ids = await ensureSchedules(h.client, settings);
    expect(ids).toEqual(Object.values(scheduleIds(h.shopDomain)));
    await ensureSchedules(h.client, { ...settings, catalogSyncMinutes: 5 });
    const catalog = await h.client.schedule.getHandle(scheduleIds(h.shopDomain).catalog).describe();
    expect(catalog.spec.intervals?.[0]?.every).toBe(5 * 60 * 1000);
    expect(catalog.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: CATALOG_SYNC_WORKFLOW_TYPE,
      taskQueue: h.taskQueue,
    });
    const reconcile = await h.client.schedule.getHandle(scheduleIds(h.shopDomain).reconcile).describe();
    expect(reconcile.spec.calendars).toEqual([
      expect.objectContaining({ hour: [{ start: 3, end: 3, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] }),
    ]);

    await h.pool.query(`DELETE FROM catalog_variants WHERE shop_domain = $1`, [h.shopDomain]);
    await h.client.schedule.getHandle(scheduleIds(h.shopDomain).catalog).trigger();
    const rows = await inv.until(
      async () =>
        (
          await h.pool.query(`SELECT sku FROM catalog_variants WHERE shop_domain = $1 ORDER BY sku`, [h.shopDomain])
        ).rows.map((r) => r.sku),
      (skus) => skus.length === 4,
      30_000,
    );
    expect(rows).toEqual(['CAP', 'LAST', 'MUG', 'TEE']);
    const run = await inv.until(
      async () => (await h.client.schedule.getHandle(scheduleIds(h.shopDomain).catalog).describe()).info.recentActions,
      (a) => a.length > 0,
    );
    const started = run[0]!.action.workflow;
    await h.client.workflow.getHandle(started.workflowId, started.firstExecutionRunId).result();
    await h.recordWorkflowHistory(started.workflowId, 'catalog-sync', started.firstExecutionRunId);
  });
});

describe('webhooks the inventory side takes', () => {
  const post = async (topic: string, body: string) => {
    const res = await fetch(`${h.gatewayUrl}/webhooks/shopify`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': topic,
        'x-shopify-shop-domain': h.shopDomain,
        'x-shopify-event-id': `evt-${Math.random()}`,
        'x-shopify-hmac-sha256': createHmac('sha256', h.secret).update(body).digest('base64'),
      },
      body,
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('inventory_levels/update for an untracked item is acknowledged and ignored; a malformed one is a 400 naming the field', async () => {
    expect(
      await post(
        'inventory_levels/update',
        '{"inventory_item_id":12345678901234567890,"location_id":1,"available":null}',
      ),
    ).toMatchObject({ status: 200, body: { status: 'ignored' } });
    const bad = await post('inventory_levels/update', '{"location_id":1,"available":3}');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/inventory_item_id/);
  });

  it('products/delete is a claim the catalog sync confirms with Shopify: a product Shopify still has stays published', async () => {
    const { rows } = await h.pool.query(
      `SELECT product_id FROM catalog_variants WHERE shop_domain = $1 AND sku = 'LAST'`,
      [h.shopDomain],
    );
    const numeric = rows[0].product_id.split('/').pop();
    expect(await post('products/delete', `{"id":${numeric}}`)).toMatchObject({
      status: 200,
      body: { status: 'deletion-pending' },
    });
    expect((await syncCatalog(h.pool, h.shopify, h.shopDomain)).deletions).toEqual({ retired: 0, refuted: 1 });
    expect((await inventoryItemsBySku(h.pool, h.shopDomain, ['LAST'])).size).toBe(1);
    expect((await post('products/delete', '{"id":"x"}')).status).toBe(400);
  });
});

describe('publishing settings: one writer each', () => {
  /** The engine's config at a (re)start, with these INVENTORY_* settings. */
  const engineConfig = (inventory: Record<string, string>) =>
    loadConfig({
      SHOPIFY_SHOP: 'http://127.0.0.1:4000',
      SHOPIFY_ACCESS_TOKEN: 'x',
      SHOPIFY_WEBHOOK_SECRET: 'x',
      DATABASE_URL: h.env.databaseUrl,
      TEMPORAL_TASK_QUEUE: h.taskQueue,
      ...inventory,
    });

  it('INVENTORY_* seed a shop without stored settings; a later start with other values changes nothing and names them', async () => {
    const fresh = `seeded-${h.shopDomain}`;
    try {
      const first = await applyInventorySettings(
        h.pool,
        fresh,
        engineConfig({ INVENTORY_SYNC: 'off', INVENTORY_LOW_STOCK: '3' }),
      );
      const seeded = {
        enabled: false,
        mode: 'per_location',
        aggregateLocationId: null,
        lowStockLevel: 3,
        relativeChange: 0.25,
      };
      expect(first).toEqual({ settings: seeded, seeded: true, ignored: [] });
      const again = await applyInventorySettings(
        h.pool,
        fresh,
        engineConfig({ INVENTORY_SYNC: 'on', INVENTORY_LOW_STOCK: '9', INVENTORY_RELATIVE_CHANGE: '0.25' }),
      );
      expect(again).toEqual({ settings: seeded, seeded: false, ignored: ['INVENTORY_SYNC', 'INVENTORY_LOW_STOCK'] });
      expect(await loadInventorySettings(h.pool, fresh)).toEqual(seeded);
    } finally {
      await h.pool.query(`DELETE FROM inventory_settings WHERE shop_domain = $1`, [fresh]);
    }
  });

  it('a restart does not overwrite what PUT /inventory/settings stored', async () => {
    const put = await inv.api('PUT', '/inventory/settings', {
      enabled: false,
      publishMode: 'aggregated',
      aggregateLocation: 'LA Warehouse',
      lowStockLevel: 7,
      relativeChange: 0.5,
    });
    expect(put).toMatchObject({
      status: 200,
      body: {
        enabled: false,
        mode: 'aggregated',
        aggregateLocationId: inv.loc['LA Warehouse'],
        lowStockLevel: 7,
        relativeChange: 0.5,
      },
    });
    const warnings: string[] = [];
    const logger = { warn: (_o: unknown, msg: string) => warnings.push(msg) } as unknown as Logger;
    // The engine's start-up, as the worker and npm start run it, with every INVENTORY_* setting saying otherwise.
    const config = engineConfig({
      INVENTORY_SYNC: 'on',
      INVENTORY_PUBLISH_MODE: 'per_location',
      INVENTORY_AGGREGATE_LOCATION: 'NJ Warehouse',
      INVENTORY_LOW_STOCK: '5',
      INVENTORY_RELATIVE_CHANGE: '0.25',
    });
    const settings = await startInventoryWork({
      client: h.client,
      pool: h.pool,
      config,
      shopDomain: h.shopDomain,
      logger,
    });
    expect(settings).toEqual(put.body);
    expect(await loadInventorySettings(h.pool, h.shopDomain)).toEqual(put.body);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^INVENTORY_SYNC, INVENTORY_PUBLISH_MODE, INVENTORY_AGGREGATE_LOCATION, INVENTORY_LOW_STOCK, INVENTORY_RELATIVE_CHANGE not applied: .* has stored publishing settings, which win/,
      ),
    ]);
    // The stored settings keep changing through PUT only.
    expect(
      await inv.api('PUT', '/inventory/settings', { publishMode: 'per_location', lowStockLevel: 5 }),
    ).toMatchObject({ status: 200, body: { enabled: false, mode: 'per_location', lowStockLevel: 5 } });
  });
});
