import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as D from '../../src/shopify/documents';
import { Harness } from '../support/harness';
import { InventoryProbe } from '../support/inventory';
import { syncCatalog } from '../../src/catalog/catalog-sync';
import { saveInventorySettings } from '../../src/inventory/sync-settings';
import { inventorySyncWorkflowId } from '../../src/inventory/contract';
import { refundWorkflowId, type RefundOutcome } from '../../src/refunds/contract';

/**
 * Refunds staff make in the Shopify admin (refundCreate with the admin's
 * token, as the admin does), taken into the engine through the real stack:
 * simulator webhook -> gateway -> refund workflow -> Shopify read, ledger,
 * order_refunds, order workflow; the inventory sync publishing the result.
 */
let h: Harness;
let inv: InventoryProbe;
let keys = 0;

beforeAll(async () => {
  h = await Harness.start('refunds');
  inv = await new InventoryProbe(h).init();
  await syncCatalog(h.pool, h.shopify, h.shopDomain);
  await saveInventorySettings(h.pool, h.shopDomain, {
    enabled: true,
    mode: 'per_location',
    aggregateLocationId: null,
    lowStockLevel: 5,
    relativeChange: 0.25,
  });
  await inv.reconcile(); // Shopify shows what the engine publishes from here on
  // The production debounce (INVENTORY_PUSH_DEBOUNCE_MS): Shopify's level webhook for a restock can arrive
  // before the refund is taken in, and the sync evaluates a raise only once the burst has settled.
  await inv.startSync({ debounceMs: 1000 });
  await inv.settle();
});

afterAll(async () => {
  await h?.sim.webhookBehavior({ duplicate: 0 }).catch(() => undefined);
  await h?.client.workflow
    .getHandle(inventorySyncWorkflowId(h.shopDomain))
    .terminate('test over')
    .catch(() => undefined);
  await h?.close();
});

/** An order of TEE x2 shipped from NJ Warehouse and completed; its capture and line item. */
async function shippedOrder() {
  const { orderId, orderGid } = await h.placeOrder([{ sku: 'TEE', quantity: 2 }]);
  await h.shipAllReleased(orderId);
  expect((await h.result(orderId)).stage).toBe('completed');
  const sim = await h.sim.order(orderId);
  const capture = sim.transactions.find((t: any) => t.kind === 'CAPTURE' && t.status === 'SUCCESS').id as string;
  const line = sim.lineItems.find((l: any) => l.sku === 'TEE').id as string;
  return { orderId, orderGid, capture, line };
}

/** What staff do in the admin: refundCreate, money back against the capture, units as told. */
async function refundInAdmin(
  o: { orderGid: string; capture: string },
  amount: string,
  refundLineItems: Record<string, unknown>[] = [],
) {
  const r = await h.shopify.request('RefundCreate', D.REFUND_CREATE, {
    input: {
      orderId: o.orderGid,
      note: 'refunded by staff',
      refundLineItems: refundLineItems as never,
      transactions: [{ orderId: o.orderGid, parentId: o.capture, amount, kind: 'REFUND', gateway: 'bogus' }],
    },
    idempotencyKey: `admin-refund-${++keys}-${Date.now()}`,
  });
  expect(r.refundCreate?.userErrors).toEqual([]);
  return r.refundCreate!.refund!.id;
}

/** The refund workflow's outcome, once the gateway has started it. */
async function takenIn(refundGid: string): Promise<RefundOutcome> {
  const workflowId = refundWorkflowId(h.shopDomain, refundGid.split('/').pop()!);
  await inv.until(
    () =>
      h.client.workflow
        .getHandle(workflowId)
        .describe()
        .then(
          () => true,
          () => false,
        ),
    (started) => started,
  );
  return h.client.workflow.getHandle(workflowId).result();
}

const adjustments = async (refundGid: string) =>
  (
    await h.pool.query(
      `SELECT sku, location_id, reason, kind, quantity, on_hand_before, on_hand_after, actor FROM inventory_adjustments WHERE shop_domain = $1 AND reference = $2`,
      [h.shopDomain, refundGid],
    )
  ).rows;

