import { condition, patched } from '@temporalio/workflow';
import type { Allocation, AllocationLine, OrderSnapshot } from '../../order/types';
import { reroutableAllocations, type RerouteArgs } from '../../order/ops';
import { describeLines, splitLines, subtractLines } from '../../order/partial';
import type { OrderSettings } from '../../order/contract';
import type { OrderState } from './state';
import { orderActivities, loadOrder, runOrAskPerson } from './steps';
import { applyOpsEdits, followEdits } from './edits';

/*
 * Routing and partner acceptance: lines are allocated and reserved, partners
 * that must accept are asked and given a window, refusals and silence reroute,
 * an operator may reroute, and order edits while partners decide shrink what
 * they were asked for.
 */

/** An operator's reroute: its exclusions hold for the rest of the order; returns where to route to, if named. */
function applyReroute(s: OrderState, r: RerouteArgs | null): string | undefined {
  for (const x of r?.exclude ?? []) s.excludedLocations.add(x);
  return r?.toLocation;
}

/**
 * Reserve inventory for `lines` (excluding locations that refused or that an
 * operator excluded; only at `only` when an operator named a location) and
 * apply the decision in Shopify.
 */
export async function routeLines(s: OrderState, order: OrderSnapshot, lines: AllocationLine[], only?: string) {
  s.setStage('routing');
  const shipTo =
    order.shipTo?.latitude != null && order.shipTo.longitude != null
      ? { latitude: order.shipTo.latitude, longitude: order.shipTo.longitude }
      : null;
  for (;;) {
    const attempt = ++s.routeAttempts;
    const result = await runOrAskPerson(
      s,
      `Route ${lines.length} line(s) of ${order.name} and reserve inventory (attempt ${attempt})`,
      orderActivities.allocate,
      [
        {
          workflowId: s.workflowId,
          shopDomain: s.input.shopDomain,
          orderId: s.input.orderId,
          routeAttempt: attempt,
          firstSequence: s.nextAllocationSequence,
          lines,
          shipTo,
          exclude: [...s.excludedLocations],
          ...(only ? { only } : {}),
          ...(s.allocationPrefix ? { allocationPrefix: s.allocationPrefix } : {}),
        },
      ],
    );
    if (result.ok) {
      s.nextAllocationSequence += result.allocations.length;
      s.addAllocations(result.allocations);
      break;
    }
    const short = result.shortages.map((x) => `${x.sku} needs ${x.needed}, ${x.available} available`).join('; ');
    const why = result.unknownLocation
      ? `No active location or partner "${result.unknownLocation}" to reroute to`
      : `No inventory to route${only ? ` at ${only}` : ''}: ${short}`;
    const action = await s.waitForPerson(why, ['retry', 'reroute', 'cancel']);
    if (action === 'reroute') only = applyReroute(s, s.takeReroute());
  }
  const live = s.liveAllocations.filter((a) => a.state !== 'shipped');
  const placement = await runOrAskPerson(
    s,
    `Move ${order.name}'s fulfillment orders to ${[...new Set(live.map((a) => a.locationName))].join(', ')}`,
    orderActivities.applyRouting,
    [
      {
        orderGid: s.input.orderGid,
        allocations: live.map((a) => ({ id: a.id, locationId: a.locationId, lines: a.lines })),
        decision: {
          attempt: s.routeAttempts,
          allocations: live.map((a) => ({ id: a.id, location: a.locationName, partner: a.partnerId, lines: a.lines })),
        },
      },
    ],
  );
  for (const a of live) a.fulfillmentOrderIds = placement[a.id] ?? [];
  // applyRouting keeps the engine's hold on every fulfillment order it placed.
  s.setHolds(live.flatMap((a) => a.fulfillmentOrderIds));
}

