import { condition, patched, setHandler } from '@temporalio/workflow';
import type { OpsAction, OrderSnapshot, OrderStatus } from '../../order/types';
import type { OpsOutcome } from '../../order/ops';
import { paymentReadiness, readLedger } from '../../payment/ledger';
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
  refundRecordedSignal,
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
  editUpdate,
  type OrderSettings,
  type OrderWorkflowInput,
} from '../../order/contract';
import { OrderCancelled, OrderState } from './state';
import { orderActivities, loadOrder, runOrAskPerson } from './steps';
import { awaitAcceptance, routeLines } from './acceptance';
import { capture } from './capture';
import { fulfill } from './shipping';
import { closeDemand, compensate } from './cancellation';
import { cancelRemainder } from './cancel-remainder';
import { handleNotices } from './ship-notices';

/**
 * One Shopify order, from the first webhook to completion:
 *   authorize -> route -> await partner acceptance -> capture-before-ship -> fulfill -> notify
 * Cancellation (Shopify or ops) at any point before shipment unwinds to compensate(); after part of
 * the order shipped, to cancelRemainder() (what has not shipped is withdrawn and its share refunded).
 */
export async function orderWorkflow(input: OrderWorkflowInput): Promise<OrderStatus> {
  const settings: OrderSettings = { ...DEFAULT_ORDER_SETTINGS, ...input.settings };
  const s = new OrderState(input);
  // Decided once, before any handler runs: a cancel after part of the order shipped cancels the rest.
  s.cancelsRemainder = patched('cancel-unshipped-remainder');
  // Decided once, for the same reason: edits are taken after the capture, for lines that have not shipped.
  s.editsAfterCapture = !input.exchange && patched('edits-after-capture');
  setHandler(statusQuery, () => s.snapshot());
  setHandler(shopifyEventSignal, (e) => s.onShopifyEvent(e));
  setHandler(partnerAcknowledgmentSignal, (a) => s.onAcknowledgment(a));
  setHandler(shipmentSignal, (n) => s.onShipment(n));
  setHandler(cancellationAnswerSignal, (c) => s.onCancellationAnswer(c));
  setHandler(partnerProblemSignal, (p) => s.onPartnerProblem(p));
  setHandler(functionalAckSignal, (f) => s.onFunctionalAck(f));
  setHandler(refundRecordedSignal, (r) => s.onRefundRecorded(r));
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
    setHandler(
      update as typeof rerouteUpdate,
      (args): OpsOutcome => ({ action, accepted: true, message: s.opsAction(action, args), stage: s.stage }),
      {
        validator: (args) => {
          const refusal = s.opsRefusal(action as OpsAction, args);
          if (refusal) throw new Error(`${action} refused: ${refusal}`);
        },
      },
    );
  }

  setHandler(
    editUpdate,
    (args) => {
      const editKey = s.queueEdit(args);
      return { action: 'edit', accepted: true, stage: s.stage, editKey, message: `edit ${editKey} queued` };
    },
    {
      validator: (args) => {
        const refusal = s.editRefusal(args);
        if (refusal) throw new Error(`edit refused: ${refusal}`);
      },
    },
  );

  try {
    await orchestrate(s, settings);
  } catch (err) {
    if (!(err instanceof OrderCancelled)) throw err;
    for (const e of s.capturedEdits.splice(0)) s.note(`Edit ${e.key} not applied: the order was cancelled first`);
    if (s.cancelsRemainder && s.shipmentReported) await cancelRemainder(s);
    else await compensate(s);
  }
  return s.snapshot();
}

