import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryUpdate, shipmentSignal, skipUpdate } from '../../src/order/contract';
import { LA, NJ, partnerId, routesTo, WorkflowHarness } from '../support/workflow-harness';

/** Ship-by: a partner past its deadline asks a person, or (policy reroute) is withdrawn and the lines go elsewhere. */
let wf: WorkflowHarness;
beforeAll(async () => (wf = await WorkflowHarness.start('wf-shipby')));
afterAll(() => wf?.close());

describe('ship-by', () => {
  it('past ship-by a person decides: retry gives another period, skip drops the deadline; a notice then completes', async () => {
    const o = await wf.order({ allocate: routesTo({ ...NJ, shipBySeconds: 1 }) });
    const a1 = `${o.orderId}-A1`;
    const first = await o.waitForAttention(
      new RegExp(`^NJ Warehouse has not shipped ${a1} by .*; retry to give it another 1s`),
    );
    expect(first.stage).toBe('awaiting_shipment');
    expect(first.attention!.actions).toEqual(['retry', 'skip', 'cancel']);
    expect(o.callsTo('setFulfillmentDeadline').map((d) => d.deadline)).toEqual([first.allocations[0]!.shipBy]);

    await o.update(retryUpdate, {});
    const second = await o.waitFor(
      (s) => !!s.attention && o.callsTo('setFulfillmentDeadline').length === 2,
      'a second deadline, passed',
    );
    expect(second.allocations[0]!.shipBy! > first.allocations[0]!.shipBy!).toBe(true);
    expect(o.callsTo('setFulfillmentDeadline')[1]!.deadline).toBe(second.allocations[0]!.shipBy);

    await o.update(skipUpdate, {});
    const open = await o.waitFor(
      (s) => s.stage === 'awaiting_shipment' && !!s.waiting && !s.attention,
      'waiting without a deadline',
    );
    expect(open.waiting!.until).toBeNull();
    expect(open.allocations[0]!.shipBy).toBeUndefined();

    await o.signal(shipmentSignal, {
      allocationId: a1,
      partnerId: partnerId(NJ),
      tracking: { number: '1Z1', company: 'UPS', url: null },
    });
    await o.waitForStage('completed');
    expect(o.callsTo('createFulfillment').map((f) => f.tracking.number)).toEqual(['1Z1']);
    expect(o.callsTo('consumeReservation')).toEqual([a1]);
    expect(o.callsTo('setFulfillmentDeadline')).toHaveLength(2);
  });

  it('with policy reroute, a late partner is withdrawn and its lines routed, captured (to the same total) and released elsewhere', async () => {
    const o = await wf.order({ allocate: routesTo({ ...NJ, shipBySeconds: 1, shipByPolicy: 'reroute' }, LA) });
    const [a1, a2] = [`${o.orderId}-A1`, `${o.orderId}-A2`];
    const s = await o.waitFor(
      (x) => x.stage === 'awaiting_shipment' && x.allocations.length === 2,
      'rerouted and released',
    );
    expect(s.attention).toBeNull();
    expect(s.allocations.map((a) => [a.locationName, a.state])).toEqual([
      ['NJ Warehouse', 'rejected'],
      ['LA Warehouse', 'released_to_ship'],
    ]);
    expect(s.allocations[0]!.rejectionReason).toMatch(/^not shipped by /);
    expect(o.partnerMessages()).toEqual([
      `allocation.released ${a1}`,
      `allocation.cancelled ${a1}`,
      `allocation.released ${a2}`,
    ]);
    expect(o.callsTo('releaseReservation')).toEqual([a1]);
    expect(o.callsTo('allocate').map((r) => r.exclude)).toEqual([[], ['gid://shopify/Location/nj-warehouse']]);
    // The capture aims at a cumulative target: the order total, already reached, so nothing more is taken.
    expect(o.callsTo('captureForAllocation').map((c) => [c.allocationId, c.targetCaptured])).toEqual([
      [a1, '40.00'],
      [a2, '40.00'],
    ]);
  });
});
