import { describe, expect, it } from 'vitest';
import { fulfillmentOrderIdsHolding, nextMove } from '../../src/routing/fulfillment-orders';
import type { FulfillmentOrderSnapshot } from '../../src/order/types';

const fo = (
  id: string,
  locationId: string,
  lines: [string, number][],
  status = 'ON_HOLD',
): FulfillmentOrderSnapshot => ({
  id,
  status,
  requestStatus: 'UNSUBMITTED',
  locationId,
  holds: [],
  lines: lines.map(([lineItemId, q], i) => ({
    id: `${id}-l${i}`,
    lineItemId,
    sku: null,
    remainingQuantity: q,
    totalQuantity: q,
  })),
});

describe('fulfillment order moves', () => {
  it('moves the whole fulfillment order when one allocation takes everything elsewhere', () => {
    const move = nextMove(
      [
        fo('F1', 'X', [
          ['L1', 2],
          ['L2', 1],
        ]),
      ],
      [
        {
          id: 'A1',
          locationId: 'Y',
          lines: [
            { lineItemId: 'L1', sku: 'T', quantity: 2 },
            { lineItemId: 'L2', sku: 'M', quantity: 1 },
          ],
        },
      ],
    );
    expect(move).toEqual({ fulfillmentOrderId: 'F1', newLocationId: 'Y', lines: null });
  });

  it('moves only the split-off lines and leaves the rest where they are needed', () => {
    const allocations = [
      { id: 'A1', locationId: 'X', lines: [{ lineItemId: 'L1', sku: 'T', quantity: 2 }] },
      { id: 'A2', locationId: 'Y', lines: [{ lineItemId: 'L2', sku: 'M', quantity: 1 }] },
    ];
    expect(
      nextMove(
        [
          fo('F1', 'X', [
            ['L1', 2],
            ['L2', 1],
          ]),
        ],
        allocations,
      ),
    ).toEqual({
      fulfillmentOrderId: 'F1',
      newLocationId: 'Y',
      lines: [{ id: 'F1-l1', quantity: 1 }],
    });
    // After the move, nothing is left to do, and each allocation finds its fulfillment order.
    const after = [fo('F1', 'X', [['L1', 2]]), fo('F2', 'Y', [['L2', 1]], 'OPEN')];
    expect(nextMove(after, allocations)).toBeNull();
    expect(fulfillmentOrderIdsHolding(after, allocations[0]!)).toEqual(['F1']);
    expect(fulfillmentOrderIdsHolding(after, allocations[1]!)).toEqual(['F2']);
  });

  it('splits a quantity of one line between two locations', () => {
    const allocations = [
      { id: 'A1', locationId: 'X', lines: [{ lineItemId: 'L1', sku: 'T', quantity: 2 }] },
      { id: 'A2', locationId: 'Y', lines: [{ lineItemId: 'L1', sku: 'T', quantity: 1 }] },
    ];
    expect(nextMove([fo('F1', 'X', [['L1', 3]])], allocations)).toEqual({
      fulfillmentOrderId: 'F1',
      newLocationId: 'Y',
      lines: [{ id: 'F1-l0', quantity: 1 }],
    });
  });

  it('never moves closed fulfillment orders or ones submitted to a fulfillment service', () => {
    const allocations = [{ id: 'A1', locationId: 'Y', lines: [{ lineItemId: 'L1', sku: 'T', quantity: 1 }] }];
    expect(nextMove([fo('F1', 'X', [['L1', 1]], 'CLOSED')], allocations)).toBeNull();
    expect(nextMove([{ ...fo('F1', 'X', [['L1', 1]]), requestStatus: 'SUBMITTED' }], allocations)).toBeNull();
  });
});
