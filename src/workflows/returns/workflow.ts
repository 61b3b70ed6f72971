import { condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ReturnActivities } from '../../activities/returns';
import {
  DEFAULT_RETURN_POLICY,
  returnActionSignal,
  returnActionUpdate,
  returnEventSignal,
  returnReceiptSignal,
  returnScanSignal,
  returnStatusQuery,
  type ReturnAction,
  type ReturnActionOutcome,
  type ReturnStage,
  type ReturnStatusView,
  type ReturnWorkflowInput,
} from '../../returns/contract';
import { refundTarget, type RefundLine } from '../../returns/refund-amount';
import { toMinor } from '../../payment/money';
import type { DispositionType } from '../../returns/snapshot';
import { DISPOSITION_OF, ReturnState } from './state';
import {
  cancelReplacement,
  collectDifference,
  exchangeCreditMinor,
  exchangePending,
  hasExchange,
  releaseReplacement,
  reserveReplacement,
} from './exchange';

const acts = proxyActivities<ReturnActivities>({
  startToCloseTimeout: '2 minutes',
  // The activities heartbeat while they run (src/activities/heartbeat.ts): one lost with a worker
  // that stopped or died is retried after this long, not after the start-to-close timeout.
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes' },
});

const DAY_MS = 24 * 3600 * 1000;

/**
 * One Shopify Return, from request to refund (README: Returns and exchanges).
 * The workflow acts on Shopify's return as it reads it, never on a webhook
 * body: a webhook only says "read it again". Requested returns are approved by
 * policy or by a person; an open return gets a destination, its partner is
 * told, and the workflow waits for receipts within a window (then a reminder,
 * then a person). Each receipt is disposed in Shopify, restocked units enter
 * the ledger, and the refund follows the policy's timing, exact to the cent
 * across partial receipts. It ends when Shopify's return is closed, declined
 * or cancelled.
 */
export async function returnWorkflow(input: ReturnWorkflowInput): Promise<ReturnStatusView> {
  const s = new ReturnState(input, { ...DEFAULT_RETURN_POLICY, ...input.policy });
  // Decided once: runs from before exchanges were handled leave their replacements to a person.
  s.handlesExchanges = patched('exchange-replacements');

  setHandler(returnStatusQuery, () => s.view());
  setHandler(returnEventSignal, (e) => {
    s.changed = true;
    s.note(`Shopify: ${e.topic}`);
  });
  setHandler(returnReceiptSignal, (r) => {
    if (s.receiptIds.includes(r.receiptId) || s.pendingReceipts.some((p) => p.receiptId === r.receiptId)) return;
    s.pendingReceipts.push(r);
  });
  setHandler(returnScanSignal, (scan) => {
    if (!s.scanned) s.scan = scan;
  });
  setHandler(returnActionSignal, (a) => {
    const refusal = refusalOf(s, a);
    if (refusal) s.note(`Action ${a.action} ignored: ${refusal}`);
    else s.pendingActions.push(a);
  });
  setHandler(
    returnActionUpdate,
    (a): ReturnActionOutcome => {
      s.pendingActions.push(a);
      return { accepted: true, action: a.action, stage: s.stage };
    },
    {
      validator: (a) => {
        const refusal = refusalOf(s, a);
        if (refusal) throw new Error(refusal);
      },
    },
  );

  await refresh(s);
  s.seedFromDispositions();
  for (;;) {
    const snap = s.snapshot;
    if (!snap) {
      s.note('Shopify has no such return: nothing to do');
      s.setStage('cancelled');
      return s.view();
    }
    if (snap.status === 'REQUESTED') await decide(s);
    else if (snap.status === 'OPEN') await receive(s);
    else {
      const stage = snap.status === 'DECLINED' ? 'declined' : snap.status === 'CANCELED' ? 'cancelled' : 'closed';
      await cancelReplacement(s, `the return is ${snap.status.toLowerCase()} in Shopify`);
      s.clearAttention();
      s.setStage(stage);
      s.note(`Return ${snap.status.toLowerCase()} in Shopify; refunded ${s.view().refunded} ${snap.currency}`);
      await record(s);
      return s.view();
    }
  }
}

