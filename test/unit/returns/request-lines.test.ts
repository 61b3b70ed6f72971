import { describe, expect, it } from 'vitest';
import { mapReturnLines, type FulfilledLine } from '../../../src/returns/request-lines';

const fulfilled: FulfilledLine[] = [
  { fulfillmentLineItemId: 'F1', lineItemId: 'gid://shopify/LineItem/11', sku: 'TEE', quantity: 2 },
  { fulfillmentLineItemId: 'F2', lineItemId: 'gid://shopify/LineItem/11', sku: 'TEE', quantity: 1 },
  { fulfillmentLineItemId: 'F3', lineItemId: 'gid://shopify/LineItem/12', sku: 'MUG', quantity: 1 },
];

describe("a call centre's return lines onto Shopify's fulfillment line items", () => {
  it('spreads a SKU over its fulfillments, skipping units other returns hold', () => {
    const m = mapReturnLines([{ sku: 'TEE', quantity: 2, reason: 'SIZE_TOO_SMALL' }], fulfilled, new Map([['F1', 1]]));
    expect(m).toEqual({
      ok: true,
      lines: [
        { fulfillmentLineItemId: 'F1', quantity: 1, returnReason: 'SIZE_TOO_SMALL', returnReasonNote: '' },
        { fulfillmentLineItemId: 'F2', quantity: 1, returnReason: 'SIZE_TOO_SMALL', returnReasonNote: '' },
      ],
    });
  });

  it('names a line by its line item id (GID or number)', () => {
    const m = mapReturnLines([{ lineItemId: '12', quantity: 1 }], fulfilled, new Map());
    expect(m.ok && m.lines[0]?.fulfillmentLineItemId).toBe('F3');
  });

  it('refuses more than is fulfilled and not already returned, naming the line', () => {
    const m = mapReturnLines(
      [
        { sku: 'MUG', quantity: 1 },
        { sku: 'TEE', quantity: 4 },
      ],
      fulfilled,
      new Map(),
    );
    expect(m).toEqual({
      ok: false,
      field: 'lines.1.quantity',
      problem: expect.stringMatching(/only 3 of 4 units of TEE/),
    });
    expect(mapReturnLines([{ sku: 'HAT', quantity: 1 }], fulfilled, new Map())).toMatchObject({
      ok: false,
      field: 'lines.0',
    });
  });
});
