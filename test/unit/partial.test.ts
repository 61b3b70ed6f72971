import { describe, expect, it } from 'vitest';
import { excessOf, splitLines, subtractLines } from '../../src/order/partial';
import { pickLines } from '../../src/activities/fulfillment';

const lines = [
  { lineItemId: 'L1', sku: 'MUG', quantity: 3 },
  { lineItemId: 'L2', sku: 'TEE', quantity: 1 },
];

describe('partial acceptance and shipment arithmetic', () => {
  it('splits an allocation by reported quantities, never beyond what it holds', () => {
    expect(splitLines(lines, [{ lineItemId: 'L1', quantity: 2 }])).toEqual({
      taken: [{ lineItemId: 'L1', sku: 'MUG', quantity: 2 }],
      rest: [
        { lineItemId: 'L1', sku: 'MUG', quantity: 1 },
        { lineItemId: 'L2', sku: 'TEE', quantity: 1 },
      ],
    });
    expect(
      splitLines(lines, [
        { lineItemId: 'L1', quantity: 9 },
        { lineItemId: 'L2', quantity: 1 },
      ]).rest,
    ).toEqual([]);
    expect(
      splitLines(lines, [
        { lineItemId: 'L9', quantity: 1 },
        { lineItemId: 'L2', quantity: -4 },
      ]).taken,
    ).toEqual([]);
  });
  it('subtracts what shipped', () => {
    expect(subtractLines(lines, [{ lineItemId: 'L1', sku: 'MUG', quantity: 1 }])).toEqual([
      { lineItemId: 'L1', sku: 'MUG', quantity: 2 },
      { lineItemId: 'L2', sku: 'TEE', quantity: 1 },
    ]);
    expect(subtractLines(lines, lines)).toEqual([]);
  });
  it('picks fulfillment-order line items for a partial shipment from what remains open', () => {
    const fo = (id: string, items: [string, string, number][]) => ({
      id,
      status: 'OPEN',
      requestStatus: 'UNSUBMITTED',
      locationId: 'loc',
      holds: [],
      lines: items.map(([lid, li, q]) => ({
        id: lid,
        lineItemId: li,
        sku: null,
        remainingQuantity: q,
        totalQuantity: q,
      })),
    });
    expect(
      pickLines(
        [
          fo('FO1', [['a', 'L1', 1]]),
          fo('FO2', [
            ['b', 'L1', 2],
            ['c', 'L2', 1],
          ]),
        ],
        [{ lineItemId: 'L1', sku: 'MUG', quantity: 2 }],
      ),
    ).toEqual([
      { fulfillmentOrderId: 'FO1', fulfillmentOrderLineItems: [{ id: 'a', quantity: 1 }] },
      { fulfillmentOrderId: 'FO2', fulfillmentOrderLineItems: [{ id: 'b', quantity: 1 }] },
    ]);
  });
  it('finds units a ship notice reports beyond what remains (never capped silently)', () => {
    expect(excessOf(lines, [{ lineItemId: 'L1', quantity: 2 }])).toEqual([]);
    expect(
      excessOf(lines, [
        { lineItemId: 'L1', quantity: 2 },
        { lineItemId: 'L1', quantity: 2 },
      ]),
    ).toEqual([{ lineItemId: 'L1', sku: 'MUG', quantity: 1 }]);
    expect(excessOf(lines, [{ lineItemId: 'L9', quantity: 1 }])).toEqual([
      { lineItemId: 'L9', sku: 'L9', quantity: 1 },
    ]);
  });
});