async function orderView(orderId: string) {
  const res = await fetch(`${h.gatewayUrl}/orders/${orderId}`, { headers: { authorization: `Bearer ${h.opsToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as any;
}

describe('refunds made in the Shopify admin', () => {
  // Each test's order ships from NJ Warehouse (the nearest, needing no acceptance): enough stock there.
  beforeEach(async () => {
    await inv.adjust('TEE', 'NJ Warehouse', { count: 10 }, 'cycle_count');
    await inv.settle();
  });

  it('admin refund with restock -> engine ledger and Shopify agree, no put-back', async () => {
    // Low stock at NJ Warehouse: there every unit counts, so a level Shopify shows above the engine is put back at once.
    await inv.adjust('TEE', 'NJ Warehouse', { count: 3 }, 'cycle_count');
    await inv.settle();
    const o = await shippedOrder();
    await inv.settle();
    const nj = inv.loc['NJ Warehouse']!;
    const before = (await h.inventory('TEE'))['NJ Warehouse']!.onHand;
    expect((await inv.shopifyAvailable('TEE'))['NJ Warehouse']).toBe(before);
    const calls = await inv.setCalls();

    const refundGid = await refundInAdmin(o, '20.00', [
      { lineItemId: o.line, quantity: 1, restockType: 'RETURN', locationId: nj },
    ]);
    // Shopify put the unit back at once: it shows one more than the engine published.
    expect((await inv.shopifyAvailable('TEE'))['NJ Warehouse']).toBe(before + 1);
    const outcome = await takenIn(refundGid);
    await inv.settle();
    // The engine publishes what Shopify shows, and nothing was pushed to take the unit back off.
    expect((await inv.engineTargets('TEE'))['NJ Warehouse']).toBe(before + 1);
    expect((await inv.shopifyAvailable('TEE'))['NJ Warehouse']).toBe(before + 1);
    expect(await inv.setCalls()).toBe(calls);
    expect(outcome).toMatchObject({
      status: 'recorded',
      source: 'shopify',
      amount: '20.00',
      restockedLines: 1,
      orderTold: false, // the order's workflow has completed
    });
    expect(await adjustments(refundGid)).toEqual([
      {
        sku: 'TEE',
        location_id: nj,
        reason: 'return_restock',
        kind: 'delta',
        quantity: 1,
        on_hand_before: before,
        on_hand_after: before + 1,
        actor: 'shopify-admin',
      },
    ]);

    const view = await orderView(o.orderId);
    expect(view.refunds).toEqual([
      expect.objectContaining({
        refundId: refundGid,
        amount: '20.00',
        currencyCode: 'USD',
        source: 'shopify',
        restocked: [{ sku: 'TEE', locationId: nj, quantity: 1, restockType: 'RETURN' }],
      }),
    ]);
    expect(view.payment).toMatchObject({ captured: '40.00', refunded: '20.00' });
  });

  it('a refunds/create delivered twice applies once; NO_RESTOCK records the money and moves no stock', async () => {
    const o = await shippedOrder();
    await inv.settle();
    await h.sim.webhookBehavior({ duplicate: 1 });
    const restocked = await refundInAdmin(o, '20.00', [
      { lineItemId: o.line, quantity: 1, restockType: 'RETURN', locationId: inv.loc['LA Warehouse'] },
    ]);
    await h.sim.webhookBehavior({ duplicate: 0 });
    // Both copies of one refunds/create event were delivered and answered 200.
    const twice = await inv.until(
      async () => {
        const answered = (await h.sim.webhooks()).filter((d: any) => d.topic === 'refunds/create' && d.status === 200);
        const byEvent = new Map<string, number>();
        for (const d of answered) byEvent.set(d.eventId, (byEvent.get(d.eventId) ?? 0) + 1);
        return Math.max(0, ...byEvent.values());
      },
      (n) => n >= 2,
    );
    expect(twice).toBe(2);
    expect(await takenIn(restocked)).toMatchObject({ status: 'recorded', restockedLines: 1 });
    expect(await adjustments(restocked)).toHaveLength(1);
    expect((await h.inventory('TEE'))['LA Warehouse']!.onHand).toBe(11);

    const kept = await refundInAdmin(o, '5.00', [{ lineItemId: o.line, quantity: 1, restockType: 'NO_RESTOCK' }]);
    expect(await takenIn(kept)).toMatchObject({ status: 'recorded', amount: '5.00', restockedLines: 0 });
    expect(await adjustments(kept)).toEqual([]);

    const view = await orderView(o.orderId);
    expect(view.refunds.map((r: any) => [r.refundId, r.amount, r.restocked.length])).toEqual([
      [restocked, '20.00', 1],
      [kept, '5.00', 0],
    ]);
    expect(view.payment.refunded).toBe('25.00');
    const { rows } = await h.pool.query(
      `SELECT count(*)::int AS n FROM order_refunds WHERE shop_domain = $1 AND order_id = $2`,
      [h.shopDomain, o.orderId],
    );
    expect(rows[0].n).toBe(2);
  });

  it('a forged refunds/create (a refund Shopify does not have) applies nothing', async () => {
    const o = await shippedOrder();
    const refundId = '9007199254740999999';
    const body = JSON.stringify({
      id: 0,
      admin_graphql_api_id: `gid://shopify/Refund/${refundId}`,
      order_id: 0,
      restock: true,
      refund_line_items: [{ quantity: 50, restock_type: 'return', location_id: 1, line_item: { sku: 'TEE' } }],
      transactions: [],
    })
      .replace('"id":0', `"id":${refundId}`)
      .replace('"order_id":0', `"order_id":${o.orderId}`);
    const res = await fetch(`${h.gatewayUrl}/webhooks/shopify`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': 'refunds/create',
        'x-shopify-shop-domain': h.shopDomain,
        'x-shopify-event-id': `forged-${Date.now()}`,
        'x-shopify-hmac-sha256': createHmac('sha256', h.secret).update(body).digest('base64'),
      },
      body,
    });
    expect(res.status).toBe(200);
    const gid = `gid://shopify/Refund/${refundId}`;
    expect(await takenIn(gid)).toEqual({ refundGid: gid, status: 'unconfirmed' });
    expect(await adjustments(gid)).toEqual([]);
    expect((await orderView(o.orderId)).refunds).toEqual([]);
  });

  it("a refund while the order runs keeps its status exact: the workflow hears of it once and its refunded total follows Shopify's", async () => {
    const { orderId, orderGid } = await h.placeOrder([{ sku: 'TEE', quantity: 1 }]);
    await h.waitForStage(orderId, 'awaiting_shipment');
    const sim = await h.sim.order(orderId);
    const capture = sim.transactions.find((t: any) => t.kind === 'CAPTURE' && t.status === 'SUCCESS').id as string;
    const refundGid = await refundInAdmin({ orderGid, capture }, '3.50');
    expect(await takenIn(refundGid)).toMatchObject({ status: 'recorded', orderTold: true, restockedLines: 0 });
    const running = await h.waitFor(orderId, (s) => s.payment.refunded === '3.50', 'refunded 3.50');
    expect(running.payment).toMatchObject({ captured: '20.00', refunded: '3.50', status: 'captured' });
    expect(running.timeline.filter((t) => /Refund of 3.50 USD in Shopify/.test(t.event))).toHaveLength(1);
    await h.shipAllReleased(orderId);
    const done = await h.result(orderId);
    expect(done.payment).toMatchObject({ captured: '20.00', refunded: '3.50' });
    expect((await orderView(orderId)).payment.refunded).toBe('3.50');
    await h.recordHistory(orderId, 'refund-while-running');
    await h.recordWorkflowHistory(refundWorkflowId(h.shopDomain, refundGid.split('/').pop()!), 'refund-taken-in');
  });
});