/** Why a person's action does not fit the return now (null: it does). */
function refusalOf(s: ReturnState, a: ReturnAction): string | null {
  const status = s.snapshot?.status;
  if (a.action === 'approve' || a.action === 'decline')
    return status === 'REQUESTED' ? null : `the return is not awaiting a decision (Shopify: ${status ?? 'unread'})`;
  if (status !== 'OPEN') return `the return is not open (Shopify: ${status ?? 'unread'})`;
  if (a.action === 'extend' && a.days !== undefined && !(Number.isInteger(a.days) && a.days > 0 && a.days <= 365))
    return 'days must be a whole number from 1 to 365';
  if (a.action === 'refund_now' && s.refundedAll) return 'everything returnable is already refunded';
  if (a.action === 'release_exchange' || a.action === 'cancel_exchange')
    return exchangePending(s) ? null : 'the return has no replacement waiting to ship';
  if (a.action === 'charge_exchange')
    return hasExchange(s) && s.exchange.stage !== 'cancelled' ? null : 'the return has no replacement to charge';
  return null;
}

async function refresh(s: ReturnState) {
  s.changed = false;
  const read = await acts.readReturn(s.input.returnGid);
  // Snapshots recorded before exchanges were read carry no exchange lines.
  const snap = read && { ...read, exchangeLines: read.exchangeLines ?? [] };
  // The new read shows (to queries) only once its restocks are in the ledger: a unit shown
  // restocked is a unit the ledger has.
  await restockDisposed(s, snap);
  s.snapshot = snap;
  s.publish();
}

async function record(s: ReturnState, stage: ReturnStage = s.stage) {
  const v = s.view();
  await acts.recordReturn({
    shopDomain: s.input.shopDomain,
    returnId: s.input.returnId,
    returnGid: s.input.returnGid,
    returnName: v.returnName,
    orderGid: v.orderGid,
    orderName: v.orderName,
    stage,
    shopifyStatus: v.shopifyStatus,
    locationId: s.destination?.locationId ?? null,
    partnerId: s.destination?.partnerId ?? null,
    currency: v.currency,
    refunded: v.refunded,
  });
}

/** A requested return: approved by policy, or a person decides (or staff decide in Shopify). */
async function decide(s: ReturnState) {
  const snap = s.snapshot!;
  s.setStage('awaiting_decision');
  await record(s);
  const age = snap.lastFulfilledAt ? Date.parse(snap.createdAt) - Date.parse(snap.lastFulfilledAt) : 0;
  const inWindow = age <= s.policy.approvalWindowDays * DAY_MS;
  if (s.policy.approval === 'auto' && inWindow && !s.pendingActions.length) {
    const { status } = await acts.decideReturnRequest({ returnGid: snap.returnGid, decision: 'approve' });
    s.note(`Approved by policy (requested within ${s.policy.approvalWindowDays} days of delivery); Shopify: ${status}`);
    return refresh(s);
  }
  if (!s.attention)
    s.ask(
      s.policy.approval === 'auto'
        ? `Approve or decline: requested ${Math.floor(age / DAY_MS)} days after fulfillment (policy: ${s.policy.approvalWindowDays})`
        : 'Approve or decline the return request',
      ['approve', 'decline'],
    );
  await condition(() => s.pendingActions.length > 0 || s.changed);
  const a = s.pendingActions.shift();
  if (a && (a.action === 'approve' || a.action === 'decline')) {
    const { status } = await acts.decideReturnRequest({
      returnGid: snap.returnGid,
      decision: a.action,
      declineReason: a.declineReason,
      note: a.note ?? null,
    });
    s.clearAttention();
    s.note(`${a.action === 'approve' ? 'Approved' : 'Declined'} by ${a.by ?? 'a person'}; Shopify: ${status}`);
  }
  await refresh(s);
  if (s.snapshot?.status !== 'REQUESTED') s.clearAttention();
}

