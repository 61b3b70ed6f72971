import type { OrderSnapshot } from '../../order/types';
import { captureAmounts } from '../../payment/capture-plan';
import { fromMinor, toMinor } from '../../payment/money';
import type { OrderState } from './state';
import { orderActivities, runOrAskPerson } from './steps';
import { settleCrossedCancel } from './ship-notices';

/*
 * The capture-before-ship gate: each accepted allocation's share of the
 * order is captured, then its hold is released and its partner told to ship
 * (with its ship-by date set in Shopify when it has one).
 */

/** Capture-before-ship: each allocation's amount is captured before its hold is released. */
export async function capture(s: OrderState, order: OrderSnapshot) {
  if (s.takeReroute()) s.note('Reroute not applied: every allocation was accepted before it could be');
  s.setStage('capturing');
  const live = s.liveAllocations;
  const currency = order.currencyCode;
  if (!live.length) {
    await s.whileHeld(`capturing ${order.total} ${currency}`);
    await runOrAskPerson(
      s,
      `Capture ${order.total} ${currency} for ${order.name} (nothing to ship)`,
      orderActivities.captureForAllocation,
      [
        {
          orderGid: s.input.orderGid,
          allocationId: 'order',
          targetCaptured: order.total,
          currency,
          finalCapture: true,
        },
      ],
    );
    return;
  }
  const amounts = captureAmounts(live, order.lines, order.total, currency);
  let cumulative = 0n;
  for (const [i, a] of live.entries()) {
    a.captureAmount = amounts[i]!;
    cumulative += toMinor(a.captureAmount, currency);
    if (a.state !== 'accepted') continue;
    await s.whileHeld(`capturing and releasing ${a.id}`);
    await settleCrossedCancel(s); // a cancel after a reported shipment: nothing is captured until a person decides
    if (!a.captured && s.input.exchange) {
      a.captured = true; // an exchange's replacement: the return workflow settled its money
    } else if (!a.captured) {
      await runOrAskPerson(
        s,
        `Capture ${a.captureAmount} ${currency} for allocation ${a.id} at ${a.locationName}`,
        orderActivities.captureForAllocation,
        [
          {
            orderGid: s.input.orderGid,
            allocationId: a.id,
            targetCaptured: fromMinor(cumulative, currency),
            currency,
            finalCapture: i === live.length - 1,
          },
        ],
        { onSkip: () => ({ captured: '0', alreadyCaptured: true, transactionIds: [] }) },
      );
      a.captured = true;
      const captured = toMinor(s.payment.captured, currency);
      if (captured < cumulative) s.payment = { ...s.payment, captured: fromMinor(cumulative, currency) };
    }
    await runOrAskPerson(
      s,
      `Release the hold on allocation ${a.id} so ${a.locationName} can ship`,
      orderActivities.releaseHolds,
      [{ orderGid: s.input.orderGid, fulfillmentOrderIds: a.fulfillmentOrderIds }],
    );
    s.holds = s.holds.filter((h) => !a.fulfillmentOrderIds.includes(h.fulfillmentOrderId));
    await runOrAskPerson(
      s,
      `Tell ${a.partnerName ?? a.locationName} to ship ${a.id}`,
      orderActivities.sendPartnerMessage,
      [
        {
          kind: 'allocation.released',
          allocation: a,
          orderName: order.name,
          orderGid: s.input.orderGid,
          shipTo: order.shipTo,
        },
      ],
    );
    a.state = 'released_to_ship';
    if (a.shipBySeconds) {
      a.shipBy = new Date(Date.now() + a.shipBySeconds * 1000).toISOString();
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
  }
  s.payment = {
    ...s.payment,
    status: toMinor(s.payment.captured, currency) >= toMinor(order.total, currency) ? 'captured' : 'partially_captured',
  };
}
