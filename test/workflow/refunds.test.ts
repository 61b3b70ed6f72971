import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refundRecordedSignal } from '../../src/order/contract';
import type { RefundRecorded } from '../../src/refunds/contract';
import { BK, orderSnapshot, routesTo, WorkflowHarness } from '../support/workflow-harness';

/** What the order workflow does with a refund its refund workflow recorded (refundRecorded). */
let wf: WorkflowHarness;
beforeAll(async () => (wf = await WorkflowHarness.start('wf-refunds')));
afterAll(() => wf?.close());

const refund = (extra: Partial<RefundRecorded>): RefundRecorded => ({
  refundGid: 'gid://shopify/Refund/1',
  source: 'shopify',
  amount: '0.00',
  currencyCode: 'USD',
  orderRefunded: '0.00',
  cancelledUnits: 0,
  restockedUnits: 0,
  at: '2026-12-04T18:00:00Z',
  ...extra,
});

describe('a refund heard by the order', () => {
  it('units cancelled in Shopify while a partner decides: the order reads its lines again and shrinks the reservation, once', async () => {
    const o = await wf.order({ allocate: routesTo(BK) });
    await o.waitForStage('awaiting_acceptance');
    const line = orderSnapshot(o.orderId).lines[0]!;
    // Shopify now shows one unit of the two (the refund cancelled the other before it shipped).
    o.script.loadOrder = async () => orderSnapshot(o.orderId, { lines: [{ ...line, quantity: 1 }] });
    const cancelled = refund({ cancelledUnits: 1 });
    await o.signal(refundRecordedSignal, cancelled);
    await o.signal(refundRecordedSignal, cancelled); // the same refund again: counted once
    const s = await o.waitFor((x) => x.allocations[0]?.lines[0]?.quantity === 1, 'the reservation shrunk to 1');
    expect(o.callsTo('shrinkReservation')).toEqual([
      { allocationId: `${o.orderId}-A1`, keep: [{ lineItemId: line.lineItemId, sku: 'TEE', quantity: 1 }] },
    ]);
    expect(s.timeline.filter((t) => t.event.startsWith('Refund of 0.00 USD in Shopify'))).toEqual([
      expect.objectContaining({ event: 'Refund of 0.00 USD in Shopify; 1 unit(s) cancelled before shipment' }),
    ]);
    expect(s.stage).toBe('awaiting_acceptance');
  });

  it("money refunded: refunded follows Shopify's total for the order, whatever order the refunds arrive in", async () => {
    const o = await wf.order({ allocate: routesTo(BK) });
    await o.waitForStage('awaiting_acceptance');
    await o.signal(
      refundRecordedSignal,
      refund({ refundGid: 'gid://shopify/Refund/2', amount: '5.00', orderRefunded: '12.00' }),
    );
    await o.signal(
      refundRecordedSignal,
      refund({ refundGid: 'gid://shopify/Refund/1', amount: '7.00', orderRefunded: '7.00' }),
    );
    const s = await o.waitFor(
      (x) => x.timeline.filter((t) => t.event.startsWith('Refund of')).length === 2,
      'both refunds heard',
    );
    expect(s.payment.refunded).toBe('12.00');
    expect(o.callsTo('shrinkReservation')).toEqual([]);
  });
});
