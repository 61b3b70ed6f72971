import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness';

/**
 * Cancel after a partial shipment, against the simulator: an order split over
 * NJ Warehouse (LAST, 30.00) and LA Warehouse (CAP, 12.00) with 4.20 shipping;
 * the capture plan takes 33.00 and 13.20. NJ ships, then an operator cancels:
 * Shopify refunds exactly the CAP's 13.20 once (even when the refund's
 * response is lost), its fulfillment order is no longer open, the engine's
 * reservation of the CAP is released and the LAST stays off hand.
 */
describe('cancel after a partial shipment', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start('partial-cancel', { stockMultiplier: 5 });
  });
  afterAll(async () => h?.close());

  const succeeded = async (orderId: string, kind: string) =>
    (await h.sim.order(orderId)).transactions.filter((t: any) => t.status === 'SUCCESS' && t.kind === kind);

  /** The split order with NJ's allocation shipped; the LA one released to ship. */
  async function shippedInPart() {
    const before = {
      cap: (await h.inventory('CAP'))['LA Warehouse']!,
      last: (await h.inventory('LAST'))['NJ Warehouse']!,
    };
    const { orderId } = await h.placeOrder(
      [
        { sku: 'LAST', quantity: 1 },
        { sku: 'CAP', quantity: 1 },
      ],
      { shippingPrice: '4.20' },
    );
    const routed = await h.waitForStage(orderId, 'awaiting_shipment');
    const nj = routed.allocations.find((a) => a.locationName === 'NJ Warehouse')!;
    const la = routed.allocations.find((a) => a.locationName === 'LA Warehouse')!;
    expect([nj.captureAmount, la.captureAmount]).toEqual(['33.00', '13.20']);
    expect((await succeeded(orderId, 'CAPTURE')).map((t: any) => t.amount).sort()).toEqual(['13.20', '33.00']);
    await h.ship('nj-wh', nj.id, '1ZLASTPART');
    await h.waitFor(orderId, (s) => s.allocations.find((a) => a.id === nj.id)!.state === 'shipped', 'NJ shipped');
    expect((await h.inventory('CAP'))['LA Warehouse']).toEqual({ ...before.cap, reserved: before.cap.reserved + 1 });
    return { orderId, nj, la, before };
  }

  async function expectRemainderCancelled(orderId: string, la: { id: string }, before: any) {
    const done = await h.result(orderId);
    expect(done.stage).toBe('completed');
    expect(done.allocations.find((a) => a.id === la.id)!.state).toBe('cancelled');
    expect(done.cancelledRemainder).toMatchObject({ lines: [{ sku: 'CAP', quantity: 1 }], refunded: '13.20' });

    const sim = await h.sim.order(orderId);
    const refunds = sim.transactions.filter((t: any) => t.status === 'SUCCESS' && t.kind === 'REFUND');
    expect(refunds.map((t: any) => t.amount)).toEqual(['13.20']);
    const capture = sim.transactions.find((t: any) => t.id === refunds[0].parentId);
    expect(capture).toMatchObject({ kind: 'CAPTURE', amount: '13.20' });
    expect(sim.cancelledAt).toBeNull(); // Shopify keeps a fulfilled order; nothing asked it to cancel the whole
    expect(sim.fulfillments).toHaveLength(1);
    const byLocation = Object.fromEntries(sim.fulfillmentOrders.map((f: any) => [f.locationName, f.status]));
    expect(byLocation).toEqual({ 'NJ Warehouse': 'CLOSED', 'LA Warehouse': 'CLOSED' });

    // The CAP's reservation is released; the LAST that shipped stays off hand.
    expect((await h.inventory('CAP'))['LA Warehouse']).toEqual(before.cap);
    expect((await h.inventory('LAST'))['NJ Warehouse']).toEqual({ ...before.last, onHand: before.last.onHand - 1 });
    const described = await h.client.workflow.getHandle(h.workflowId(orderId)).describe();
    expect(described.searchAttributes.OrderStage).toEqual(['completed']);
    return done;
  }

  it('an operator cancel after one location shipped: the other is withdrawn and exactly its share refunded', async () => {
    const { orderId, la, before } = await shippedInPart();
    const res = await h.ops(orderId, 'cancel', { reason: 'customer changed mind', by: 'ann' });
    expect(res.status).toBe(200);
    const done = await expectRemainderCancelled(orderId, la, before);
    expect(done.timeline.some((t) => t.event === 'Refunded 13.20 USD for what did not ship')).toBe(true);
    await h.recordHistory(orderId, 'partial-cancel');
  });

  it('a refund whose response is lost is not made twice', async () => {
    const { orderId, la, before } = await shippedInPart();
    const sent = async () => (await h.sim.requests()).filter((r: any) => r.operationName === 'RefundCreate').length;
    const refundsBefore = await sent();
    await h.sim.fault({ kind: 'loseResponse', operationName: 'RefundCreate', count: 1 });
    expect((await h.ops(orderId, 'cancel', { reason: 'customer changed mind' })).status).toBe(200);
    await expectRemainderCancelled(orderId, la, before);
    // Sent once, its answer lost: the retry read Shopify (refund made, units cancelled) and sent nothing more.
    expect((await sent()) - refundsBefore).toBe(1);
  });
});
