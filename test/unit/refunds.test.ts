import { describe, expect, it } from 'vitest';
import {
  cancelledUnits,
  confirmedRefund,
  ENGINE_CANCEL_REFUND_NOTE,
  restockAdjustment,
  restockedLines,
} from '../../src/refunds/refund';
import { withRecordedRefunds } from '../../src/refunds/order-view';
import { refundIdOf } from '../../src/refunds/webhooks';
import type { OrderStatus } from '../../src/order/types';
import type { RefundQuery } from '../../src/shopify/generated/admin.generated';

/** The pure side of refunds made in Shopify: what is restocked through the ledger, who made it, the order's total. */
const LA = 'gid://shopify/Location/11';
const NJ = 'gid://shopify/Location/12';
const money = (amount: string) => ({ shopMoney: { amount, currencyCode: 'USD' as never } });
type Line = NonNullable<RefundQuery['refund']>['refundLineItems']['nodes'][number];
const line = (
  sku: string | null,
  quantity: number,
  restockType: string,
  location: string | null,
  restocked = true,
): Line =>
  ({
    quantity,
    restockType: restockType as never,
    restocked,
    location: location ? { id: location } : null,
    lineItem: { id: `gid://shopify/LineItem/${sku ?? 'x'}`, sku },
  }) as Line;

function refund(lines: Line[], extra: Partial<NonNullable<RefundQuery['refund']>> = {}) {
  return confirmedRefund({
    id: 'gid://shopify/Refund/77',
    createdAt: '2026-12-04T17:00:00Z',
    note: null,
    order: { id: 'gid://shopify/Order/9007199254740993123', name: '#1001', totalRefundedSet: money('30.00') },
    return: null,
    totalRefundedSet: money('20.00'),
    refundLineItems: { nodes: lines },
    transactions: { nodes: [] },
    ...extra,
  } as NonNullable<RefundQuery['refund']>);
}

describe('a refund made in Shopify', () => {
  it('is read exactly: order id beyond 2^53, amounts, source', () => {
    const r = refund([]);
    expect(r).toMatchObject({
      orderId: '9007199254740993123',
      orderName: '#1001',
      amount: '20.00',
      currencyCode: 'USD',
      orderRefunded: '30.00',
      source: 'shopify',
      returnGid: null,
    });
    expect(refund([], { note: ENGINE_CANCEL_REFUND_NOTE }).source).toBe('engine');
    expect(refund([], { return: { id: 'gid://shopify/Return/5' } }).source).toBe('return');
  });

  it('restocks RETURN and LEGACY_RESTOCK lines with a location and a SKU, summed per SKU and location; nothing else', () => {
    const r = refund([
      line('TEE', 1, 'RETURN', LA),
      line('TEE', 2, 'RETURN', LA),
      line('TEE', 1, 'LEGACY_RESTOCK', NJ),
      line('MUG', 1, 'NO_RESTOCK', null, false),
      line('CAP', 1, 'CANCEL', NJ),
      line(null, 1, 'RETURN', LA),
      line('HAT', 1, 'RETURN', null),
    ]);
    expect(restockedLines(r)).toEqual([
      { sku: 'TEE', locationId: LA, quantity: 3, restockType: 'RETURN' },
      { sku: 'TEE', locationId: NJ, quantity: 1, restockType: 'LEGACY_RESTOCK' },
    ]);
    expect(cancelledUnits(r)).toBe(1);
    expect(restockAdjustment('s.myshopify.com', r)).toEqual({
      shopDomain: 's.myshopify.com',
      idempotencyKey: 'refund-restock:gid://shopify/Refund/77',
      reason: 'return_restock',
      reference: 'gid://shopify/Refund/77',
      actor: 'shopify-admin',
      lines: [
        { sku: 'TEE', locationId: LA, kind: 'delta', quantity: 3 },
        { sku: 'TEE', locationId: NJ, kind: 'delta', quantity: 1 },
      ],
    });
  });

  it("restocks nothing for a Return's refund (the return workflow does) or a refund without restocked lines", () => {
    const lines = [line('TEE', 1, 'RETURN', LA)];
    expect(restockAdjustment('s', refund(lines, { return: { id: 'gid://shopify/Return/5' } }))).toBeNull();
    expect(restockAdjustment('s', refund([line('TEE', 1, 'NO_RESTOCK', null, false)]))).toBeNull();
  });

  it('names its refund by the GID, else the id; refuses a body naming none, or two', () => {
    expect(refundIdOf({ admin_graphql_api_id: 'gid://shopify/Refund/18446744073709551615' })).toBe(
      '18446744073709551615',
    );
    expect(refundIdOf({ id: '42' })).toBe('42');
    expect(() => refundIdOf({ note: 'x' })).toThrow(/no refund id/);
    expect(() => refundIdOf({ id: '5', admin_graphql_api_id: 'gid://shopify/Refund/6' })).toThrow(/different refunds/);
  });
});

describe("an order's status with its recorded refunds", () => {
  const status = (refunded: string, captured = '50.00') =>
    ({
      stage: 'completed',
      payment: {
        status: 'captured',
        currencyCode: 'USD',
        total: '50.00',
        authorized: '50.00',
        captured,
        refunded,
        authorizationExpiresAt: null,
      },
    }) as unknown as OrderStatus;
  const recorded = (amount: string) => ({
    refundId: `gid://shopify/Refund/${amount}`,
    amount,
    currencyCode: 'USD',
    source: 'shopify' as const,
    returnId: null,
    note: null,
    at: '2026-12-04T17:00:00.000Z',
    restocked: [],
  });

  it('refunded agrees with refunds that came after the workflow stopped counting', () => {
    const v = withRecordedRefunds(status('0.00'), [recorded('20.00'), recorded('5.50')]);
    expect(v.payment).toMatchObject({ refunded: '25.50', status: 'captured' });
    expect(v.refunds).toHaveLength(2);
    expect(withRecordedRefunds(status('0'), [recorded('50.00')]).payment.status).toBe('refunded');
  });

  it('keeps what the workflow knew when it knows more (a refund not recorded yet) and lists none when there are none', () => {
    expect(withRecordedRefunds(status('30.00'), [recorded('20.00')]).payment.refunded).toBe('30.00');
    expect(withRecordedRefunds(status('0'), []).refunds).toEqual([]);
  });
});
