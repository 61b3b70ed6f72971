import { condition, patched } from '@temporalio/workflow';
import type { Allocation } from '../../order/types';
import { OPS_HOLD_HANDLE } from '../../order/types';
import type { OrderState } from './state';
import { orderActivities, runOrAskPerson } from './steps';
import { handleNotices } from './ship-notices';

/** Partners that answer a cancellation (EDI vendors, with an 865) get a window to do so; a refusal asks a person. */
export async function awaitCancellationAnswers(s: OrderState, pending: { a: Allocation; until: number }[]) {
  if (!pending.length) return;
  const who = [...new Set(pending.map((p) => p.a.partnerName ?? p.a.partnerId))].join(', ');
  const until = Math.max(...pending.map((p) => p.until));
  s.setWaiting(`${who} to confirm the cancellation of ${pending.map((p) => p.a.id).join(', ')}`, until, []);
  await condition(() => pending.every((p) => s.cancellationAnswers.has(p.a.id)), Math.max(1, until - Date.now()), {
    summary: `Wait up to ${Math.round(Math.max(1, until - Date.now()) / 1000)}s for ${who} to confirm the cancellation`,
  });
  s.setWaiting(null);
  for (const { a } of pending) {
    const answer = s.cancellationAnswers.get(a.id);
    if (!answer)
      s.note(
        `No answer from ${a.partnerName ?? a.partnerId} on cancelling ${a.id} in time; the cancellation counts as done`,
      );
    else if (!answer.accepted) {
      await s.waitForPerson(
        `${a.partnerName ?? a.partnerId} refused to cancel ${a.id}${answer.reason ? ` (${answer.reason})` : ''}: it may ship; settle it with the vendor, then skip to finish the cancellation`,
        ['skip'],
      );
    }
  }
}

/**
 * Withdraw allocations: each reservation released, each partner that knows of
 * it told (an 860, a 3PL cancellation request, JSON), then the answers waited for.
 */
export async function withdrawAllocations(s: OrderState, allocations: Allocation[]) {
  const answers: { a: Allocation; until: number }[] = [];
  for (const a of allocations) {
    await runOrAskPerson(
      s,
      `Release the reservation of ${a.id} at ${a.locationName}`,
      orderActivities.releaseReservation,
      [a.id],
      { onSkip: () => ({ released: 0 }) },
    );
    if (a.state !== 'reserved') {
      const told: { sent: boolean; answerWindowSeconds?: number } = await runOrAskPerson(
        s,
        `Tell ${a.partnerName ?? a.locationName} that ${a.id} is cancelled`,
        orderActivities.sendPartnerMessage,
        [{ kind: 'allocation.cancelled', allocation: a, orderName: s.orderName, orderGid: s.input.orderGid }],
        { onSkip: () => ({ sent: false }) },
      );
      if (told.sent && told.answerWindowSeconds)
        answers.push({ a, until: Date.now() + told.answerWindowSeconds * 1000 });
    }
    a.state = 'cancelled';
  }
  await awaitCancellationAnswers(s, answers);
}

/** The engine's holds and an operator's hold in Shopify, released: nothing of the order stays held. */
export async function releaseAllHolds(s: OrderState) {
  const fos = [
    ...new Set([...s.holds.map((h) => h.fulfillmentOrderId), ...s.allocations.flatMap((a) => a.fulfillmentOrderIds)]),
  ];
  await runOrAskPerson(
    s,
    'Release the engine\u2019s holds',
    orderActivities.releaseHolds,
    [{ orderGid: s.input.orderGid, fulfillmentOrderIds: fos }],
    { onSkip: () => ({ released: [] }) },
  );
  s.holds = [];
  if (s.opsHeldInShopify.length) {
    await runOrAskPerson(
      s,
      'Release the operator hold in Shopify',
      orderActivities.releaseHolds,
      [{ orderGid: s.input.orderGid, fulfillmentOrderIds: s.opsHeldInShopify, handle: OPS_HOLD_HANDLE }],
      {
        onSkip: () => ({ released: [] }),
      },
    );
    s.opsHeldInShopify = [];
  }
  s.opsHold = null;
}

