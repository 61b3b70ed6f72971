import { condition, patched, setHandler } from '@temporalio/workflow';
import type { Allocation, AllocationLine, OpsAction, OrderSnapshot, OrderStatus } from '../../order/types';
import { OPS_HOLD_HANDLE } from '../../order/types';
import { reroutableAllocations, type OpsOutcome, type RerouteArgs } from '../../order/ops';
import { splitLines, subtractLines } from '../../order/partial';
import { paymentReadiness, paymentView, readLedger } from '../../payment/ledger';
import { captureAmounts } from '../../payment/capture-plan';
import { fromMinor, toMinor } from '../../payment/money';
import {
  DEFAULT_ORDER_SETTINGS,
  cancelSignal,
  cancelUpdate,
  cancellationAnswerSignal,
  partnerProblemSignal,
  functionalAckSignal,
  holdSignal,
  holdUpdate,
  partnerAcknowledgmentSignal,
  releaseSignal,
  releaseUpdate,
  rerouteSignal,
  rerouteUpdate,
  retrySignal,
  retryUpdate,
  shipmentSignal,
  shopifyEventSignal,
  skipSignal,
  skipUpdate,
  statusQuery,
  type OrderSettings,
  type OrderWorkflowInput,
  type ShipmentNotice,
} from './definitions';
import { OrderCancelled, OrderState } from './state';
import { acts, step } from './steps';

/**
 * One Shopify order, from the first webhook to completion:
 *   authorize -> route -> await partner acceptance -> capture-before-ship -> fulfill -> notify
 * Cancellation (Shopify or ops) at any point before shipment unwinds to compensate().
 */
export async function orderWorkflow(input: OrderWorkflowInput): Promise<OrderStatus> {
  const settings: OrderSettings = { ...DEFAULT_ORDER_SETTINGS, ...input.settings };
  const s = new OrderState(input);
  setHandler(statusQuery, () => s.snapshot());
  setHandler(shopifyEventSignal, (e) => s.onShopifyEvent(e));
  setHandler(partnerAcknowledgmentSignal, (a) => s.onAcknowledgment(a));
  setHandler(shipmentSignal, (n) => s.onShipment(n));
  setHandler(cancellationAnswerSignal, (c) => s.onCancellationAnswer(c));
  setHandler(partnerProblemSignal, (p) => s.onPartnerProblem(p));
  setHandler(functionalAckSignal, (f) => s.onFunctionalAck(f));
  setHandler(retrySignal, (a) => void s.opsAction('retry', a));
  setHandler(skipSignal, (a) => void s.opsAction('skip', a));
  setHandler(rerouteSignal, (a) => void s.opsAction('reroute', a));
  setHandler(holdSignal, (a) => void s.opsAction('hold', a));
  setHandler(releaseSignal, (a) => void s.opsAction('release', a));
  setHandler(cancelSignal, (r) => void s.opsAction('cancel', { ...r, by: r?.by ?? r?.requestedBy }));
  const updates = [
    [retryUpdate, 'retry'],
    [skipUpdate, 'skip'],
    [rerouteUpdate, 'reroute'],
    [holdUpdate, 'hold'],
    [releaseUpdate, 'release'],
    [cancelUpdate, 'cancel'],
  ] as const;
  for (const [update, action] of updates) {
    setHandler(update as typeof rerouteUpdate, (args): OpsOutcome => ({ action, accepted: true, message: s.opsAction(action, args), stage: s.stage }), {
      validator: (args) => {
        const refusal = s.opsRefusal(action as OpsAction, args);
        if (refusal) throw new Error(`${action} refused: ${refusal}`);
      },
    });
  }

  try {
    await orchestrate(s, settings);
  } catch (err) {
    if (!(err instanceof OrderCancelled)) throw err;
    await compensate(s);
  }
  return s.snapshot();
}

