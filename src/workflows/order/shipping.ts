import { condition, patched } from '@temporalio/workflow';
import type { Allocation, OrderSnapshot } from '../../order/types';
import { OPS_HOLD_HANDLE } from '../../order/types';
import type { OrderSettings } from '../../order/contract';
import type { OrderState } from './state';
import { orderActivities, runOrAskPerson } from './steps';
import { awaitAcceptance, routeLines } from './acceptance';
import { handleNotices, settleCrossedCancel } from './ship-notices';
import { capture } from './capture';
import { fulfillLegacy } from './shipping-legacy';
import { applyEditsAfterCapture } from './edits-after-capture';

/*
 * From release to shipment: ship notices (whole or partial) and 3PL
 * fulfillments, ship-by deadlines, operator holds after release, and lines
 * that must go elsewhere after release (capture and release: ./capture.ts).
 */

/**
 * Each ship notice becomes a Shopify fulfillment with tracking; the reservation
 * is consumed. A 3PL fulfills in Shopify itself (seen through fulfillments/create),
 * and one that refuses the request has its lines routed, accepted and paid again.
 * Notices are kept until they reach Shopify or a person (ship-notices.ts);
 * histories recorded before that replay the loop in shipping-legacy.ts.
 */
export async function fulfill(s: OrderState, order: OrderSnapshot, settings: OrderSettings) {
  if (!patched('ship-notices-kept-until-handled')) return fulfillLegacy(s, order, settings);
  for (;;) {
    // An operator hold keeps notices for released allocations waiting (as before), nothing else.
    if (!s.opsHold || !s.allocations.some((a) => a.state === 'released_to_ship')) await handleNotices(s);
    await settleCrossedCancel(s);
    // Edits accepted after the capture (only runs with patch 'edits-after-capture' accept them).
    if (s.capturedEdits.length) {
      order = await applyEditsAfterCapture(s, order, settings);
      continue;
    }
    const open = s.allocations.filter((a) => a.state === 'released_to_ship');
    if (!open.length) {
      if (!s.nextNotice()) return;
      continue;
    }
    if (s.opsHold) {
      await holdShipping(s, open);
      continue;
    }
    s.setStage('awaiting_shipment');
    const who = [...new Set(open.map((a) => a.partnerName ?? a.locationName))].join(', ');
    const due = Math.min(...open.map((a) => (a.shipBy ? Date.parse(a.shipBy) : Infinity)));
    s.setWaiting(
      `ship notices from ${who} for ${open.map((a) => a.id).join(', ')}`,
      Number.isFinite(due) ? due : null,
      ['hold', 'cancel'],
    );
    const byFulfillmentService = open.filter((a) => a.partnerKind === 'shopify_fulfillment_service');
    const woken = () =>
      !!s.nextNotice() ||
      open.some((a) => s.releasedRefusals.has(a.id)) ||
      (s.fulfillmentsChanged && byFulfillmentService.length > 0) ||
      s.cancelPending ||
      !!s.crossedCancel ||
      !!s.opsHold ||
      s.capturedEdits.length > 0;
    if (Number.isFinite(due)) {
      await condition(woken, Math.max(1, due - Date.now()), {
        summary: `Wait until ${new Date(due).toISOString()} for ${who} to ship`,
      });
    } else await condition(woken);
    s.setWaiting(null);
    await s.checkCancel();
    if (s.opsHold) continue;
    if (s.fulfillmentsChanged && byFulfillmentService.length) await shippedByPartner(s, byFulfillmentService);
    const refusals = open.filter((a) => s.releasedRefusals.has(a.id) && a.state === 'released_to_ship');
    if (refusals.length) {
      await rerouteReleased(
        s,
        order,
        settings,
        refusals.map((a) => ({ a, reason: s.releasedRefusals.get(a.id)?.reason ?? 'fulfillment request rejected' })),
      );
      continue;
    }
    await pastShipBy(s, order, settings, open, (id) => s.notices.some((n) => n.allocationId === id));
  }
}

/** Released allocations past their ship-by date with no ship notice: a person decides, or (policy `reroute`) they are withdrawn and routed again. */
export async function pastShipBy(
  s: OrderState,
  order: OrderSnapshot,
  settings: OrderSettings,
  open: Allocation[],
  reported: (allocationId: string) => boolean,
) {
  const late = open.filter(
    (x) => x.state === 'released_to_ship' && x.shipBy && Date.now() >= Date.parse(x.shipBy) && !reported(x.id),
  );
  const withdraw = late.filter((a) => a.shipByPolicy === 'reroute');
  for (const a of late.filter((x) => x.shipByPolicy !== 'reroute')) await overdue(s, a);
  if (!withdraw.length) return;
  for (const a of withdraw) {
    await runOrAskPerson(
      s,
      `Withdraw ${a.id} from ${a.partnerName ?? a.locationName}: not shipped by ${a.shipBy}`,
      orderActivities.sendPartnerMessage,
      [{ kind: 'allocation.cancelled', allocation: a, orderName: order.name, orderGid: s.input.orderGid }],
      { onSkip: () => ({ sent: false }) },
    );
  }
  await rerouteReleased(
    s,
    order,
    settings,
    withdraw.map((a) => ({ a, reason: `not shipped by ${a.shipBy}` })),
  );
}

