import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelUpdate, shipmentSignal, shopifyEventSignal } from '../../src/order/contract';
import type { AllocateRequest } from '../../src/inventory/reservations';
import type { OrderStatus } from '../../src/order/types';
import {
  LA,
  NJ,
  allocationAt,
  authorization,
  orderSnapshot,
  partnerId,
  refuse,
  WorkflowHarness,
  type TestOrder,
} from '../support/workflow-harness';

/**
 * Cancel after a partial shipment: what shipped stays, what has not is
 * withdrawn once (reservation, partner) and its capture-plan share refunded
 * once, or nothing when it was never captured; the order ends `completed`
 * with the cancelled remainder in its status.
 */
let wf: WorkflowHarness;
beforeAll(async () => (wf = await WorkflowHarness.start('wf-partial-cancel')));
afterAll(() => wf?.close());

const TEE = 'gid://shopify/LineItem/1';
const MUG = 'gid://shopify/LineItem/2';

/** 1 x TEE (20.00) + 1 x MUG (30.00) + 5.00 shipping: the plan captures 22.00 for the TEE and 33.00 for the MUG. */
const twoLines = (orderId: string) =>
  orderSnapshot(orderId, {
    total: '55.00',
    transactions: [authorization('55.00')],
    lines: [
      { lineItemId: TEE, sku: 'TEE', title: 'TEE', quantity: 1, requiresShipping: true, discountedTotal: '20.00' },
      { lineItemId: MUG, sku: 'MUG', title: 'MUG', quantity: 1, requiresShipping: true, discountedTotal: '30.00' },
    ],
  });

/** The TEE ships from NJ Warehouse (A1), the MUG from LA Warehouse (A2). */
const split = async (req: AllocateRequest) => ({
  ok: true as const,
  allocations: [
    { ...allocationAt(NJ, req, 0), lines: req.lines.filter((l) => l.sku === 'TEE') },
    { ...allocationAt(LA, req, 1), lines: req.lines.filter((l) => l.sku === 'MUG') },
  ],
});

const shipTee = (o: TestOrder) =>
  o.signal(shipmentSignal, {
    allocationId: `${o.orderId}-A1`,
    partnerId: partnerId(NJ),
    tracking: { number: '1ZTEE', company: 'UPS', url: null },
  });

const effects = (o: TestOrder) => ({
  released: o.callsTo('releaseReservation'),
  told: o.partnerMessages().filter((m) => m.startsWith('allocation.cancelled')),
  remainder: o.callsTo('cancelRemainderInShopify').map((c) => ({
    refund: c.refund,
    keep: c.keep,
    fulfillmentOrderIds: c.fulfillmentOrderIds,
    voidUntouched: c.voidUntouched,
  })),
  shopifyCancel: o.callsTo('cancelInShopify').length,
  settled: o.callsTo('settlePaymentOnCancel').length,
  demand: o.callsTo('closeOrderDemand').map((c) => c.outcome),
});

