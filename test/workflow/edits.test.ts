import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editUpdate, partnerAcknowledgmentSignal, skipUpdate } from '../../src/order/contract';
import type { OrderLine } from '../../src/order/types';
import {
  BK,
  LA,
  orderSnapshot,
  partnerId,
  refuse,
  routesTo,
  WorkflowHarness,
  type Script,
  type TestOrder,
} from '../support/workflow-harness';

/** Operators' edits while partners decide: made in Shopify once, only the changed lines move, the capture follows. */
let wf: WorkflowHarness;
beforeAll(async () => (wf = await WorkflowHarness.start('wf-edits')));
afterAll(() => wf?.close());

const TEE = 'gid://shopify/LineItem/1';
const CAP = 'gid://shopify/LineItem/9';
const line = (lineItemId: string, sku: string, quantity: number, unit: number): OrderLine => ({
  lineItemId,
  sku,
  title: sku,
  quantity,
  requiresShipping: true,
  discountedTotal: (quantity * unit).toFixed(2),
});

/** A Shopify that applies edits: loadOrder reads the lines applyOrderEdit left (TEE 20.00, CAP 5.00; 100.00 authorized). */
function editableShop(orderId: string): Partial<Script> & { lines: OrderLine[] } {
  const prices: Record<string, number> = { TEE: 20, CAP: 5 };
  const shop = {
    lines: [line(TEE, 'TEE', 2, 20)],
    allocate: routesTo(BK, LA),
    loadOrder: async () => {
      const total = shop.lines.reduce((n, l) => n + Number(l.discountedTotal), 0).toFixed(2);
      return orderSnapshot(orderId, {
        lines: shop.lines,
        total,
        transactions: orderSnapshot(orderId).transactions.map((t) => ({ ...t, amount: '100.00' })),
      });
    },
    applyOrderEdit: async (input: Parameters<Script['applyOrderEdit']>[0]) => {
      for (const s of input.set) {
        const l = shop.lines.find((x) => x.lineItemId === s.lineItemId)!;
        Object.assign(l, line(l.lineItemId, l.sku, s.quantity, prices[l.sku]!));
      }
      for (const a of input.add) shop.lines.push(line(CAP, a.sku, a.quantity, prices[a.sku]!));
      return {
        committed: true,
        lines: shop.lines.map((l) => ({ lineItemId: l.lineItemId, sku: l.sku, quantity: l.quantity })),
      };
    },
  };
  return shop;
}

const accept = (o: TestOrder, allocationId: string) =>
  o.signal(partnerAcknowledgmentSignal, { allocationId, partnerId: partnerId(BK), decision: 'accepted' });

