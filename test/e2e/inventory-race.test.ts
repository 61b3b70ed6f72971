import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Harness } from '../support/harness';
import { InventoryProbe } from '../support/inventory';
import { syncCatalog } from '../../src/catalog/catalog-sync';
import { saveInventorySettings } from '../../src/inventory/sync-settings';
import { inventorySyncWorkflowId } from '../../src/inventory/contract';
import { openDemand } from '../../src/inventory/publish';

/**
 * The oversell race: many online orders for few units, and a point-of-sale
 * sale of the same SKU at the same time, every webhook delivered twice. The
 * engine never reserves what it does not have, counts the store's sale once,
 * and Shopify ends showing exactly what the engine publishes — by the sync
 * alone, with no reconciliation run.
 */
let h: Harness;
let inv: InventoryProbe;

beforeAll(async () => {
  h = await Harness.start('invrace');
  inv = await new InventoryProbe(h).init();
  await syncCatalog(h.pool, h.shopify, h.shopDomain);
  await saveInventorySettings(h.pool, h.shopDomain, {
    enabled: true,
    mode: 'per_location',
    aggregateLocationId: null,
    lowStockLevel: 5,
    relativeChange: 0.25,
  });
  await inv.reconcile();
  await inv.startSync({ settleSeconds: 2 });
  await inv.settle();
});

afterAll(async () => {
  await h.sim.webhookBehavior({ duplicate: 0 });
  await h.client.workflow
    .getHandle(inventorySyncWorkflowId(h.shopDomain))
    .terminate('test over')
    .catch(() => undefined);
  await h?.close();
});

describe('oversell race', () => {
  it('five orders and a store sale for two units: never negative, the sale counted once, Shopify ends equal to the engine', async () => {
    expect(await inv.shopifyAvailable('CAP')).toEqual({ 'NJ Warehouse': 0, 'Brooklyn Store': 0, 'LA Warehouse': 2 });
    await h.sim.webhookBehavior({ duplicate: 1 });
    const [pos, ...orders] = await Promise.all([
      h.sim.createOrder({
        lineItems: [{ sku: 'CAP', quantity: 1 }],
        sourceName: 'pos',
        locationId: inv.loc['LA Warehouse'],
        payment: 'paid',
      }),
      ...Array.from({ length: 5 }, () => h.placeOrder([{ sku: 'CAP', quantity: 1 }])),
    ]);

    // Every online order either holds a unit or asks a person.
    const outcomes = await Promise.all(
      orders.map((o) =>
        h.waitFor(o.orderId, (s) => s.stage === 'awaiting_shipment' || !!s.attention, 'routed or stuck', 90_000),
      ),
    );
    const routed = orders.filter((_, i) => outcomes[i]!.stage === 'awaiting_shipment');
    const stuck = orders.filter((_, i) => outcomes[i]!.stage !== 'awaiting_shipment');
    // The store sale is not orchestrated: its orders/* webhooks start nothing; a transaction webhook
    // that outran them may start a workflow, which finds the order fulfilled and ends having done nothing.
    const posRun = await h.client.workflow
      .getHandle(h.workflowId(String(pos!.legacyResourceId)))
      .describe()
      .catch((err) => {
        if (err instanceof WorkflowNotFoundError) return null;
        throw err;
      });
    if (posRun) {
      const s = await h.result(String(pos!.legacyResourceId));
      expect(s.stage).toBe('completed');
      expect(s.allocations).toEqual([]);
    }
    expect(
      (
        await h.pool.query(`SELECT count(*)::int AS n FROM allocations WHERE order_id = $1`, [
          String(pos!.legacyResourceId),
        ])
      ).rows[0].n,
    ).toBe(0);

    const cap = await h.inventory('CAP');
    expect(cap['LA Warehouse']!.onHand).toBe(1); // 2 less the store's one sale, once though delivered twice
    expect(routed.length).toBeGreaterThanOrEqual(1);
    expect(routed.length).toBeLessThanOrEqual(2); // a second only if it reserved before the store sale landed
    expect(cap['LA Warehouse']!.reserved).toBe(routed.length);
    const sales = await h.pool.query(
      `SELECT quantity, reason FROM inventory_adjustments WHERE shop_domain = $1 AND sku = 'CAP'`,
      [h.shopDomain],
    );
    expect(sales.rows).toEqual([{ quantity: -1, reason: 'pos_sale' }]);
    const negative = await h.pool.query(
      `SELECT count(*)::int AS n FROM inventory WHERE shop_domain = $1 AND (on_hand < 0 OR reserved < 0)`,
      [h.shopDomain],
    );
    expect(negative.rows[0].n).toBe(0);
    expect(Object.values(await inv.engineTargets('CAP')).every((q) => q === 0)).toBe(true);

    // The orders that found nothing are cancelled, as an operator would: their committed units come back in Shopify.
    for (const o of stuck)
      expect((await h.ops(o.orderId, 'cancel', { reason: 'no stock', by: 'test' })).status).toBe(200);
    await Promise.all(stuck.map((o) => h.waitForStage(o.orderId, 'cancelled', 60_000)));
    // Their demand is final (cancelled); the routed orders' units are covered by their allocations: nothing is open.
    const demand = await h.pool.query(
      `SELECT status, count(*)::int AS n FROM order_demand WHERE shop_domain = $1 AND sku = 'CAP' GROUP BY status ORDER BY status`,
      [h.shopDomain],
    );
    expect(demand.rows).toEqual([
      ...(stuck.length ? [{ status: 'cancelled', n: stuck.length }] : []),
      { status: 'open', n: routed.length },
    ]);
    expect(await openDemand(h.pool, h.shopDomain, ['CAP'])).toEqual(new Map());

    await inv.settle();
    const shown = await inv.until(
      () => inv.shopifyAvailable('CAP'),
      (v) => Object.values(v).every((q) => q === 0),
    );
    expect(shown).toEqual(await inv.engineTargets('CAP'));
    expect(await inv.reconciliations()).toBe(1); // the initial one only
  });
});
