import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOLD_HANDLE } from '../../src/order/types';
import { Harness } from '../support/harness';

/** Cancel before shipment at different stages: every compensation is visible in Shopify and PostgreSQL. */
describe('cancellation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start('cancellation', { orderSettings: { paymentWaitSeconds: 600 } });
  });
  afterAll(async () => h?.close());

  it('while authorizing (payment pending): cancelled in Shopify, nothing reserved, nothing to void', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'TEE', quantity: 1 }], { payment: 'pending' });
    await h.waitFor(
      orderId,
      (s) => s.stage === 'authorizing' && s.timeline.some((t) => t.event.startsWith('Waiting up to')),
      'waiting for payment',
    );
    await h.sim.orderAction(orderId, 'cancel');
    const done = await h.result(orderId);
    expect(done.stage).toBe('cancelled');
    expect(done.allocations).toEqual([]);
    const sim = await h.sim.order(orderId);
    expect(sim.cancelledAt).toBeTruthy();
    // Shopify closes the fulfillment orders of a cancelled order; none is left open or held for shipping.
    expect(sim.fulfillmentOrders.map((f: any) => f.status)).toEqual(['CANCELLED']);
    expect(
      sim.fulfillmentOrders.filter(
        (f: any) => f.status !== 'CANCELLED' && f.holds.some((x: any) => x.handle === HOLD_HANDLE),
      ),
    ).toEqual([]);
  });

  it('while awaiting acceptance: reservation released, authorization voided (ops cancel through the workflow)', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
    await h.waitForStage(orderId, 'awaiting_acceptance');
    expect((await h.inventory('MUG'))['Brooklyn Store']!.reserved).toBe(1);
    await h.client.workflow.getHandle(h.workflowId(orderId)).signal('cancel', { reason: 'customer called' });
    const done = await h.result(orderId);
    expect(done.stage).toBe('cancelled');
    expect(done.allocations[0]!.state).toBe('cancelled');
    expect((await h.inventory('MUG'))['Brooklyn Store']!.reserved).toBe(0);
    const sim = await h.sim.order(orderId);
    expect(sim.cancelledAt).toBeTruthy(); // ops cancel cancels in Shopify too
    const kinds = sim.transactions.filter((t: any) => t.status === 'SUCCESS').map((t: any) => t.kind);
    expect(kinds).toContain('VOID');
    expect(kinds).not.toContain('CAPTURE');
  });

  it('after capture, before shipment: the captured amount is refunded once', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'TEE', quantity: 2 }]);
    await h.waitForStage(orderId, 'awaiting_shipment');
    await h.sim.orderAction(orderId, 'cancel');
    const done = await h.result(orderId);
    expect(done.stage).toBe('cancelled');
    expect((await h.inventory('TEE'))['NJ Warehouse']!.reserved).toBe(0);
    const sim = await h.sim.order(orderId);
    const ok = sim.transactions.filter((t: any) => t.status === 'SUCCESS');
    expect(ok.filter((t: any) => t.kind === 'CAPTURE').map((t: any) => t.amount)).toEqual(['40.00']);
    expect(ok.filter((t: any) => t.kind === 'REFUND').map((t: any) => t.amount)).toEqual(['40.00']);
    // A ship notice after the cancel changes nothing.
    const res = await h.partnerPost('nj-wh', 'shipments', {
      allocationId: done.allocations[0]!.id,
      tracking: { number: 'LATE1' },
    });
    expect(res.status).not.toBe(500);
    expect((await h.sim.order(orderId)).fulfillments).toEqual([]);
    await h.recordHistory(orderId, 'cancel-after-capture');
  });
});
