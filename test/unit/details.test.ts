import { describe, expect, it } from 'vitest';
import { renderDetails } from '../../src/workflows/order/details';
import type { OrderStatus } from '../../src/order/types';

const base: OrderStatus = {
  workflowId: 'order-s.myshopify.com-1',
  shopDomain: 's.myshopify.com',
  stage: 'capturing',
  orderId: '1',
  orderGid: 'gid://shopify/Order/1',
  orderName: '#1001',
  allocations: [
    {
      id: '1-A1',
      locationId: 'L',
      locationName: 'NJ Warehouse',
      partnerId: 'nj',
      partnerName: 'NJ',
      requiresAcceptance: false,
      acceptanceWindowSeconds: 0,
      lines: [{ lineItemId: 'x', sku: 'TEE', quantity: 2 }],
      state: 'accepted',
      routeAttempt: 1,
      fulfillmentOrderIds: ['gid://shopify/FulfillmentOrder/9'],
      captureAmount: '45.00',
      captured: false,
      tracking: null,
      rejectionReason: null,
    },
  ],
  payment: {
    status: 'authorized',
    currencyCode: 'USD',
    total: '45.00',
    authorized: '45.00',
    captured: '0.00',
    refunded: '0.00',
    authorizationExpiresAt: '2026-12-01T00:00:00Z',
  },
  holds: [{ fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/9', handle: 'order-orchestrator', reason: 'OTHER' }],
  attention: {
    reason: 'Capture of 45.00 USD was declined',
    since: '2026-11-23T00:00:00Z',
    actions: ['retry', 'skip', 'cancel'],
  },
  timeline: [],
  cancelReason: null,
};

describe('current details', () => {
  it('says what the order waits for and how to unblock it, where it ships from, and the money', () => {
    const md = renderDetails(base);
    expect(md).toContain('**#1001** · s.myshopify.com · stage `capturing`');
    expect(md).toContain('**Needs attention since 2026-11-23T00:00:00Z:** Capture of 45.00 USD was declined');
    expect(md).toContain('`retry`, `skip`, `cancel`');
    expect(md).toContain('| 1-A1 | NJ Warehouse | NJ | 2 × TEE | accepted | 45.00 |  |');
    expect(md).toContain(
      'authorized 45.00, captured 0.00, refunded 0.00 USD · authorization expires 2026-12-01T00:00:00Z',
    );
    expect(md).toContain('`order-orchestrator` on 9');
  });
  it('explains each offered action with its input, and what the order waits for when nothing is wrong', () => {
    const stuck = renderDetails({
      ...base,
      attention: { reason: 'No inventory to route', since: 't0', actions: ['retry', 'reroute', 'cancel'] },
    });
    expect(stuck).toContain(
      '- `reroute`: route the lines again, to a given location or excluding some — input such as `{"toLocation": "LA Warehouse"} or {"exclude": ["Brooklyn Store"]}`',
    );
    expect(stuck).toContain('- `retry`: re-run the step that failed\n');
    const waiting = renderDetails({
      ...base,
      attention: null,
      waiting: {
        what: 'Brooklyn Store to accept 1-A1',
        since: 't1',
        until: 't2',
        actions: ['reroute', 'hold', 'cancel'],
      },
    });
    expect(waiting).toContain('**Waiting for** Brooklyn Store to accept 1-A1 since t1, at most until t2');
    expect(waiting).toContain('Signals that change this: `reroute`, `hold`, `cancel`');
    const held = renderDetails({ ...base, opsHold: { reason: 'address check', by: 'ann', since: 't3' } });
    expect(held).toContain('**On hold** by ann since t3: address check');
  });
  it('leaves out what does not apply', () => {
    const md = renderDetails({ ...base, attention: null, allocations: [], holds: [] });
    expect(md).not.toContain('Needs attention');
    expect(md).not.toContain('| allocation |');
    expect(md).not.toContain('Holds');
    expect(md).not.toContain('Cancelled what had not shipped');
  });
  it('records what a cancel after a partial shipment withdrew and refunded', () => {
    const md = renderDetails({
      ...base,
      stage: 'completed',
      attention: null,
      cancelledRemainder: {
        at: 't4',
        reason: 'customer changed mind',
        by: 'ann',
        lines: [{ sku: 'CAP', quantity: 1 }],
        refunded: '13.20',
        voided: [],
      },
    });
    expect(md).toContain(
      '**Cancelled what had not shipped** (ann, t4: customer changed mind): 1 × CAP · refunded 13.20 USD',
    );
  });
});
