import { describe, expect, it } from 'vitest';
import {
  nextRefund,
  percentOf,
  refundTarget,
  type RefundLine,
  type RefundTerms,
} from '../../../src/returns/refund-amount';

const terms = (t: Partial<RefundTerms> = {}): RefundTerms => ({
  restockingFeePercent: 0,
  returnShippingDeductionMinor: 0n,
  refundShipping: false,
  orderShippingMinor: 0n,
  orderMerchandiseMinor: 0n,
  ...t,
});
const line = (id: string, quantity: number, value: bigint, tax = 0n, feePercent: number | null = null): RefundLine => ({
  returnLineItemId: id,
  quantity,
  valueMinor: value,
  taxMinor: tax,
  feePercent,
});

describe('a return refund', () => {
  it('refunds the discounted value and tax of the units refunded', () => {
    const r = refundTarget([line('a', 2, 5000n, 800n)], { a: 2 }, terms());
    expect(r).toMatchObject({ merchandise: 5000n, tax: 800n, total: 5800n });
  });

  it('adds up over partial receipts to exactly one refund of everything (no cent lost to rounding)', () => {
    // 3 units worth 10.00 + 1.00 tax: 3.66, 3.66, then 3.68 — never 3.66 x 3 (10.98).
    const lines = [line('a', 3, 1000n, 100n)];
    let paid = 0n;
    const amounts: bigint[] = [];
    for (const k of [1, 2, 3]) {
      const { amount } = nextRefund(lines, { a: k }, terms(), paid);
      amounts.push(amount);
      paid += amount;
    }
    expect(amounts).toEqual([366n, 366n, 368n]);
    expect(paid).toBe(refundTarget(lines, { a: 3 }, terms()).total);
    expect(paid).toBe(1100n);
  });

  it('keeps the restocking fee (the line own percentage wins over the policy)', () => {
    const r = refundTarget(
      [line('a', 1, 10000n, 0n), line('b', 1, 10000n, 0n, 5)],
      { a: 1, b: 1 },
      terms({ restockingFeePercent: 10 }),
    );
    expect(r.restockingFee).toBe(1000n + 500n);
    expect(r.total).toBe(20000n - 1500n);
  });

  it('deducts the return label once, and never below zero', () => {
    const lines = [line('a', 2, 1000n)];
    const t = terms({ returnShippingDeductionMinor: 700n });
    const first = nextRefund(lines, { a: 1 }, t, 0n);
    expect(first.amount).toBe(0n); // 5.00 - 7.00: nothing, not a charge
    const second = nextRefund(lines, { a: 2 }, t, first.amount);
    expect(second.amount).toBe(300n);
    expect(refundTarget(lines, {}, t).total).toBe(0n);
  });

  it('refunds the shipping share in proportion to the merchandise returned, when the policy says so', () => {
    const lines = [line('a', 1, 3000n), line('b', 1, 7000n)];
    const t = terms({ refundShipping: true, orderShippingMinor: 1000n, orderMerchandiseMinor: 10000n });
    expect(refundTarget(lines, { a: 1 }, t).shipping).toBe(300n);
    expect(refundTarget(lines, { a: 1, b: 1 }, t).shipping).toBe(1000n);
    expect(refundTarget(lines, { a: 1 }, terms({ orderShippingMinor: 1000n })).shipping).toBe(0n);
  });

  it('pays nothing more once the target is reached (a staff refund counted)', () => {
    expect(nextRefund([line('a', 1, 1000n)], { a: 1 }, terms(), 1200n).amount).toBe(0n);
  });

  it('rounds a percentage half up in minor units', () => {
    expect(percentOf(1005n, 10)).toBe(101n); // 100.5 -> 101
    expect(percentOf(999n, 12.5)).toBe(125n); // 124.875 -> 125
  });
});
