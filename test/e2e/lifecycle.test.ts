import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOLD_HANDLE } from '../../src/order/types';
import { Harness } from '../support/harness';

/**
 * Whole orders through the real stack: simulator webhook -> gateway ->
 * Temporal -> worker -> simulator over HTTP, PostgreSQL for inventory.
 */
describe('order lifecycle', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start('lifecycle');
  });
  afterAll(async () => h?.close());

  it('ships an order from one location: hold, move, capture exactly, fulfill with tracking, notify', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'TEE', quantity: 2 }], { shippingPrice: '5.00' });
    const routed = await h.waitForStage(orderId, 'awaiting_shipment');
    expect(routed.allocations).toHaveLength(1);
    expect(routed.holds).toEqual([]); // released once captured
    // The UI shows the order's current details (Markdown) and the static summary set at start.
    const meta: any = await h.client.workflow.getHandle(h.workflowId(orderId)).query('__temporal_workflow_metadata');
    expect(meta.currentDetails).toContain(`**${routed.orderName}**`);
    expect(meta.currentDetails).toContain('| NJ Warehouse |');
    expect(routed.allocations[0]).toMatchObject({
      locationName: 'NJ Warehouse',
      state: 'released_to_ship',
      captured: true,
      captureAmount: '45.00',
    });

    // Captured before shipping, and exactly the allocation's amount.
    let sim = await h.sim.order(orderId);
    const captures = sim.transactions.filter((t: any) => t.kind === 'CAPTURE' && t.status === 'SUCCESS');
    expect(captures.map((t: any) => t.amount)).toEqual(['45.00']);
    // Our hold was placed (routing) and released (paid); Shopify is told where it ships.
    const fo = sim.fulfillmentOrders.find((f: any) => f.status !== 'CLOSED' && f.status !== 'CANCELLED');
    expect(fo.holds.filter((x: any) => x.handle === HOLD_HANDLE)).toEqual([]);
    expect(fo.status).toBe('OPEN');
    expect(JSON.stringify(sim.metafields)).toContain('routing');
    expect((await h.inventory('TEE'))['NJ Warehouse']).toEqual({ onHand: 10, reserved: 2 });

    await h.shipAllReleased(orderId);
    const done = await h.result(orderId);
    expect(done.stage).toBe('completed');
    expect(done.allocations[0]!.tracking?.number).toMatch(/^1Z/);

    sim = await h.sim.order(orderId);
    expect(sim.fulfillments).toHaveLength(1);
    expect(sim.fulfillments[0]).toMatchObject({ notifyCustomer: true });
    expect(sim.fulfillments[0].trackingInfo[0]?.number ?? sim.fulfillments[0].trackingInfo.number).toMatch(/^1Z/);
    expect(sim.tags).toContain('order-orchestrator:completed');
    expect((await h.inventory('TEE'))['NJ Warehouse']).toEqual({ onHand: 8, reserved: 0 });
    await h.recordHistory(orderId, 'single-location');
  });

  it('splits across two locations when no one location has everything, capturing per allocation', async () => {
    const { orderId } = await h.placeOrder([
      { sku: 'TEE', quantity: 1 },
      { sku: 'CAP', quantity: 1 },
    ]);
    const s = await h.waitForStage(orderId, 'awaiting_shipment');
    // LA has both TEE and CAP: one location can ship everything, so no split. Use MUG+LAST instead below.
    expect(s.allocations.map((a) => a.locationName)).toEqual(['LA Warehouse']);

    const split = await h.placeOrder([
      { sku: 'LAST', quantity: 1 },
      { sku: 'CAP', quantity: 1 },
    ]);
    const routed = await h.waitForStage(split.orderId, 'awaiting_shipment');
    expect(routed.allocations.map((a) => a.locationName).sort()).toEqual(['LA Warehouse', 'NJ Warehouse']);
    const sim = await h.sim.order(split.orderId);
    const captures = sim.transactions
      .filter((t: any) => t.kind === 'CAPTURE' && t.status === 'SUCCESS')
      .map((t: any) => t.amount);
    expect(captures.sort()).toEqual(['12.00', '30.00']);
    const liveFos = sim.fulfillmentOrders.filter((f: any) => f.status === 'OPEN');
    expect(liveFos).toHaveLength(2);
    await h.shipAllReleased(split.orderId);
    await h.shipAllReleased(orderId);
    expect((await h.result(split.orderId)).allocations.every((a) => a.state === 'shipped')).toBe(true);
    expect((await h.sim.order(split.orderId)).fulfillments).toHaveLength(2);
    await h.recordHistory(split.orderId, 'split');
    expect((await h.result(orderId)).stage).toBe('completed');
  });

  it('turns duplicate and reordered webhooks into one workflow and one capture', async () => {
    await h.sim.webhookBehavior({ duplicate: 3, reorderWindow: 2 });
    try {
      const { orderId } = await h.placeOrder([{ sku: 'TEE', quantity: 1 }]);
      await h.sim.flushWebhooks();
      const s = await h.waitForStage(orderId, 'awaiting_shipment');
      const sim = await h.sim.order(orderId);
      expect(sim.transactions.filter((t: any) => t.kind === 'CAPTURE').length).toBe(1);
      const runs = [];
      for await (const w of h.client.workflow.list({ query: `WorkflowId = '${h.workflowId(orderId)}'` })) runs.push(w);
      expect(runs).toHaveLength(1);
      const deliveries = (await h.sim.webhooks()).filter((d: any) => d.topic === 'orders/create');
      expect(deliveries.length).toBeGreaterThan(1); // the duplicates really were delivered
      expect(s.timeline.filter((t) => t.event === 'Shopify orders/create')).toHaveLength(1);
    } finally {
      await h.sim.webhookBehavior({ duplicate: 0, reorderWindow: 0 });
    }
  });

  it('rejects a webhook with a bad or missing HMAC: 401, and no workflow', async () => {
    const body = JSON.stringify({ id: 4242, admin_graphql_api_id: 'gid://shopify/Order/4242', name: '#4242' });
    const headers = {
      'content-type': 'application/json',
      'x-shopify-topic': 'orders/create',
      'x-shopify-shop-domain': h.shopDomain,
      'x-shopify-event-id': 'e-4242',
    };
    const bad = await fetch(`${h.gatewayUrl}/webhooks/shopify`, {
      method: 'POST',
      headers: { ...headers, 'x-shopify-hmac-sha256': 'AAAA' },
      body,
    });
    const missing = await fetch(`${h.gatewayUrl}/webhooks/shopify`, { method: 'POST', headers, body });
    expect([bad.status, missing.status]).toEqual([401, 401]);
    await expect(h.client.workflow.getHandle(h.workflowId('4242')).describe()).rejects.toThrow();
  });
});
