import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notOrchestrated, readSweepMark, sweepMissedOrders } from '../../src/orders/sweep';
import { SWEEP_TOPIC, type OrderSignal } from '../../src/order/contract';
import { OrderInbox, type OrderIntake } from '../../src/orders/inbox';
import { ORDER_SWEEP_WORKFLOW_TYPE, type OrderSweepInput, type SweepResult } from '../../src/order/sweep-contract';
import { Harness } from '../support/harness';

/** Every order topic the simulator sends: with these dropped, the gateway hears nothing of an order. */
const ORDER_TOPICS = [
  'orders/create',
  'orders/updated',
  'orders/paid',
  'orders/cancelled',
  'order_transactions/create',
  'fulfillments/create',
  'refunds/create',
];

/**
 * Shopify does not guarantee webhook delivery: the sweep lists the orders
 * updated since its last run and starts a workflow for those Temporal does
 * not know, through the real stack (simulator over HTTP, Temporal, PostgreSQL).
 */
describe('orders missed by webhooks: the sweep', () => {
  let h: Harness;
  let run = 0;
  beforeAll(async () => {
    h = await Harness.start('sweep');
  });
  afterAll(async () => {
    await h?.sim.webhookBehavior({ dropTopics: [] }).catch(() => undefined);
    await h?.close();
  });

  const sweep = (input: Partial<OrderSweepInput> = {}) =>
    h.client.workflow.execute<(i: OrderSweepInput) => Promise<SweepResult>>(ORDER_SWEEP_WORKFLOW_TYPE, {
      taskQueue: h.taskQueue,
      workflowId: `sweep-${h.shopDomain}-${++run}`,
      args: [{ shopDomain: h.shopDomain, ...input }],
    });

  /** Whether Temporal has any execution (running or closed) for the order. */
  async function known(orderId: string): Promise<boolean> {
    return (await new OrderInbox(h.client).lifecycle(h.workflowId(orderId))) !== 'none';
  }

  async function runs(orderId: string): Promise<number> {
    let n = 0;
    for await (const _ of h.client.workflow.list({ query: `WorkflowId = '${h.workflowId(orderId)}'` })) n++;
    return n;
  }

  /**
   * Every webhook the simulator emitted has been dropped or answered 2xx by the
   * gateway, which answers only once Temporal holds the event: whatever the
   * webhooks could have started has started.
   */
  async function webhooksSettled() {
    const deadline = Date.now() + 30_000;
    let open: unknown[] = [];
    while (Date.now() < deadline) {
      open = (await h.sim.webhooks()).filter(
        (d: any) => d.status !== 'dropped' && !(typeof d.status === 'number' && d.status < 300),
      );
      if (!open.length) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`webhook deliveries not settled: ${JSON.stringify(open)}`);
  }

  /** The order's workflow has run a workflow task after the last signal it received: the signal is handled. */
  async function signalsHandled(orderId: string) {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const events = (await h.client.workflow.getHandle(h.workflowId(orderId)).fetchHistory()).events ?? [];
      const last = (has: (e: (typeof events)[number]) => boolean) => events.reduce((at, e, i) => (has(e) ? i : at), -1);
      if (
        last((e) => !!e.workflowTaskCompletedEventAttributes) >
        last((e) => !!e.workflowExecutionSignaledEventAttributes)
      )
        return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`signals to ${orderId} not handled within 30 s`);
  }

  const latest = async (ids: string[]) =>
    Math.max(...(await Promise.all(ids.map(async (id) => Date.parse((await h.sim.order(id)).updatedAt)))));

  let delivered: string; // webhooks came: the gateway started it
  let missed: string[] = [];
  let cancelled: string;
  let firstMark: Date;

  it('starts a workflow for each order whose webhooks never came, and only for those', async () => {
    delivered = (await h.placeOrder([{ sku: 'TEE', quantity: 1 }])).orderId;
    await h.waitForStage(delivered, 'awaiting_shipment');

    await h.sim.webhookBehavior({ dropTopics: ORDER_TOPICS });
    missed = [];
    for (const lines of [[{ sku: 'TEE', quantity: 1 }], [{ sku: 'TEE', quantity: 2 }], [{ sku: 'CAP', quantity: 1 }]])
      missed.push((await h.placeOrder(lines)).orderId);
    cancelled = (await h.placeOrder([{ sku: 'TEE', quantity: 1 }])).orderId;
    await h.sim.orderAction(cancelled, 'cancel');

    // The webhooks really were dropped, and nothing else started these orders.
    const dropped = (await h.sim.webhooks()).filter((d: any) => d.status === 'dropped');
    expect(dropped.filter((d: any) => d.topic === 'orders/create')).toHaveLength(4);
    expect(dropped.filter((d: any) => d.topic === 'orders/cancelled')).toHaveLength(1);
    await webhooksSettled();
    for (const id of [...missed, cancelled]) expect(await known(id)).toBe(false);
    expect(await known(delivered)).toBe(true);
    expect(await readSweepMark(h.pool, h.shopDomain)).toBeNull();
    const newestBefore = await latest([delivered, ...missed, cancelled]);

    // Pages of 2: five orders take three pages.
    const r = await sweep({ pageSize: 2 });
    await h.recordWorkflowHistory(`sweep-${h.shopDomain}-${run}`, 'order-sweep');
    expect(r.checked).toBe(5);
    expect([...r.started].sort()).toEqual([...missed].sort());
    expect(r.alreadyKnown).toBe(1); // the delivered one
    expect(r.skipped).toBe(1); // the cancelled one

    // Every missed order runs the normal course, told by the sweep.
    for (const id of missed) {
      const s = await h.waitForStage(id, 'awaiting_shipment');
      expect(s.allocations.every((a) => a.state === 'released_to_ship' && a.captured)).toBe(true);
      expect(s.timeline.filter((t) => t.event === `Shopify ${SWEEP_TOPIC}`)).toHaveLength(1);
      expect(await runs(id)).toBe(1);
    }
    // The cancelled order is not orchestrated; the delivered one was not started again nor signalled.
    expect(await known(cancelled)).toBe(false);
    expect(await runs(delivered)).toBe(1);
    expect((await h.status(delivered))!.timeline.some((t) => t.event === `Shopify ${SWEEP_TOPIC}`)).toBe(false);

    // The mark is the newest update the sweep saw: at least every update before it, at most the newest now.
    const mark = await readSweepMark(h.pool, h.shopDomain);
    expect(mark).not.toBeNull();
    firstMark = mark!;
    expect(firstMark.toISOString()).toBe(r.sweptUntil);
    expect(firstMark.getTime()).toBeGreaterThanOrEqual(newestBefore);
    expect(firstMark.getTime()).toBeLessThanOrEqual(await latest([delivered, ...missed, cancelled]));
  });

  it('a second sweep starts nothing: every order is known, the mark never goes back', async () => {
    const r = await sweep();
    expect(r.started).toEqual([]);
    expect(r.checked).toBe(5); // all were updated within the overlap
    expect(r.alreadyKnown).toBe(4);
    expect(r.skipped).toBe(1);
    for (const id of missed) expect(await runs(id)).toBe(1);
    expect(await known(cancelled)).toBe(false);
    const mark = (await readSweepMark(h.pool, h.shopDomain))!;
    expect(mark.getTime()).toBeGreaterThanOrEqual(firstMark.getTime());
    expect(mark.toISOString()).toBe(r.sweptUntil);
  });

  it('a later sweep picks up an order missed since, and only that one', async () => {
    const late = (await h.placeOrder([{ sku: 'TEE', quantity: 1 }])).orderId;
    await webhooksSettled();
    expect(await known(late)).toBe(false);
    const r = await sweep();
    expect(r.started).toEqual([late]);
    await h.waitForStage(late, 'awaiting_shipment');
    const mark = (await readSweepMark(h.pool, h.shopDomain))!;
    expect(mark.getTime()).toBeGreaterThanOrEqual(Date.parse((await h.sim.order(late)).createdAt));
  });

  it('a repeated sweep event is dropped by the workflow (same order, same update, same event id)', async () => {
    // A sweep racing the gateway: describe saw no workflow, so it signal-with-starts a running order.
    const inbox = new OrderInbox(h.client);
    const blind = {
      lifecycle: async () => 'none' as const,
      start: (o: OrderIntake) => inbox.start(o),
      send: (sig: OrderSignal) => inbox.send(sig),
    };
    const deps = { pool: h.pool, shopify: h.shopify, orders: blind, taskQueue: h.taskQueue };
    const notes = async (id: string) =>
      (await h.status(id))!.timeline.filter((t) => t.event === `Shopify ${SWEEP_TOPIC}`).length;
    const before = await Promise.all(missed.map(notes));
    const first = await sweepMissedOrders(deps, { shopDomain: h.shopDomain });
    expect(first.started).toEqual(expect.arrayContaining(missed));
    for (const id of missed) await signalsHandled(id);
    const afterFirst = await Promise.all(missed.map(notes));
    for (let i = 0; i < missed.length; i++) expect(afterFirst[i]).toBeLessThanOrEqual(before[i]! + 1);
    const second = await sweepMissedOrders(deps, { shopDomain: h.shopDomain });
    expect(second.started).toEqual(expect.arrayContaining(missed));
    for (const id of missed) await signalsHandled(id);
    expect(await Promise.all(missed.map(notes))).toEqual(afterFirst);
    for (const id of missed) expect(await runs(id)).toBe(1);
  });

  it('does not orchestrate point-of-sale, cancelled or fulfilled orders', () => {
    const open = { cancelledAt: null, displayFulfillmentStatus: 'UNFULFILLED', sourceName: 'web' };
    expect(notOrchestrated(open)).toBeNull();
    expect(notOrchestrated({ ...open, sourceName: 'pos' })).toBe('pos');
    expect(notOrchestrated({ ...open, cancelledAt: '2026-01-01T00:00:00Z' })).toBe('cancelled');
    expect(notOrchestrated({ ...open, displayFulfillmentStatus: 'FULFILLED' })).toBe('fulfilled');
    expect(notOrchestrated({ ...open, displayFulfillmentStatus: 'PARTIALLY_FULFILLED' })).toBeNull();
  });

  it('webhook delivery restored: a new order is started by the gateway, not the sweep', async () => {
    await h.sim.webhookBehavior({ dropTopics: [] });
    const { orderId } = await h.placeOrder([{ sku: 'TEE', quantity: 1 }]);
    const s = await h.waitForStage(orderId, 'awaiting_shipment');
    expect(s.timeline.some((t) => t.event === 'Shopify orders/create')).toBe(true);
    const r = await sweep();
    expect(r.started).toEqual([]);
    expect(await runs(orderId)).toBe(1);
  });
});
