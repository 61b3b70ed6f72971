import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelUpdate,
  partnerAcknowledgmentSignal,
  shipmentSignal,
  shopifyEventSignal,
} from '../../src/order/contract';
import {
  BK,
  NJ,
  orderSnapshot,
  partnerId,
  routesTo,
  WorkflowHarness,
  type TestOrder,
} from '../support/workflow-harness';
import type { OrderStatus } from '../../src/order/types';

/** Cancel at each stage: every compensation runs exactly once, and only those that apply. */
let wf: WorkflowHarness;
beforeAll(async () => (wf = await WorkflowHarness.start('wf-cancel')));
afterAll(() => wf?.close());

const cancelledInShopify = { topic: 'orders/cancelled', eventId: 'cancel-1', webhookId: null, triggeredAt: null };

/** Cancel as an operator and wait for the workflow to end; its compensations, counted. */
async function cancelAndFinish(o: TestOrder) {
  expect(await o.update(cancelUpdate, { reason: 'customer asked', by: 'ann' })).toMatchObject({
    action: 'cancel',
    accepted: true,
  });
  const end = await o.handle.result();
  expect(end.stage).toBe('cancelled');
  return end;
}

const compensations = (o: TestOrder) => ({
  released: o.callsTo('releaseReservation'),
  told: o.partnerMessages().filter((m) => m.startsWith('allocation.cancelled')),
  shopifyCancel: o.callsTo('cancelInShopify').map((c) => c.reason),
  holdsReleased: o.callsTo('releaseHolds').length,
  settled: o.callsTo('settlePaymentOnCancel').length,
  demand: o.callsTo('closeOrderDemand').map((c) => c.outcome),
});

