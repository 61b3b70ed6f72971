import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness';

describe('resilience', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start('resilience');
  });
  afterAll(async () => h?.close());

  it('never reserves the last unit twice when orders race for it', async () => {
    // LAST: one unit, at NJ only. Five orders at once.
    const orders = await Promise.all([1, 2, 3, 4, 5].map(() => h.placeOrder([{ sku: 'LAST', quantity: 1 }])));
    const winners: string[] = [];
    const losers: string[] = [];
    for (const o of orders) {
      const s = await h.waitFor(o.orderId, (x) => x.stage === 'awaiting_shipment' || !!x.attention, 'routed or parked');
      (s.stage === 'awaiting_shipment' ? winners : losers).push(o.orderId);
      if (s.attention) expect(s.attention.reason).toMatch(/No inventory to route: LAST needs 1, 0 available/);
    }
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(4);
    const stock = await h.inventory('LAST');
    expect(stock['NJ Warehouse']).toEqual({ onHand: 1, reserved: 1 });
    expect(Object.values(stock).reduce((s: number, x: any) => s + x.reserved, 0)).toBe(1);
    const { rows } = await h.pool.query(
      `SELECT count(*)::int AS n FROM reservations WHERE shop_domain = $1 AND sku = 'LAST' AND status = 'active'`,
      [h.shopDomain],
    );
    expect(rows[0].n).toBe(1);
    for (const id of losers)
      await h.client.workflow.getHandle(h.workflowId(id)).signal('cancel', { reason: 'out of stock' });
    for (const id of losers) expect((await h.result(id)).stage).toBe('cancelled');
  });

  it('completes an order when the worker is stopped mid-order and restarted', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'TEE', quantity: 1 }]);
    await h.waitForStage(orderId, 'awaiting_shipment');
    await h.stopWorker();
    const allocation = (
      await h.pool.query(`SELECT id FROM allocations WHERE workflow_id = $1`, [h.workflowId(orderId)])
    ).rows[0].id;
    await h.ship('nj-wh', allocation, '1ZRESTART'); // signals are durable while no worker runs
    await h.startWorker();
    const done = await h.result(orderId);
    expect(done.stage).toBe('completed');
    expect(done.allocations[0]!.tracking!.number).toBe('1ZRESTART');
    expect((await h.sim.order(orderId)).fulfillments).toHaveLength(1);
  });
});
