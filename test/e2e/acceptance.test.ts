import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness';

/** Brooklyn Store must accept within its window; refusal or silence reroutes elsewhere. */
describe('partner acceptance', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start('acceptance', { brooklynWindowSeconds: 3 });
  });
  afterAll(async () => h?.close());

  // MUG is stocked at Brooklyn (nearest with MUG) and LA; TEE everywhere.
  const order = () => h.placeOrder([{ sku: 'MUG', quantity: 1 }]);

  it('reroutes to the next location when the partner rejects, releasing the reservation', async () => {
    const { orderId } = await order();
    const waiting = await h.waitForStage(orderId, 'awaiting_acceptance');
    const first = waiting.allocations[0]!;
    expect(first).toMatchObject({ locationName: 'Brooklyn Store', state: 'awaiting_acceptance' });
    expect((await h.inventory('MUG'))['Brooklyn Store']!.reserved).toBe(1);

    await h.acknowledge('bk-store', first.id, 'rejected', 'damaged stock');
    const rerouted = await h.waitForStage(orderId, 'awaiting_shipment');
    expect(rerouted.allocations.map((a) => [a.locationName, a.state])).toEqual([
      ['Brooklyn Store', 'rejected'],
      ['LA Warehouse', 'released_to_ship'],
    ]);
    expect(rerouted.allocations[0]!.rejectionReason).toBe('damaged stock');
    expect((await h.inventory('MUG'))['Brooklyn Store']!.reserved).toBe(0);
    expect((await h.inventory('MUG'))['LA Warehouse']!.reserved).toBe(1);
    // Shopify follows: the line now sits in a fulfillment order at LA.
    const sim = await h.sim.order(orderId);
    const open = sim.fulfillmentOrders.filter((f: any) => f.status === 'OPEN');
    expect(open).toHaveLength(1);
    expect(open[0].assignedLocation?.name ?? open[0].locationName ?? JSON.stringify(open[0])).toContain('LA Warehouse');
    await h.shipAllReleased(orderId);
    expect((await h.result(orderId)).stage).toBe('completed');
    await h.recordHistory(orderId, 'reroute-after-rejection');
  });

  it('reroutes when the partner does not answer within its window', async () => {
    const { orderId } = await order();
    await h.waitForStage(orderId, 'awaiting_acceptance');
    const rerouted = await h.waitForStage(orderId, 'awaiting_shipment', 30_000);
    expect(rerouted.allocations[0]).toMatchObject({
      locationName: 'Brooklyn Store',
      state: 'rejected',
      rejectionReason: 'no answer within 3s',
    });
    expect(rerouted.allocations[1]).toMatchObject({ locationName: 'LA Warehouse' });
    await h.shipAllReleased(orderId);
    expect((await h.result(orderId)).stage).toBe('completed');
    await h.recordHistory(orderId, 'reroute-after-timeout');
  });

  it('proceeds at once when the partner accepts, and ignores a late answer', async () => {
    const { orderId } = await order();
    const waiting = await h.waitForStage(orderId, 'awaiting_acceptance');
    const id = waiting.allocations[0]!.id;
    await h.acknowledge('bk-store', id, 'accepted');
    await h.waitForStage(orderId, 'awaiting_shipment');
    await h.acknowledge('bk-store', id, 'rejected', 'changed my mind');
    const s = await h.waitFor(
      orderId,
      (x) => x.timeline.some((t) => t.event.startsWith('Late rejected')),
      'late answer recorded',
    );
    expect(s.allocations[0]!.state).toBe('released_to_ship');
    await h.shipAllReleased(orderId);
    expect((await h.result(orderId)).allocations[0]!.locationName).toBe('Brooklyn Store');
  });

  it('refuses partner calls with a bad token or for another partner', async () => {
    const { orderId } = await order();
    const waiting = await h.waitForStage(orderId, 'awaiting_acceptance');
    const id = waiting.allocations[0]!.id;
    expect(
      (await h.partnerPost('bk-store', 'acknowledgments', { allocationId: id, decision: 'accepted' }, 'wrong')).status,
    ).toBe(401);
    expect((await h.partnerPost('la-wh', 'acknowledgments', { allocationId: id, decision: 'accepted' })).status).toBe(
      403,
    );
    const bad = await h.partnerPost('bk-store', 'acknowledgments', { allocationId: id, decision: 'maybe' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('decision');
    await h.acknowledge('bk-store', id, 'accepted');
    await h.shipAllReleased(orderId);
    expect((await h.result(orderId)).stage).toBe('completed');
  });
});
