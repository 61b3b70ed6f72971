import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  holdUpdate,
  partnerAcknowledgmentSignal,
  releaseUpdate,
  rerouteUpdate,
  retrySignal,
  retryUpdate,
  skipUpdate,
} from '../../src/order/contract';
import { OPS_HOLD_HANDLE } from '../../src/order/types';
import { BK, LA, NJ, partnerId, routesTo, WorkflowHarness } from '../support/workflow-harness';

/** Ops actions as Updates: the rules of src/order/ops.ts, allowed or refused per stage, and what each does. */
let wf: WorkflowHarness;
beforeAll(async () => (wf = await WorkflowHarness.start('wf-ops')));
afterAll(() => wf?.close());

describe('ops actions', () => {
  it('retry needs an attention that offers it; a signal that does not fit is ignored with the reason', async () => {
    const o = await wf.order({ allocate: routesTo(BK) });
    await o.waitForStage('awaiting_acceptance');
    expect(await o.refusal(retryUpdate, {})).toBe(
      'retry refused: retry applies when the order needs attention; it is in stage awaiting_acceptance and needs none',
    );
    await o.signal(retrySignal, { by: 'ann' });
    await o.waitFor(
      (s) =>
        s.timeline.some(
          (t) =>
            t.event ===
            'Ignored retry: retry applies when the order needs attention; it is in stage awaiting_acceptance and needs none',
        ),
      'the signal ignored',
    );
    expect((await o.status()).stage).toBe('awaiting_acceptance');
  });

  it('routing that needs a person offers retry, reroute and cancel (not skip); reroute to a named location routes there', async () => {
    // Nothing in stock, unless an operator names LA Warehouse.
    const o = await wf.order({ allocate: async (req) => (req.only ? routesTo(LA)(req) : routesTo()(req)) });
    const s = await o.waitForAttention(/^No inventory to route: TEE needs 2, 0 available$/);
    expect(s.attention!.actions).toEqual(['retry', 'reroute', 'cancel']);
    expect(await o.refusal(skipUpdate, {})).toBe(
      'skip refused: skip is not offered for "No inventory to route: TEE needs 2, 0 available"; choose one of retry, reroute, cancel',
    );

    await o.update(rerouteUpdate, { toLocation: 'LA Warehouse', by: 'ann' });
    const done = await o.waitForStage('awaiting_shipment');
    expect(o.callsTo('allocate').map((r) => r.only ?? null)).toEqual([null, 'LA Warehouse']);
    expect(done.allocations.map((a) => a.locationName)).toEqual(['LA Warehouse']);
  });

  it('reroute while a partner decides withdraws it and routes elsewhere; refused for an unknown allocation and once released', async () => {
    const o = await wf.order({ allocate: routesTo(BK, LA) });
    const a1 = `${o.orderId}-A1`;
    await o.waitForStage('awaiting_acceptance');
    expect(await o.refusal(rerouteUpdate, { allocationId: 'nope' })).toBe(
      `reroute refused: allocation nope cannot be rerouted; these can: ${a1}`,
    );

    expect(await o.update(rerouteUpdate, { exclude: ['Brooklyn Store'], by: 'ann' })).toMatchObject({
      accepted: true,
      message: 'reroute requested',
    });
    const s = await o.waitForStage('awaiting_shipment');
    expect(s.allocations.map((a) => [a.locationName, a.state, a.rejectionReason])).toEqual([
      ['Brooklyn Store', 'rejected', 'rerouted by ann'],
      ['LA Warehouse', 'released_to_ship', null],
    ]);
    expect(o.callsTo('releaseReservation')).toEqual([a1]);
    expect(o.partnerMessages().filter((m) => m.startsWith('allocation.cancelled'))).toEqual([
      `allocation.cancelled ${a1}`,
    ]);
    expect(await o.refusal(rerouteUpdate, {})).toBe(
      'reroute refused: reroute applies while partners are asked to accept or routing needs a person; the order is in stage awaiting_shipment',
    );
  });

  it('a hold before capture stops the capture until release; hold twice and release unheld are refused', async () => {
    const o = await wf.order({ allocate: routesTo(BK) });
    await o.waitForStage('awaiting_acceptance');
    expect(await o.refusal(releaseUpdate, {})).toBe('release refused: the order is not on hold');
    await o.update(holdUpdate, { reason: 'address check', by: 'ann' });
    expect(await o.refusal(holdUpdate, {})).toMatch(
      /^hold refused: the order is already on hold since .* \(address check\)$/,
    );

    await o.signal(partnerAcknowledgmentSignal, {
      allocationId: `${o.orderId}-A1`,
      partnerId: partnerId(BK),
      decision: 'accepted',
    });
    const held = await o.waitForWaiting(/^the operator hold to be released before capturing and releasing/);
    expect(held.stage).toBe('capturing');
    expect(o.callsTo('captureForAllocation')).toEqual([]);

    await o.update(releaseUpdate, { by: 'ann' });
    await o.waitForStage('awaiting_shipment');
    expect(o.callsTo('captureForAllocation')).toHaveLength(1);
  });

  it('a hold after release to ship holds the fulfillment orders in Shopify under the ops handle; release lifts it', async () => {
    const o = await wf.order({ allocate: routesTo(NJ) });
    const fo = `${o.orderId}-A1-FO`;
    await o.waitForStage('awaiting_shipment');
    await o.update(holdUpdate, { reason: 'address check' });
    const held = await o.waitFor((s) => s.holds.some((h) => h.handle === OPS_HOLD_HANDLE), 'the ops hold in Shopify');
    expect(held.holds).toEqual([{ fulfillmentOrderId: fo, handle: OPS_HOLD_HANDLE, reason: 'address check' }]);
    expect(o.callsTo('holdForOperator')).toEqual([
      { orderGid: `gid://shopify/Order/${o.orderId}`, fulfillmentOrderIds: [fo], reason: 'address check' },
    ]);

    await o.update(releaseUpdate, {});
    const free = await o.waitFor(
      (s) => !s.opsHold && s.holds.length === 0 && s.stage === 'awaiting_shipment',
      'the hold lifted',
    );
    expect(free.waiting!.what).toMatch(/^ship notices from NJ Warehouse/);
    expect(o.callsTo('releaseHolds').at(-1)).toEqual({
      orderGid: `gid://shopify/Order/${o.orderId}`,
      fulfillmentOrderIds: [fo],
      handle: OPS_HOLD_HANDLE,
    });
  });
});