/** The order's units are no longer open demand, whatever webhooks arrived (src/inventory/shopify-sales.ts). */
export async function closeDemand(s: OrderState, outcome: 'closed' | 'cancelled') {
  if (!patched('close-demand-at-end')) return;
  await runOrAskPerson(
    s,
    `Close ${s.orderName ?? s.input.orderId}'s open demand (${outcome})`,
    orderActivities.closeOrderDemand,
    [{ shopDomain: s.input.shopDomain, orderId: s.input.orderId, outcome }],
    { onSkip: () => ({ closed: 0 }) },
  );
}

/**
 * Undo what the order holds: Shopify cancel (ops), reservations, partner requests, holds, money.
 * Once goods have left (a person chose to cancel after a shipment), only what has not shipped
 * is withdrawn: Shopify would refuse the cancel, and the money is left for the person to settle.
 */
export async function compensate(s: OrderState) {
  const request = s.cancel!;
  s.compensating = true;
  s.attention = null;
  s.setStage('cancelling');
  const gid = s.input.orderGid;
  const goodsLeft = s.shipmentReported && patched('partial-cancel-after-shipment');
  if (goodsLeft) await keepShipped(s);
  const cancelInShopify = () =>
    runOrAskPerson(
      s,
      `Cancel the order in Shopify (${request.reason})`,
      orderActivities.cancelInShopify,
      [{ orderGid: gid, reason: request.reason }],
      {
        onSkip: () => ({ alreadyCancelled: true }),
      },
    );
  // Partners that can refuse (a 3PL that accepted, a vendor with our PO) are asked before Shopify cancels the order.
  const partnersFirst = patched('partners-before-shopify-cancel');
  if (request.requestedBy !== 'shopify' && !partnersFirst && !goodsLeft) await cancelInShopify();
  await withdrawAllocations(
    s,
    s.allocations.filter((x) => x.state !== 'rejected' && x.state !== 'cancelled' && x.state !== 'shipped'),
  );
  if (request.requestedBy !== 'shopify' && partnersFirst && !goodsLeft) await cancelInShopify();
  await releaseAllHolds(s);
  if (goodsLeft) {
    s.note(
      `Money untouched (captured ${s.payment.captured} ${s.payment.currencyCode ?? ''}): goods have shipped; refund what did not ship in Shopify`,
    );
    return finish(s);
  }
  const money = await runOrAskPerson(
    s,
    'Void the authorization or refund what was captured',
    orderActivities.settlePaymentOnCancel,
    [{ orderGid: gid, workflowId: s.workflowId }],
    {
      onSkip: () => ({ voided: [], refunded: '0' }),
    },
  );
  s.note(`Payment settled: ${money.voided.length} authorization(s) voided, ${money.refunded} refunded`);
  s.payment = {
    ...s.payment,
    status: money.voided.length ? 'voided' : money.refunded !== '0' ? 'refunded' : s.payment.status,
    refunded: money.refunded !== '0' ? money.refunded : s.payment.refunded,
  };
  await finish(s);
}

async function finish(s: OrderState) {
  // A ship notice that came during compensation: the goods may have left; a person is told (a 202 is a promise).
  if (s.nextNotice() && patched('late-notices-after-cancel')) await handleNotices(s);
  await closeDemand(s, 'cancelled');
  s.setStage('cancelled');
}

/** Allocations a partner reported shipping (not yet in Shopify): their units have left, so they come off hand, not back to stock. */
export async function keepShipped(s: OrderState) {
  for (const a of s.allocations.filter(
    (x) =>
      x.state !== 'shipped' &&
      x.state !== 'rejected' &&
      x.state !== 'cancelled' &&
      s.notices.some((n) => n.allocationId === x.id),
  )) {
    await runOrAskPerson(
      s,
      `Take ${a.id}'s reported shipment off hand at ${a.locationName}`,
      orderActivities.consumeReservation,
      [a.id],
      { onSkip: () => ({ consumed: 0 }) },
    );
    a.state = 'shipped';
    for (const n of s.notices.filter((x) => x.allocationId === a.id)) s.noticeHandled(n);
    s.note(`${a.id} counts as shipped (${a.partnerName ?? a.locationName} reported it); not withdrawn`);
  }
}
