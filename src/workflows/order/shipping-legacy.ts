import { condition } from '@temporalio/workflow';
import type { Allocation, OrderSnapshot } from '../../order/types';
import { describeLines, splitLines, subtractLines } from '../../order/partial';
import type { OrderSettings, ShipmentNotice } from '../../order/contract';
import type { OrderState } from './state';
import { orderActivities, runOrAskPerson } from './steps';
import { holdShipping, pastShipBy, rerouteReleased, shippedByPartner } from './shipping';

/*
 * The shipping loop as it ran before ship notices were kept until handled
 * (patch 'ship-notices-kept-until-handled'): kept unchanged so that orders
 * whose histories took it replay. New orders run fulfill in shipping.ts.
 */
export async function fulfillLegacy(s: OrderState, order: OrderSnapshot, settings: OrderSettings) {
  for (;;) {
    const open = s.allocations.filter((a) => a.state === 'released_to_ship');
    if (!open.length) return;
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
      open.some((a) => s.shipments.has(a.id) || s.releasedRefusals.has(a.id)) ||
      (s.fulfillmentsChanged && byFulfillmentService.length > 0) ||
      s.cancelPending ||
      !!s.opsHold;
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
    await pastShipBy(s, order, settings, open, (id) => s.shipments.has(id));
    for (const a of open) {
      const queue = s.shipments.get(a.id);
      if (!queue) continue;
      s.setStage('fulfilling');
      for (let notice = queue.shift(); notice && a.state !== 'shipped'; notice = queue.shift()) {
        await shipOne(s, a, notice);
        s.noticeHandled(notice);
      }
      s.shipments.delete(a.id);
    }
  }
}

/** One ship notice: the whole remainder of the allocation, or (with lines) part of it. */
async function shipOne(s: OrderState, a: Allocation, notice: ShipmentNotice) {
  const tracking = `${notice.tracking.company ?? 'tracking'} ${notice.tracking.number}`;
  const remaining = subtractLines(a.lines, a.shipped ?? []);
  const lines = notice.lines?.length ? splitLines(remaining, notice.lines).taken : null;
  if (lines && !lines.length)
    return s.note(`Ship notice ${notice.tracking.number} for ${a.id} lists nothing that remains to ship; ignored`);
  if (lines && subtractLines(remaining, lines).length) {
    await runOrAskPerson(
      s,
      `Fulfill ${describeLines(lines)} of ${a.id} in Shopify with ${tracking} and notify the customer`,
      orderActivities.createFulfillment,
      [{ orderGid: s.input.orderGid, allocation: a, tracking: notice.tracking, lines }],
    );
    await runOrAskPerson(
      s,
      `Take ${describeLines(lines)} of ${a.id} off hand at ${a.locationName}`,
      orderActivities.consumeShipped,
      [{ allocationId: a.id, shipmentKey: notice.tracking.number, lines }],
    );
    a.shipped = [...(a.shipped ?? []), ...lines];
    a.tracking = notice.tracking;
    s.note(
      `Shipped ${describeLines(lines)} of ${a.id}; ${describeLines(subtractLines(a.lines, a.shipped))} still to ship`,
    );
    return;
  }
  await runOrAskPerson(
    s,
    `Fulfill ${a.id} in Shopify with ${tracking} and notify the customer`,
    orderActivities.createFulfillment,
    [{ orderGid: s.input.orderGid, allocation: a, tracking: notice.tracking }],
  );
  await runOrAskPerson(
    s,
    `Take ${a.id}'s shipped units off hand at ${a.locationName}`,
    orderActivities.consumeReservation,
    [a.id],
  );
  a.state = 'shipped';
  a.tracking = notice.tracking;
}
