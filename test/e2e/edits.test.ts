import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness';

/**
 * Order edits end to end: the ops edit over HTTP, made in the simulated
 * Shopify with orderEditBegin ... orderEditCommit, the changed lines routed
 * and their partner (Brooklyn Store, which must accept) asked or told; the
 * capture follows the edited total. Edits made in Shopify that add units are
 * routed the same way.
 */
describe('order edits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start('edits');
  });
  afterAll(() => h?.close());

  const captured = async (orderId: string) =>
    (await h.sim.order(orderId)).transactions
      .filter((t: any) => t.kind === 'CAPTURE' && t.status === 'SUCCESS')
      .map((t: any) => t.amount);

  it('an ops edit adding a unit: made in Shopify once, the unit routed and asked for, the capture follows the new total', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity: 1 }], { authorizedAmount: '40.00' });
    const asked = await h.waitForStage(orderId, 'awaiting_acceptance');
    const reservedBefore = (await h.inventory('MUG'))['Brooklyn Store']!.reserved;
    const res = await h.ops(orderId, 'edit', { add: [{ sku: 'MUG', quantity: 1 }], by: 'ann' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ action: 'edit', accepted: true, editKey: `${h.workflowId(orderId)}:edit-1` });
    const s = await h.waitFor(
      orderId,
      (x) => x.allocations.length === 2 && x.stage === 'awaiting_acceptance',
      'the added unit asked for',
    );
    expect(s.allocations.map((a) => [a.locationName, a.lines.map((l) => `${l.quantity} x ${l.sku}`).join()])).toEqual([
      ['Brooklyn Store', '1 x MUG'],
      ['Brooklyn Store', '1 x MUG'],
    ]);
    expect((await h.inventory('MUG'))['Brooklyn Store']!.reserved).toBe(reservedBefore + 1);
    const sim = await h.sim.order(orderId);
    expect(sim.lineItems.map((l: any) => [l.sku, l.quantity])).toEqual([['MUG', 2]]);
    expect(s.allocations[0]!.id).toBe(asked.allocations[0]!.id);
    for (const a of s.allocations) await h.acknowledge('bk-store', a.id, 'accepted');
    await h.waitForStage(orderId, 'awaiting_shipment');
    expect(await captured(orderId)).toEqual(['15.00', '15.00']);
    await h.recordHistory(orderId, 'ops-edit-add-unit');
  });

  it('a substitution: the old SKU is withdrawn from its partner, the new one routed where it is stocked', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
    const asked = await h.waitForStage(orderId, 'awaiting_acceptance');
    const reservedBefore = (await h.inventory('MUG'))['Brooklyn Store']!.reserved;
    const res = await h.ops(orderId, 'edit', { substitute: [{ line: 'MUG', sku: 'CAP' }] });
    expect(res.status).toBe(200);
    const done = await h.waitForStage(orderId, 'awaiting_shipment');
    expect(
      done.allocations.map((a) => [a.locationName, a.state, a.lines.map((l) => `${l.quantity} x ${l.sku}`).join()]),
    ).toEqual([
      ['Brooklyn Store', 'cancelled', '1 x MUG'],
      ['LA Warehouse', 'released_to_ship', '1 x CAP'],
    ]);
    expect(done.allocations[0]!.id).toBe(asked.allocations[0]!.id);
    const sim = await h.sim.order(orderId);
    expect(sim.lineItems.map((l: any) => l.sku)).toEqual(['MUG', 'CAP']);
    expect(await captured(orderId)).toEqual(['12.00']);
    expect((await h.inventory('MUG'))['Brooklyn Store']!.reserved).toBe(reservedBefore - 1);
  });

  it('refuses an edit that does not fit, with the reason: 400 for a malformed body, 409 for an unknown line or one that empties the order after the capture', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
    await h.waitForStage(orderId, 'awaiting_acceptance');
    const malformed = await h.ops(orderId, 'edit', { set: [{ line: 'MUG', quantity: -1 }] });
    expect(malformed).toMatchObject({ status: 400, body: { error: expect.stringMatching(/set\[0\]\.quantity/) } });
    const unknown = await h.ops(orderId, 'edit', { set: [{ line: 'HAT', quantity: 1 }] });
    expect(unknown).toMatchObject({ status: 409, body: { error: expect.stringMatching(/the order has no line HAT/) } });
    const status = await h.status(orderId);
    await h.acknowledge('bk-store', status!.allocations[0]!.id, 'accepted');
    await h.waitForStage(orderId, 'awaiting_shipment');
    // After the capture an edit is taken for lines that have not shipped (edits-after-capture), but never one that empties the order.
    const late = await h.ops(orderId, 'edit', { set: [{ line: 'MUG', quantity: 0 }] });
    expect(late).toMatchObject({
      status: 409,
      body: { error: expect.stringMatching(/removes every unit; cancel the order/) },
    });
    expect((await h.sim.order(orderId)).lineItems.map((l: any) => l.quantity)).toEqual([1]);
  });

  it('an edit made in Shopify that adds a unit is routed the same way', async () => {
    await h.pool.query(
      `UPDATE inventory i SET on_hand = i.reserved + 10 FROM locations l
        WHERE l.shop_domain = i.shop_domain AND l.id = i.location_id AND i.shop_domain = $1 AND i.sku = 'MUG' AND l.name = 'Brooklyn Store'`,
      [h.shopDomain],
    );
    const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity: 1 }], { authorizedAmount: '40.00' });
    await h.waitForStage(orderId, 'awaiting_acceptance');
    await h.sim.orderAction(orderId, 'edit', { lines: [{ sku: 'MUG', quantity: 2 }] });
    const s = await h.waitFor(
      orderId,
      (x) =>
        x.allocations.reduce(
          (n, a) => n + a.lines.filter((l) => l.sku === 'MUG').reduce((m, l) => m + l.quantity, 0),
          0,
        ) === 2 && x.stage === 'awaiting_acceptance',
      'the added MUG routed',
    );
    expect(s.timeline.some((t) => /Order edit added 1 x MUG/.test(t.event))).toBe(true);
    for (const a of s.allocations.filter((x) => x.state === 'awaiting_acceptance'))
      await h.acknowledge('bk-store', a.id, 'accepted');
    await h.waitForStage(orderId, 'awaiting_shipment');
    const total = (await captured(orderId)).reduce((n: number, x: string) => n + Number(x), 0);
    expect(total.toFixed(2)).toBe('30.00'); // 2 x 15
    await h.recordHistory(orderId, 'shopify-edit-adds-unit');
  });
});
