import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ActivityFailure,
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  proxyActivities,
  startChild,
} from '@temporalio/workflow';
import type { ExchangeActivities } from '../../activities/exchanges';
import { ORDER_WORKFLOW_TYPE, exchangeWorkflowId, type OrderWorkflowInput } from '../../order/contract';
import { gidNumber } from '../../order/types';
import { toMinor } from '../../payment/money';
import type { ReturnState } from './state';

/*
 * An exchange: a return whose customer chose replacements (Shopify's
 * exchange lines). The replacement is reserved as soon as the return is open,
 * through the order's routing and reservation code; it is released to ship by
 * policy (at once, at the carrier's first scan, or when the parcel arrives):
 * the return processes its exchange lines (Shopify adds them to the order
 * with a fulfillment order) and an order workflow run scoped to those lines
 * fulfills them, finding the reservation as its own. Money: the replacement's
 * value is kept back from the return's refund (a cheaper replacement refunds
 * the difference); what the order still owes at the end (a dearer one) is
 * collected from the customer's vaulted payment method, or invoiced.
 */

const acts = proxyActivities<ExchangeActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes' },
});

export const hasExchange = (s: ReturnState) => s.handlesExchanges && !!s.snapshot?.exchangeLines.length;

/** The replacement is chosen and may still ship: not released yet, not cancelled. */
export const exchangePending = (s: ReturnState) =>
  hasExchange(s) && s.exchange.stage !== 'released' && s.exchange.stage !== 'cancelled';

const workflowIdOf = (s: ReturnState) =>
  exchangeWorkflowId(s.input.shopDomain, gidNumber(s.snapshot!.orderGid), s.input.returnId);

/** What the replacement is worth, minor units (its variants' prices). */
export function exchangeValueMinor(s: ReturnState): bigint {
  return (s.snapshot?.exchangeLines ?? []).reduce(
    (sum, x) => sum + BigInt(x.unitPriceMinor ?? '0') * BigInt(x.quantity),
    0n,
  );
}

/** What the return's refund keeps back for the replacement: its value less what the customer paid for it. */
export function exchangeCreditMinor(s: ReturnState): bigint {
  if (!hasExchange(s) || s.exchange.stage === 'cancelled') return 0n;
  const credit = exchangeValueMinor(s) - BigInt(s.exchange.collectedMinor);
  return credit > 0n ? credit : 0n;
}

/** Reserve the replacement's units at once (once per run); when nothing has them, routing waits for release. */
export async function reserveReplacement(s: ReturnState) {
  const snap = s.snapshot!;
  if (!hasExchange(s) || s.exchange.stage !== null) return;
  const open = snap.exchangeLines.filter((x) => x.quantity > x.processedQuantity);
  if (!open.length) {
    // Processed already (by staff in Shopify, or by this return's earlier run): make sure a run ships it.
    s.exchange.stage = 'awaiting_reservation';
    await releaseReplacement(s, 'its exchange lines were already processed in Shopify');
    return;
  }
  const missingPrice = snap.exchangeLines.filter((x) => x.unitPriceMinor === null);
  if (missingPrice.length)
    s.note(`No price for ${missingPrice.map((x) => x.sku ?? x.variantId).join(', ')}: counted as 0 in the refund`);
  const unsku = open.filter((x) => !x.sku);
  const result = await acts.reserveExchange({
    shopDomain: s.input.shopDomain,
    orderId: gidNumber(snap.orderGid),
    returnId: s.input.returnId,
    lines: open
      .filter((x) => x.sku)
      .map((x) => ({ lineItemId: x.exchangeLineItemId, sku: x.sku!, quantity: x.quantity - x.processedQuantity })),
    shipTo: snap.customer,
  });
  const what = open.map((x) => `${x.quantity - x.processedQuantity} ${x.sku ?? x.variantId}`).join(', ');
  if (result.ok) {
    s.exchange.stage = 'reserved';
    s.exchange.allocationIds = result.allocations.map((a) => a.id);
    s.note(
      `Replacement ${what} reserved at ${result.allocations.map((a) => a.locationName).join(', ')}` +
        (unsku.length ? ` (${unsku.length} line(s) without a SKU are routed when released)` : ''),
    );
  } else {
    s.exchange.stage = 'awaiting_reservation';
    const short = result.shortages.map((x) => `${x.sku} needs ${x.needed}, ${x.available} available`).join('; ');
    s.note(`Replacement ${what} not reserved (${short || 'no location'}): it is routed again when released`);
  }
  s.publish();
}