async function orchestrate(s: OrderState, settings: OrderSettings) {
  const gid = s.input.orderGid;
  let order = await loadOrder(s);
  if (order.cancelledAt) s.requestCancel({ reason: 'cancelled in Shopify', requestedBy: 'shopify' });
  s.checkCancel();
  if (order.fulfillmentStatus === 'FULFILLED' || order.closed) {
    s.note('Order is already fulfilled or closed in Shopify; nothing to orchestrate');
    s.setStage('completed');
    return;
  }
  const held = await step(s, `Hold ${order.name} in Shopify while it is routed`, acts.holdFulfillmentOrders, [
    { orderGid: gid, note: 'Held by Order Orchestrator while the order is authorized and routed' },
  ]);
  s.setHolds(held.onHold ?? held.held); // histories recorded before `onHold` existed carry only `held`

  s.setStage('authorizing');
  order = await authorize(s, order, settings);

  s.setStage('routing');
  if (s.orderChanged) order = await loadOrder(s);
  const shippable = order.lines
    .filter((l) => l.requiresShipping && l.quantity > 0)
    .map((l) => ({ lineItemId: l.lineItemId, sku: l.sku, quantity: l.quantity }));
  if (shippable.length) await routeLines(s, order, shippable);

  order = await awaitAcceptance(s, order, settings);
  await capture(s, order);
  await fulfill(s, order, settings);

  s.setStage('notifying');
  const summary = { workflowId: s.workflowId, allocations: s.allocations.map((a) => ({ id: a.id, location: a.locationName, tracking: a.tracking })) };
  await step(s, `Tag ${order.name} as orchestrated and record the outcome`, acts.recordOutcomeInShopify, [
    { orderGid: gid, tags: ['order-orchestrator:completed'], summary },
  ]);
  await step(s, `Publish order.completed for ${order.name}`, acts.publishOrderEvent, [{ type: 'order.completed', workflowId: s.workflowId, order: summary }], {
    onSkip: () => ({ sent: false }),
  });
  s.setStage('completed');
}

async function loadOrder(s: OrderState): Promise<OrderSnapshot> {
  const order = await step(s, `Read order ${s.orderName ?? s.input.orderId} from Shopify`, acts.loadOrder, [s.input.orderGid]);
  s.absorbOrder(order);
  s.payment = paymentView(readLedger(order.transactions, order.currencyCode), order.total, new Date());
  s.orderChanged = false;
  return order;
}

/** Authorized for the total, not expired, not high risk; else wait (bounded) or ask a person. */
async function authorize(s: OrderState, order: OrderSnapshot, settings: OrderSettings): Promise<OrderSnapshot> {
  let riskAccepted = false;
  for (;;) {
    const highRisk = order.riskRecommendation === 'CANCEL' || order.riskLevels.includes('HIGH');
    if (highRisk && !riskAccepted) {
      await s.waitForPerson(`High fraud risk (Shopify recommends ${order.riskRecommendation}); skip to accept the risk`, ['skip', 'cancel']);
      riskAccepted = true;
      continue;
    }
    const readiness = paymentReadiness(readLedger(order.transactions, order.currencyCode), order.total, new Date());
    if (readiness.kind === 'ready') return order;
    if (readiness.kind === 'pending') {
      s.note(`Waiting up to ${settings.paymentWaitSeconds}s for payment`);
      s.setWaiting(`payment on ${order.name}`, Date.now() + settings.paymentWaitSeconds * 1000, ['hold', 'cancel']);
      const paid = await condition(() => s.paymentChanged || s.cancelPending, settings.paymentWaitSeconds * 1000, {
        summary: `Wait up to ${settings.paymentWaitSeconds}s for payment on ${order.name}`,
      });
      s.setWaiting(null);
      s.checkCancel();
      if (!paid) {
        const action = await s.waitForPerson(`Payment not received within ${settings.paymentWaitSeconds}s`, ['retry', 'skip', 'cancel']);
        if (action === 'skip') return order;
      }
      s.paymentChanged = false;
    } else {
      const why = readiness.kind === 'expired' ? `authorization expired at ${readiness.expiresAt}` : `only ${readiness.covered} of ${readiness.total} is covered`;
      const action = await s.waitForPerson(`Payment cannot cover the order: ${why}`, ['retry', 'skip', 'cancel']);
      if (action === 'skip') return order;
    }
    order = await loadOrder(s);
  }
}

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
async function routeLines(s: OrderState, order: OrderSnapshot, lines: AllocationLine[], only?: string) {
  s.setStage('routing');
  const shipTo = order.shipTo?.latitude != null && order.shipTo.longitude != null ? { latitude: order.shipTo.latitude, longitude: order.shipTo.longitude } : null;
  for (;;) {
    const attempt = ++s.routeAttempts;
    const result = await step(s, `Route ${lines.length} line(s) of ${order.name} and reserve inventory (attempt ${attempt})`, acts.allocate, [
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
      },
    ]);
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
  const placement = await step(s, `Move ${order.name}'s fulfillment orders to ${[...new Set(live.map((a) => a.locationName))].join(', ')}`, acts.applyRouting, [
    {
      orderGid: s.input.orderGid,
      allocations: live.map((a) => ({ id: a.id, locationId: a.locationId, lines: a.lines })),
      decision: { attempt: s.routeAttempts, allocations: live.map((a) => ({ id: a.id, location: a.locationName, partner: a.partnerId, lines: a.lines })) },
    },
  ]);
  for (const a of live) a.fulfillmentOrderIds = placement[a.id] ?? [];
  // applyRouting keeps the engine's hold on every fulfillment order it placed.
  s.setHolds(live.flatMap((a) => a.fulfillmentOrderIds));
}