/** An open return: send it somewhere, wait for the parcel, dispose and refund what arrives. */
async function receive(s: ReturnState) {
  if (!s.destination) await sendSomewhere(s);
  await reserveReplacement(s);
  if (s.policy.exchangeRelease === 'immediate') await releaseReplacement(s, 'policy: at once');
  if (s.policy.refundTiming === 'immediate' && !s.refundedAll)
    await refundEverything(s, 'trusted return: refunded at once');
  // Recorded before it shows: a partner may report as soon as the status says the parcel is awaited.
  const stage = s.receiptIds.length ? 'receiving' : 'awaiting_parcel';
  await record(s, stage);
  s.setStage(stage);
  while (s.snapshot?.status === 'OPEN') {
    // Everything arrived but the replacement could not be released: not closed until a person decides.
    const holding = s.allAccountedFor() && exchangePending(s);
    if (holding && !s.attention)
      s.ask('Every unit is back but the replacement is not released: release it or cancel it', [
        'release_exchange',
        'cancel_exchange',
      ]);
    if (s.allAccountedFor() && !holding) {
      if (!s.refundedAll && s.policy.refundTiming !== 'on_receipt')
        await refundEverything(s, 'every unit accounted for');
      await collectDifference(s, 'every unit accounted for');
      const { status } = await acts.closeReturn({ returnGid: s.input.returnGid });
      s.note(`Every unit accounted for; return closed in Shopify (${status})`);
      return refresh(s);
    }
    const deadline = holding ? null : (s.attentionAt ?? s.receiptDueAt);
    const waitMs = deadline === null ? undefined : Math.max(0, deadline - Date.now());
    const ready = () => s.pendingReceipts.length > 0 || s.pendingActions.length > 0 || s.scan !== null || s.changed;
    const woke = waitMs === undefined ? (await condition(ready), true) : await condition(ready, waitMs);
    if (s.changed) await refresh(s);
    if (s.snapshot?.status !== 'OPEN') return;
    const receipt = s.pendingReceipts.shift();
    if (receipt) await takeReceipt(s, receipt);
    if (s.scan) await takeScan(s);
    const action = s.pendingActions.shift();
    if (action) await act(s, action);
    if (woke === false && !receipt && !action) await overdue(s);
  }
}

async function sendSomewhere(s: ReturnState) {
  const snap = s.snapshot!;
  const shippedFrom = [...new Set(snap.lines.map((l) => l.shippedFrom).filter((x): x is string => !!x))];
  s.destination = await acts.chooseReturnDestination({
    shopDomain: s.input.shopDomain,
    question: {
      policy: s.policy.destination,
      returnsCentreLocationId: s.policy.returnsCentreLocationId,
      inStoreLocationId: s.input.inStoreLocationId ?? null,
      shippedFrom,
      customer: snap.customer,
    },
  });
  s.receiptDueAt = Date.now() + s.policy.receiptWindowDays * DAY_MS;
  if (!s.destination) {
    s.ask('No active location accepts returns: choose one (mark a location as accepting returns), then extend', [
      'extend',
      'close',
    ]);
    return;
  }
  s.note(`Goes back to ${s.destination.locationName}: ${s.destination.reason}`);
  if (s.destination.partnerId) {
    const told = await acts.tellReturnPartner({
      partnerId: s.destination.partnerId,
      returnGid: snap.returnGid,
      returnName: snap.name,
      orderName: snap.orderName,
      locationId: s.destination.locationId,
      lines: snap.lines.map((l) => ({
        returnLineItemId: l.returnLineItemId,
        sku: l.sku,
        quantity: l.quantity,
        reason: l.reason,
      })),
      tracking: snap.tracking,
      receiptDueAt: new Date(s.receiptDueAt).toISOString(),
    });
    s.note(told.sent ? `Partner ${s.destination.partnerId} told to expect it` : 'The partner has no URL: not told');
  }
}

/** A partner's count: dispose in Shopify, restock what is sellable, refund by policy. */
async function takeReceipt(s: ReturnState, r: (typeof s.pendingReceipts)[number]) {
  const snap = s.snapshot!;
  const lineOf = new Map(snap.lines.map((l) => [l.returnLineItemId, l]));
  const taken: string[] = [];
  for (const l of r.lines) {
    const line = lineOf.get(l.returnLineItemId);
    if (!line) {
      s.note(`Receipt ${r.receiptId}: ${l.returnLineItemId} is not a line of this return; ignored`);
      continue;
    }
    const room = line.quantity - s.accountedFor(line.returnLineItemId);
    const q = Math.min(l.quantity, room);
    if (q < l.quantity)
      s.note(`Receipt ${r.receiptId}: ${line.sku ?? line.returnLineItemId} over by ${l.quantity - q}`);
    if (q <= 0) continue;
    s.receivedOf(line.returnLineItemId)[l.condition] += q;
    taken.push(`${q} ${line.sku ?? line.returnLineItemId} ${l.condition}`);
  }
  s.receiptIds.push(r.receiptId);
  s.setStage('receiving');
  s.clearAttention();
  s.attentionAt = null;
  s.note(`Receipt ${r.receiptId}: ${taken.join(', ') || 'nothing new'}`);
  await dispose(s);
  await refresh(s);
  // The parcel is here: a replacement still waiting ships now, whatever the release policy.
  if (exchangePending(s)) {
    await releaseReplacement(s, 'the parcel arrived');
    await refresh(s);
  }
  if (s.policy.refundTiming === 'on_receipt') await refundArrived(s, `receipt-${r.receiptId}`);
  await record(s);
}

