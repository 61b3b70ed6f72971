import type { Allocation, AllocationLine, OrderSnapshot } from '../../order/types';
import type { OrderSettings } from '../../order/contract';
import { describeEdit, planEdit, unroutedUnits } from '../../order/edits';
import { planAfterCapture, takeOffReleased } from '../../order/edits-after-capture';
import { describeLines, subtractLines } from '../../order/partial';
import { captureAmounts } from '../../payment/capture-plan';
import { fromMinor, toMinor } from '../../payment/money';
import type { OrderState } from './state';
import { orderActivities, loadOrder, runOrAskPerson } from './steps';
import { awaitAcceptance, routeLines } from './acceptance';
import { capture } from './capture';

/*
 * Edits after the capture (patch 'edits-after-capture'), applied while the
 * order waits for its ship notices: the edit is made in Shopify (the same
 * idempotent activity as before the capture); units taken off give back
 * their reservation and their partner is told what is left (or that nothing
 * is); what was captured beyond the new total is refunded once, under a key
 * derived from the edit; units added are routed, accepted, paid for (captured,
 * or charged to the saved card once the authorization is closed) and only
 * then released to ship. An edit that no longer fits (its line shipped
 * meanwhile) is put to a person, never dropped.
 */

const who = (a: Allocation) => a.partnerName ?? a.locationName;

/** Apply the edits queued after the capture, oldest first; returns the order as Shopify now has it. */
export async function applyEditsAfterCapture(
  s: OrderState,
  order: OrderSnapshot,
  settings: OrderSettings,
): Promise<OrderSnapshot> {
  while (s.capturedEdits.length) {
    const edit = s.capturedEdits[0]!;
    const by = edit.args.by?.trim() || 'operator';
    // Checked again: a line may have shipped since the edit was accepted.
    const problem = planAfterCapture(s.orderLines ?? [], edit.args, s.shippedUnits());
    const planned = planEdit(s.orderLines ?? [], edit.args);
    if (problem || 'problem' in planned) {
      s.capturedEdits.shift();
      await reportUnapplied(s, edit.key, problem ?? 'the edit no longer fits the order');
      continue;
    }
    const what = describeEdit(planned.plan);
    const applied = await runOrAskPerson(
      s,
      `Edit ${order.name} in Shopify after the capture: ${what}`,
      orderActivities.applyOrderEdit,
      [
        {
          orderGid: s.input.orderGid,
          editKey: edit.key,
          set: planned.plan.set.map((x) => ({ lineItemId: x.lineItemId, quantity: x.to })),
          add: planned.plan.add,
          note: `${what} (by ${by})`,
        },
      ],
      { onSkip: () => ({ committed: false, lines: [], skipped: true }) },
    );
    s.capturedEdits.shift();
    const outcome = applied.skipped ? 'skipped by an operator' : applied.committed ? 'made' : 'found already made';
    s.note(`Edit ${edit.key} ${outcome} in Shopify: ${what}`);
    order = await loadOrder(s);
    await takeOffUnits(s, order);
    await refundBeyondTotal(s, order, edit.key, what);
    const added = unroutedUnits(order.lines, s.allocations);
    if (added.length) order = await shipAddedUnits(s, order, settings, edit.key, added);
    else replanShares(s, order);
  }
  return order;
}

/** An edit that cannot be made any more: said in the timeline and put to a person. */
async function reportUnapplied(s: OrderState, key: string, why: string) {
  s.note(`Edit ${key} not applied: ${why}`);
  await s.waitForPerson(`Edit ${key} could not be applied (${why}); settle it in Shopify, then skip`, ['skip']);
}

/** Units the edit took off come off the allocations released to ship: reservation given back, partner told. */
async function takeOffUnits(s: OrderState, order: OrderSnapshot) {
  const wanted = new Map(order.lines.filter((l) => l.requiresShipping).map((l) => [l.lineItemId, l.quantity]));
  const { changed, left } = takeOffReleased(s.allocations, wanted);
  for (const l of left)
    s.note(
      `Order edit removed ${describeLines([l])} that no allocation still to ship holds; settle it with the partner`,
    );
  for (const [id, lines] of changed) {
    const a = s.allocations.find((x) => x.id === id)!;
    const removed = subtractLines(a.lines, lines);
    const toShip = subtractLines(lines, a.shipped ?? []);
    s.note(
      `Order edit: ${a.id} at ${a.locationName} ${toShip.length ? `ships ${describeLines(toShip)}` : 'has nothing left to ship'} (${describeLines(removed)} removed)`,
    );
    if (!lines.length) {
      await runOrAskPerson(
        s,
        `Release the reservation of ${a.id} at ${a.locationName}`,
        orderActivities.releaseReservation,
        [a.id],
      );
      await runOrAskPerson(
        s,
        `Tell ${who(a)} that ${a.id} is cancelled`,
        orderActivities.sendPartnerMessage,
        [{ kind: 'allocation.cancelled', allocation: a, orderName: order.name, orderGid: s.input.orderGid }],
        { onSkip: () => ({ sent: false }) },
      );
      a.state = 'cancelled';
      continue;
    }
    await runOrAskPerson(
      s,
      `Keep ${describeLines(toShip)} reserved at ${a.locationName} for ${a.id}; release ${describeLines(removed)}`,
      orderActivities.shrinkReservation,
      [{ allocationId: a.id, keep: toShip }],
    );
    a.lines = lines;
    if (!toShip.length) a.state = 'shipped'; // what is left of it shipped already
    await runOrAskPerson(
      s,
      `Tell ${who(a)} that ${a.id} now holds ${describeLines(lines)}`,
      orderActivities.sendPartnerMessage,
      [{ kind: 'allocation.changed', allocation: a, orderName: order.name, orderGid: s.input.orderGid }],
      { onSkip: () => ({ sent: false }) },
    );
  }
  s.syncSearchAttributes();
}

