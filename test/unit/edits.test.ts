import { describe, expect, it } from 'vitest';
import { describeEdit, editRefusal, planEdit, unroutedUnits, type EditableLine } from '../../src/order/edits';
import type { Allocation, OrderStatus } from '../../src/order/types';
import { editArgs, parseCommand } from '../../src/ops/cli';

const lines: EditableLine[] = [
  { lineItemId: 'gid://shopify/LineItem/1', sku: 'TEE', quantity: 2, requiresShipping: true },
  { lineItemId: 'gid://shopify/LineItem/2', sku: 'MUG', quantity: 1, requiresShipping: true },
];

const allocation = (over: Partial<Allocation>): Allocation => ({
  id: 'o-A1',
  locationId: 'gid://shopify/Location/1',
  locationName: 'NJ Warehouse',
  partnerId: null,
  partnerName: null,
  requiresAcceptance: true,
  acceptanceWindowSeconds: 3600,
  lines: [
    { lineItemId: 'gid://shopify/LineItem/1', sku: 'TEE', quantity: 2 },
    { lineItemId: 'gid://shopify/LineItem/2', sku: 'MUG', quantity: 1 },
  ],
  state: 'awaiting_acceptance',
  routeAttempt: 1,
  fulfillmentOrderIds: [],
  captureAmount: null,
  captured: false,
  tracking: null,
  rejectionReason: null,
  ...over,
});

const accepting: Pick<OrderStatus, 'stage' | 'attention' | 'allocations'> = {
  stage: 'awaiting_acceptance',
  attention: null,
  allocations: [allocation({})],
};

