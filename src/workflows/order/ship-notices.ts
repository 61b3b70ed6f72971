import type { Allocation } from '../../order/types';
import { describeLines, excessOf, shipmentKeyOf, splitLines, subtractLines } from '../../order/partial';
import type { ShipmentNotice } from '../../order/contract';
import type { OrderState } from './state';
import { orderActivities, runOrAskPerson } from './steps';

/*
 * Ship notices, kept in OrderState.notices from the moment the gateway
 * answers 202 until each has reached Shopify or a person: a notice for an
 * allocation released to ship becomes a Shopify fulfillment and takes its
 * units off hand; one for more units than remain, for an allocation that has
 * shipped already, or for one no longer the partner's (withdrawn, rerouted,
 * cancelled) is put to a person, never dropped or capped. A cancel that
 * crosses a reported shipment is decided by a person (settleCrossedCancel).
 */

const who = (a: Allocation) => a.partnerName ?? a.locationName;
const trackingOf = (n: ShipmentNotice) => `${n.tracking.company ?? 'tracking'} ${n.tracking.number}`;

/** Every notice the workflow can act on now, in arrival order (notices for allocations not yet released wait). */
export async function handleNotices(s: OrderState) {
  for (let next = s.nextNotice(); next; next = s.nextNotice()) {
    const { notice, allocation } = next;
    if (allocation.state === 'released_to_ship') await shipNotice(s, allocation, notice);
    else await askAboutNotice(s, allocation, notice);
    s.noticeHandled(notice);
  }
}

/** A notice for an allocation released to ship: the units it lists (or all that remain) go to Shopify and off hand. */
async function shipNotice(s: OrderState, a: Allocation, n: ShipmentNotice) {
  s.setStage('fulfilling');
  const tracking = trackingOf(n);
  const remaining = subtractLines(a.lines, a.shipped ?? []);
  const reported = n.lines?.length ? n.lines : null;
  const lines = reported ? splitLines(remaining, reported).taken : remaining;
  const partial = subtractLines(remaining, lines).length > 0;
  if (lines.length) {
    const made = await runOrAskPerson(
      s,
      `Fulfill ${partial ? `${describeLines(lines)} of ` : ''}${a.id} in Shopify with ${tracking} and notify the customer`,
      orderActivities.createFulfillment,
      [{ orderGid: s.input.orderGid, allocation: a, tracking: n.tracking, ...(partial ? { lines } : {}) }],
      { onSkip: () => ({ fulfillmentId: null, alreadyFulfilled: false }) },
    );
    if (!made.fulfillmentId && !made.alreadyFulfilled)
      s.note(`${a.id}'s shipment ${n.tracking.number} recorded without a Shopify fulfillment (skipped by an operator)`);
    // The goods have left: their units come off hand either way.
    if (partial) {
      await runOrAskPerson(
        s,
        `Take ${describeLines(lines)} of ${a.id} off hand at ${a.locationName}`,
        orderActivities.consumeShipped,
        [{ allocationId: a.id, shipmentKey: shipmentKeyOf(n), lines }],
      );
      a.shipped = [...(a.shipped ?? []), ...lines];
      s.note(
        `Shipped ${describeLines(lines)} of ${a.id}; ${describeLines(subtractLines(a.lines, a.shipped))} still to ship`,
      );
    } else {
      await runOrAskPerson(
        s,
        `Take ${a.id}'s shipped units off hand at ${a.locationName}`,
        orderActivities.consumeReservation,
        [a.id],
      );
      a.state = 'shipped';
    }
    a.tracking = n.tracking;
  }
  const excess = reported ? excessOf(remaining, reported) : [];
  if (excess.length) {
    await s.waitForPerson(
      `${who(a)} reported shipping ${describeLines(excess)} of ${a.id} (${tracking}) beyond what remains allocated${lines.length ? ` (the ${describeLines(lines)} that remained are fulfilled)` : ''}: settle the extra units with the partner and in Shopify, then skip`,
      ['skip'],
    );
  }
}

/** A notice for an allocation that has shipped in full, or is no longer the partner's: a person settles it. */
async function askAboutNotice(s: OrderState, a: Allocation, n: ShipmentNotice) {
  const what =
    a.state === 'shipped'
      ? `another shipment of ${a.id} (${trackingOf(n)}), which has shipped in full: more units than were allocated`
      : `shipping ${a.id} (${trackingOf(n)}), which is no longer theirs (${a.state}${a.rejectionReason ? `: ${a.rejectionReason}` : ''}): the lines may ship twice`;
  await s.waitForPerson(`${who(a)} reported ${what}; settle it with the partner and in Shopify, then skip`, ['skip']);
}

/**
 * A cancel that arrived after a partner reported a shipment: the shipment has
 * gone to Shopify, the money is untouched, and a person decides. `skip`: the
 * order carries on (the cancel is settled as a return in Shopify); `cancel`:
 * what has not shipped is withdrawn, and its share refunded (cancel-remainder.ts;
 * runs recorded before it left the money for them to settle).
 */
export async function settleCrossedCancel(s: OrderState) {
  const c = s.crossedCancel;
  if (!c) return;
  const shipped = s.allocations.filter(
    (a) => a.state === 'shipped' || a.shipped?.length || s.notices.some((n) => n.allocationId === a.id),
  );
  const by = c.requestedBy === 'shopify' ? 'Shopify' : (c.requestedBy ?? 'an operator');
  await s.waitForPerson(
    `Cancel by ${by} (${c.reason}) came after ${shipped.map((a) => a.id).join(', ') || 'a shipment'} shipped; nothing was refunded. skip: keep the order going and settle the cancel as a return in Shopify; cancel: withdraw what has not shipped and ${s.cancelsRemainder ? 'refund its share' : 'settle the money in Shopify'}`,
    ['skip', 'cancel'],
  );
  s.crossedCancel = null;
  s.note(`The cancel by ${by} is set aside; the order carries on`);
}
