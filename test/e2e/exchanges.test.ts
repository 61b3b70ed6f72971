import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness, PARTNER_TOKENS, type PartnerId } from '../support/harness';
import { ReturnsDriver } from '../support/returns';
import { exchangeWorkflowId, statusQuery } from '../../src/order/contract';
import type { OrderStatus } from '../../src/order/types';

/**
 * Exchanges through the real stack: a call-centre return with a replacement
 * (POST /returns with `exchanges`), the replacement reserved at once through
 * the order's routing, released when the parcel arrives (Shopify adds it to
 * the order), shipped by an order workflow run scoped to it, and the price
 * difference refunded (cheaper) or charged to the saved card (dearer).
 */

const successful = (sim: any, kind: string) =>
  sim.transactions.filter((t: any) => t.kind === kind && t.status === 'SUCCESS').map((t: any) => t.amount);

async function shippedOrder(h: Harness, lines: { sku: string; quantity: number }[]) {
  const o = await h.placeOrder(lines);
  await h.shipAllReleased(o.orderId);
  expect((await h.result(o.orderId)).stage).toBe('completed');
  return o;
}

/** The exchange run's status once `predicate` holds. */
async function waitForExchangeRun(
  h: Harness,
  workflowId: string,
  predicate: (s: OrderStatus) => boolean,
  what: string,
): Promise<OrderStatus> {
  const deadline = Date.now() + 60_000;
  let last: OrderStatus | null = null;
  while (Date.now() < deadline) {
    last = await h.client.workflow
      .getHandle(workflowId)
      .query(statusQuery)
      .catch(() => null);
    if (last && predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `Timed out waiting for ${what}; last: ${JSON.stringify(last && { stage: last.stage, timeline: last.timeline.slice(-6) })}`,
  );
}

/** Accept (when asked) and ship the exchange run's allocations as their partners; returns its final status. */
async function shipReplacement(h: Harness, workflowId: string) {
  const partnerOf = (id: string | null) =>
    (Object.keys(PARTNER_TOKENS) as PartnerId[]).find((p) => h.partnerId(p) === id)!;
  const waiting = await waitForExchangeRun(
    h,
    workflowId,
    (s) => s.stage === 'awaiting_acceptance' || s.stage === 'awaiting_shipment',
    'the replacement at its partner',
  );
  for (const a of waiting.allocations.filter((x) => x.state === 'awaiting_acceptance'))
    await h.acknowledge(partnerOf(a.partnerId), a.id, 'accepted');
  const ready = await waitForExchangeRun(h, workflowId, (s) => s.stage === 'awaiting_shipment', 'released to ship');
  for (const a of ready.allocations.filter((x) => x.state === 'released_to_ship'))
    await h.ship(partnerOf(a.partnerId), a.id, `1Z${a.id.replace(/\W/g, '')}`);
  return (await h.client.workflow.getHandle(workflowId).result()) as OrderStatus;
}

describe('exchanges', () => {
  let h: Harness;
  let r: ReturnsDriver;
  beforeAll(async () => {
    h = await Harness.start('exchanges');
    r = new ReturnsDriver(h);
  });
  afterAll(async () => h?.close());

  it('a cheaper replacement: reserved at once, released on receipt, shipped by its own run, the difference refunded', async () => {
    const o = await shippedOrder(h, [{ sku: 'TEE', quantity: 1 }]);
    const made = await r.create({
      requestId: `x-${o.orderId}`,
      orderId: o.orderId,
      lines: [{ sku: 'TEE', quantity: 1, reason: 'SIZE_TOO_SMALL' }],
      exchanges: [{ sku: 'MUG', quantity: 1 }],
    });
    expect(made.status).toBe(201);
    const returnId: string = made.body.returnId;
    const runId = exchangeWorkflowId(h.shopDomain, o.orderId, returnId);

    // Reserved as soon as the return is open, through the order's routing: the MUG is held for the customer.
    const open = await r.waitFor(returnId, (s) => s.exchange?.stage === 'reserved', 'the replacement reserved');
    expect(open.exchange).toMatchObject({ value: '15.00', collected: '0.00', workflowId: runId });
    expect(open.exchange!.allocationIds).toEqual([`${o.orderId}-X${returnId}-A1`]);
    const { rows: held } = await h.pool.query(
      `SELECT a.status, r.sku, r.quantity, r.status AS reservation FROM allocations a JOIN reservations r ON r.allocation_id = a.id WHERE a.workflow_id = $1`,
      [runId],
    );
    expect(held).toEqual([{ status: 'reserved', sku: 'MUG', quantity: 1, reservation: 'active' }]);
    // Nothing is in Shopify's order yet: the exchange line is processed only when released.
    expect((await h.sim.order(o.orderId)).lineItems.map((l: any) => l.sku)).toEqual(['TEE']);

    const line = open.lines[0]!.returnLineItemId;
    await h.sim.fault({ kind: 'loseResponse', operationName: 'ReturnProcess', remaining: 1 });
    const got = await r.receipt('nj-wh', returnId, {
      receiptId: `R-${returnId}`,
      lines: [{ returnLineItemId: line, quantity: 1, condition: 'sellable' }],
    });
    expect(got.status).toBe(202);
    const done = await r.result(returnId);
    expect(done.stage).toBe('closed');
    expect(done.exchange?.stage).toBe('released');
    // The customer gets back what the returned tee was worth less the mug: 20.00 - 15.00, once.
    expect(done.refunded).toBe('5.00');
    const order = await h.sim.order(o.orderId);
    expect(successful(order, 'REFUND')).toEqual(['5.00']);
    expect(order.lineItems.map((l: any) => l.sku)).toEqual(['TEE', 'MUG']);

    // The run scoped to the replacement took the reservation as its own and shipped only the mug.
    const shipped = await shipReplacement(h, runId);
    expect(shipped.stage).toBe('completed');
    expect(shipped.allocations.map((a) => [a.id, a.lines.map((l) => l.sku)])).toEqual([
      [`${o.orderId}-X${returnId}-A1`, ['MUG']],
    ]);
    expect(successful(await h.sim.order(o.orderId), 'CAPTURE')).toHaveLength(1); // the original capture only
    const { rows: after } = await h.pool.query(
      `SELECT r.status FROM allocations a JOIN reservations r ON r.allocation_id = a.id WHERE a.workflow_id = $1`,
      [runId],
    );
    expect(after).toEqual([{ status: 'consumed' }]);
    await h.recordWorkflowHistory(r.workflowId(returnId), 'return-exchange-cheaper');
    await h.recordWorkflowHistory(runId, 'order-exchange-run');
  });

  it('a dearer replacement: the difference is charged to the saved card once, and nothing refunded', async () => {
    const o = await shippedOrder(h, [{ sku: 'CAP', quantity: 1 }]);
    const made = await r.create({
      requestId: `x-${o.orderId}`,
      orderId: o.orderId,
      lines: [{ sku: 'CAP', quantity: 1, reason: 'STYLE' }],
      exchanges: [{ sku: 'TEE', quantity: 1 }],
    });
    const returnId: string = made.body.returnId;
    const open = await r.waitFor(returnId, (s) => s.exchange?.stage === 'reserved', 'the replacement reserved');
    await h.sim.fault({ kind: 'loseResponse', operationName: 'OrderCreateMandatePayment', remaining: 1 });
    await r.receipt('nj-wh', returnId, {
      receiptId: `R-${returnId}`,
      lines: [{ returnLineItemId: open.lines[0]!.returnLineItemId, quantity: 1, condition: 'sellable' }],
    });
    const done = await r.result(returnId);
    expect(done.stage).toBe('closed');
    expect(done.refunded).toBe('0.00');
    expect(done.exchange).toMatchObject({ stage: 'released', value: '20.00', collected: '8.00' });
    const order = await h.sim.order(o.orderId);
    expect(successful(order, 'REFUND')).toEqual([]);
    expect(successful(order, 'SALE')).toEqual(['8.00']); // 20.00 - 12.00, one charge despite the lost answer
    expect((await shipReplacement(h, exchangeWorkflowId(h.shopDomain, o.orderId, returnId))).stage).toBe('completed');
  });
});

describe('a replacement Shopify will not add', () => {
  let h: Harness;
  let r: ReturnsDriver;
  beforeAll(async () => {
    h = await Harness.start('exchanges-refused');
    r = new ReturnsDriver(h);
  });
  afterAll(async () => h?.close());

  it('nothing stocks it: not reserved, Shopify refuses it at receipt, the return waits for a person, who cancels it and the full refund follows', async () => {
    await h.sim.addProduct({ title: 'GHOST', variants: [{ sku: 'GHOST', price: '9.00', inventory: {} }] });
    const o = await shippedOrder(h, [{ sku: 'TEE', quantity: 1 }]);
    const made = await r.create({
      requestId: `x-${o.orderId}`,
      orderId: o.orderId,
      lines: [{ sku: 'TEE', quantity: 1 }],
      exchanges: [{ sku: 'GHOST', quantity: 1 }],
    });
    const returnId: string = made.body.returnId;
    const open = await r.waitFor(
      returnId,
      (s) => s.stage === 'awaiting_parcel' && s.exchange?.stage === 'awaiting_reservation',
      'the replacement not reserved',
    );
    expect(open.timeline.map((t) => t.message).join('\n')).toMatch(/Replacement 1 GHOST not reserved/);
    await r.receipt('nj-wh', returnId, {
      receiptId: `R-${returnId}`,
      lines: [{ returnLineItemId: open.lines[0]!.returnLineItemId, quantity: 1, condition: 'sellable' }],
    });
    const held = await r.waitFor(
      returnId,
      (s) => s.attention !== null && s.refunded !== '0.00',
      'a person asked about the replacement, the unit refunded',
    );
    expect(held.attention?.reason).toMatch(/Shopify did not add the replacement to the order/);
    expect(held.attention?.actions).toEqual(['release_exchange', 'cancel_exchange']);
    expect(held.stage).toBe('receiving'); // every unit is back, but the return stays open
    expect(held.refunded).toBe('11.00'); // 20.00 less the replacement's 9.00, kept back while it may still ship
    expect((await r.act(returnId, 'cancel_exchange', { by: 'sam' })).status).toBe(200);
    const done = await r.result(returnId);
    expect(done.stage).toBe('closed');
    expect(done.exchange?.stage).toBe('cancelled');
    expect(done.refunded).toBe('20.00');
    expect(successful(await h.sim.order(o.orderId), 'REFUND')).toEqual(['11.00', '9.00']);
  });
});

describe('an exchange whose parcel never comes', () => {
  let h: Harness;
  let r: ReturnsDriver;
  beforeAll(async () => {
    h = await Harness.start('exchanges-unreturned', {
      returnPolicy: { receiptWindowDays: 2 / 86_400, attentionAfterDays: 3 / 86_400, unreturnedExchange: 'cancel' },
    });
    r = new ReturnsDriver(h);
  });
  afterAll(async () => h?.close());

  it('a person is asked first; nobody answers, so the policy cancels the replacement and its units go back', async () => {
    const o = await shippedOrder(h, [{ sku: 'TEE', quantity: 1 }]);
    const made = await r.create({
      requestId: `x-${o.orderId}`,
      orderId: o.orderId,
      lines: [{ sku: 'TEE', quantity: 1 }],
      exchanges: [{ sku: 'MUG', quantity: 1 }],
    });
    const returnId: string = made.body.returnId;
    const asked = await r.waitFor(
      returnId,
      (s) => s.attention?.actions.includes('cancel_exchange') ?? false,
      'a person asked about the replacement',
    );
    expect(asked.attention?.actions).toEqual(['cancel_exchange', 'charge_exchange', 'extend', 'close']);
    expect(asked.attention?.reason).toMatch(/policy: cancel/);
    const cancelled = await r.waitFor(returnId, (s) => s.exchange?.stage === 'cancelled', 'the policy applied');
    expect(cancelled.timeline.map((t) => t.message).join('\n')).toMatch(
      /Replacement cancelled \(policy: nobody answered\); 1 reservation/,
    );
    const { rows } = await h.pool.query(
      `SELECT r.status FROM allocations a JOIN reservations r ON r.allocation_id = a.id WHERE a.workflow_id = $1`,
      [exchangeWorkflowId(h.shopDomain, o.orderId, returnId)],
    );
    expect(rows).toEqual([{ status: 'released' }]);
    // Cancelled, it cannot be released or charged any more.
    expect((await r.act(returnId, 'charge_exchange')).status).toBe(409);
    expect((await r.act(returnId, 'close', { by: 'sam' })).status).toBe(200);
    expect((await r.result(returnId)).stage).toBe('closed');
  });
});
