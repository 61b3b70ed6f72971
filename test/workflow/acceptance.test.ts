import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerAcknowledgmentSignal, retryUpdate } from '../../src/order/contract';
import {
  BK,
  LA,
  NJ,
  partnerId,
  routesTo,
  WorkflowHarness,
  type Place,
  type TestOrder,
} from '../support/workflow-harness';

/** Partner acceptance: accept, reject, silence, and the bound on reroutes. */
let wf: WorkflowHarness;
beforeAll(async () => (wf = await WorkflowHarness.start('wf-accept')));
afterAll(() => wf?.close());

const answer = (o: TestOrder, place: Place, allocationId: string, decision: 'accepted' | 'rejected') =>
  o.signal(partnerAcknowledgmentSignal, {
    allocationId,
    partnerId: partnerId(place),
    decision,
    reason: decision === 'rejected' ? 'out of stock' : null,
  });

describe('partner acceptance', () => {
  it('a location without acceptance is released straight away: captured, then its hold released, then the partner told to ship', async () => {
    const o = await wf.order({ allocate: routesTo(NJ) });
    const s = await o.waitForStage('awaiting_shipment');
    expect(s.allocations.map((a) => [a.locationName, a.state])).toEqual([['NJ Warehouse', 'released_to_ship']]);
    expect(o.partnerMessages()).toEqual([`allocation.released ${o.orderId}-A1`]);
    expect(o.sequence('captureForAllocation', 'releaseHolds', 'sendPartnerMessage')).toEqual([
      'captureForAllocation',
      'releaseHolds',
      'sendPartnerMessage',
    ]);
  });

  it('a partner that accepts is captured and released; nothing is rerouted', async () => {
    const o = await wf.order({ allocate: routesTo(BK, LA) });
    await o.waitForStage('awaiting_acceptance');
    expect(o.callsTo('captureForAllocation')).toEqual([]);
    await answer(o, BK, `${o.orderId}-A1`, 'accepted');
    const s = await o.waitForStage('awaiting_shipment');
    expect(s.allocations.map((a) => [a.locationName, a.state])).toEqual([['Brooklyn Store', 'released_to_ship']]);
    expect(o.partnerMessages()).toEqual([
      `allocation.requested ${o.orderId}-A1`,
      `allocation.released ${o.orderId}-A1`,
    ]);
    expect(o.callsTo('allocate')).toHaveLength(1);
    expect(o.callsTo('releaseReservation')).toEqual([]);
  });

  it('a rejection releases the reservation, excludes the location and reroutes', async () => {
    const o = await wf.order({ allocate: routesTo(BK, LA) });
    await o.waitForStage('awaiting_acceptance');
    await answer(o, BK, `${o.orderId}-A1`, 'rejected');
    const s = await o.waitForStage('awaiting_shipment');
    expect(s.allocations.map((a) => [a.id, a.locationName, a.state, a.rejectionReason])).toEqual([
      [`${o.orderId}-A1`, 'Brooklyn Store', 'rejected', 'out of stock'],
      [`${o.orderId}-A2`, 'LA Warehouse', 'released_to_ship', null],
    ]);
    expect(o.callsTo('releaseReservation')).toEqual([`${o.orderId}-A1`]);
    expect(o.callsTo('allocate').map((r) => r.exclude)).toEqual([[], ['gid://shopify/Location/brooklyn-store']]);
    // A partner that said no is not told again; only the new one is released.
    expect(o.partnerMessages()).toEqual([
      `allocation.requested ${o.orderId}-A1`,
      `allocation.released ${o.orderId}-A2`,
    ]);
  });

  it('an acceptance of part keeps those units there and routes the rest elsewhere', async () => {
    const o = await wf.order({ allocate: routesTo(BK, LA) });
    const [a1, a2] = [`${o.orderId}-A1`, `${o.orderId}-A2`];
    await o.waitForStage('awaiting_acceptance');
    await o.signal(partnerAcknowledgmentSignal, {
      allocationId: a1,
      partnerId: partnerId(BK),
      decision: 'accepted',
      lines: [{ lineItemId: 'gid://shopify/LineItem/1', quantity: 1 }],
    });
    const s = await o.waitFor(
      (x) => x.stage === 'awaiting_shipment' && x.allocations.length === 2,
      'both parts released',
    );
    expect(s.allocations.map((a) => [a.locationName, a.state, a.lines[0]!.quantity])).toEqual([
      ['Brooklyn Store', 'released_to_ship', 1],
      ['LA Warehouse', 'released_to_ship', 1],
    ]);
    expect(o.callsTo('shrinkReservation')).toEqual([
      { allocationId: a1, keep: [{ lineItemId: 'gid://shopify/LineItem/1', sku: 'TEE', quantity: 1 }] },
    ]);
    expect(o.callsTo('releaseReservation')).toEqual([]);
    expect(o.partnerMessages()).toEqual([
      `allocation.requested ${a1}`,
      `allocation.changed ${a1}`,
      `allocation.released ${a1}`,
      `allocation.released ${a2}`,
    ]);
    expect(o.callsTo('captureForAllocation').map((c) => c.targetCaptured)).toEqual(['20.00', '40.00']);
  });

  it('silence past the window counts as a refusal: the request is withdrawn and the lines rerouted', async () => {
    const o = await wf.order({ allocate: routesTo({ ...BK, acceptanceWindowSeconds: 1 }, LA) });
    const s = await o.waitForStage('awaiting_shipment');
    expect(s.allocations.map((a) => [a.locationName, a.state, a.rejectionReason])).toEqual([
      ['Brooklyn Store', 'rejected', 'no answer within 1s'],
      ['LA Warehouse', 'released_to_ship', null],
    ]);
    expect(o.callsTo('releaseReservation')).toEqual([`${o.orderId}-A1`]);
    expect(o.partnerMessages()).toEqual([
      `allocation.requested ${o.orderId}-A1`,
      `allocation.cancelled ${o.orderId}-A1`,
      `allocation.released ${o.orderId}-A2`,
    ]);
  });

  it('past maxRouteAttempts reroutes, a person decides; retry routes again', async () => {
    const places = ['Store 1', 'Store 2', 'Store 3'].map((name): Place => ({
      name,
      requiresAcceptance: true,
      acceptanceWindowSeconds: 3600,
    }));
    const o = await wf.order({ allocate: routesTo(...places) }, { maxRouteAttempts: 1 });
    for (const [i, place] of places.slice(0, 2).entries()) {
      await o.waitFor(
        (s) => s.stage === 'awaiting_acceptance' && s.allocations.length === i + 1,
        `allocation ${i + 1} asked`,
      );
      await answer(o, place, `${o.orderId}-A${i + 1}`, 'rejected');
    }
    const s = await o.waitForAttention(/1 reroutes and still no partner accepts/);
    expect(s.attention!.actions).toEqual(['retry', 'reroute', 'cancel']);
    expect(o.callsTo('allocate')).toHaveLength(2);
    expect(o.callsTo('releaseReservation')).toEqual([`${o.orderId}-A1`, `${o.orderId}-A2`]);

    await o.update(retryUpdate, {});
    const again = await o.waitFor(
      (x) => x.stage === 'awaiting_acceptance' && x.allocations.length === 3,
      'third allocation asked',
    );
    expect(again.allocations[2]!.locationName).toBe('Store 3');
    expect(again.attention).toBeNull();
  });
});