/** Allocations a 3PL has fulfilled in Shopify: shipped, with the tracking it gave; their units come off hand. */
export async function shippedByPartner(s: OrderState, allocations: Allocation[]) {
  s.fulfillmentsChanged = false;
  const who = [...new Set(allocations.map((a) => a.partnerName ?? a.locationName))].join(', ');
  const seen = await runOrAskPerson(s, `See what ${who} fulfilled in Shopify`, orderActivities.fulfilledByPartner, [
    {
      orderGid: s.input.orderGid,
      allocations: allocations.map((a) => ({ id: a.id, fulfillmentOrderIds: a.fulfillmentOrderIds })),
    },
  ]);
  for (const r of seen.filter((x) => x.shipped)) {
    const a = allocations.find((x) => x.id === r.allocationId)!;
    s.setStage('fulfilling');
    // Shopify holds the 3PL's fulfillment: shipped from here on, so a cancel now is put to a person, not applied.
    if (patched('3pl-fulfillment-counts-as-shipped')) a.state = 'shipped';
    await runOrAskPerson(
      s,
      `Take ${a.id}'s shipped units off hand at ${a.locationName}`,
      orderActivities.consumeReservation,
      [a.id],
    );
    a.state = 'shipped';
    a.tracking = r.trackingNumber ? { number: r.trackingNumber, company: null, url: null } : null;
    s.note(`${a.partnerName ?? a.locationName} fulfilled ${a.id}${r.trackingNumber ? ` (${r.trackingNumber})` : ''}`);
  }
}

/**
 * Allocations already released that will not ship there (a 3PL refused, or a
 * partner missed its ship-by date): route those lines again, then accept and
 * capture as for any new allocation (what was captured is not captured again).
 */
export async function rerouteReleased(
  s: OrderState,
  order: OrderSnapshot,
  settings: OrderSettings,
  refused: { a: Allocation; reason: string }[],
) {
  for (const { a, reason } of refused) {
    s.releasedRefusals.delete(a.id);
    a.state = 'rejected';
    a.rejectionReason = reason;
    await runOrAskPerson(
      s,
      `Release the reservation of ${a.id} at ${a.locationName}`,
      orderActivities.releaseReservation,
      [a.id],
    );
    s.excludedLocations.add(a.locationId);
  }
  s.syncSearchAttributes();
  for (const { a } of refused) await routeLines(s, order, a.lines);
  await capture(s, await awaitAcceptance(s, order, settings));
}

/** A partner past its ship-by date: a person waits longer (retry), stops the clock (skip) or cancels. */
export async function overdue(s: OrderState, a: Allocation) {
  const action = await s.waitForPerson(
    `${a.partnerName ?? a.locationName} has not shipped ${a.id} by ${a.shipBy}; retry to give it another ${a.shipBySeconds}s, skip to wait without a deadline`,
    ['retry', 'skip', 'cancel'],
  );
  if (action !== 'retry') {
    delete a.shipBy;
    return;
  }
  a.shipBy = new Date(Date.now() + (a.shipBySeconds ?? 0) * 1000).toISOString();
  await runOrAskPerson(
    s,
    `Set ${a.id}'s ship-by date in Shopify to ${a.shipBy}`,
    orderActivities.setFulfillmentDeadline,
    [{ fulfillmentOrderIds: a.fulfillmentOrderIds, deadline: a.shipBy }],
    {
      onSkip: () => ({ set: false }),
    },
  );
}

/** An operator hold after release to ship: hold those fulfillment orders in Shopify until it is lifted. */
export async function holdShipping(s: OrderState, open: Allocation[]) {
  const ids = open.map((a) => a.id).join(', ');
  const fulfillmentOrderIds = open.flatMap((a) => a.fulfillmentOrderIds);
  const reason = s.opsHold?.reason ?? 'held by an operator';
  const held = await runOrAskPerson(
    s,
    `Hold ${ids} in Shopify for the operator (${reason})`,
    orderActivities.holdForOperator,
    [{ orderGid: s.input.orderGid, fulfillmentOrderIds, reason }],
  );
  s.opsHeldInShopify = held.onHold;
  await s.whileHeld(`shipping ${ids}`);
  await runOrAskPerson(s, `Release the operator hold on ${ids} in Shopify`, orderActivities.releaseHolds, [
    { orderGid: s.input.orderGid, fulfillmentOrderIds, handle: OPS_HOLD_HANDLE },
  ]);
  s.opsHeldInShopify = [];
}
