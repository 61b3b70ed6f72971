import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/shopify/documents';
import { Harness } from '../support/harness';

/**
 * Edits after the capture, against the simulator: the order is captured and
 * waits for its partner's ship notice. An ops edit taking a unit off is made
 * in Shopify once, the partner hears what is left (a signed JSON message), the
 * reservation shrinks and exactly what was captured beyond the new total is
 * refunded once (even with the refund's response lost); a unit added is
 * routed, paid for before it ships (the authorization is closed by the final
 * capture, so the saved card is charged) and shipped; an edit naming a line
 * that shipped is refused with the reason.
 */
describe('order edits after the capture', () => {
  const inbox: { type: string; allocationId: string; lines: { sku: string; quantity: number }[] }[] = [];
  let receiver: Server;
  let h: Harness;
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        inbox.push(JSON.parse(raw));
        res.statusCode = 202;
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    h = await Harness.start('edits-after-capture', { stockMultiplier: 5, partnerOutboundUrl: `${base}/partner` });
  });
  afterAll(async () => {
    await h?.close();
    receiver?.close();
  });

  const money = async (orderId: string, kind: string) =>
    (await h.sim.order(orderId)).transactions
      .filter((t: any) => t.status === 'SUCCESS' && t.kind === kind)
      .map((t: any) => t.amount);
  const sent = async (operationName: string) =>
    (await h.sim.requests()).filter((r: any) => r.operationName === operationName).length;
  const linesInShopify = async (orderGid: string) => {
    const data = await h.shopify.request('OrderEditState', D.ORDER_EDIT_STATE, { id: orderGid });
    return data.order!.lineItems.nodes.map((l) => [l.sku, l.currentQuantity]);
  };

  it('an edit taking a unit off: made once in Shopify, the partner told, exactly its value refunded once, the rest ships', async () => {
    const before = (await h.inventory('TEE'))['NJ Warehouse']!;
    const { orderId, orderGid } = await h.placeOrder([{ sku: 'TEE', quantity: 2 }]);
    const waiting = await h.waitForStage(orderId, 'awaiting_shipment');
    const nj = waiting.allocations[0]!;
    expect([nj.locationName, nj.state]).toEqual(['NJ Warehouse', 'released_to_ship']);
    expect(await money(orderId, 'CAPTURE')).toEqual(['40.00']);
    const commits = await sent('OrderEditCommit');
    const refunds = await sent('RefundCreate');
    await h.sim.fault({ kind: 'loseResponse', operationName: 'RefundCreate', count: 1 });

    const res = await h.ops(orderId, 'edit', { set: [{ line: 'TEE', quantity: 1 }], by: 'ann' });
    expect(res).toMatchObject({ status: 200, body: { accepted: true, editKey: `${h.workflowId(orderId)}:edit-1` } });
    const edited = await h.waitFor(
      orderId,
      (s) => s.timeline.some((t) => /^Refunded 20\.00 USD captured beyond the new total/.test(t.event)),
      'the refund beyond the new total',
    );
    expect(
      edited.allocations.map((a) => [a.id, a.state, a.lines.map((l) => `${l.quantity} x ${l.sku}`).join()]),
    ).toEqual([[nj.id, 'released_to_ship', '1 x TEE']]);
    expect(await linesInShopify(orderGid)).toEqual([['TEE', 1]]);
    expect((await sent('OrderEditCommit')) - commits).toBe(1);
    // The refund's answer was lost: the retry read Shopify, found it made, and sent nothing more.
    expect((await sent('RefundCreate')) - refunds).toBe(1);
    expect(await money(orderId, 'REFUND')).toEqual(['20.00']);
    expect(inbox.filter((m) => m.allocationId === nj.id && m.type === 'allocation.changed')).toMatchObject([
      { lines: [{ sku: 'TEE', quantity: 1 }] },
    ]);
    expect((await h.inventory('TEE'))['NJ Warehouse']).toEqual({ ...before, reserved: before.reserved + 1 });

    await h.ship('nj-wh', nj.id, '1ZEDITREST');
    const done = await h.result(orderId);
    expect(done.stage).toBe('completed');
    const sim = await h.sim.order(orderId);
    expect(sim.fulfillments.flatMap((f: any) => f.lines.map((l: any) => l.quantity))).toEqual([1]);
    expect(await money(orderId, 'REFUND')).toEqual(['20.00']);
    expect((await h.inventory('TEE'))['NJ Warehouse']).toEqual({ ...before, onHand: before.onHand - 1 });
    await h.recordHistory(orderId, 'edit-after-capture');
  });

  it('an edit adding a unit: routed, paid for before it ships (the saved card, the authorization being closed), shipped', async () => {
    const { orderId, orderGid } = await h.placeOrder([{ sku: 'TEE', quantity: 1 }]);
    const waiting = await h.waitForStage(orderId, 'awaiting_shipment');
    expect(await money(orderId, 'CAPTURE')).toEqual(['20.00']);
    const res = await h.ops(orderId, 'edit', { add: [{ sku: 'TEE', quantity: 1 }] });
    expect(res.status).toBe(200);
    const s = await h.waitFor(
      orderId,
      (x) =>
        x.stage === 'awaiting_shipment' && x.allocations.filter((a) => a.state === 'released_to_ship').length === 2,
      'the added unit released to ship',
    );
    const added = s.allocations.find((a) => a.id !== waiting.allocations[0]!.id)!;
    expect([added.locationName, added.captured, added.lines.map((l) => `${l.quantity} x ${l.sku}`).join()]).toEqual([
      'NJ Warehouse',
      true,
      '1 x TEE',
    ]);
    expect(await linesInShopify(orderGid)).toEqual([['TEE', 2]]);
    expect(await money(orderId, 'CAPTURE')).toEqual(['20.00']);
    expect(await money(orderId, 'SALE')).toEqual(['20.00']);
    expect(s.timeline.some((t) => /^Charged 20\.00 USD to the saved card for edit/.test(t.event))).toBe(true);
    await h.shipAllReleased(orderId);
    const done = await h.result(orderId);
    expect(done.stage).toBe('completed');
    // Both allocations are at NJ Warehouse: its fulfillment orders there ship the two units (one fulfillment or two).
    const fulfilled = (await h.sim.order(orderId)).fulfillments.flatMap((f: any) =>
      f.lines.map((l: any) => l.quantity),
    );
    expect(fulfilled.reduce((n: number, q: number) => n + q, 0)).toBe(2);
    expect(await money(orderId, 'REFUND')).toEqual([]);
  });

  it('an edit naming a line that shipped is refused with the reason; one on a line still to ship is made', async () => {
    const { orderId } = await h.placeOrder([
      { sku: 'LAST', quantity: 1 },
      { sku: 'CAP', quantity: 1 },
    ]);
    const routed = await h.waitForStage(orderId, 'awaiting_shipment');
    const nj = routed.allocations.find((a) => a.locationName === 'NJ Warehouse')!;
    const la = routed.allocations.find((a) => a.locationName === 'LA Warehouse')!;
    await h.ship('nj-wh', nj.id, '1ZLASTSHIPPED');
    await h.waitFor(orderId, (s) => s.allocations.find((a) => a.id === nj.id)!.state === 'shipped', 'NJ shipped');
    const refused = await h.ops(orderId, 'edit', { set: [{ line: 'LAST', quantity: 0 }] });
    expect(refused).toMatchObject({
      status: 409,
      body: { error: expect.stringMatching(/line LAST has shipped 1 unit/) },
    });

    const res = await h.ops(orderId, 'edit', { set: [{ line: 'CAP', quantity: 0 }], by: 'ann' });
    expect(res.status).toBe(200);
    const done = await h.result(orderId);
    expect(done.stage).toBe('completed');
    expect(done.allocations.map((a) => [a.id, a.state])).toEqual([
      [nj.id, 'shipped'],
      [la.id, 'cancelled'],
    ]);
    expect(await money(orderId, 'REFUND')).toEqual(['12.00']);
    expect(inbox.some((m) => m.allocationId === la.id && m.type === 'allocation.cancelled')).toBe(true);
  });
});