/** Every reported unit disposed in Shopify: cumulative per reverse fulfillment order line and type. */
async function dispose(s: ReturnState) {
  const snap = s.snapshot!;
  const targets: { rfoLineId: string; type: DispositionType; locationId: string | null; cumulative: number }[] = [];
  for (const line of snap.lines) {
    const rfoLine = snap.rfoLines.find((x) => x.fulfillmentLineItemId === line.fulfillmentLineItemId);
    const counts = s.received.get(line.returnLineItemId);
    if (!rfoLine || !counts) continue;
    for (const [condition, type] of Object.entries(DISPOSITION_OF) as [keyof typeof DISPOSITION_OF, DispositionType][])
      if (counts[condition] > 0)
        targets.push({
          rfoLineId: rfoLine.id,
          type,
          locationId: s.destination?.locationId ?? null,
          cumulative: counts[condition],
        });
  }
  if (targets.length) await acts.disposeReturnUnits({ returnGid: snap.returnGid, targets });
}

/** RESTOCKED dispositions Shopify shows (the engine's or staff's) into the ledger, once each. */
async function restockDisposed(s: ReturnState, snap: ReturnState['snapshot']) {
  if (!snap) return;
  const skuOf = new Map(snap.lines.map((l) => [l.fulfillmentLineItemId, l.sku]));
  const items = snap.rfoLines.flatMap((l) =>
    l.dispositions
      .filter((d) => d.type === 'RESTOCKED' && d.locationId && !s.restocked.has(d.id))
      .map((d) => ({
        dispositionId: d.id,
        sku: skuOf.get(l.fulfillmentLineItemId) ?? null,
        locationId: d.locationId!,
        quantity: d.quantity,
      })),
  );
  const known = items.filter((i): i is typeof i & { sku: string } => !!i.sku);
  for (const i of items) s.restocked.add(i.dispositionId);
  for (const i of items.filter((x) => !x.sku))
    s.note(
      `Restocked in Shopify but not in the ledger: ${i.quantity} unit(s) of a line without a SKU (${i.dispositionId})`,
    );
  if (!known.length) return;
  const { applied, refused } = await acts.restockReturnedUnits({
    shopDomain: s.input.shopDomain,
    returnGid: snap.returnGid,
    items: known,
  });
  if (applied.length)
    s.note(
      `Restocked in the ledger: ${known
        .filter((k) => applied.includes(k.dispositionId))
        .map((k) => `${k.quantity} ${k.sku}`)
        .join(', ')}`,
    );
  for (const r of refused) s.note(`Restock of ${r.dispositionId} refused by the ledger: ${r.reason}`);
}

function refundLines(s: ReturnState): RefundLine[] {
  return s.snapshot!.lines.map((l) => ({
    returnLineItemId: l.returnLineItemId,
    quantity: l.quantity,
    valueMinor: BigInt(l.valueMinor),
    taxMinor: BigInt(l.taxMinor),
    feePercent: l.feePercent,
  }));
}

async function refund(s: ReturnState, key: string, units: Record<string, number>, why: string) {
  const snap = s.snapshot!;
  const terms = {
    restockingFeePercent: s.policy.restockingFeePercent,
    returnShippingDeductionMinor: toMinor(s.policy.returnShippingDeduction, snap.currency),
    refundShipping: s.policy.refundShipping,
    orderShippingMinor: BigInt(snap.orderShippingMinor),
    orderMerchandiseMinor: BigInt(snap.orderMerchandiseMinor),
  };
  // The activity pays this target less what Shopify shows refunded for the return when it refunds;
  // an exchange keeps back what the replacement is worth (less what the customer paid for it).
  const breakdown = refundTarget(refundLines(s), units, terms);
  const target = breakdown.total - exchangeCreditMinor(s);
  const out = await acts.refundReturn({
    returnGid: snap.returnGid,
    key: `${s.input.returnId}-${key}`,
    targetMinor: (target > 0n ? target : 0n).toString(),
    process: Object.entries(units).map(([returnLineItemId, quantity]) => ({ returnLineItemId, quantity })),
  });
  if (out.refunded !== '0' || out.replayed)
    s.refunds.push({
      key,
      amount: out.refunded,
      at: new Date().toISOString(),
      units: Object.values(units).reduce((a, b) => a + b, 0),
      transactionIds: out.refundId ? [out.refundId] : [],
    });
  s.note(
    `Refund ${out.refunded} ${snap.currency} (${why}${out.capped ? '; capped by what was captured' : ''}${out.replayed ? '; already made' : ''})`,
  );
  await refresh(s);
}