/** Partners that must accept get the request and a window; a rejection or silence reroutes (bounded). */
export async function awaitAcceptance(
  s: OrderState,
  order: OrderSnapshot,
  settings: OrderSettings,
): Promise<OrderSnapshot> {
  const deadlines = new Map<string, number>();
  const functionalAckDue = new Map<string, number>();
  let reroutes = 0;
  for (;;) {
    for (const a of s.allocations.filter((x) => x.state === 'reserved')) {
      if (!a.requiresAcceptance) {
        a.state = 'accepted';
        continue;
      }
      const respondBy = Date.now() + a.acceptanceWindowSeconds * 1000;
      deadlines.set(a.id, respondBy);
      a.state = 'awaiting_acceptance';
      const asked: { functionalAckWindowSeconds?: number } = await runOrAskPerson(
        s,
        `Ask ${a.partnerName ?? a.partnerId} to accept allocation ${a.id}`,
        orderActivities.sendPartnerMessage,
        [
          {
            kind: 'allocation.requested',
            allocation: a,
            orderName: order.name,
            orderGid: s.input.orderGid,
            shipTo: order.shipTo,
            respondBy: new Date(respondBy).toISOString(),
          },
        ],
      );
      // An EDI vendor owes a 997 for our 850 well before it decides.
      if (asked.functionalAckWindowSeconds)
        functionalAckDue.set(a.id, Date.now() + asked.functionalAckWindowSeconds * 1000);
    }
    const waiting = s.allocations.filter((a) => a.state === 'awaiting_acceptance');
    // An operator's edit accepted while the last answers were being applied is made before anything is captured.
    if (!waiting.length && s.pendingEdits.length && patched('ops-order-edits')) {
      order = await applyOpsEdits(s, order);
      continue;
    }
    if (!waiting.length) return order;
    // Order edits while partners decide shrink what they were asked for (histories recorded before replay without it;
    // asked here, so orders no partner has to accept carry no marker).
    const editsAware = patched('order-edits-while-accepting');
    s.setStage('awaiting_acceptance');
    for (const a of waiting) {
      const due = functionalAckDue.get(a.id);
      if (
        due !== undefined &&
        Date.now() >= due &&
        !s.functionalAcks.has(a.id) &&
        !s.acknowledgments.has(a.id) &&
        !s.partnerProblems.has(a.id)
      ) {
        functionalAckDue.delete(a.id);
        s.partnerProblems.set(a.id, {
          allocationId: a.id,
          partnerId: a.partnerId ?? '',
          problem: `No 997 from ${a.partnerName ?? a.partnerId} for our purchase order ${a.id}`,
        });
      }
    }
    const pendingAcks = waiting
      .filter((a) => functionalAckDue.has(a.id) && !s.functionalAcks.has(a.id))
      .map((a) => functionalAckDue.get(a.id)!);
    const nearest = Math.min(...waiting.map((a) => deadlines.get(a.id) ?? Date.now()), ...pendingAcks);
    const who = [...new Set(waiting.map((a) => a.partnerName ?? a.partnerId))].join(', ');
    s.setWaiting(`${who} to accept ${waiting.map((a) => a.id).join(', ')}`, nearest, ['reroute', 'hold', 'cancel']);
    await condition(
      () =>
        waiting.some((a) => s.acknowledgments.has(a.id) || s.partnerProblems.has(a.id)) ||
        s.cancelPending ||
        !!s.reroute ||
        s.pendingEdits.length > 0 ||
        (editsAware && s.orderChanged),
      Math.max(1, nearest - Date.now()),
      {
        summary: `Wait up to ${Math.round(Math.max(1, nearest - Date.now()) / 1000)}s for ${who} to acknowledge ${waiting.map((a) => a.id).join(', ')}`,
      },
    );
    s.setWaiting(null);
    await s.checkCancel();
    if (s.pendingEdits.length && patched('ops-order-edits')) {
      order = await applyOpsEdits(s, order);
      continue;
    }
    if (editsAware && s.orderChanged) {
      // Units an edit in Shopify added are routed like the rest (histories recorded before replay without it).
      order = patched('order-edits-route-added-units') ? await followEdits(s) : await applyOrderEdits(s);
      continue;
    }
    for (const a of waiting.filter((x) => s.partnerProblems.has(x.id) && !s.acknowledgments.has(x.id))) {
      const problem = s.partnerProblems.get(a.id)!;
      s.partnerProblems.delete(a.id);
      const action = await s.waitForPerson(`${problem.problem}; retry to send it again`, [
        'retry',
        'reroute',
        'cancel',
      ]);
      if (action === 'retry') {
        deadlines.set(a.id, Date.now() + a.acceptanceWindowSeconds * 1000);
        s.functionalAcks.delete(a.id);
        const again: { functionalAckWindowSeconds?: number } = await runOrAskPerson(
          s,
          `Send ${a.partnerName ?? a.partnerId} the request for ${a.id} again`,
          orderActivities.sendPartnerMessage,
          [
            {
              kind: 'allocation.requested',
              allocation: a,
              orderName: order.name,
              orderGid: s.input.orderGid,
              shipTo: order.shipTo,
              respondBy: new Date(deadlines.get(a.id) ?? Date.now()).toISOString(),
            },
          ],
        );
        if (again.functionalAckWindowSeconds)
          functionalAckDue.set(a.id, Date.now() + again.functionalAckWindowSeconds * 1000);
      }
    }
    if (s.reroute) {
      await rerouteByOperator(s, order, s.takeReroute()!);
      continue;
    }

    const refused: Allocation[] = [];
    const partial: { a: Allocation; rest: AllocationLine[] }[] = [];
    for (const a of waiting) {
      const ack = s.acknowledgments.get(a.id);
      const split = ack?.decision === 'accepted' && ack.lines ? splitLines(a.lines, ack.lines) : null;
      if (ack?.decision === 'accepted' && (!split || split.taken.length)) {
        a.state = 'accepted';
        if (split?.rest.length) {
          partial.push({ a, rest: split.rest });
          a.lines = split.taken;
          s.note(
            `${a.partnerName ?? a.partnerId} accepted part of ${a.id} (${describeLines(split.taken)}); ${describeLines(split.rest)} will be routed again`,
          );
        } else s.note(`${a.partnerName ?? a.partnerId} accepted ${a.id}`);
      } else if (ack || Date.now() >= (deadlines.get(a.id) ?? 0)) {
        a.state = 'rejected';
        a.rejectionReason = ack
          ? (ack.reason ?? (split ? 'accepted no units' : 'rejected'))
          : `no answer within ${a.acceptanceWindowSeconds}s`;
        s.note(`${a.partnerName ?? a.partnerId} did not accept ${a.id}: ${a.rejectionReason}`);
        refused.push(a);
      }
    }
    for (const a of refused) {
      await runOrAskPerson(
        s,
        `Release the reservation of ${a.id} at ${a.locationName}`,
        orderActivities.releaseReservation,
        [a.id],
      );
      s.excludedLocations.add(a.locationId);
      const ack = s.acknowledgments.get(a.id);
      // A partner that never answered may still act on the request: withdraw it (an EDI vendor gets an 860 cancel).
      if (!ack && patched('withdraw-unanswered-requests')) {
        await runOrAskPerson(
          s,
          `Withdraw the request for ${a.id} from ${a.partnerName ?? a.locationName}`,
          orderActivities.sendPartnerMessage,
          [{ kind: 'allocation.cancelled', allocation: a, orderName: order.name, orderGid: s.input.orderGid }],
          { onSkip: () => ({ sent: false }) },
        );
      } else if (
        ack?.decision === 'rejected' &&
        ack.lines?.some((l) => l.quantity > 0) &&
        patched('withdraw-refused-partial-acceptance')
      ) {
        // The partner said it would ship some units, but the whole was refused (no partial acceptance): it must hear so.
        await runOrAskPerson(
          s,
          `Withdraw ${a.id} from ${a.partnerName ?? a.locationName}, which accepted only part of it`,
          orderActivities.sendPartnerMessage,
          [{ kind: 'allocation.cancelled', allocation: a, orderName: order.name, orderGid: s.input.orderGid }],
          { onSkip: () => ({ sent: false }) },
        );
      }
    }
    for (const { a, rest } of partial) {
      await runOrAskPerson(
        s,
        `Keep ${describeLines(a.lines)} reserved at ${a.locationName} for ${a.id}; release ${describeLines(rest)}`,
        orderActivities.shrinkReservation,
        [{ allocationId: a.id, keep: a.lines }],
      );
      s.excludedLocations.add(a.locationId);
      // Units taken away from the partner (backordered or rejected, routed elsewhere) are taken off its request too (an EDI vendor gets an 860 change).
      if (patched('tell-partner-units-taken-away')) {
        await runOrAskPerson(
          s,
          `Tell ${a.partnerName ?? a.locationName} that ${a.id} now holds ${describeLines(a.lines)} (${describeLines(rest)} go elsewhere)`,
          orderActivities.sendPartnerMessage,
          [{ kind: 'allocation.changed', allocation: a, orderName: order.name, orderGid: s.input.orderGid }],
          { onSkip: () => ({ sent: false }) },
        );
      }
    }
    s.syncSearchAttributes();
    for (const a of refused) {
      reroutes += 1;
      let only: string | undefined;
      if (reroutes > settings.maxRouteAttempts) {
        const action = await s.waitForPerson(
          `${reroutes - 1} reroutes and still no partner accepts; retry to route again`,
          ['retry', 'reroute', 'cancel'],
        );
        if (action === 'reroute') only = applyReroute(s, s.takeReroute());
        reroutes = 1;
      }
      await routeLines(s, order, a.lines, only);
    }
    for (const { rest } of partial) await routeLines(s, order, rest);
  }
}

