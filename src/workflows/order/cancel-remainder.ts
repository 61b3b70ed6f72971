import type { Allocation, AllocationLine } from '../../order/types';
import { describeLines, subtractLines } from '../../order/partial';
import { fromMinor, sumMinor, toMinor } from '../../payment/money';
import type { OrderState } from './state';
import { orderActivities, runOrAskPerson } from './steps';
import { handleNotices } from './ship-notices';
import { closeDemand, keepShipped, releaseAllHolds, withdrawAllocations } from './cancellation';

/*
 * A cancel applied after part of the order shipped (patch
 * 'cancel-unshipped-remainder'): what shipped stays shipped, what has not is
 * withdrawn (reservation released, partner told as for any cancel), its units
 * are cancelled in Shopify and its share of the money (the capture plan's
 * amount for each withdrawn allocation) is refunded when it was captured. The
 * order ends `completed` (Shopify keeps a fulfilled order) with the cancelled
 * remainder recorded in its status.
 */

const isLive = (a: Allocation) => a.state !== 'rejected' && a.state !== 'cancelled';

export async function cancelRemainder(s: OrderState) {
  const request = s.cancel!;
  s.compensating = true;
  s.attention = null;
  s.setStage('cancelling');
  // Shipments reported before the cancel go to Shopify first (nothing comes between a fulfillment and its units off hand).
  await handleNotices(s);
  await keepShipped(s);
  s.setStage('cancelling');

  const currency = s.payment.currencyCode ?? 'USD';
  const minor = (list: Allocation[]) => sumMinor(list.map((a) => toMinor(a.captureAmount ?? '0', currency)));
  const withdrawn = s.allocations.filter((a) => isLive(a) && a.state !== 'shipped');
  const kept = s.allocations.filter((a) => isLive(a) && !withdrawn.includes(a));
  // An allocation that shipped in part keeps its whole share: the plan has no amount for part of one.
  const untouched = withdrawn.filter((a) => !a.shipped?.length);
  const partly = withdrawn.filter((a) => a.shipped?.length);
  const refund = minor(untouched.filter((a) => a.captured));
  const keep = minor([...kept, ...partly].filter((a) => a.captured));
  const lines = withdrawn.flatMap((a) => subtractLines(a.lines, a.shipped ?? []));

  await withdrawAllocations(s, withdrawn);
  const done = await runOrAskPerson(
    s,
    `Cancel what has not shipped in Shopify${refund > 0n ? ` and refund ${fromMinor(refund, currency)} ${currency}` : ''}`,
    orderActivities.cancelRemainderInShopify,
    [
      {
        orderGid: s.input.orderGid,
        workflowId: s.workflowId,
        fulfillmentOrderIds: withdrawn.flatMap((a) => a.fulfillmentOrderIds),
        refund: fromMinor(refund, currency),
        keep: fromMinor(keep, currency),
        currency,
        voidUntouched: [...kept, ...partly].every((a) => a.captured),
        reason: request.reason,
      },
    ],
    { onSkip: () => ({ refunded: '0', refundedNow: '0', cancelledLines: [], voided: [], leftToExpire: [] }) },
  );
  await releaseAllHolds(s);

  s.note(
    `Withdrawn (not shipped): ${describeLines(lines) || 'nothing'}${withdrawn.length ? ` (${withdrawn.map((a) => a.id).join(', ')})` : ''}`,
  );
  s.note(
    toMinor(done.refunded, currency) > 0n
      ? `Refunded ${done.refunded} ${currency} for what did not ship`
      : refund > 0n
        ? `Nothing refunded for what did not ship (${fromMinor(refund, currency)} ${currency}): the step was skipped or the captures no longer cover it`
        : 'Nothing refunded: what did not ship had not been captured',
  );
  if (partly.length)
    s.note(
      `${partly.map((a) => a.id).join(', ')} shipped in part: its captured share is kept; refund its rest in Shopify`,
    );
  if (done.voided.length) s.note(`Voided ${done.voided.join(', ')}: nothing else will be captured`);
  for (const a of done.leftToExpire)
    s.note(
      `Authorization ${a.id} keeps ${a.amount} ${currency} capturable: not voided (Shopify voids only an untouched authorization, and only once what shipped is paid); it is left to expire`,
    );

  const refunded = toMinor(s.payment.refunded, currency) + toMinor(done.refunded, currency);
  s.payment = { ...s.payment, refunded: fromMinor(refunded, currency) };
  s.cancelledRemainder = {
    at: new Date().toISOString(),
    reason: request.reason,
    by: request.requestedBy ?? 'operator',
    lines: bySku(lines),
    refunded: done.refunded,
    voided: done.voided,
  };
  // A ship notice that came meanwhile: the goods may have left; a person is told (a 202 is a promise).
  if (s.nextNotice()) await handleNotices(s);
  await closeDemand(s, 'closed');
  s.setStage('completed');
}

function bySku(lines: AllocationLine[]): { sku: string; quantity: number }[] {
  const out = new Map<string, number>();
  for (const l of lines) out.set(l.sku, (out.get(l.sku) ?? 0) + l.quantity);
  return [...out].map(([sku, quantity]) => ({ sku, quantity }));
}
