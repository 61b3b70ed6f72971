import { describe, expect, it } from 'vitest';
import { argsProblem, opsRefusal, reroutableAllocations } from '../../src/order/ops';
import type { Allocation, OrderStatus } from '../../src/order/types';
import { actionArgs, filtersFrom, parseCommand, UsageError } from '../../src/ops/cli';
import { FilterError, orderListQuery } from '../../src/ops/visibility';
import { orderStaticDetails, orderStaticSummary } from '../../src/order/presentation';

function allocation(id: string, state: Allocation['state'], captured = false): Allocation {
  return {
    id,
    locationId: `L-${id}`,
    locationName: `Loc ${id}`,
    partnerId: 'p',
    partnerName: 'P',
    requiresAcceptance: true,
    acceptanceWindowSeconds: 60,
    lines: [{ lineItemId: 'li', sku: 'TEE', quantity: 1 }],
    state,
    routeAttempt: 1,
    fulfillmentOrderIds: [],
    captureAmount: null,
    captured,
    tracking: null,
    rejectionReason: null,
  };
}

type View = Pick<OrderStatus, 'stage' | 'attention' | 'allocations' | 'opsHold'>;
const healthy: View = {
  stage: 'awaiting_shipment',
  attention: null,
  allocations: [allocation('1-A1', 'released_to_ship', true)],
  opsHold: null,
};
const stuck: View = {
  stage: 'routing',
  attention: {
    reason: 'No inventory to route: TEE needs 2, 0 available',
    since: 'x',
    actions: ['retry', 'reroute', 'cancel'],
  },
  allocations: [],
  opsHold: null,
};

describe('which ops actions fit an order now', () => {
  it('retry and skip only when the order waits for a person and offers them', () => {
    expect(opsRefusal(healthy, 'retry')).toMatch(/needs none/);
    expect(opsRefusal(stuck, 'retry')).toBeNull();
    expect(opsRefusal(stuck, 'skip')).toMatch(/not offered .*choose one of retry, reroute, cancel/);
  });
  it('reroute: when routing asks for it, or while partners are asked to accept, for an allocation that can still move', () => {
    expect(opsRefusal(stuck, 'reroute', { toLocation: 'LA Warehouse' })).toBeNull();
    expect(opsRefusal(healthy, 'reroute')).toMatch(/stage awaiting_shipment/);
    const asking: View = {
      stage: 'awaiting_acceptance',
      attention: null,
      allocations: [allocation('1-A1', 'awaiting_acceptance'), allocation('1-A2', 'released_to_ship', true)],
      opsHold: null,
    };
    expect(opsRefusal(asking, 'reroute')).toBeNull();
    expect(opsRefusal(asking, 'reroute', { allocationId: '1-A2' })).toBe(
      'allocation 1-A2 cannot be rerouted; these can: 1-A1',
    );
    expect(reroutableAllocations(asking).map((a) => a.id)).toEqual(['1-A1']);
  });
  it('hold once, release only a hold; nothing once the order is closed', () => {
    expect(opsRefusal(healthy, 'hold')).toBeNull();
    const held = { ...healthy, opsHold: { reason: 'fraud check', by: 'ann', since: 't' } };
    expect(opsRefusal(held, 'hold')).toMatch(/already on hold since t \(fraud check\)/);
    expect(opsRefusal(healthy, 'release')).toBe('the order is not on hold');
    expect(opsRefusal(held, 'release')).toBeNull();
    expect(opsRefusal({ ...healthy, stage: 'completed' }, 'hold')).toBe('the order is completed');
    expect(opsRefusal({ ...healthy, stage: 'cancelling' }, 'cancel')).toBe('the order is cancelling');
    expect(
      opsRefusal(
        {
          ...healthy,
          stage: 'cancelling',
          attention: { reason: 'vendor refused to cancel', since: 't', actions: ['skip'] },
        },
        'skip',
      ),
    ).toBeNull();
  });
  it('cancel refused once anything shipped', () => {
    expect(opsRefusal(healthy, 'cancel')).toBeNull();
    expect(opsRefusal({ ...healthy, allocations: [allocation('1-A1', 'shipped', true)] }, 'cancel')).toMatch(
      /has shipped/,
    );
  });
  it('cancel after a partial shipment, in runs that cancel the remainder: accepted while something is unshipped', () => {
    const rules = { cancelsRemainder: true };
    const part = {
      ...healthy,
      allocations: [allocation('1-A1', 'shipped', true), allocation('1-A2', 'released_to_ship')],
    };
    expect(opsRefusal(part, 'cancel', undefined, rules)).toBeNull();
    expect(opsRefusal(part, 'cancel')).toMatch(/part of the order has shipped/); // runs recorded before
    const all = { ...healthy, allocations: [allocation('1-A1', 'shipped', true), allocation('1-A2', 'cancelled')] };
    expect(opsRefusal(all, 'cancel', undefined, rules)).toBe(
      'everything has shipped; settle the cancel as a return in Shopify',
    );
  });
  it('cancel accepted after a shipment when the order asks a person about a crossed cancel (it then withdraws what has not shipped)', () => {
    const asked: View = {
      ...healthy,
      allocations: [allocation('1-A1', 'shipped', true)],
      attention: { reason: 'Cancel by Shopify came after 1-A1 shipped', since: 't', actions: ['skip', 'cancel'] },
    };
    expect(opsRefusal(asked, 'cancel')).toBeNull();
    expect(opsRefusal(asked, 'skip')).toBeNull();
  });
  it('argument shapes', () => {
    expect(argsProblem('retry', {})).toBeNull();
    expect(argsProblem('retry', undefined)).toBeNull();
    expect(argsProblem('retry', 'now')).toMatch(/takes a JSON object/);
    expect(argsProblem('reroute', { exclude: 'Brooklyn Store' })).toMatch(/exclude must be a list/);
    expect(argsProblem('hold', { reason: 42 })).toBe('reason must be a string');
    expect(opsRefusal(stuck, 'reroute', { toLocation: 7 })).toBe('toLocation must be a string');
  });
});