/** Partners that must accept get the request and a window; a rejection or silence reroutes (bounded). */
async function awaitAcceptance(s: OrderState, order: OrderSnapshot, settings: OrderSettings): Promise<OrderSnapshot> {
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
      const asked: { functionalAckWindowSeconds?: number } = await step(s, `Ask ${a.partnerName ?? a.partnerId} to accept allocation ${a.id}`, acts.sendPartnerMessage, [
        { kind: 'allocation.requested', allocation: a, orderName: order.name, orderGid: s.input.orderGid, shipTo: order.shipTo, respondBy: new Date(respondBy).toISOString() },
      ]);
      // An EDI vendor owes a 997 for our 850 well before it decides.
      if (asked.functionalAckWindowSeconds) functionalAckDue.set(a.id, Date.now() + asked.functionalAckWindowSeconds * 1000);
    }
    const waiting = s.allocations.filter((a) => a.state === 'awaiting_acceptance');
    if (!waiting.length) return order;
    // Order edits while partners decide shrink what they were asked for (histories recorded before replay without it;
    // asked here, so orders no partner has to accept carry no marker).
    const editsAware = patched('order-edits-while-accepting');
    s.setStage('awaiting_acceptance');
    for (const a of waiting) {
      const due = functionalAckDue.get(a.id);
      if (due !== undefined && Date.now() >= due && !s.functionalAcks.has(a.id) && !s.acknowledgments.has(a.id) && !s.partnerProblems.has(a.id)) {
        functionalAckDue.delete(a.id);
        s.partnerProblems.set(a.id, { allocationId: a.id, partnerId: a.partnerId ?? '', problem: `No 997 from ${a.partnerName ?? a.partnerId} for our purchase order ${a.id}` });
      }
    }
    const pendingAcks = waiting.filter((a) => functionalAckDue.has(a.id) && !s.functionalAcks.has(a.id)).map((a) => functionalAckDue.get(a.id)!);
    const nearest = Math.min(...waiting.map((a) => deadlines.get(a.id) ?? Date.now()), ...pendingAcks);
    const who = [...new Set(waiting.map((a) => a.partnerName ?? a.partnerId))].join(', ');
    s.setWaiting(`${who} to accept ${waiting.map((a) => a.id).join(', ')}`, nearest, ['reroute', 'hold', 'cancel']);
    await condition(() => waiting.some((a) => s.acknowledgments.has(a.id) || s.partnerProblems.has(a.id)) || s.cancelPending || !!s.reroute || (editsAware && s.orderChanged), Math.max(1, nearest - Date.now()), {
      summary: `Wait up to ${Math.round(Math.max(1, nearest - Date.now()) / 1000)}s for ${who} to acknowledge ${waiting.map((a) => a.id).join(', ')}`,
    });
    s.setWaiting(null);
    s.checkCancel();
    if (editsAware && s.orderChanged) {
      order = await applyOrderEdits(s);
      continue;
    }
    for (const a of waiting.filter((x) => s.partnerProblems.has(x.id) && !s.acknowledgments.has(x.id))) {
      const problem = s.partnerProblems.get(a.id)!;
      s.partnerProblems.delete(a.id);
      const action = await s.waitForPerson(`${problem.problem}; retry to send it again`, ['retry', 'reroute', 'cancel']);
      if (action === 'retry') {
        deadlines.set(a.id, Date.now() + a.acceptanceWindowSeconds * 1000);
        s.functionalAcks.delete(a.id);
        const again: { functionalAckWindowSeconds?: number } = await step(s, `Send ${a.partnerName ?? a.partnerId} the request for ${a.id} again`, acts.sendPartnerMessage, [
          { kind: 'allocation.requested', allocation: a, orderName: order.name, orderGid: s.input.orderGid, shipTo: order.shipTo, respondBy: new Date(deadlines.get(a.id) ?? Date.now()).toISOString() },
        ]);
        if (again.functionalAckWindowSeconds) functionalAckDue.set(a.id, Date.now() + again.functionalAckWindowSeconds * 1000);
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
          s.note(`${a.partnerName ?? a.partnerId} accepted part of ${a.id} (${describeLines(split.taken)}); ${describeLines(split.rest)} will be routed again`);
        } else s.note(`${a.partnerName ?? a.partnerId} accepted ${a.id}`);
      } else if (ack || Date.now() >= (deadlines.get(a.id) ?? 0)) {
        a.state = 'rejected';
        a.rejectionReason = ack ? (ack.reason ?? (split ? 'accepted no units' : 'rejected')) : `no answer within ${a.acceptanceWindowSeconds}s`;
        s.note(`${a.partnerName ?? a.partnerId} did not accept ${a.id}: ${a.rejectionReason}`);
        refused.push(a);
      }
    }
    for (const a of refused) {
      await step(s, `Release the reservation of ${a.id} at ${a.locationName}`, acts.releaseReservation, [a.id]);
      s.excludedLocations.add(a.locationId);
      // A partner that never answered may still act on the request: withdraw it (an EDI vendor gets an 860 cancel).
      if (!s.acknowledgments.has(a.id) && patched('withdraw-unanswered-requests')) {
        await step(s, `Withdraw the request for ${a.id} from ${a.partnerName ?? a.locationName}`, acts.sendPartnerMessage, [
          { kind: 'allocation.cancelled', allocation: a, orderName: order.name, orderGid: s.input.orderGid },
        ], { onSkip: () => ({ sent: false }) });
      }
    }
    for (const { a, rest } of partial) {
      await step(s, `Keep ${describeLines(a.lines)} reserved at ${a.locationName} for ${a.id}; release ${describeLines(rest)}`, acts.shrinkReservation, [{ allocationId: a.id, keep: a.lines }]);
      s.excludedLocations.add(a.locationId);
    }
    s.syncSearchAttributes();
    for (const a of refused) {
      reroutes += 1;
      let only: string | undefined;
      if (reroutes > settings.maxRouteAttempts) {
        const action = await s.waitForPerson(`${reroutes - 1} reroutes and still no partner accepts; retry to route again`, ['retry', 'reroute', 'cancel']);
        if (action === 'reroute') only = applyReroute(s, s.takeReroute());
        reroutes = 1;
      }
      await routeLines(s, order, a.lines, only);
    }
    for (const { rest } of partial) await routeLines(s, order, rest);
  }
}

