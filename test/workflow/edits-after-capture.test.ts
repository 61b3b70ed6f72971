import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editUpdate, shipmentSignal, skipUpdate } from '../../src/order/contract';
import type { OrderLine } from '../../src/order/types';
import {
  LA,
  NJ,
  allocationAt,
  authorization,
  orderSnapshot,
  partnerId,
  WorkflowHarness,
  type Script,
} from '../support/workflow-harness';

/** An edit accepted after the capture whose line ships before its turn comes: put to a person, never dropped. */
let wf: WorkflowHarness;
beforeAll(async () => (wf = await WorkflowHarness.start('wf-edits-after-capture')));
afterAll(() => wf?.close());

const TEE = 'gid://shopify/LineItem/1';
const MUG = 'gid://shopify/LineItem/2';
const line = (lineItemId: string, sku: string, quantity: number, unit: number): OrderLine => ({
  lineItemId,
  sku,
  title: sku,
  quantity,
  requiresShipping: true,
  discountedTotal: (quantity * unit).toFixed(2),
});

describe('edits after the capture', () => {
  it('an edit whose line ships before it is applied is said and put to a person; skip completes the order', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const script: Partial<Script> = {
      loadOrder: async (orderGid: string) =>
        orderSnapshot(orderGid.split('/').pop()!, {
          lines: [line(TEE, 'TEE', 1, 20), line(MUG, 'MUG', 1, 15)],
          total: '35.00',
          transactions: [authorization('35.00')],
        }),
      // TEE ships from LA Warehouse, MUG from NJ Warehouse.
      allocate: async (req) => ({
        ok: true as const,
        allocations: req.lines.map((l, n) => allocationAt(l.sku === 'TEE' ? LA : NJ, { ...req, lines: [l] }, n)),
      }),
      // The TEE's fulfillment waits until the test lets it through.
      createFulfillment: async (input) => {
        if (input.allocation.id.endsWith('-A1')) await gate;
        return { fulfillmentId: `gid://shopify/Fulfillment/${input.allocation.id}`, alreadyFulfilled: false };
      },
    };
    const o = await wf.order(script);
    const [tee, mug] = [`${o.orderId}-A1`, `${o.orderId}-A2`];
    await o.waitForStage('awaiting_shipment');
    const ship = (allocationId: string, where: typeof LA, number: string) =>
      o.signal(shipmentSignal, {
        allocationId,
        partnerId: partnerId(where),
        tracking: { number, company: 'UPS', url: null },
      });
    await ship(tee, LA, '1ZTEE');
    await o.waitFor(() => o.callsTo('createFulfillment').length === 1, 'the TEE being fulfilled');
    // Taken: the MUG has not shipped yet.
    expect(await o.update(editUpdate, { set: [{ line: 'MUG', quantity: 0 }], by: 'ann' })).toMatchObject({
      accepted: true,
    });
    await ship(mug, NJ, '1ZMUG');
    open();
    const asked = await o.waitForAttention(/Edit .*:edit-1 could not be applied \(line MUG has shipped 1 unit/);
    expect(asked.timeline.some((t) => /Edit .*:edit-1 not applied: line MUG has shipped/.test(t.event))).toBe(true);
    expect(asked.allocations.map((a) => a.state)).toEqual(['shipped', 'shipped']);
    expect(o.callsTo('applyOrderEdit')).toEqual([]);
    expect(o.callsTo('cancelRemainderInShopify')).toEqual([]);
    await o.update(skipUpdate, { by: 'ann' });
    await o.waitForStage('completed');
  });
});