describe('cancel', () => {
  it('before routing (waiting for payment): Shopify cancel, holds released, authorization voided; nothing to release', async () => {
    const o = await wf.order({ loadOrder: async () => orderSnapshot(o.orderId, { transactions: [] }) });
    await o.waitForWaiting(/^payment on/);
    const end = await cancelAndFinish(o);
    expect(compensations(o)).toEqual({
      released: [],
      told: [],
      shopifyCancel: ['customer asked'],
      holdsReleased: 1,
      settled: 1,
      demand: ['cancelled'],
    });
    expect(o.callsTo('releaseHolds')[0]!.fulfillmentOrderIds).toEqual([`${o.orderId}-FO`]);
    expect(o.callsTo('allocate')).toEqual([]);
    expect(end.payment.status).toBe('voided');
  });

  it('awaiting acceptance: the reservation released and the partner told, once each; nothing captured', async () => {
    const o = await wf.order({ allocate: routesTo(BK) });
    await o.waitForStage('awaiting_acceptance');
    await cancelAndFinish(o);
    const a1 = `${o.orderId}-A1`;
    expect(compensations(o)).toEqual({
      released: [a1],
      told: [`allocation.cancelled ${a1}`],
      shopifyCancel: ['customer asked'],
      holdsReleased: 1,
      settled: 1,
      demand: ['cancelled'],
    });
    expect(o.callsTo('captureForAllocation')).toEqual([]);
  });

  it('awaiting shipment: released, told, and what was captured refunded, once each', async () => {
    const o = await wf.order({ settlePaymentOnCancel: async () => ({ voided: [], refunded: '40.00' }) });
    await o.waitForStage('awaiting_shipment');
    const end = await cancelAndFinish(o);
    const a1 = `${o.orderId}-A1`;
    expect(compensations(o)).toEqual({
      released: [a1],
      told: [`allocation.cancelled ${a1}`],
      shopifyCancel: ['customer asked'],
      holdsReleased: 2,
      settled: 1,
      demand: ['cancelled'],
    });
    expect(o.callsTo('releaseHolds')[1]!.fulfillmentOrderIds).toEqual([`${a1}-FO`]);
    expect(end.payment).toMatchObject({ status: 'refunded', refunded: '40.00' });
  });

  it('while a person decides after refusals: what the refusals released and withdrew is not done again', async () => {
    const places = ['Store 1', 'Store 2'].map((name) => ({
      name,
      requiresAcceptance: true,
      acceptanceWindowSeconds: 1,
    }));
    const o = await wf.order({ allocate: routesTo(...places) }, { maxRouteAttempts: 1 });
    await o.waitForAttention(/reroutes and still no partner accepts/);
    const [a1, a2] = [`${o.orderId}-A1`, `${o.orderId}-A2`];
    await cancelAndFinish(o);
    expect(compensations(o)).toEqual({
      released: [a1, a2],
      told: [`allocation.cancelled ${a1}`, `allocation.cancelled ${a2}`],
      shopifyCancel: ['customer asked'],
      holdsReleased: 1,
      settled: 1,
      demand: ['cancelled'],
    });
  });

  it('a Shopify cancel is confirmed with Shopify first and not sent back to it', async () => {
    const o = await wf.order({ allocate: routesTo(BK) });
    await o.waitForStage('awaiting_acceptance');
    await o.signal(shopifyEventSignal, cancelledInShopify);
    expect((await o.handle.result()).stage).toBe('cancelled');
    expect(o.callsTo('orderCancellation')).toHaveLength(1);
    expect(compensations(o)).toMatchObject({ released: [`${o.orderId}-A1`], shopifyCancel: [], settled: 1 });
  });

  it('a Shopify cancel that Shopify does not confirm is ignored: the order goes on', async () => {
    const o = await wf.order({ allocate: routesTo(BK), orderCancellation: async () => ({ cancelledAt: null }) });
    await o.waitForStage('awaiting_acceptance');
    await o.signal(shopifyEventSignal, cancelledInShopify);
    await o.waitFor(
      (s) => s.timeline.some((t) => t.event.startsWith('Ignored orders/cancelled')),
      'the cancel ignored',
    );
    await o.signal(partnerAcknowledgmentSignal, {
      allocationId: `${o.orderId}-A1`,
      partnerId: partnerId(BK),
      decision: 'accepted',
    });
    await o.waitForStage('awaiting_shipment');
    expect(compensations(o)).toMatchObject({ released: [], told: [], shopifyCancel: [], settled: 0 });
  });

  it('after a partial shipment: an operator cancel withdraws the rest at once; the allocation that shipped in part keeps its money', async () => {
    const o = await wf.order();
    const a1 = `${o.orderId}-A1`;
    await o.waitForStage('awaiting_shipment');
    await o.signal(shipmentSignal, {
      allocationId: a1,
      partnerId: partnerId(NJ),
      tracking: { number: '1Z1', company: 'UPS', url: null },
      lines: [{ lineItemId: 'gid://shopify/LineItem/1', quantity: 1 }],
    });
    await o.waitFor(
      (s) => s.stage === 'awaiting_shipment' && s.allocations[0]!.shipped?.length === 1,
      'one unit shipped',
    );
    expect(o.callsTo('consumeShipped')).toHaveLength(1);

    expect(await o.update(cancelUpdate, { reason: 'too late', by: 'ann' })).toMatchObject({ accepted: true });
    const end: OrderStatus = await o.handle.result();
    expect(end.stage).toBe('completed');
    expect(compensations(o)).toEqual({
      released: [a1],
      told: [`allocation.cancelled ${a1}`],
      shopifyCancel: [],
      holdsReleased: 2,
      settled: 0,
      demand: ['closed'],
    });
    expect(o.callsTo('cancelRemainderInShopify').map((c) => [c.refund, c.keep])).toEqual([['0.00', '40.00']]);
    expect(end.cancelledRemainder).toMatchObject({ lines: [{ sku: 'TEE', quantity: 1 }], refunded: '0.00' });
    expect(end.timeline.some((t) => /shipped in part: its captured share is kept/.test(t.event))).toBe(true);
  });
});
