import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sweepMissedOrders } from '../../src/orders/sweep';
import { OrderInbox } from '../../src/orders/inbox';
import { Harness } from '../support/harness';
import { shopifyEventSignal } from '../../src/order/contract';

/**
 * Where a partner's ship notice, a cancel (Shopify's or an operator's) and a
 * worker restart cross. Each test drives one crossing by waiting
 * for states, then checks that the simulator's money and fulfillments, the
 * engine's allocations and the inventory ledger tell the same story.
 */
describe('ship notices against cancels', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start('ship-races', { stockMultiplier: 5 });
  });
  afterAll(async () => h?.close());

  const notice = (allocationId: string, number: string, lines?: { lineItemId: string; quantity: number }[]) =>
    h.partnerPost('nj-wh', 'shipments', {
      allocationId,
      tracking: { number, company: 'UPS' },
      ...(lines ? { lines } : {}),
    });
  const succeeded = async (orderId: string, kind: string) =>
    (await h.sim.order(orderId)).transactions
      .filter((t: any) => t.status === 'SUCCESS' && t.kind === kind)
      .map((t: any) => t.amount);
  const tracking = async (orderId: string) =>
    (await h.sim.order(orderId)).fulfillments.flatMap((f: any) => f.trackingInfo.map((t: any) => t.number)).sort();
  const fulfilledUnits = async (orderId: string) =>
    (await h.sim.order(orderId)).fulfillments.reduce(
      (n: number, f: any) => n + f.lines.reduce((m: number, l: any) => m + l.quantity, 0),
      0,
    );
  const demand = async (orderId: string) =>
    (
      await h.pool.query(`SELECT DISTINCT status FROM order_demand WHERE shop_domain = $1 AND order_id = $2`, [
        h.shopDomain,
        orderId,
      ])
    ).rows.map((r) => r.status);
  const asking = (orderId: string, pattern: RegExp, what: string) =>
    h.waitFor(orderId, (s) => !!s.attention && pattern.test(s.attention.reason), what);
  const placeAtNj = async (quantity: number) => {
    const { orderId } = await h.placeOrder([{ sku: 'TEE', quantity }]);
    const s = await h.waitForStage(orderId, 'awaiting_shipment');
    const a = s.allocations[0]!;
    expect(a.locationName).toBe('NJ Warehouse');
    return { orderId, a, lineItemId: a.lines[0]!.lineItemId };
  };

  it('a second partial notice that arrives while the first is being fulfilled reaches Shopify, and the ledger takes off each unit once', async () => {
    const before = (await h.inventory('TEE'))['NJ Warehouse']!.onHand;
    const { orderId, a, lineItemId } = await placeAtNj(3);
    // The first fulfillment is slow, so the second notice lands while the workflow works on the first.
    await h.sim.fault({ kind: 'latency', operationName: 'FulfillmentCreate', ms: 2500, count: 1 });
    expect((await notice(a.id, 'PART-1', [{ lineItemId, quantity: 1 }])).status).toBe(202);
    await h.waitForStage(orderId, 'fulfilling');
    expect((await notice(a.id, 'PART-2', [{ lineItemId, quantity: 1 }])).status).toBe(202);
    await h.waitFor(
      orderId,
      (s) => s.allocations[0]!.shipped?.reduce((n, l) => n + l.quantity, 0) === 2,
      'two units shipped',
    );
    expect(await tracking(orderId)).toEqual(['PART-1', 'PART-2']);
    expect((await notice(a.id, 'PART-3')).status).toBe(202);
    const done = await h.result(orderId);
    expect(done.stage).toBe('completed');
    expect(await tracking(orderId)).toEqual(['PART-1', 'PART-2', 'PART-3']);
    expect(await fulfilledUnits(orderId)).toBe(3);
    expect((await h.inventory('TEE'))['NJ Warehouse']!.onHand).toBe(before - 3);
    expect(await demand(orderId)).not.toContain('open');
    await h.recordHistory(orderId, 'ship-notices-partial-overlap');
  });

  it('a notice for more units than remain is fulfilled for what remains and the rest is put to a person, not capped', async () => {
    const { orderId, a, lineItemId } = await placeAtNj(1);
    expect((await notice(a.id, 'OVER-1', [{ lineItemId, quantity: 3 }])).status).toBe(202);
    const s = await asking(
      orderId,
      /reported shipping 2 x TEE of .* beyond what remains allocated/,
      'a person asked about the extra units',
    );
    expect(s.attention!.actions).toContain('skip');
    expect(await tracking(orderId)).toEqual(['OVER-1']);
    expect((await h.ops(orderId, 'skip')).status).toBe(200);
    expect((await h.result(orderId)).stage).toBe('completed');
  });

  it('a notice from a partner whose allocation was rerouted is put to a person, not dropped', async () => {
    // MUG: Brooklyn (must accept) is nearest; it refuses, LA ships; then Brooklyn reports shipping anyway.
    const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
    const asked = await h.waitForStage(orderId, 'awaiting_acceptance');
    const bk = asked.allocations[0]!;
    await h.acknowledge('bk-store', bk.id, 'rejected', 'no stock after all');
    await h.waitForStage(orderId, 'awaiting_shipment');
    const res = await h.partnerPost('bk-store', 'shipments', { allocationId: bk.id, tracking: { number: 'BK-LATE' } });
    expect(res.status).toBe(202);
    await asking(
      orderId,
      /reported shipping .*BK-LATE.*no longer theirs \(rejected/,
      'a person asked about the withdrawn allocation',
    );
    expect((await h.ops(orderId, 'skip')).status).toBe(200);
    await h.shipAllReleased(orderId);
    expect((await h.result(orderId)).stage).toBe('completed');
  });

  it('an ops cancel after a notice was accepted (worker down between them): fulfilled, money untouched, a person decides', async () => {
    const before = (await h.inventory('TEE'))['NJ Warehouse']!.onHand;
    const { orderId, a } = await placeAtNj(1);
    await h.stopWorker();
    try {
      expect((await notice(a.id, 'CROSS-OPS')).status).toBe(202);
      await h.client.workflow
        .getHandle(h.workflowId(orderId))
        .signal('cancel', { reason: 'customer called', by: 'ann' });
    } finally {
      await h.startWorker();
    }
    const s = await asking(
      orderId,
      /Cancel by ann \(customer called\) came after .* shipped/,
      'a person asked about the crossed cancel',
    );
    expect(s.allocations[0]!.state).toBe('shipped');
    expect(await tracking(orderId)).toEqual(['CROSS-OPS']);
    expect(await succeeded(orderId, 'CAPTURE')).toEqual(['20.00']);
    expect(await succeeded(orderId, 'REFUND')).toEqual([]);
    expect((await h.inventory('TEE'))['NJ Warehouse']).toEqual({ onHand: before - 1, reserved: 0 });
    // The person settles it as a return: the order completes, nothing refunded by the engine.
    expect((await h.ops(orderId, 'skip')).status).toBe(200);
    expect((await h.result(orderId)).stage).toBe('completed');
    expect(await succeeded(orderId, 'REFUND')).toEqual([]);
    await h.recordHistory(orderId, 'ship-notice-cancel-crossing');
  });

  it('an ops cancel while the notice\u2019s fulfillment is in flight: nothing comes between the fulfillment and taking the units off hand', async () => {
    const before = (await h.inventory('TEE'))['NJ Warehouse']!.onHand;
    const { orderId, a } = await placeAtNj(2);
    await h.sim.fault({ kind: 'latency', operationName: 'FulfillmentCreate', ms: 4000, count: 1 });
    expect((await notice(a.id, 'CROSS-INFLIGHT')).status).toBe(202);
    await h.waitForStage(orderId, 'fulfilling');
    const res = await h.ops(orderId, 'cancel', { reason: 'too late' });
    expect(res.status).toBe(200); // accepted as a request: the order decides with the shipment in view
    await asking(
      orderId,
      /Cancel by operator \(too late\) came after .* shipped/,
      'crossed cancel after the fulfillment',
    );
    expect(await tracking(orderId)).toEqual(['CROSS-INFLIGHT']);
    expect((await h.inventory('TEE'))['NJ Warehouse']).toEqual({ onHand: before - 2, reserved: 0 });
    expect(await succeeded(orderId, 'REFUND')).toEqual([]);
    expect((await h.ops(orderId, 'skip')).status).toBe(200);
    expect((await h.result(orderId)).stage).toBe('completed');
  });

  it('choosing cancel after a crossing withdraws what has not shipped (here nothing): completed, nothing refunded, Shopify\u2019s order not cancelled', async () => {
    const { orderId, a } = await placeAtNj(1);
    await h.stopWorker();
    try {
      expect((await notice(a.id, 'CROSS-OPS-2')).status).toBe(202);
      await h.client.workflow.getHandle(h.workflowId(orderId)).signal('cancel', { reason: 'fraud', by: 'bob' });
    } finally {
      await h.startWorker();
    }
    await asking(orderId, /came after .* shipped/, 'crossed cancel');
    const res = await h.ops(orderId, 'cancel', { reason: 'fraud' });
    expect(res.status).toBe(200);
    const done = await h.result(orderId);
    expect(done.stage).toBe('completed');
    expect(done.cancelledRemainder).toMatchObject({ reason: 'fraud', lines: [], refunded: '0.00' });
    expect(done.allocations[0]!.state).toBe('shipped');
    const sim = await h.sim.order(orderId);
    expect(sim.cancelledAt).toBeNull(); // Shopify refuses to cancel a fulfilled order; the engine does not try
    expect(await succeeded(orderId, 'REFUND')).toEqual([]);
    expect(await tracking(orderId)).toEqual(['CROSS-OPS-2']);
  });

  it('a Shopify cancel whose webhook was lost, then a notice: Shopify refuses the fulfillment and a person decides; not completed before they do', async () => {
    const before = (await h.inventory('TEE'))['NJ Warehouse']!.onHand;
    const { orderId, a } = await placeAtNj(1);
    await h.sim.webhookBehavior({ dropTopics: ['orders/cancelled'] });
    try {
      await h.sim.orderAction(orderId, 'cancel', { refund: false });
    } finally {
      await h.sim.webhookBehavior({ dropTopics: [] });
    }
    expect((await notice(a.id, 'AFTER-SHOPIFY-CANCEL')).status).toBe(202);
    const s = await asking(
      orderId,
      /Fulfill .* failed: Shopify cancelled the order at/,
      'the refused fulfillment put to a person',
    );
    expect(s.stage).not.toBe('completed');
    expect(s.attention!.actions).toEqual(expect.arrayContaining(['retry', 'skip']));
    expect(await tracking(orderId)).toEqual([]);
    // The goods left: skipping records the shipment without a Shopify fulfillment; then the cancel is the person's.
    expect((await h.ops(orderId, 'skip')).status).toBe(200);
    await asking(orderId, /Cancel by Shopify \(cancelled in Shopify\) came after/, 'the crossed Shopify cancel');
    expect((await h.inventory('TEE'))['NJ Warehouse']).toEqual({ onHand: before - 1, reserved: 0 });
    expect((await h.ops(orderId, 'cancel', { reason: 'customer cancelled; goods to come back' })).status).toBe(200);
    const done = await h.result(orderId);
    // What had not shipped is cancelled (here nothing): the order ends with the remainder recorded, untagged.
    expect(done.stage).toBe('completed');
    expect(done.cancelledRemainder).toMatchObject({ lines: [], refunded: '0.00' });
    expect((await h.sim.order(orderId)).tags).not.toContain('order-orchestrator:completed');
    expect(await succeeded(orderId, 'REFUND')).toEqual([]); // the person settles the money
    expect(await demand(orderId)).not.toContain('open');
  });

  it('the sweep tells a running order that Shopify cancelled it (webhook lost); the workflow confirms and compensates', async () => {
    const { orderId } = await placeAtNj(2);
    await h.sim.webhookBehavior({ dropTopics: ['orders/cancelled'] });
    try {
      await h.sim.orderAction(orderId, 'cancel', { refund: false });
    } finally {
      await h.sim.webhookBehavior({ dropTopics: [] });
    }
    const r = await sweepMissedOrders(
      { pool: h.pool, shopify: h.shopify, orders: new OrderInbox(h.client), taskQueue: h.taskQueue },
      { shopDomain: h.shopDomain },
    );
    expect(r.cancelSignalled).toContain(orderId);
    const done = await h.result(orderId);
    expect(done.stage).toBe('cancelled');
    expect(done.timeline.some((t) => /Shopify confirms the order was cancelled/.test(t.event))).toBe(true);
    expect(await succeeded(orderId, 'CAPTURE')).toEqual(['40.00']);
    expect(await succeeded(orderId, 'REFUND')).toEqual(['40.00']);
    expect(await demand(orderId)).toEqual(['cancelled']);
    expect(done.allocations[0]!.state).toBe('cancelled');
  });

  it('an orders/cancelled Shopify does not confirm is recorded and ignored; the order ships', async () => {
    const { orderId } = await placeAtNj(1);
    await h.client.workflow.getHandle(h.workflowId(orderId)).signal(shopifyEventSignal, {
      topic: 'orders/cancelled',
      eventId: 'replayed-header-1',
      webhookId: null,
      triggeredAt: null,
    });
    await h.waitFor(
      orderId,
      (s) =>
        s.timeline.some(
          (t) => t.event === 'Ignored orders/cancelled: Shopify shows the order open (cancelledAt not set)',
        ),
      'the unconfirmed cancel ignored',
    );
    expect((await h.status(orderId))!.stage).toBe('awaiting_shipment');
    expect(await succeeded(orderId, 'REFUND')).toEqual([]);
    await h.shipAllReleased(orderId);
    expect((await h.result(orderId)).stage).toBe('completed');
  });

  it('a Shopify cancel that ends a wait for a person is recorded as Shopify\u2019s, not an operator\u2019s choice', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'TEE', quantity: 10_000 }]);
    await asking(orderId, /No inventory to route/, 'routing asks a person');
    await h.sim.orderAction(orderId, 'cancel');
    const done = await h.result(orderId);
    expect(done.stage).toBe('cancelled');
    expect(done.timeline.some((t) => t.event === 'A Shopify cancel arrived while the order waited for a person')).toBe(
      true,
    );
    expect(done.timeline.some((t) => t.event === 'Operator chose cancel')).toBe(false);
  });

  it('a capture after an unseen Shopify cancel goes to compensation with the real reason', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
    const asked = await h.waitForStage(orderId, 'awaiting_acceptance');
    await h.sim.webhookBehavior({ dropTopics: ['orders/cancelled'] });
    try {
      await h.sim.orderAction(orderId, 'cancel', { refund: false });
    } finally {
      await h.sim.webhookBehavior({ dropTopics: [] });
    }
    await h.acknowledge('bk-store', asked.allocations[0]!.id, 'accepted');
    const done = await h.result(orderId);
    expect(done.stage).toBe('cancelled');
    expect(
      done.timeline.some((t) =>
        /Shopify says the order is cancelled: Shopify cancelled the order at .*nothing is captured/.test(t.event),
      ),
    ).toBe(true);
    expect(done.timeline.some((t) => /capturable/.test(t.event))).toBe(false);
    expect(await succeeded(orderId, 'CAPTURE')).toEqual([]);
    expect((await h.inventory('MUG'))['Brooklyn Store']!.reserved).toBe(0);
    expect(await demand(orderId)).not.toContain('open');
  });

  it('order activities are scheduled with a heartbeat timeout, so a dead worker\u2019s activity is retried in seconds', async () => {
    const { orderId } = await placeAtNj(1);
    const history = await h.client.workflow.getHandle(h.workflowId(orderId)).fetchHistory();
    const scheduled = (history.events ?? [])
      .map((e) => e.activityTaskScheduledEventAttributes)
      .filter((x): x is NonNullable<typeof x> => !!x);
    expect(scheduled.length).toBeGreaterThan(3);
    for (const a of scheduled) {
      const seconds = Number(a.heartbeatTimeout?.seconds ?? 0);
      expect(seconds, `${a.activityType?.name} heartbeat timeout`).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(30);
    }
    await h.shipAllReleased(orderId);
    expect((await h.result(orderId)).stage).toBe('completed');
  });
});