function describeLines(lines: AllocationLine[]): string {
  return lines.map((l) => `${l.quantity} x ${l.sku}`).join(', ');
}

/**
 * The order changed in Shopify while partners decide (an edit removed units):
 * allocations not yet released give those units back, last first; a partner
 * is told what is left (an 860 change for an EDI vendor) or that nothing is.
 * Units already released to ship are left for a person (noted).
 */
async function applyOrderEdits(s: OrderState): Promise<OrderSnapshot> {
  const order = await loadOrder(s);
  const wanted = new Map(order.lines.filter((l) => l.requiresShipping).map((l) => [l.lineItemId, l.quantity]));
  const unshipped = s.liveAllocations.filter((a) => a.state !== 'shipped');
  const changeable = unshipped.filter((a) => a.state === 'reserved' || a.state === 'awaiting_acceptance' || a.state === 'accepted').reverse();
  const changed = new Map<string, AllocationLine[]>();
  for (const [lineItemId, quantity] of wanted) {
    let excess = unshipped.flatMap((a) => a.lines).filter((l) => l.lineItemId === lineItemId).reduce((n, l) => n + l.quantity, 0) - quantity;
    for (const a of changeable) {
      if (excess <= 0) break;
      const lines = changed.get(a.id) ?? a.lines;
      const held = lines.filter((l) => l.lineItemId === lineItemId).reduce((n, l) => n + l.quantity, 0);
      const take = Math.min(excess, held);
      if (!take) continue;
      changed.set(a.id, subtractLines(lines, [{ lineItemId, sku: lines.find((l) => l.lineItemId === lineItemId)!.sku, quantity: take }]));
      excess -= take;
    }
    if (excess > 0) s.note(`Order edit removed ${excess} unit(s) of ${lineItemId} already released to ship; settle it with the partner and in Shopify`);
  }
  for (const [id, keep] of changed) {
    const a = s.allocations.find((x) => x.id === id)!;
    const removed = subtractLines(a.lines, keep);
    s.note(`Order edit: ${a.id} at ${a.locationName} ${keep.length ? `keeps ${describeLines(keep)}` : 'is no longer needed'} (${describeLines(removed)} removed)`);
    if (!keep.length) {
      await step(s, `Release the reservation of ${a.id} at ${a.locationName}`, acts.releaseReservation, [a.id]);
      if (a.state !== 'reserved') {
        await step(s, `Tell ${a.partnerName ?? a.locationName} that ${a.id} is cancelled`, acts.sendPartnerMessage, [
          { kind: 'allocation.cancelled', allocation: a, orderName: order.name, orderGid: s.input.orderGid },
        ], { onSkip: () => ({ sent: false }) });
      }
      a.state = 'cancelled';
      continue;
    }
    await step(s, `Keep ${describeLines(keep)} reserved at ${a.locationName} for ${a.id}; release ${describeLines(removed)}`, acts.shrinkReservation, [{ allocationId: a.id, keep }]);
    a.lines = keep;
    if (a.state !== 'reserved') {
      await step(s, `Tell ${a.partnerName ?? a.locationName} that ${a.id} now holds ${describeLines(keep)}`, acts.sendPartnerMessage, [
        { kind: 'allocation.changed', allocation: a, orderName: order.name, orderGid: s.input.orderGid },
      ], { onSkip: () => ({ sent: false }) });
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
    await step(s, `Release the reservation of ${a.id} at ${a.locationName}`, acts.releaseReservation, [a.id]);
    await step(s, `Tell ${a.partnerName ?? a.locationName} that ${a.id} is withdrawn`, acts.sendPartnerMessage, [
      { kind: 'allocation.cancelled', allocation: a, orderName: order.name, orderGid: s.input.orderGid },
    ], { onSkip: () => ({ sent: false }) });
    s.excludedLocations.add(a.locationId);
  }
  const only = applyReroute(s, r);
  await routeLines(s, order, moving.flatMap((a) => a.lines), only);
}

/** Capture-before-ship: each allocation's amount is captured before its hold is released. */
async function capture(s: OrderState, order: OrderSnapshot) {
  if (s.takeReroute()) s.note('Reroute not applied: every allocation was accepted before it could be');
  s.setStage('capturing');
  const live = s.liveAllocations;
  const currency = order.currencyCode;
  if (!live.length) {
    await s.whileHeld(`capturing ${order.total} ${currency}`);
    await step(s, `Capture ${order.total} ${currency} for ${order.name} (nothing to ship)`, acts.captureForAllocation, [
      { orderGid: s.input.orderGid, allocationId: 'order', targetCaptured: order.total, currency, finalCapture: true },
    ]);
    return;
  }
  const amounts = captureAmounts(live, order.lines, order.total, currency);
  let cumulative = 0n;
  for (const [i, a] of live.entries()) {
    a.captureAmount = amounts[i]!;
    cumulative += toMinor(a.captureAmount, currency);
    if (a.state !== 'accepted') continue;
    await s.whileHeld(`capturing and releasing ${a.id}`);
    if (!a.captured) {
      await step(
        s,
        `Capture ${a.captureAmount} ${currency} for allocation ${a.id} at ${a.locationName}`,
        acts.captureForAllocation,
        [{ orderGid: s.input.orderGid, allocationId: a.id, targetCaptured: fromMinor(cumulative, currency), currency, finalCapture: i === live.length - 1 }],
        { onSkip: () => ({ captured: '0', alreadyCaptured: true, transactionIds: [] }) },
      );
      a.captured = true;
      const captured = toMinor(s.payment.captured, currency);
      if (captured < cumulative) s.payment = { ...s.payment, captured: fromMinor(cumulative, currency) };
    }
    await step(s, `Release the hold on allocation ${a.id} so ${a.locationName} can ship`, acts.releaseHolds, [
      { orderGid: s.input.orderGid, fulfillmentOrderIds: a.fulfillmentOrderIds },
    ]);
    s.holds = s.holds.filter((h) => !a.fulfillmentOrderIds.includes(h.fulfillmentOrderId));
    await step(s, `Tell ${a.partnerName ?? a.locationName} to ship ${a.id}`, acts.sendPartnerMessage, [
      { kind: 'allocation.released', allocation: a, orderName: order.name, orderGid: s.input.orderGid, shipTo: order.shipTo },
    ]);
    a.state = 'released_to_ship';
    if (a.shipBySeconds) {
      a.shipBy = new Date(Date.now() + a.shipBySeconds * 1000).toISOString();
      await step(s, `Set ${a.id}'s ship-by date in Shopify to ${a.shipBy}`, acts.setFulfillmentDeadline, [{ fulfillmentOrderIds: a.fulfillmentOrderIds, deadline: a.shipBy }], {
        onSkip: () => ({ set: false }),
      });
    }
  }
  s.payment = { ...s.payment, status: toMinor(s.payment.captured, currency) >= toMinor(order.total, currency) ? 'captured' : 'partially_captured' };
}

/**
 * Each ship notice becomes a Shopify fulfillment with tracking; the reservation
 * is consumed. A 3PL fulfills in Shopify itself (seen through fulfillments/create),
 * and one that refuses the request has its lines routed, accepted and paid again.
 */
async function fulfill(s: OrderState, order: OrderSnapshot, settings: OrderSettings) {
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
    s.setWaiting(`ship notices from ${who} for ${open.map((a) => a.id).join(', ')}`, Number.isFinite(due) ? due : null, ['hold', 'cancel']);
    const byPartner = open.filter((a) => a.partnerKind === 'shopify_fulfillment_service');
    const woken = () =>
      open.some((a) => s.shipments.has(a.id) || s.releasedRefusals.has(a.id)) || (s.fulfillmentsChanged && byPartner.length > 0) || s.cancelPending || !!s.opsHold;
    if (Number.isFinite(due)) {
      await condition(woken, Math.max(1, due - Date.now()), { summary: `Wait until ${new Date(due).toISOString()} for ${who} to ship` });
    } else await condition(woken);
    s.setWaiting(null);
    s.checkCancel();
    if (s.opsHold) continue;
    if (s.fulfillmentsChanged && byPartner.length) await shippedByPartner(s, byPartner);
    const refusals = open.filter((a) => s.releasedRefusals.has(a.id) && a.state === 'released_to_ship');
    if (refusals.length) {
      await rerouteReleased(s, order, settings, refusals.map((a) => ({ a, reason: s.releasedRefusals.get(a.id)?.reason ?? 'fulfillment request rejected' })));
      continue;
    }
    const late = open.filter((x) => x.state === 'released_to_ship' && x.shipBy && Date.now() >= Date.parse(x.shipBy) && !s.shipments.has(x.id));
    const withdraw = late.filter((a) => a.shipByPolicy === 'reroute');
    for (const a of late.filter((x) => x.shipByPolicy !== 'reroute')) await overdue(s, a);
    if (withdraw.length) {
      for (const a of withdraw) {
        await step(s, `Withdraw ${a.id} from ${a.partnerName ?? a.locationName}: not shipped by ${a.shipBy}`, acts.sendPartnerMessage, [
          { kind: 'allocation.cancelled', allocation: a, orderName: order.name, orderGid: s.input.orderGid },
        ], { onSkip: () => ({ sent: false }) });
      }
      await rerouteReleased(s, order, settings, withdraw.map((a) => ({ a, reason: `not shipped by ${a.shipBy}` })));
    }
    for (const a of open) {
      const queue = s.shipments.get(a.id);
      if (!queue) continue;
      s.setStage('fulfilling');
      for (let notice = queue.shift(); notice && a.state !== 'shipped'; notice = queue.shift()) await shipOne(s, a, notice);
      s.shipments.delete(a.id);
    }
  }
}

