import { describe, expect, it } from 'vitest';
import type { EditableLine } from '../../src/order/edits';
import { editAfterCaptureRefusal, shippedUnits, takeOffReleased } from '../../src/order/edits-after-capture';
import type { Allocation, OrderStatus } from '../../src/order/types';

const TEE = 'gid://shopify/LineItem/1';
const MUG = 'gid://shopify/LineItem/2';
const lines: EditableLine[] = [
  { lineItemId: TEE, sku: 'TEE', quantity: 2, requiresShipping: true },
  { lineItemId: MUG, sku: 'MUG', quantity: 1, requiresShipping: true },
];

const allocation = (over: Partial<Allocation>): Allocation => ({
  id: 'o-A1',
  locationId: 'gid://shopify/Location/1',
  locationName: 'NJ Warehouse',
  partnerId: null,
  partnerName: null,
  requiresAcceptance: false,
  acceptanceWindowSeconds: 3600,
  lines: [{ lineItemId: TEE, sku: 'TEE', quantity: 2 }],
  state: 'released_to_ship',
  routeAttempt: 1,
  fulfillmentOrderIds: [],
  captureAmount: '40.00',
  captured: true,
  tracking: null,
  rejectionReason: null,
  ...over,
});

const waiting = (allocations: Allocation[]): Pick<OrderStatus, 'stage' | 'attention' | 'allocations'> => ({
  stage: 'awaiting_shipment',
  attention: null,
  allocations,
});

describe('shippedUnits', () => {
  it('counts shipped allocations, partial shipments and notices not yet in Shopify (a notice without lines: all that remains)', () => {
    const shipped = allocation({ id: 'o-A1', state: 'shipped' });
    const partly = allocation({
      id: 'o-A2',
      lines: [{ lineItemId: MUG, sku: 'MUG', quantity: 3 }],
      shipped: [{ lineItemId: MUG, sku: 'MUG', quantity: 1 }],
    });
    expect(shippedUnits([shipped, partly], [])).toEqual(
      new Map([
        [TEE, 2],
        [MUG, 1],
      ]),
    );
    expect(shippedUnits([partly], [{ allocationId: 'o-A2', lines: null }])).toEqual(new Map([[MUG, 3]]));
    expect(shippedUnits([partly], [{ allocationId: 'o-A2', lines: [{ lineItemId: MUG, quantity: 1 }] }])).toEqual(
      new Map([[MUG, 2]]),
    );
  });
});

describe('editAfterCaptureRefusal', () => {
  const teeAtNj = allocation({});
  const mugAtLa = allocation({ id: 'o-A2', lines: [{ lineItemId: MUG, sku: 'MUG', quantity: 1 }] });
  it('accepts an edit of a line that has not shipped', () => {
    const s = waiting([teeAtNj, { ...mugAtLa, state: 'shipped' }]);
    expect(editAfterCaptureRefusal(s, lines, { set: [{ line: 'TEE', quantity: 1 }] }, new Map([[MUG, 1]]))).toBeNull();
  });
  it('refuses an edit touching a shipped line, naming it', () => {
    const s = waiting([teeAtNj, { ...mugAtLa, state: 'shipped' }]);
    expect(editAfterCaptureRefusal(s, lines, { set: [{ line: 'MUG', quantity: 0 }] }, new Map([[MUG, 1]]))).toMatch(
      /line MUG has shipped 1 unit\(s\)/,
    );
    expect(editAfterCaptureRefusal(s, lines, { add: [{ sku: 'MUG', quantity: 1 }] }, new Map([[MUG, 1]]))).toMatch(
      /line MUG has shipped/,
    );
  });
  it('refuses when everything shipped, part is still being routed, a question is open, or the edit is malformed', () => {
    expect(
      editAfterCaptureRefusal(
        waiting([{ ...teeAtNj, state: 'shipped' }]),
        lines,
        { add: [{ sku: 'CAP', quantity: 1 }] },
        new Map(),
      ),
    ).toMatch(/everything has shipped/);
    expect(
      editAfterCaptureRefusal(
        waiting([teeAtNj, { ...mugAtLa, state: 'accepted' }]),
        lines,
        { set: [{ line: 'TEE', quantity: 1 }] },
        new Map(),
      ),
    ).toMatch(/still being routed or captured/);
    expect(
      editAfterCaptureRefusal(
        { ...waiting([teeAtNj]), attention: { reason: 'late', since: '', actions: ['retry'] } },
        lines,
        { set: [{ line: 'TEE', quantity: 1 }] },
        new Map(),
      ),
    ).toMatch(/needs attention/);
    expect(
      editAfterCaptureRefusal(waiting([teeAtNj]), lines, { set: [{ line: 'TEE', quantity: -1 }] }, new Map()),
    ).toMatch(/set\[0\]\.quantity/);
  });
});

describe('takeOffReleased', () => {
  it('takes units off allocations released to ship, last first, never shipped units; reports what none could give back', () => {
    const a1 = allocation({ id: 'o-A1' });
    const a2 = allocation({ id: 'o-A2', lines: [{ lineItemId: TEE, sku: 'TEE', quantity: 1 }] });
    const { changed, left } = takeOffReleased([a1, a2], new Map([[TEE, 1]]));
    expect([...changed]).toEqual([
      ['o-A2', []],
      ['o-A1', [{ lineItemId: TEE, sku: 'TEE', quantity: 1 }]],
    ]);
    expect(left).toEqual([]);
    const partly = allocation({ shipped: [{ lineItemId: TEE, sku: 'TEE', quantity: 2 }] });
    expect(takeOffReleased([partly], new Map([[TEE, 1]]))).toEqual({
      changed: new Map(),
      left: [{ lineItemId: TEE, sku: 'TEE', quantity: 1 }],
    });
  });
});
