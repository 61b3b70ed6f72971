/**
 * What a return refunds, in exact minor units. Pure and deterministic (the
 * workflow calls it).
 *
 * Each return line carries Shopify's discounted value of its units
 * (withCodeDiscountedTotalPriceSet) and their tax. A refund is computed as a
 * cumulative target over the units refunded so far, so that partial receipts
 * add up to exactly what one refund of everything would be (no cent is lost or
 * paid twice to rounding):
 *
 *   target = sum over lines of floor((value + tax - fee) * k / n)
 *          + shipping share (policy)  - return-shipping deduction (once)
 *
 * where n is the line's quantity and k its units refunded so far. The fee is
 * the restocking fee on the line's value (the line's own percentage, set in
 * Shopify, else the policy's). The shipping share is the order's shipping in
 * proportion to the merchandise value refunded. Never below zero. The cap by
 * what was captured and not yet refunded is applied against Shopify's ledger
 * when the refund is made.
 */

export interface RefundLine {
  returnLineItemId: string;
  quantity: number;
  /** Discounted value of all `quantity` units (minor units). */
  valueMinor: bigint;
  /** Tax on all `quantity` units (minor units). */
  taxMinor: bigint;
  /** The line's own restocking fee percentage (Shopify's RestockingFee), if any. */
  feePercent: number | null;
}

export interface RefundTerms {
  restockingFeePercent: number;
  /** Deducted once, from the first refund of the return (minor units). */
  returnShippingDeductionMinor: bigint;
  refundShipping: boolean;
  /** The order's shipping charged (minor units). */
  orderShippingMinor: bigint;
  /** The order's merchandise value after discounts (minor units): the base of the shipping share. */
  orderMerchandiseMinor: bigint;
}

export interface RefundBreakdown {
  merchandise: bigint;
  tax: bigint;
  restockingFee: bigint;
  shipping: bigint;
  deduction: bigint;
  total: bigint;
}

const floorDiv = (a: bigint, b: bigint) => (b === 0n ? 0n : a / b);

/** A percentage of an amount in minor units, half up (percent to two decimals, as Shopify keeps it). */
export function percentOf(amount: bigint, percent: number): bigint {
  const basisPoints = BigInt(Math.round(percent * 100));
  return (amount * basisPoints + 5000n) / 10000n;
}

/** The cumulative refund for `units[line]` units of each line refunded so far. */
export function refundTarget(lines: RefundLine[], units: Record<string, number>, terms: RefundTerms): RefundBreakdown {
  let merchandise = 0n;
  let tax = 0n;
  let fee = 0n;
  let any = false;
  for (const l of lines) {
    const k = BigInt(Math.min(units[l.returnLineItemId] ?? 0, l.quantity));
    if (k <= 0n) continue;
    any = true;
    const n = BigInt(l.quantity);
    merchandise += floorDiv(l.valueMinor * k, n);
    tax += floorDiv(l.taxMinor * k, n);
    fee += floorDiv(percentOf(l.valueMinor, l.feePercent ?? terms.restockingFeePercent) * k, n);
  }
  const shipping =
    terms.refundShipping && terms.orderMerchandiseMinor > 0n
      ? floorDiv(terms.orderShippingMinor * merchandise, terms.orderMerchandiseMinor)
      : 0n;
  const gross = merchandise + tax - fee + shipping;
  const deduction = any
    ? terms.returnShippingDeductionMinor < gross
      ? terms.returnShippingDeductionMinor
      : gross
    : 0n;
  const total = gross - deduction > 0n ? gross - deduction : 0n;
  return { merchandise, tax, restockingFee: fee, shipping, deduction, total };
}

/** What one more refund pays: the new target less what this return has already refunded (never negative). */
export function nextRefund(
  lines: RefundLine[],
  units: Record<string, number>,
  terms: RefundTerms,
  alreadyRefundedMinor: bigint,
): { breakdown: RefundBreakdown; amount: bigint } {
  const breakdown = refundTarget(lines, units, terms);
  const amount = breakdown.total - alreadyRefundedMinor;
  return { breakdown, amount: amount > 0n ? amount : 0n };
}