describe('visibility queries', () => {
  it('builds the list filters ops use', () => {
    expect(orderListQuery({ attention: true, shop: 's.myshopify.com', open: true })).toBe(
      'WorkflowType = "orderWorkflow" AND NeedsAttention = true AND ShopDomain = "s.myshopify.com" AND ExecutionStatus = "Running"',
    );
    expect(
      orderListQuery({ stage: 'awaiting_acceptance', location: 'Brooklyn Store', partner: 'acme', name: '#1001' }),
    ).toBe(
      'WorkflowType = "orderWorkflow" AND OrderStage = "awaiting_acceptance" AND FulfillmentLocations = "Brooklyn Store" AND Partners = "acme" AND OrderName = "#1001"',
    );
  });
  it('refuses values that would break out of the query', () => {
    expect(() => orderListQuery({ name: '#1" OR 1=1' })).toThrow(FilterError);
    expect(() => orderListQuery({ location: '  ' })).toThrow(/location must not be empty/);
    expect(() => orderListQuery({ stage: 'lost' as never })).toThrow(/stage must be one of/);
  });
});

describe('npm run ops arguments', () => {
  it('parses list filters and action flags', () => {
    const list = parseCommand(['list', '--attention', '--stage', 'routing', '--location=LA Warehouse']);
    expect(filtersFrom(list.flags, 'shop.myshopify.com')).toEqual({
      shop: 'shop.myshopify.com',
      attention: true,
      open: true,
      stage: 'routing',
      location: 'LA Warehouse',
    });
    expect(filtersFrom(parseCommand(['list', '--all']).flags, undefined)).toEqual({});
    const reroute = parseCommand([
      'reroute',
      '#1001',
      '--to',
      'LA Warehouse',
      '--exclude',
      'Brooklyn Store, NJ Warehouse',
      '--by',
      'ann',
    ]);
    expect(reroute.order).toBe('#1001');
    expect(actionArgs('reroute', reroute.flags)).toEqual({
      by: 'ann',
      toLocation: 'LA Warehouse',
      exclude: ['Brooklyn Store', 'NJ Warehouse'],
    });
    expect(actionArgs('hold', parseCommand(['hold', '1', '--reason', 'address check']).flags)).toEqual({
      reason: 'address check',
    });
  });
  it('says what is wrong with a command', () => {
    expect(() => parseCommand([])).toThrow(UsageError);
    expect(() => parseCommand(['frobnicate'])).toThrow(/unknown command frobnicate/);
    expect(() => parseCommand(['retry'])).toThrow(/retry takes exactly one <order>/);
    expect(() => parseCommand(['list', '--stage', 'lost'])).toThrow(/--stage must be one of/);
    expect(() => parseCommand(['hold', '1', '--reason'])).toThrow(/--reason needs a value/);
    expect(() => parseCommand(['show', '1', '--force'])).toThrow(/unknown option --force/);
  });
});

describe('static summary and details from the first webhook', () => {
  const body = {
    name: '#1001',
    order_number: 1001,
    total_price: '45.00',
    currency: 'USD',
    created_at: '2026-11-23T10:00:00Z',
    payment_gateway_names: ['shopify_payments'],
    line_items: [{ quantity: 2, title: 'Tee | black', sku: 'TEE-BLK-M' }],
    shipping_address: { city: 'Elizabeth', province_code: 'NJ', country_code: 'US' },
  };
  it('summary: name, shop, total', () => {
    expect(orderStaticSummary('42', '#1001', 's.myshopify.com', body)).toBe(
      'Order #1001 · s.myshopify.com · 45.00 USD',
    );
    expect(orderStaticSummary('42', null, 's.myshopify.com', { order_id: 42 })).toBe('Order 42 · s.myshopify.com');
  });
  it('details: lines, ship-to, payment method; none for a child topic', () => {
    const md = orderStaticDetails('42', body)!;
    expect(md).toContain('| 2 | Tee   black | TEE-BLK-M |');
    expect(md).toContain('**Ship to** Elizabeth, NJ, US');
    expect(md).toContain('**Payment** shopify_payments · total 45.00 USD');
    expect(orderStaticDetails('42', { order_id: 42, kind: 'capture' })).toBeUndefined();
  });
});