/** What is captured (net of refunds) beyond the order's new total is refunded, once (the key derives from the edit). */
async function refundBeyondTotal(s: OrderState, order: OrderSnapshot, key: string, what: string) {
  const c = order.currencyCode;
  const refundedBefore = toMinor(s.payment.refunded, c);
  const beyond = toMinor(s.payment.captured, c) - refundedBefore - toMinor(order.total, c);
  if (beyond <= 0n) return;
  const done = await runOrAskPerson(
    s,
    `Refund ${fromMinor(beyond, c)} ${c} captured beyond ${order.name}'s new total ${order.total} ${c} (edit ${key})`,
    orderActivities.cancelRemainderInShopify,
    [
      {
        orderGid: s.input.orderGid,
        workflowId: s.workflowId,
        fulfillmentOrderIds: [],
        refund: fromMinor(beyond, c),
        keep: order.total,
        currency: c,
        voidUntouched: false,
        reason: `edit ${key}`,
        refundKey: `${key}:refund`,
        note: `Order Orchestrator edit ${key} (${what}): refunds what was captured beyond the new total`,
      },
    ],
    { onSkip: () => ({ refunded: '0', refundedNow: '0', cancelledLines: [], voided: [], leftToExpire: [] }) },
  );
  const refunded = toMinor(done.refunded, c);
  s.note(
    refunded > 0n
      ? `Refunded ${done.refunded} ${c} captured beyond the new total (edit ${key})`
      : `Nothing refunded for edit ${key} (${fromMinor(beyond, c)} ${c} beyond the new total): the step was skipped`,
  );
  const known = toMinor(s.payment.refunded, c); // a refund workflow's signal may have counted it meanwhile
  const total = refundedBefore + refunded > known ? refundedBefore + refunded : known;
  s.payment = { ...s.payment, refunded: fromMinor(total, c) };
}

/**
 * Units an edit added after the capture: routed like any others, accepted by
 * their partner, paid for before they may ship (what the new total asks
 * beyond what is captured), then released through the capture gate.
 */
async function shipAddedUnits(
  s: OrderState,
  order: OrderSnapshot,
  settings: OrderSettings,
  key: string,
  added: AllocationLine[],
): Promise<OrderSnapshot> {
  s.note(`Edit ${key} added ${describeLines(added)}: routing them`);
  const released = s.allocations.filter((a) => a.state === 'released_to_ship');
  await routeLines(s, order, added);
  // Routing holds every fulfillment order it placed; those already released to ship are released again.
  const ids = released.flatMap((a) => a.fulfillmentOrderIds);
  if (ids.length) {
    await runOrAskPerson(
      s,
      `Release the hold on ${released.map((a) => a.id).join(', ')} again`,
      orderActivities.releaseHolds,
      [{ orderGid: s.input.orderGid, fulfillmentOrderIds: ids }],
    );
    s.holds = s.holds.filter((h) => !ids.includes(h.fulfillmentOrderId));
  }
  order = await awaitAcceptance(s, order, settings);
  await collectForEdit(s, order, key);
  await capture(s, order);
  return order;
}

/** Take what the added units ask beyond what is captured; a customer invoiced instead is put to a person. */
async function collectForEdit(s: OrderState, order: OrderSnapshot, key: string) {
  const c = order.currencyCode;
  for (;;) {
    const got = await runOrAskPerson(
      s,
      `Collect what edit ${key} adds to ${order.name} (new total ${order.total} ${c}) before it ships`,
      orderActivities.collectForEdit,
      [{ orderGid: s.input.orderGid, editKey: key, target: order.total, currency: c }],
      { onSkip: () => ({ owed: '0', collected: '0', how: 'nothing_owed' as const }) },
    );
    if (got.how === 'captured') s.note(`Captured ${got.collected} ${c} for edit ${key}`);
    if (got.how === 'charged') s.note(`Charged ${got.collected} ${c} to the saved card for edit ${key}`);
    if (got.how !== 'invoiced') break;
    const why = got.declined ? `the saved card was declined (${got.declined})` : 'no saved card';
    s.note(`Edit ${key}: ${got.owed} ${c} not collected (${why}); the customer was invoiced`);
    const action = await s.waitForPerson(
      `${got.owed} ${c} for edit ${key} not collected (${why}); the customer was invoiced. Retry once paid, skip to ship without it`,
      ['retry', 'skip'],
    );
    if (action === 'skip') break;
  }
  await loadOrder(s); // the payment as Shopify now shows it
}

/** Each live allocation's share of the new total (what a later cancel of the rest refunds). */
function replanShares(s: OrderState, order: OrderSnapshot) {
  const live = s.liveAllocations;
  const amounts = captureAmounts(live, order.lines, order.total, order.currencyCode);
  live.forEach((a, i) => (a.captureAmount = amounts[i]!));
}