async function orchestrate(s: OrderState, settings: OrderSettings) {
  const gid = s.input.orderGid;
  let order = await loadOrder(s);
  if (order.cancelledAt) {
    s.requestCancel({ reason: 'cancelled in Shopify', requestedBy: 'shopify', confirmed: true });
    if (s.cancel?.requestedBy === 'shopify') s.cancel.confirmed = true; // read from Shopify just now
  }
  await s.checkCancel();
  const exchange = s.input.exchange;
  if (exchange) {
    // An exchange run: only the replacement's lines, which Shopify added to the order unfulfilled.
    if (!order.lines.some((l) => exchange.lineItemIds.includes(l.lineItemId) && l.quantity > 0)) {
      s.note('The replacement has no unfulfilled units in Shopify; nothing to orchestrate');
      s.setStage('completed');
      return;
    }
  } else if (order.fulfillmentStatus === 'FULFILLED' || order.closed) {
    s.note('Order is already fulfilled or closed in Shopify; nothing to orchestrate');
    s.setStage('completed');
    return;
  }
  const held = await runOrAskPerson(
    s,
    `Hold ${order.name} in Shopify while it is routed`,
    orderActivities.holdFulfillmentOrders,
    [{ orderGid: gid, note: 'Held by Order Orchestrator while the order is authorized and routed' }],
  );
  s.setHolds(held.onHold ?? held.held); // histories recorded before `onHold` existed carry only `held`

  if (exchange) s.note(`Exchange for return ${exchange.returnId}: its return workflow settled the money`);
  else {
    s.setStage('authorizing');
    order = await authorize(s, order, settings);
  }

  s.setStage('routing');
  if (s.orderChanged) order = await loadOrder(s);
  const shippable = order.lines
    .filter((l) => l.requiresShipping && l.quantity > 0 && (!exchange || exchange.lineItemIds.includes(l.lineItemId)))
    .map((l) => ({ lineItemId: l.lineItemId, sku: l.sku, quantity: l.quantity }));
  if (shippable.length) await routeLines(s, order, shippable);

  order = await awaitAcceptance(s, order, settings);
  await capture(s, order);
  await fulfill(s, order, settings);

  s.setStage('notifying');
  const summary = {
    workflowId: s.workflowId,
    allocations: s.allocations.map((a) => ({ id: a.id, location: a.locationName, tracking: a.tracking })),
  };
  await runOrAskPerson(
    s,
    `Tag ${order.name} as orchestrated and record the outcome`,
    orderActivities.recordOutcomeInShopify,
    [{ orderGid: gid, tags: ['order-orchestrator:completed'], summary }],
  );
  await runOrAskPerson(
    s,
    `Publish order.completed for ${order.name}`,
    orderActivities.publishOrderEvent,
    [{ type: 'order.completed', workflowId: s.workflowId, order: summary }],
    {
      onSkip: () => ({ sent: false }),
    },
  );
  // A notice that came while the order was being tagged still reaches a person (a 202 is a promise).
  if (s.nextNotice() && patched('late-notices-before-completion')) await handleNotices(s);
  await closeDemand(s, 'closed');
  s.setStage('completed');
}

/** Authorized for the total, not expired, not high risk; else wait (bounded) or ask a person. */
async function authorize(s: OrderState, order: OrderSnapshot, settings: OrderSettings): Promise<OrderSnapshot> {
  let riskAccepted = false;
  for (;;) {
    const highRisk = order.riskRecommendation === 'CANCEL' || order.riskLevels.includes('HIGH');
    if (highRisk && !riskAccepted) {
      await s.waitForPerson(
        `High fraud risk (Shopify recommends ${order.riskRecommendation}); skip to accept the risk`,
        ['skip', 'cancel'],
      );
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
      await s.checkCancel();
      if (!paid) {
        const action = await s.waitForPerson(`Payment not received within ${settings.paymentWaitSeconds}s`, [
          'retry',
          'skip',
          'cancel',
        ]);
        if (action === 'skip') return order;
      }
      s.paymentChanged = false;
    } else {
      const why =
        readiness.kind === 'expired'
          ? `authorization expired at ${readiness.expiresAt}`
          : `only ${readiness.covered} of ${readiness.total} is covered`;
      const action = await s.waitForPerson(`Payment cannot cover the order: ${why}`, ['retry', 'skip', 'cancel']);
      if (action === 'skip') return order;
    }
    order = await loadOrder(s);
  }
}