/**
 * The order changed in Shopify while partners decide (an edit removed units):
 * allocations not yet released give those units back, last first; a partner
 * is told what is left (an 860 change for an EDI vendor) or that nothing is.
 * Units already released to ship are left for a person (noted).
 */
export async function applyOrderEdits(s: OrderState): Promise<OrderSnapshot> {
  const order = await loadOrder(s);
  const wanted = new Map(order.lines.filter((l) => l.requiresShipping).map((l) => [l.lineItemId, l.quantity]));
  const unshipped = s.liveAllocations.filter((a) => a.state !== 'shipped');
  const changeable = unshipped
    .filter((a) => a.state === 'reserved' || a.state === 'awaiting_acceptance' || a.state === 'accepted')
    .reverse();
  const changed = new Map<string, AllocationLine[]>();
  for (const [lineItemId, quantity] of wanted) {
    let excess =
      unshipped
        .flatMap((a) => a.lines)
        .filter((l) => l.lineItemId === lineItemId)
        .reduce((n, l) => n + l.quantity, 0) - quantity;
    for (const a of changeable) {
      if (excess <= 0) break;
      const lines = changed.get(a.id) ?? a.lines;
      const held = lines.filter((l) => l.lineItemId === lineItemId).reduce((n, l) => n + l.quantity, 0);
      const take = Math.min(excess, held);
      if (!take) continue;
      changed.set(
        a.id,
        subtractLines(lines, [
          { lineItemId, sku: lines.find((l) => l.lineItemId === lineItemId)!.sku, quantity: take },
        ]),
      );
      excess -= take;
    }
    if (excess > 0)
      s.note(
        `Order edit removed ${excess} unit(s) of ${lineItemId} already released to ship; settle it with the partner and in Shopify`,
      );
  }
  for (const [id, keep] of changed) {
    const a = s.allocations.find((x) => x.id === id)!;
    const removed = subtractLines(a.lines, keep);
    s.note(
      `Order edit: ${a.id} at ${a.locationName} ${keep.length ? `keeps ${describeLines(keep)}` : 'is no longer needed'} (${describeLines(removed)} removed)`,
    );
    if (!keep.length) {
      await runOrAskPerson(
        s,
        `Release the reservation of ${a.id} at ${a.locationName}`,
        orderActivities.releaseReservation,
        [a.id],
      );
      if (a.state !== 'reserved') {
        await runOrAskPerson(
          s,
          `Tell ${a.partnerName ?? a.locationName} that ${a.id} is cancelled`,
          orderActivities.sendPartnerMessage,
          [{ kind: 'allocation.cancelled', allocation: a, orderName: order.name, orderGid: s.input.orderGid }],
          { onSkip: () => ({ sent: false }) },
        );
      }
      a.state = 'cancelled';
      continue;
    }
    await runOrAskPerson(
      s,
      `Keep ${describeLines(keep)} reserved at ${a.locationName} for ${a.id}; release ${describeLines(removed)}`,
      orderActivities.shrinkReservation,
      [{ allocationId: a.id, keep }],
    );
    a.lines = keep;
    if (a.state !== 'reserved') {
      await runOrAskPerson(
        s,
        `Tell ${a.partnerName ?? a.locationName} that ${a.id} now holds ${describeLines(keep)}`,
        orderActivities.sendPartnerMessage,
        [{ kind: 'allocation.changed', allocation: a, orderName: order.name, orderGid: s.input.orderGid }],
        { onSkip: () => ({ sent: false }) },
      );
    }
  }
  s.syncSearchAttributes();
  return order;
}

/** An operator moves allocations that partners were asked to accept (or accepted, uncaptured) elsewhere. */
async function rerouteByOperator(s: OrderState, order: OrderSnapshot, r: RerouteArgs) {
  const moving = reroutableAllocations(s).filter((a) => !r.allocationId || a.id === r.allocationId);
  if (!moving.length) return s.note('Reroute not applied: nothing can be rerouted any more');
  for (const a of moving) {
    a.state = 'rejected';
    a.rejectionReason = `rerouted by ${r.by ?? 'an operator'}`;
    await runOrAskPerson(
      s,
      `Release the reservation of ${a.id} at ${a.locationName}`,
      orderActivities.releaseReservation,
      [a.id],
    );
    await runOrAskPerson(
      s,
      `Tell ${a.partnerName ?? a.locationName} that ${a.id} is withdrawn`,
      orderActivities.sendPartnerMessage,
      [{ kind: 'allocation.cancelled', allocation: a, orderName: order.name, orderGid: s.input.orderGid }],
      { onSkip: () => ({ sent: false }) },
    );
    s.excludedLocations.add(a.locationId);
  }
  const only = applyReroute(s, r);
  await routeLines(
    s,
    order,
    moving.flatMap((a) => a.lines),
    only,
  );
}
