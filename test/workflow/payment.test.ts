import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryUpdate, shopifyEventSignal, skipUpdate } from '../../src/order/contract';
import {
  allocationAt,
  authorization,
  LA,
  NJ,
  orderSnapshot,
  refuse,
  WorkflowHarness,
} from '../support/workflow-harness';

/** Authorizing and capture-before-ship: the payment wait, a late or missing payment, a declined capture. */
let wf: WorkflowHarness;
beforeAll(async () => (wf = await WorkflowHarness.start('wf-payment')));
afterAll(() => wf?.close());

const paid = (eventId: string) => ({ topic: 'orders/paid', eventId, webhookId: null, triggeredAt: null });

describe('payment', () => {
  it('a pending payment is waited for; orders/paid wakes the order, which then routes', async () => {
    let authorized = false;
    const o = await wf.order(
      { loadOrder: async () => orderSnapshot(o.orderId, { transactions: authorized ? [authorization('40.00')] : [] }) },
      { paymentWaitSeconds: 3600 },
    );
    const waiting = await o.waitForWaiting(/^payment on/);
    expect(waiting.stage).toBe('authorizing');
    expect(o.callsTo('allocate')).toEqual([]);

    authorized = true;
    await o.signal(shopifyEventSignal, paid('paid-1'));
    const s = await o.waitForStage('awaiting_shipment');
    expect(s.attention).toBeNull();
    expect(o.callsTo('loadOrder')).toHaveLength(2); // read again once paid
    expect(o.callsTo('allocate')).toHaveLength(1);
  });

  it('a payment that never comes asks a person after paymentWaitSeconds; nothing is routed', async () => {
    const o = await wf.order(
      { loadOrder: async () => orderSnapshot(o.orderId, { transactions: [] }) },
      { paymentWaitSeconds: 1 },
    );
    const s = await o.waitForAttention(/^Payment not received within 1s$/);
    expect(s.stage).toBe('authorizing');
    expect(s.attention!.actions).toEqual(['retry', 'skip', 'cancel']);
    expect(o.callsTo('allocate')).toEqual([]);

    // skip: the payment is settled outside; the order goes on.
    await o.update(skipUpdate, { by: 'ann' });
    await o.waitForStage('awaiting_shipment');
    expect(o.callsTo('allocate')).toHaveLength(1);
  });

  it('an authorization that does not cover the total asks a person; retry reads the order again', async () => {
    let cover = '20.00';
    const o = await wf.order({
      loadOrder: async () => orderSnapshot(o.orderId, { transactions: [authorization(cover)] }),
    });
    await o.waitForAttention(/^Payment cannot cover the order: only 20.00 of 40.00 is covered$/);
    cover = '40.00';
    await o.update(retryUpdate, {});
    await o.waitForStage('awaiting_shipment');
    expect(o.callsTo('loadOrder')).toHaveLength(2);
  });

  it('high fraud risk waits for a person: skip accepts the risk and the order goes on', async () => {
    const o = await wf.order({
      loadOrder: async () => orderSnapshot(o.orderId, { riskRecommendation: 'CANCEL', riskLevels: ['HIGH'] }),
    });
    const s = await o.waitForAttention(/^High fraud risk \(Shopify recommends CANCEL\)/);
    expect(s.attention!.actions).toEqual(['skip', 'cancel']);
    expect(await o.refusal(retryUpdate, {})).toMatch(/^retry refused: retry is not offered for "High fraud risk/);
    expect(o.callsTo('allocate')).toEqual([]);
    await o.update(skipUpdate, { by: 'ann' });
    await o.waitForStage('awaiting_shipment');
    expect(o.callsTo('allocate')).toHaveLength(1);
  });

  it('a declined capture parks the order with nothing released; retry captures, then releases', async () => {
    let declines = 1;
    const o = await wf.order({
      captureForAllocation: async (input) =>
        declines-- > 0
          ? refuse('Capture of 40.00 USD was declined (FAILURE)')
          : { captured: input.targetCaptured, alreadyCaptured: false, transactionIds: ['t'] },
    });
    const s = await o.waitForAttention(
      /^Capture 40.00 USD for allocation .*-A1 at NJ Warehouse failed: Capture of 40.00 USD was declined/,
    );
    expect(s.stage).toBe('capturing');
    expect(s.attention!.actions).toEqual(['retry', 'skip', 'cancel']);
    expect(s.allocations[0]!.state).toBe('accepted');
    expect(o.callsTo('releaseHolds')).toEqual([]);
    expect(o.partnerMessages()).toEqual([]);

    await o.update(retryUpdate, {});
    await o.waitForStage('awaiting_shipment');
    expect(o.sequence('captureForAllocation', 'releaseHolds')).toEqual([
      'captureForAllocation',
      'captureForAllocation',
      'releaseHolds',
    ]);
    expect(o.partnerMessages()).toEqual([`allocation.released ${o.orderId}-A1`]);
  });

  it('a split order captures each allocation’s share before releasing it, the last one final', async () => {
    const lines = [
      {
        lineItemId: 'gid://shopify/LineItem/1',
        sku: 'TEE',
        title: 'TEE',
        quantity: 1,
        requiresShipping: true,
        discountedTotal: '25.00',
      },
      {
        lineItemId: 'gid://shopify/LineItem/2',
        sku: 'MUG',
        title: 'MUG',
        quantity: 1,
        requiresShipping: true,
        discountedTotal: '15.00',
      },
    ];
    const o = await wf.order({
      loadOrder: async () => orderSnapshot(o.orderId, { lines }),
      allocate: async (req) => ({
        ok: true,
        allocations: [
          allocationAt(NJ, { ...req, lines: [req.lines[0]!] }),
          allocationAt(LA, { ...req, lines: [req.lines[1]!] }, 1),
        ],
      }),
    });
    await o.waitForStage('awaiting_shipment');
    expect(o.callsTo('captureForAllocation').map((c) => [c.allocationId, c.targetCaptured, c.finalCapture])).toEqual([
      [`${o.orderId}-A1`, '25.00', false],
      [`${o.orderId}-A2`, '40.00', true],
    ]);
    expect(o.sequence('captureForAllocation', 'releaseHolds')).toEqual([
      'captureForAllocation',
      'releaseHolds',
      'captureForAllocation',
      'releaseHolds',
    ]);
  });
});