/**
 * Ship the replacement: the return processes its exchange lines (Shopify adds
 * them to the order), the reservation is renamed to those order lines, and an
 * order workflow run scoped to them routes (finding the reservation), holds,
 * tells the partner and fulfills.
 */
export async function releaseReplacement(s: ReturnState, why: string) {
  if (!exchangePending(s)) return;
  const snap = s.snapshot!;
  const workflowId = workflowIdOf(s);
  let out: Awaited<ReturnType<typeof acts.releaseExchange>>;
  try {
    out = await acts.releaseExchange({ returnGid: snap.returnGid, key: `${s.input.returnId}-exchange` });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    s.ask(`Shopify did not add the replacement to the order (${reasonOf(err)}): release it again or cancel it`, [
      'release_exchange',
      'cancel_exchange',
    ]);
    return;
  }
  const lineItemIds = out.lines.flatMap((l) => l.lineItemIds);
  if (!lineItemIds.length) {
    s.ask('Shopify shows no order line for the processed replacement: release it again or cancel it', [
      'release_exchange',
      'cancel_exchange',
    ]);
    return;
  }
  await acts.adoptExchangeLines({ workflowId, lines: out.lines });
  s.exchange.stage = 'released';
  const input: OrderWorkflowInput = {
    shopDomain: s.input.shopDomain,
    orderId: gidNumber(snap.orderGid),
    orderGid: snap.orderGid,
    orderName: snap.orderName,
    exchange: { returnId: s.input.returnId, returnGid: snap.returnGid, lineItemIds },
  };
  try {
    await startChild(ORDER_WORKFLOW_TYPE, {
      workflowId,
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
    s.note(`Replacement released (${why}): ${workflowId} ships it`);
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    s.note(`Replacement released (${why}); ${workflowId} was already shipping it`);
  }
  s.publish();
}

/** The replacement will not ship: its reservation is given back (only before it is released). */
export async function cancelReplacement(s: ReturnState, why: string) {
  if (!exchangePending(s)) return;
  const { released } = await acts.releaseExchangeReservation({ workflowId: workflowIdOf(s) });
  s.exchange.stage = 'cancelled';
  s.note(`Replacement cancelled (${why}); ${released} reservation(s) given back`);
  s.publish();
}

/**
 * Collect what the order owes for a released replacement (never more than
 * it is worth less what was already paid for it): charged to the vaulted
 * payment method, or invoiced when the customer has none.
 */
export async function collectDifference(s: ReturnState, why: string) {
  if (!hasExchange(s) || s.exchange.stage !== 'released') return;
  const snap = s.snapshot!;
  const room = exchangeValueMinor(s) - BigInt(s.exchange.collectedMinor);
  if (room <= 0n) return;
  const n = ++s.exchange.collections;
  let out: Awaited<ReturnType<typeof acts.collectExchangeBalance>>;
  try {
    out = await acts.collectExchangeBalance({
      orderGid: snap.orderGid,
      key: `${s.input.returnId}-exchange-balance-${n}`,
      upToMinor: room.toString(),
    });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    s.note(`Could not collect what the order owes for the replacement (${reasonOf(err)}): settle it in Shopify`);
    return;
  }
  if (out.collected !== '0') {
    s.exchange.collectedMinor = (BigInt(s.exchange.collectedMinor) + toMinor(out.collected, snap.currency)).toString();
    s.note(`Collected ${out.collected} ${snap.currency} for the replacement (${why})`);
  } else if (out.invoiced)
    s.note(
      `The order owes ${out.owed} ${snap.currency} for the replacement: ${out.declined ? `the saved card was declined (${out.declined}); ` : ''}invoice sent (${why})`,
    );
  s.publish();
}

const reasonOf = (err: ActivityFailure) => (err.cause instanceof Error ? err.cause.message : err.message);
