import type { AllocationLine, OrderLine } from '../order/types';
import { fromMinor, sumMinor, toMinor } from './money';

/**
 * How much to capture before each allocation ships. Each allocation carries
 * its lines' discounted value; what the lines do not explain (shipping, tax,
 * order-level adjustments) is spread in proportion, and the last allocation
 * takes the rounding remainder, so the amounts always sum to the order total.
 * Returns amounts in the order the allocations were given.
 */
export function captureAmounts(
  allocations: { lines: AllocationLine[] }[],
  orderLines: OrderLine[],
  orderTotal: string,
  currency: string,
): string[] {
  if (allocations.length === 0) return [];
  const total = toMinor(orderTotal, currency);
  const unitValue = new Map<string, { total: bigint; quantity: number }>();
  for (const l of orderLines)
    unitValue.set(l.lineItemId, { total: toMinor(l.discountedTotal, currency), quantity: l.quantity });

  const lineValue = (a: { lines: AllocationLine[] }) =>
    sumMinor(
      a.lines.map((l) => {
        const u = unitValue.get(l.lineItemId);
        return u && u.quantity > 0 ? (u.total * BigInt(l.quantity)) / BigInt(u.quantity) : 0n;
      }),
    );
  const values = allocations.map(lineValue);
  const valueSum = sumMinor(values);
  const rest = total - valueSum;

  const amounts: bigint[] = [];
  let assigned = 0n;
  values.forEach((v, i) => {
    if (i === values.length - 1) {
      amounts.push(total - assigned);
      return;
    }
    const share = valueSum > 0n ? (rest * v) / valueSum : rest / BigInt(values.length);
    amounts.push(v + share);
    assigned += v + share;
  });
  return amounts.map((a) => fromMinor(a < 0n ? 0n : a, currency));
}