async function refundArrived(s: ReturnState, key: string) {
  const units = Object.fromEntries(s.snapshot!.lines.map((l) => [l.returnLineItemId, s.arrived(l.returnLineItemId)]));
  await refund(s, key, units, 'units received');
}

async function refundEverything(s: ReturnState, why: string) {
  const units = Object.fromEntries(s.snapshot!.lines.map((l) => [l.returnLineItemId, l.quantity]));
  await refund(s, 'all', units, why);
  s.refundedAll = true;
}

async function takeScan(s: ReturnState) {
  const scan = s.scan!;
  s.scan = null;
  s.scanned = true;
  s.note(`Carrier's first scan (${scan.trackingNumber ?? scan.scanId})`);
  if (s.policy.exchangeRelease === 'first_scan') await releaseReplacement(s, "the carrier's first scan");
  if (s.policy.refundTiming === 'first_scan' && !s.refundedAll) await refundEverything(s, 'refunded on first scan');
}

async function act(s: ReturnState, a: ReturnAction) {
  const by = a.by ?? 'a person';
  if (a.action === 'extend') {
    const days = a.days ?? s.policy.receiptWindowDays;
    s.receiptDueAt = Date.now() + days * DAY_MS;
    s.attentionAt = null;
    s.clearAttention();
    s.note(`${by} gave the parcel ${days} more days`);
    if (!s.destination) await sendSomewhere(s);
  } else if (a.action === 'refund_now') {
    s.clearAttention();
    await refundEverything(s, `${by} refunded it without waiting for the parcel`);
  } else if (a.action === 'release_exchange') {
    s.clearAttention();
    await releaseReplacement(s, `${by} released it`);
    await refresh(s);
  } else if (a.action === 'cancel_exchange') {
    s.clearAttention();
    await dropReplacement(s, `${by} cancelled it`);
  } else if (a.action === 'charge_exchange') {
    s.clearAttention();
    await chargeReplacement(s, `${by} charged it`);
  } else if (a.action === 'close') {
    s.clearAttention();
    const { status } = await acts.closeReturn({ returnGid: s.input.returnGid });
    s.note(`${by} closed the return (${status})`);
    await refresh(s);
  }
  await record(s);
}

/** A replacement is cancelled: its reservation goes back and what it kept back from the refund is refunded. */
async function dropReplacement(s: ReturnState, why: string) {
  await cancelReplacement(s, why);
  const units = Object.fromEntries(
    s.snapshot!.lines.map((l) => [l.returnLineItemId, s.refundedAll ? l.quantity : s.arrived(l.returnLineItemId)]),
  );
  if (Object.values(units).some((q) => q > 0))
    await refund(s, 'exchange-cancelled', units, 'the replacement was cancelled');
}

/** A replacement whose parcel never came ships anyway, and the customer pays what the order owes for it. */
async function chargeReplacement(s: ReturnState, why: string) {
  await releaseReplacement(s, why);
  await refresh(s);
  await collectDifference(s, why);
}

/** The receipt window ran out: a reminder first, then a person (for a replacement, then the policy). */
async function overdue(s: ReturnState) {
  if (s.attentionAt === null) {
    s.attentionAt = Date.now() + s.policy.attentionAfterDays * DAY_MS;
    s.note(`Reminder: the parcel has not arrived within ${s.policy.receiptWindowDays} days`);
    return;
  }
  if (exchangePending(s)) {
    const policy = s.policy.unreturnedExchange;
    if (!s.exchange.asked) {
      s.exchange.asked = true;
      s.attentionAt = Date.now() + s.policy.attentionAfterDays * DAY_MS;
      s.ask(
        `The parcel has not arrived and a replacement waits: cancel it or charge it (policy: ${policy} in ${s.policy.attentionAfterDays} days unless a person decides), extend, or close`,
        ['cancel_exchange', 'charge_exchange', 'extend', 'close'],
      );
      return;
    }
    s.clearAttention();
    s.attentionAt = null;
    if (policy === 'charge') await chargeReplacement(s, 'policy: nobody answered');
    else await dropReplacement(s, 'policy: nobody answered');
    await record(s);
    return;
  }
  s.attentionAt = null;
  s.receiptDueAt = null;
  s.ask('The parcel has not arrived: extend the wait, refund now, or close the return', [
    'extend',
    'refund_now',
    'close',
  ]);
}