/** Allocations a 3PL has fulfilled in Shopify: shipped, with the tracking it gave; their units come off hand. */
async function shippedByPartner(s: OrderState, allocations: Allocation[]) {
  s.fulfillmentsChanged = false;
  const who = [...new Set(allocations.map((a) => a.partnerName ?? a.locationName))].join(', ');
  const seen = await step(s, `See what ${who} fulfilled in Shopify`, acts.fulfilledByPartner, [
    { orderGid: s.input.orderGid, allocations: allocations.map((a) => ({ id: a.id, fulfillmentOrderIds: a.fulfillmentOrderIds })) },
  ]);
  for (const r of seen.filter((x) => x.shipped)) {
    const a = allocations.find((x) => x.id === r.allocationId)!;
    s.setStage('fulfilling');
    await step(s, `Take ${a.id}'s shipped units off hand at ${a.locationName}`, acts.consumeReservation, [a.id]);
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
async function rerouteReleased(s: OrderState, order: OrderSnapshot, settings: OrderSettings, refused: { a: Allocation; reason: string }[]) {
  for (const { a, reason } of refused) {
    s.releasedRefusals.delete(a.id);
    a.state = 'rejected';
    a.rejectionReason = reason;
    await step(s, `Release the reservation of ${a.id} at ${a.locationName}`, acts.releaseReservation, [a.id]);
    s.excludedLocations.add(a.locationId);
  }
  s.syncSearchAttributes();
  for (const { a } of refused) await routeLines(s, order, a.lines);
  await capture(s, await awaitAcceptance(s, order, settings));
}

/** A partner past its ship-by date: a person waits longer (retry), stops the clock (skip) or cancels. */
async function overdue(s: OrderState, a: Allocation) {
  const action = await s.waitForPerson(`${a.partnerName ?? a.locationName} has not shipped ${a.id} by ${a.shipBy}; retry to give it another ${a.shipBySeconds}s, skip to wait without a deadline`, ['retry', 'skip', 'cancel']);
  if (action !== 'retry') {
    delete a.shipBy;
    return;
  }
  a.shipBy = new Date(Date.now() + (a.shipBySeconds ?? 0) * 1000).toISOString();
  await step(s, `Set ${a.id}'s ship-by date in Shopify to ${a.shipBy}`, acts.setFulfillmentDeadline, [{ fulfillmentOrderIds: a.fulfillmentOrderIds, deadline: a.shipBy }], {
    onSkip: () => ({ set: false }),
  });
}

/** One ship notice: the whole remainder of the allocation, or (with lines) part of it. */
async function shipOne(s: OrderState, a: Allocation, notice: ShipmentNotice) {
  const tracking = `${notice.tracking.company ?? 'tracking'} ${notice.tracking.number}`;
  const remaining = subtractLines(a.lines, a.shipped ?? []);
  const lines = notice.lines?.length ? splitLines(remaining, notice.lines).taken : null;
  if (lines && !lines.length) return s.note(`Ship notice ${notice.tracking.number} for ${a.id} lists nothing that remains to ship; ignored`);
  if (lines && subtractLines(remaining, lines).length) {
    await step(s, `Fulfill ${describeLines(lines)} of ${a.id} in Shopify with ${tracking} and notify the customer`, acts.createFulfillment, [
      { orderGid: s.input.orderGid, allocation: a, tracking: notice.tracking, lines },
    ]);
    await step(s, `Take ${describeLines(lines)} of ${a.id} off hand at ${a.locationName}`, acts.consumeShipped, [
      { allocationId: a.id, shipmentKey: notice.tracking.number, lines },
    ]);
    a.shipped = [...(a.shipped ?? []), ...lines];
    a.tracking = notice.tracking;
    s.note(`Shipped ${describeLines(lines)} of ${a.id}; ${describeLines(subtractLines(a.lines, a.shipped))} still to ship`);
    return;
  }
  await step(s, `Fulfill ${a.id} in Shopify with ${tracking} and notify the customer`, acts.createFulfillment, [
    { orderGid: s.input.orderGid, allocation: a, tracking: notice.tracking },
  ]);
  await step(s, `Take ${a.id}'s shipped units off hand at ${a.locationName}`, acts.consumeReservation, [a.id]);
  a.state = 'shipped';
  a.tracking = notice.tracking;
}

/** An operator hold after release to ship: hold those fulfillment orders in Shopify until it is lifted. */
async function holdShipping(s: OrderState, open: Allocation[]) {
  const ids = open.map((a) => a.id).join(', ');
  const fulfillmentOrderIds = open.flatMap((a) => a.fulfillmentOrderIds);
  const reason = s.opsHold?.reason ?? 'held by an operator';
  const held = await step(s, `Hold ${ids} in Shopify for the operator (${reason})`, acts.holdForOperator, [
    { orderGid: s.input.orderGid, fulfillmentOrderIds, reason },
  ]);
  s.opsHeldInShopify = held.onHold;
  await s.whileHeld(`shipping ${ids}`);
  await step(s, `Release the operator hold on ${ids} in Shopify`, acts.releaseHolds, [
    { orderGid: s.input.orderGid, fulfillmentOrderIds, handle: OPS_HOLD_HANDLE },
  ]);
  s.opsHeldInShopify = [];
}

/** Partners that answer a cancellation (EDI vendors, with an 865) get a window to do so; a refusal asks a person. */
async function awaitCancellationAnswers(s: OrderState, pending: { a: Allocation; until: number }[]) {
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
    if (!answer) s.note(`No answer from ${a.partnerName ?? a.partnerId} on cancelling ${a.id} in time; the cancellation counts as done`);
    else if (!answer.accepted) {
      await s.waitForPerson(`${a.partnerName ?? a.partnerId} refused to cancel ${a.id}${answer.reason ? ` (${answer.reason})` : ''}: it may ship; settle it with the vendor, then skip to finish the cancellation`, ['skip']);
    }
  }
}

/** Undo what the order holds: Shopify cancel (ops), reservations, partner requests, holds, money. */
async function compensate(s: OrderState) {
  const request = s.cancel!;
  s.compensating = true;
  s.attention = null;
  s.setStage('cancelling');
  const gid = s.input.orderGid;
  const cancelInShopify = () =>
    step(s, `Cancel the order in Shopify (${request.reason})`, acts.cancelInShopify, [{ orderGid: gid, reason: request.reason }], {
      onSkip: () => ({ alreadyCancelled: true }),
    });
  // Partners that can refuse (a 3PL that accepted, a vendor with our PO) are asked before Shopify cancels the order.
  const partnersFirst = patched('partners-before-shopify-cancel');
  if (request.requestedBy !== 'shopify' && !partnersFirst) await cancelInShopify();
  const answers: { a: Allocation; until: number }[] = [];
  for (const a of s.allocations.filter((x) => x.state !== 'rejected' && x.state !== 'cancelled' && x.state !== 'shipped')) {
    await step(s, `Release the reservation of ${a.id} at ${a.locationName}`, acts.releaseReservation, [a.id], { onSkip: () => ({ released: 0 }) });
    if (a.state !== 'reserved') {
      const told: { sent: boolean; answerWindowSeconds?: number } = await step(s, `Tell ${a.partnerName ?? a.locationName} that ${a.id} is cancelled`, acts.sendPartnerMessage, [
        { kind: 'allocation.cancelled', allocation: a, orderName: s.orderName, orderGid: s.input.orderGid },
      ], { onSkip: () => ({ sent: false }) });
      if (told.sent && told.answerWindowSeconds) answers.push({ a, until: Date.now() + told.answerWindowSeconds * 1000 });
    }
    a.state = 'cancelled';
  }
  await awaitCancellationAnswers(s, answers);
  if (request.requestedBy !== 'shopify' && partnersFirst) await cancelInShopify();
  const fos = [...new Set([...s.holds.map((h) => h.fulfillmentOrderId), ...s.allocations.flatMap((a) => a.fulfillmentOrderIds)])];
  await step(s, 'Release the engine\u2019s holds', acts.releaseHolds, [{ orderGid: gid, fulfillmentOrderIds: fos }], { onSkip: () => ({ released: [] }) });
  s.holds = [];
  if (s.opsHeldInShopify.length) {
    await step(s, 'Release the operator hold in Shopify', acts.releaseHolds, [{ orderGid: gid, fulfillmentOrderIds: s.opsHeldInShopify, handle: OPS_HOLD_HANDLE }], {
      onSkip: () => ({ released: [] }),
    });
    s.opsHeldInShopify = [];
  }
  s.opsHold = null;
  const money = await step(s, 'Void the authorization or refund what was captured', acts.settlePaymentOnCancel, [{ orderGid: gid, workflowId: s.workflowId }], {
    onSkip: () => ({ voided: [], refunded: '0' }),
  });
  s.note(`Payment settled: ${money.voided.length} authorization(s) voided, ${money.refunded} refunded`);
  s.payment = { ...s.payment, status: money.voided.length ? 'voided' : money.refunded !== '0' ? 'refunded' : s.payment.status, refunded: money.refunded !== '0' ? money.refunded : s.payment.refunded };
  s.setStage('cancelled');
}