describe('planEdit', () => {
  it('sets quantities by SKU or line id, adds a unit to a line that has the SKU and a new variant as a new line', () => {
    const planned = planEdit(lines, {
      set: [{ line: 'gid://shopify/LineItem/2', quantity: 0 }],
      add: [
        { sku: 'TEE', quantity: 1 },
        { sku: 'CAP', quantity: 2 },
      ],
    });
    expect(planned).toEqual({
      plan: {
        set: [
          { lineItemId: 'gid://shopify/LineItem/1', sku: 'TEE', from: 2, to: 3 },
          { lineItemId: 'gid://shopify/LineItem/2', sku: 'MUG', from: 1, to: 0 },
        ],
        add: [{ sku: 'CAP', quantity: 2 }],
      },
    });
    expect(describeEdit((planned as { plan: any }).plan)).toBe('TEE 2 -> 3, MUG 1 -> 0, + 2 x CAP');
  });

  it('a substitution takes units off the line and adds the other SKU (all of the line unless a quantity is given)', () => {
    expect(planEdit(lines, { substitute: [{ line: 'TEE', sku: 'TEE-WHT', quantity: 1 }] })).toEqual({
      plan: {
        set: [{ lineItemId: 'gid://shopify/LineItem/1', sku: 'TEE', from: 2, to: 1 }],
        add: [{ sku: 'TEE-WHT', quantity: 1 }],
      },
    });
    expect(planEdit(lines, { substitute: [{ line: 'MUG', sku: 'TEE' }] })).toEqual({
      plan: {
        set: [
          { lineItemId: 'gid://shopify/LineItem/1', sku: 'TEE', from: 2, to: 3 },
          { lineItemId: 'gid://shopify/LineItem/2', sku: 'MUG', from: 1, to: 0 },
        ],
        add: [],
      },
    });
  });

  it.each([
    [{ set: [{ line: 'HAT', quantity: 1 }] }, /set\[0\]\.line: the order has no line HAT/],
    [{ set: [{ line: 'TEE', quantity: -1 }] }, /set\[0\]\.quantity must be a whole number from 0 to 1000/],
    [{ set: [{ line: 'TEE', quantity: 1.5 }] }, /set\[0\]\.quantity/],
    [{ add: [{ sku: '', quantity: 1 }] }, /add\[0\]\.sku must be a SKU/],
    [{ add: [{ sku: 'CAP', quantity: 0 }] }, /add\[0\]\.quantity/],
    [{ substitute: [{ line: 'TEE', sku: 'TEE' }] }, /substitute\[0\]\.sku: TEE is the line's own SKU/],
    [{ substitute: [{ line: 'TEE', sku: 'CAP', quantity: 3 }] }, /line TEE has 2 unit\(s\), not 3/],
    [{ set: [{ line: 'TEE', quantity: 2 }] }, /leaves every line as it is/],
    [
      {
        set: [
          { line: 'TEE', quantity: 0 },
          { line: 'MUG', quantity: 0 },
        ],
      },
      /removes every unit; cancel the order instead/,
    ],
    [{}, /names no change/],
    [{ set: 'TEE' }, /set must be a list/],
    [{ set: [{ line: 'TEE', quantity: 1 }], by: 7 }, /by must be a string/],
  ])('refuses %j', (args, reason) => {
    const planned = planEdit(lines, args as never);
    expect('problem' in planned && planned.problem).toMatch(reason);
  });

  it('asks for the line id when a SKU is on two lines', () => {
    const twice = [
      ...lines,
      { lineItemId: 'gid://shopify/LineItem/3', sku: 'TEE', quantity: 1, requiresShipping: true },
    ];
    const planned = planEdit(twice, { set: [{ line: 'TEE', quantity: 1 }] });
    expect('problem' in planned && planned.problem).toMatch(/SKU TEE is on 2 lines; name the line by its id/);
  });
});

describe('editRefusal', () => {
  const edit = { set: [{ line: 'TEE', quantity: 3 }] };
  it('accepts an edit while partners decide', () => {
    expect(editRefusal(accepting, lines, edit)).toBeNull();
  });
  it('refuses outside acceptance, with attention open, once captured or released, before the order is read', () => {
    expect(editRefusal({ ...accepting, stage: 'awaiting_shipment' }, lines, edit)).toMatch(
      /while partners are asked to accept.*stage awaiting_shipment/,
    );
    expect(
      editRefusal({ ...accepting, attention: { reason: 'No 997', since: '', actions: ['retry'] } }, lines, edit),
    ).toMatch(/needs attention \("No 997"\)/);
    expect(editRefusal({ ...accepting, allocations: [allocation({ captured: true })] }, lines, edit)).toMatch(
      /captured or released/,
    );
    expect(editRefusal(accepting, null, edit)).toMatch(/not been read/);
    expect(editRefusal(accepting, lines, { set: [{ line: 'HAT', quantity: 1 }] })).toMatch(/no line HAT/);
  });
});

describe('unroutedUnits', () => {
  it('is what no live allocation holds', () => {
    const edited = [
      { ...lines[0]!, quantity: 3 },
      lines[1]!,
      { lineItemId: 'gid://shopify/LineItem/4', sku: 'CAP', quantity: 2, requiresShipping: true },
    ];
    const rejected = allocation({ id: 'o-A0', state: 'rejected' });
    expect(unroutedUnits(edited, [rejected, allocation({})])).toEqual([
      { lineItemId: 'gid://shopify/LineItem/1', sku: 'TEE', quantity: 1 },
      { lineItemId: 'gid://shopify/LineItem/4', sku: 'CAP', quantity: 2 },
    ]);
    expect(unroutedUnits(lines, [allocation({})])).toEqual([]);
  });
});

describe('npm run ops -- edit', () => {
  it('turns --set, --add and --substitute into the edit', () => {
    const cmd = parseCommand([
      'edit',
      '#1001',
      '--set',
      'TEE=3, MUG=0',
      '--add=CAP=2',
      '--substitute',
      'TEE:TEE-WHT=1,MUG:CUP',
      '--by',
      'ann',
    ]);
    expect(cmd).toMatchObject({ command: 'edit', order: '#1001' });
    expect(editArgs(cmd.flags)).toEqual({
      set: [
        { line: 'TEE', quantity: 3 },
        { line: 'MUG', quantity: 0 },
      ],
      add: [{ sku: 'CAP', quantity: 2 }],
      substitute: [
        { line: 'TEE', sku: 'TEE-WHT', quantity: 1 },
        { line: 'MUG', sku: 'CUP' },
      ],
      by: 'ann',
    });
  });
  it('says what is wrong', () => {
    expect(() => editArgs(parseCommand(['edit', '1']).flags)).toThrow(/edit needs --set, --add or --substitute/);
    expect(() => editArgs(parseCommand(['edit', '1', '--set', 'TEE']).flags)).toThrow(/--set TEE: give a whole number/);
    expect(() => editArgs(parseCommand(['edit', '1', '--add', 'CAP=two']).flags)).toThrow(/--add CAP=two/);
    expect(() => editArgs(parseCommand(['edit', '1', '--substitute', 'TEE']).flags)).toThrow(/write LINE:SKU/);
  });
});
