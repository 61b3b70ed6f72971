import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness';
import { ReturnsDriver } from '../support/returns';
import { returnRequestWorkflowId } from '../../src/returns/contract';
import { RETURN_FOR_ENGINE, REVERSE_FULFILLMENT_ORDER_DISPOSE } from '../../src/shopify/documents';

/**
 * Returns through the real stack: the customer asks in Shopify (the
 * simulator sends returns/request), the gateway starts the return's workflow,
 * the partner reports what arrived, Shopify is told (dispositions, refund),
 * and the engine's ledger takes back what can be sold again.
 */

const refundsOf = (sim: any) =>
  sim.transactions.filter((t: any) => t.kind === 'REFUND' && t.status === 'SUCCESS').map((t: any) => t.amount);

async function shippedOrder(h: Harness, lines: { sku: string; quantity: number }[]) {
  const o = await h.placeOrder(lines);
  await h.shipAllReleased(o.orderId);
  expect((await h.result(o.orderId)).stage).toBe('completed');
  return o;
}

describe('returns by policy', () => {
  let h: Harness;
  let r: ReturnsDriver;
  beforeAll(async () => {
    h = await Harness.start('returns');
    r = new ReturnsDriver(h);
  });
  afterAll(async () => h?.close());

  it('requested, approved, received in two parts (one restocked, one damaged), refunded exactly once each', async () => {
    const o = await shippedOrder(h, [{ sku: 'TEE', quantity: 2 }]);
    expect((await h.inventory('TEE'))['NJ Warehouse']).toEqual({ onHand: 8, reserved: 0 });
    const asked = await r.request(o.orderId, [{ sku: 'TEE', quantity: 2, reason: 'SIZE_TOO_SMALL' }]);
    const returnId: string = asked.legacyResourceId;

    // Approved by policy (within the window), sent to the nearest location that takes returns, its partner told.
    const open = await r.waitFor(returnId, (s) => s.stage === 'awaiting_parcel', 'awaiting the parcel');
    expect(open.shopifyStatus).toBe('OPEN');
    expect(open.destination).toMatchObject({ locationName: 'NJ Warehouse', partnerId: h.partnerId('nj-wh') });
    expect(open.lines).toEqual([
      expect.objectContaining({ sku: 'TEE', quantity: 2, reason: 'SIZE_TOO_SMALL', received: 0 }),
    ]);
    const line = open.lines[0]!.returnLineItemId;

    // The first refund's answer is lost: the retry must not refund twice.
    await h.sim.fault({ kind: 'loseResponse', operationName: 'ReturnProcess', remaining: 1 });
    const first = await r.receipt('nj-wh', returnId, {
      receiptId: 'RCPT-1',
      lines: [{ returnLineItemId: line, quantity: 1, condition: 'sellable' }],
    });
    expect(first.status).toBe(202);
    const afterFirst = await r.waitFor(
      returnId,
      (s) => s.refunded === '20.00' && s.lines[0]!.restocked === 1,
      'the first unit refunded and restocked',
    );
    expect(afterFirst.stage).toBe('receiving');
    expect(refundsOf(await h.sim.order(o.orderId))).toEqual(['20.00']);
    // Back on hand in the engine at the location that received it (Shopify's level moved with the disposition).
    expect((await h.inventory('TEE'))['NJ Warehouse']).toEqual({ onHand: 9, reserved: 0 });
    const { rows } = await h.pool.query(
      `SELECT reason, location_id, quantity FROM inventory_adjustments WHERE shop_domain = $1 AND reference = $2`,
      [h.shopDomain, `gid://shopify/Return/${returnId}`],
    );
    expect(rows).toEqual([expect.objectContaining({ reason: 'return_restock', quantity: 1 })]);

    // The same receipt again changes nothing.
    expect(
      (
        await r.receipt('nj-wh', returnId, {
          receiptId: 'RCPT-1',
          lines: [{ returnLineItemId: line, quantity: 1, condition: 'sellable' }],
        })
      ).status,
    ).toBe(202);

    // The second unit arrives damaged: refunded, not restocked; everything accounted for closes the return.
    await r.receipt('nj-wh', returnId, {
      receiptId: 'RCPT-2',
      lines: [{ returnLineItemId: line, quantity: 1, condition: 'damaged' }],
    });
    const done = await r.result(returnId);
    expect(done.stage).toBe('closed');
    expect(done.refunded).toBe('40.00');
    expect(done.lines[0]).toMatchObject({ received: 2, restocked: 1, notRestocked: 1 });
    expect(refundsOf(await h.sim.order(o.orderId))).toEqual(['20.00', '20.00']);
    expect((await h.inventory('TEE'))['NJ Warehouse']).toEqual({ onHand: 9, reserved: 0 });
    const [shopify] = await r.inShopify(o.orderId);
    expect(shopify.status).toBe('CLOSED');

    // The order's status lists its return after its own workflow has ended.
    const res = await fetch(`${h.gatewayUrl}/orders/${o.orderId}`, {
      headers: { authorization: `Bearer ${h.opsToken}` },
    });
    const status = (await res.json()) as any;
    expect(status.returns).toEqual([expect.objectContaining({ returnId, stage: 'closed', refunded: '40.00' })]);
    await h.recordWorkflowHistory(r.workflowId(returnId), 'return-two-receipts');
  });

  it("staff's disposition in Shopify reaches the return it belongs to, not the order's other return", async () => {
    const o = await shippedOrder(h, [{ sku: 'TEE', quantity: 2 }]);
    const a: string = (await r.request(o.orderId, [{ sku: 'TEE', quantity: 1 }])).legacyResourceId;
    const openA = await r.waitFor(a, (s) => s.stage === 'awaiting_parcel', 'return A awaiting the parcel');
    const b: string = (await r.request(o.orderId, [{ sku: 'TEE', quantity: 1 }])).legacyResourceId;
    await r.waitFor(b, (s) => s.stage === 'awaiting_parcel', 'return B awaiting the parcel');
    // The workflows recorded which reverse fulfillment orders are theirs when they read their returns.
    const { rows } = await h.pool.query(
      `SELECT return_id, reverse_fulfillment_order_id FROM return_reverse_fulfillment_orders WHERE shop_domain = $1 AND return_id IN ($2, $3)`,
      [h.shopDomain, a, b],
    );
    expect(rows.map((x) => x.return_id).sort()).toEqual([a, b].sort());
    const onHand = (await h.inventory('TEE'))['NJ Warehouse']!.onHand;

    // Staff restock return A's unit in Shopify's admin: Shopify sends reverse_fulfillment_orders/dispose
    // naming the reverse fulfillment order alone.
    const read = await h.shopify.request('ReturnForEngine', RETURN_FOR_ENGINE, { id: `gid://shopify/Return/${a}` });
    const rfoLine = read.return!.reverseFulfillmentOrders.nodes[0]!.lineItems.nodes[0]!.id;
    const disposed = await h.shopify.mutate(
      'ReverseFulfillmentOrderDispose',
      'reverseFulfillmentOrderDispose',
      REVERSE_FULFILLMENT_ORDER_DISPOSE,
      {
        dispositionInputs: [
          {
            reverseFulfillmentOrderLineItemId: rfoLine,
            dispositionType: 'RESTOCKED',
            quantity: 1,
            locationId: openA.destination!.locationId,
          },
        ],
      },
    );
    expect(disposed.reverseFulfillmentOrderDispose?.userErrors).toEqual([]);
    const heard = await r.waitFor(a, (s) => s.lines[0]!.restocked === 1, "return A read staff's disposition");
    expect(heard.timeline.map((t) => t.message)).toContain('Shopify: reverse_fulfillment_orders/dispose');
    expect((await h.inventory('TEE'))['NJ Warehouse']!.onHand).toBe(onHand + 1);
    const other = await r.status(b);
    expect(other!.timeline.map((t) => t.message)).not.toContain('Shopify: reverse_fulfillment_orders/dispose');
    expect(other!.lines[0]!.restocked).toBe(0);
  });

  it("a partner cannot report another partner's return, nor a return the engine does not handle", async () => {
    const o = await shippedOrder(h, [{ sku: 'TEE', quantity: 1 }]);
    const asked = await r.request(o.orderId, [{ sku: 'TEE', quantity: 1 }]);
    const returnId: string = asked.legacyResourceId;
    const open = await r.waitFor(returnId, (s) => s.stage === 'awaiting_parcel', 'awaiting the parcel');
    const lines = [{ returnLineItemId: open.lines[0]!.returnLineItemId, quantity: 1, condition: 'sellable' }];
    expect((await r.receipt('la-wh', returnId, { receiptId: 'X', lines })).status).toBe(403);
    expect((await r.receipt('nj-wh', '999999999', { receiptId: 'X', lines })).status).toBe(404);
    const bad = await r.receipt('nj-wh', returnId, { receiptId: 'X', lines: [{ ...lines[0], condition: 'lovely' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/lines\.0\.condition/);
    // Staff close it in Shopify's admin: the workflow reads that and ends.
    await h.shopify.mutate(
      'ReturnClose',
      'returnClose',
      `mutation ReturnClose($id: ID!) { returnClose(id: $id) { return { id status } userErrors { field message code } } }`,
      {
        id: `gid://shopify/Return/${returnId}`,
      },
    );
    expect((await r.result(returnId)).stage).toBe('closed');
  });

  it('a call-centre return (POST /returns) is created once per request id, and over-asking is refused naming the line', async () => {
    const o = await shippedOrder(h, [{ sku: 'TEE', quantity: 2 }]);
    const body = {
      requestId: `cc-${o.orderId}`,
      orderId: o.orderId,
      lines: [{ sku: 'TEE', quantity: 1, reason: 'DEFECTIVE' }],
    };
    const made = await r.create(body);
    expect(made.status).toBe(201);
    const again = await r.create(body);
    expect(again.status).toBe(200);
    expect(again.body.returnId).toBe(made.body.returnId);
    await h.recordWorkflowHistory(returnRequestWorkflowId(h.shopDomain, body.requestId), 'return-request');
    expect(await r.inShopify(o.orderId)).toHaveLength(1);
    const s = await r.waitFor(made.body.returnId, (x) => x.stage === 'awaiting_parcel', 'awaiting the parcel');
    expect(s.lines[0]).toMatchObject({ sku: 'TEE', quantity: 1, reason: 'DEFECTIVE' });

    const over = await r.create({ ...body, requestId: `cc2-${o.orderId}`, lines: [{ sku: 'TEE', quantity: 2 }] });
    expect(over.status).toBe(422);
    expect(JSON.stringify(over.body)).toMatch(/lines\.0\.quantity: only 1 of 2 units/);
    const malformed = await r.create({ requestId: 'x', orderId: o.orderId, lines: [{ quantity: 1 }] });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toMatch(/sku or lineItemId/);
  });
});

describe('returns a person decides, and parcels that never come', () => {
  let h: Harness;
  let r: ReturnsDriver;
  beforeAll(async () => {
    // Windows of a couple of seconds (policy days may be fractional).
    h = await Harness.start('returns-person', {
      returnPolicy: { approval: 'person', receiptWindowDays: 2 / 86_400, attentionAfterDays: 2 / 86_400 },
    });
    r = new ReturnsDriver(h);
  });
  afterAll(async () => h?.close());

  it('a declined request: a person is asked, declines with a reason, and approve is then refused', async () => {
    const o = await shippedOrder(h, [{ sku: 'TEE', quantity: 1 }]);
    const returnId: string = (await r.request(o.orderId, [{ sku: 'TEE', quantity: 1 }])).legacyResourceId;
    const asked = await r.waitFor(returnId, (s) => s.attention !== null, 'a person asked');
    expect(asked.stage).toBe('awaiting_decision');
    expect(asked.attention?.actions).toEqual(['approve', 'decline']);
    expect((await r.act(returnId, 'extend', { days: 3 })).status).toBe(409);
    const declined = await r.act(returnId, 'decline', { declineReason: 'FINAL_SALE', by: 'sam' });
    expect(declined.status).toBe(200);
    const done = await r.result(returnId);
    expect(done.stage).toBe('declined');
    expect(done.refunded).toBe('0.00');
    const [shopify] = await r.inShopify(o.orderId);
    expect(shopify).toMatchObject({ status: 'DECLINED', decline: { reason: 'FINAL_SALE' } });
    await h.recordWorkflowHistory(r.workflowId(returnId), 'return-declined');
  });

  it('a parcel that never arrives: a reminder, then a person, who closes it without a refund', async () => {
    const o = await shippedOrder(h, [{ sku: 'TEE', quantity: 1 }]);
    const returnId: string = (await r.request(o.orderId, [{ sku: 'TEE', quantity: 1 }])).legacyResourceId;
    await r.waitFor(returnId, (s) => s.attention !== null, 'a person asked to approve');
    expect((await r.act(returnId, 'approve', { by: 'sam' })).status).toBe(200);
    const overdue = await r.waitFor(
      returnId,
      (s) => s.attention?.actions.includes('refund_now') ?? false,
      'a person asked about the missing parcel',
    );
    expect(overdue.timeline.map((t) => t.message).join('\n')).toMatch(/Reminder: the parcel has not arrived/);
    expect(overdue.attention?.actions).toEqual(['extend', 'refund_now', 'close']);
    expect((await r.act(returnId, 'close', { by: 'sam' })).status).toBe(200);
    const done = await r.result(returnId);
    expect(done.stage).toBe('closed');
    expect(refundsOf(await h.sim.order(o.orderId))).toEqual([]);
  });

  it('duplicated webhooks and a worker restart mid-return: one refund, the return finishes', async () => {
    const o = await shippedOrder(h, [{ sku: 'TEE', quantity: 1 }]);
    await h.sim.webhookBehavior({ duplicate: 2 });
    const returnId: string = (await r.request(o.orderId, [{ sku: 'TEE', quantity: 1 }])).legacyResourceId;
    await r.waitFor(returnId, (s) => s.attention !== null, 'a person asked to approve');
    await r.act(returnId, 'approve');
    const open = await r.waitFor(returnId, (s) => s.stage === 'awaiting_parcel', 'awaiting the parcel');
    await h.stopWorker();
    expect(open.destination?.partnerId).toBe(h.partnerId('nj-wh'));
    const lines = [{ returnLineItemId: open.lines[0]!.returnLineItemId, quantity: 1, condition: 'sellable' }];
    // Signalled while no worker runs: durable, handled once the worker is back.
    expect((await r.receipt('nj-wh', returnId, { receiptId: 'M-1', lines })).status).toBe(202);
    await h.startWorker();
    await r.waitFor(returnId, (x) => x.stage === 'closed', 'the return closed');
    const done = await r.result(returnId);
    await h.sim.webhookBehavior({ duplicate: 0 });
    expect(done.stage).toBe('closed');
    expect(refundsOf(await h.sim.order(o.orderId))).toEqual(['20.00']);
  });
});
