import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness';

/** Authorization checks, waiting for payment, risk, and captures that stay exact under faults. */
describe('payment', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start('payment', { orderSettings: { paymentWaitSeconds: 600 } });
  });
  afterAll(async () => h?.close());

  it('captures exactly once when Shopify commits the capture but the response is lost', async () => {
    await h.sim.fault({ kind: 'loseResponse', operationName: 'OrderCapture', count: 1 });
    const { orderId } = await h.placeOrder([{ sku: 'TEE', quantity: 1 }]);
    const s = await h.waitForStage(orderId, 'awaiting_shipment');
    expect(s.allocations[0]!.captured).toBe(true);
    const sim = await h.sim.order(orderId);
    expect(
      sim.transactions.filter((t: any) => t.kind === 'CAPTURE' && t.status === 'SUCCESS').map((t: any) => t.amount),
    ).toEqual(['20.00']);
    // The capture mutation really was sent once and its answer lost (the retry read the ledger instead).
    const captures = (await h.sim.requests()).filter((r: any) => r.operationName === 'OrderCapture');
    expect(captures).toHaveLength(1);
    await h.shipAllReleased(orderId);
    expect((await h.result(orderId)).stage).toBe('completed');
  });

  it('waits for a pending payment and proceeds when it is authorized', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'TEE', quantity: 1 }], { payment: 'pending' });
    const waiting = await h.waitFor(
      orderId,
      (s) => s.timeline.some((t) => t.event.startsWith('Waiting up to')),
      'waiting for payment',
    );
    expect(waiting.stage).toBe('authorizing');
    expect(waiting.allocations).toEqual([]);
    await h.sim.orderAction(orderId, 'authorize');
    await h.waitForStage(orderId, 'awaiting_shipment');
    await h.shipAllReleased(orderId);
    expect((await h.result(orderId)).payment.status).toBe('captured');
  });

  it('parks a high-risk order in attention until an operator accepts the risk', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'TEE', quantity: 1 }], { risk: 'HIGH' });
    const parked = await h.waitFor(orderId, (s) => !!s.attention, 'attention');
    expect(parked.attention!.reason).toMatch(/High fraud risk/);
    expect(parked.attention!.actions).toEqual(['skip', 'cancel']);
    expect(parked.allocations).toEqual([]);
    const listed = [];
    for await (const w of h.client.workflow.list({ query: `NeedsAttention = true AND ShopDomain = '${h.shopDomain}'` }))
      listed.push(w.workflowId);
    expect(listed).toContain(h.workflowId(orderId));

    await h.client.workflow.getHandle(h.workflowId(orderId)).signal('skip', {});
    await h.waitForStage(orderId, 'awaiting_shipment');
    await h.shipAllReleased(orderId);
    expect((await h.result(orderId)).stage).toBe('completed');
    await h.recordHistory(orderId, 'attention-skip');
  });

  it('does not release anything when the capture is declined; retry after the fix ships it', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'TEE', quantity: 1 }], { declineCaptures: true });
    const parked = await h.waitFor(orderId, (s) => !!s.attention, 'attention after decline');
    expect(parked.stage).toBe('capturing');
    expect(parked.attention!.reason).toMatch(/declined/);
    expect(parked.allocations[0]!.state).toBe('accepted');
    expect(parked.holds.map((x) => x.fulfillmentOrderId)).toEqual(parked.allocations[0]!.fulfillmentOrderIds); // still held: nothing ships unpaid
    const sim = await h.sim.order(orderId);
    expect(sim.fulfillmentOrders.every((f: any) => f.status === 'ON_HOLD')).toBe(true);
    // The operator cancels instead: the authorization is voided.
    await h.client.workflow.getHandle(h.workflowId(orderId)).signal('cancel', {}); // as sent from the UI's dialog
    const done = await h.result(orderId);
    expect(done.stage).toBe('cancelled');
    expect(done.cancelReason).toBe('cancelled by an operator');
  });
});