describe('cancel after a partial shipment', () => {
  it('an operator cancel once one allocation shipped: the other is released and withdrawn once, its captured share refunded once; completed', async () => {
    const o = await wf.order({ loadOrder: async () => twoLines(o.orderId), allocate: split });
    const [a1, a2] = [`${o.orderId}-A1`, `${o.orderId}-A2`];
    await o.waitFor(
      (s) => s.stage === 'awaiting_shipment' && s.allocations.every((a) => a.state === 'released_to_ship'),
      'both released',
    );
    await shipTee(o);
    await o.waitFor((s) => s.allocations[0]!.state === 'shipped', 'the TEE shipped');

    const outcome = await o.update(cancelUpdate, { reason: 'customer changed mind', by: 'ann' });
    expect(outcome).toMatchObject({ action: 'cancel', accepted: true });
    const end: OrderStatus = await o.handle.result();

    expect(end.stage).toBe('completed');
    expect(effects(o)).toEqual({
      released: [a2],
      told: [`allocation.cancelled ${a2}`],
      remainder: [{ refund: '33.00', keep: '22.00', fulfillmentOrderIds: [`${a2}-FO`], voidUntouched: true }],
      shopifyCancel: 0,
      settled: 0,
      demand: ['closed'],
    });
    expect(end.allocations.map((a) => [a.id, a.state])).toEqual([
      [a1, 'shipped'],
      [a2, 'cancelled'],
    ]);
    expect(end.cancelledRemainder).toMatchObject({
      reason: 'customer changed mind',
      by: 'ann',
      lines: [{ sku: 'MUG', quantity: 1 }],
      refunded: '33.00',
    });
    expect(end.payment.refunded).toBe('33.00');
    expect(end.timeline.some((t) => t.event === 'Refunded 33.00 USD for what did not ship')).toBe(true);
    expect(o.callsTo('consumeReservation')).toEqual([a1]); // the shipped one, once; never released
  });

  it('a cancel that crosses a ship notice while the rest is still uncaptured: a person decides; cancel withdraws the rest and refunds nothing', async () => {
    const o = await wf.order({
      loadOrder: async () => twoLines(o.orderId),
      allocate: split,
      captureForAllocation: async (input) =>
        input.allocationId.endsWith('-A2')
          ? refuse('Capture of 33.00 USD was declined (FAILURE)')
          : { captured: input.targetCaptured, alreadyCaptured: false, transactionIds: ['capture-1'] },
    });
    const [a1, a2] = [`${o.orderId}-A1`, `${o.orderId}-A2`];
    await o.waitForAttention(/declined/);
    await shipTee(o);
    await o.waitFor((s) => s.timeline.some((t) => t.event.startsWith(`Ship notice for ${a1}`)), 'the notice kept');

    // The notice is not in Shopify yet: the cancel crossed it, so a person decides.
    await o.update(cancelUpdate, { reason: 'customer called', by: 'bob' });
    await o.waitFor(
      (s) => s.timeline.some((t) => t.event.startsWith('Cancel not applied yet (customer called)')),
      'the crossed cancel kept for a person',
    );
    expect(o.callsTo('cancelRemainderInShopify')).toEqual([]);
    const asked = await o.waitForAttention(/declined/);
    expect(asked.attention!.actions).toContain('cancel');
    await o.update(cancelUpdate, { reason: 'customer called', by: 'bob' });
    const end: OrderStatus = await o.handle.result();

    expect(end.stage).toBe('completed');
    // The reported shipment reached Shopify first, then the rest was withdrawn.
    expect(o.callsTo('createFulfillment').map((c) => c.allocation.id)).toEqual([a1]);
    expect(effects(o)).toEqual({
      released: [a2],
      told: [`allocation.cancelled ${a2}`],
      remainder: [{ refund: '0.00', keep: '22.00', fulfillmentOrderIds: [`${a2}-FO`], voidUntouched: true }],
      shopifyCancel: 0,
      settled: 0,
      demand: ['closed'],
    });
    expect(end.cancelledRemainder).toMatchObject({ lines: [{ sku: 'MUG', quantity: 1 }], refunded: '0.00' });
    expect(end.timeline.some((t) => t.event === 'Nothing refunded: what did not ship had not been captured')).toBe(
      true,
    );
  });
  it('a Shopify cancel after one allocation is fulfilled in Shopify: confirmed with Shopify, then the rest is cancelled without a person', async () => {
    const o = await wf.order({ loadOrder: async () => twoLines(o.orderId), allocate: split });
    const a2 = `${o.orderId}-A2`;
    await o.waitFor(
      (s) => s.stage === 'awaiting_shipment' && s.allocations.every((a) => a.state === 'released_to_ship'),
      'both released',
    );
    await shipTee(o);
    await o.waitFor((s) => s.allocations[0]!.state === 'shipped', 'the TEE shipped');
    await o.signal(shopifyEventSignal, {
      topic: 'orders/cancelled',
      eventId: 'c-1',
      webhookId: null,
      triggeredAt: null,
    });
    const end: OrderStatus = await o.handle.result();
    expect(end.stage).toBe('completed');
    expect(o.callsTo('orderCancellation')).toHaveLength(1);
    expect(end.timeline.some((t) => t.event.startsWith('Needs attention'))).toBe(false);
    expect(effects(o)).toMatchObject({ released: [a2], told: [`allocation.cancelled ${a2}`], shopifyCancel: 0 });
    expect(end.cancelledRemainder).toMatchObject({ by: 'shopify', refunded: '33.00' });
  });
});