describe('ops edit', () => {
  it('adding a unit: made in Shopify, only the added unit is routed and asked for, the capture follows the new total', async () => {
    const o = await wf.order(editableShop('edit-1'));
    await o.waitForStage('awaiting_acceptance');
    const outcome = await o.update(editUpdate, { add: [{ sku: 'TEE', quantity: 1 }], by: 'ann' });
    expect(outcome).toMatchObject({ action: 'edit', accepted: true, editKey: `${o.workflowId}:edit-1` });
    await o.waitFor((s) => s.allocations.length === 2 && s.stage === 'awaiting_acceptance', 'the added unit asked for');
    expect(o.callsTo('applyOrderEdit')).toEqual([
      {
        orderGid: `gid://shopify/Order/${o.orderId}`,
        editKey: `${o.workflowId}:edit-1`,
        set: [{ lineItemId: TEE, quantity: 3 }],
        add: [],
        note: 'TEE 2 -> 3 (by ann)',
      },
    ]);
    expect(o.callsTo('allocate').map((r) => r.lines)).toEqual([
      [{ lineItemId: TEE, sku: 'TEE', quantity: 2 }],
      [{ lineItemId: TEE, sku: 'TEE', quantity: 1 }],
    ]);
    expect(o.partnerMessages()).toEqual([
      `allocation.requested ${o.orderId}-A1`,
      `allocation.requested ${o.orderId}-A2`,
    ]);
    await accept(o, `${o.orderId}-A1`);
    await accept(o, `${o.orderId}-A2`);
    await o.waitForStage('awaiting_shipment');
    expect(o.callsTo('captureForAllocation').map((c) => c.targetCaptured)).toEqual(['40.00', '60.00']);
  });

  it('removing a unit from what a partner was asked for: its reservation shrinks and it is told (an 860 change for a vendor)', async () => {
    const o = await wf.order(editableShop('edit-2'));
    await o.waitForStage('awaiting_acceptance');
    await o.update(editUpdate, { set: [{ line: 'TEE', quantity: 1 }] });
    await o.waitFor((s) => s.allocations[0]!.lines[0]!.quantity === 1, 'the allocation shrunk');
    await o.waitFor(() => o.partnerMessages().length === 2, 'the partner told');
    expect(o.callsTo('shrinkReservation')).toEqual([
      { allocationId: `${o.orderId}-A1`, keep: [{ lineItemId: TEE, sku: 'TEE', quantity: 1 }] },
    ]);
    expect(o.partnerMessages()).toEqual([`allocation.requested ${o.orderId}-A1`, `allocation.changed ${o.orderId}-A1`]);
    expect(o.callsTo('allocate')).toHaveLength(1);
    await accept(o, `${o.orderId}-A1`);
    await o.waitForStage('awaiting_shipment');
    expect(o.callsTo('captureForAllocation').map((c) => c.targetCaptured)).toEqual(['20.00']);
  });

  it('a substitution withdraws the old SKU from its partner and routes the new one', async () => {
    const o = await wf.order(editableShop('edit-3'));
    await o.waitForStage('awaiting_acceptance');
    await o.update(editUpdate, { substitute: [{ line: TEE, sku: 'CAP' }] });
    const s = await o.waitFor((x) => x.allocations.length === 2 && x.stage === 'awaiting_acceptance', 'CAP routed');
    expect(s.allocations.map((a) => [a.id, a.state, a.lines.map((l) => `${l.quantity} x ${l.sku}`).join()])).toEqual([
      [`${o.orderId}-A1`, 'cancelled', '2 x TEE'],
      [`${o.orderId}-A2`, 'awaiting_acceptance', '2 x CAP'],
    ]);
    expect(o.callsTo('applyOrderEdit')[0]).toMatchObject({
      set: [{ lineItemId: TEE, quantity: 0 }],
      add: [{ sku: 'CAP', quantity: 2 }],
    });
    expect(o.callsTo('releaseReservation')).toEqual([`${o.orderId}-A1`]);
    expect(o.partnerMessages()).toEqual([
      `allocation.requested ${o.orderId}-A1`,
      `allocation.cancelled ${o.orderId}-A1`,
      `allocation.requested ${o.orderId}-A2`,
    ]);
    await accept(o, `${o.orderId}-A2`);
    await o.waitForStage('awaiting_shipment');
    expect(o.callsTo('captureForAllocation').map((c) => c.targetCaptured)).toEqual(['10.00']);
  });

  it('Shopify refusing the edit asks a person; skip leaves the order and its allocations as they were', async () => {
    const shop = editableShop('edit-5');
    const o = await wf.order({
      ...shop,
      applyOrderEdit: async () =>
        refuse('orderEditCommit: Quantity cannot be less than the 1 fulfilled unit(s)', 'ShopifyUserError'),
    });
    await o.waitForStage('awaiting_acceptance');
    await o.update(editUpdate, { set: [{ line: 'TEE', quantity: 1 }] });
    await o.waitForAttention(/Edit #edit-5 in Shopify: TEE 2 -> 1 failed: orderEditCommit: Quantity cannot/);
    await o.update(skipUpdate, {});
    const s = await o.waitFor(
      (x) => x.timeline.some((t) => /Edit .*:edit-1 skipped by an operator/.test(t.event)),
      'the skip noted',
    );
    expect(s.attention).toBeNull();
    expect(s.allocations.map((a) => [a.state, a.lines[0]!.quantity])).toEqual([['awaiting_acceptance', 2]]);
    expect(o.callsTo('shrinkReservation')).toEqual([]);
  });

  it('the validator refuses with the reason, and nothing is edited', async () => {
    const o = await wf.order(editableShop('edit-4'));
    await o.waitForStage('awaiting_acceptance');
    expect(await o.refusal(editUpdate, { set: [{ line: 'HAT', quantity: 1 }] })).toMatch(
      /edit refused: set\[0\]\.line: the order has no line HAT/,
    );
    expect(await o.refusal(editUpdate, { substitute: [{ line: 'TEE', sku: 'TEE' }] })).toMatch(/the line's own SKU/);
    expect(await o.refusal(editUpdate, { set: [{ line: 'TEE', quantity: 5000 }] })).toMatch(/from 0 to 1000/);
    await accept(o, `${o.orderId}-A1`);
    await o.waitForStage('awaiting_shipment');
    // Once captured, an edit is taken for what has not shipped (edits-after-capture), never one emptying the order.
    expect(await o.refusal(editUpdate, { set: [{ line: 'TEE', quantity: 0 }] })).toMatch(
      /removes every unit; cancel the order instead/,
    );
    expect(o.callsTo('applyOrderEdit')).toEqual([]);
  });
});
