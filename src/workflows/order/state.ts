import {
  ActivityFailure,
  condition,
  log,
  patched,
  setCurrentDetails,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type {
  Allocation,
  Attention,
  CancelledRemainder,
  OpsAction,
  OpsHold,
  OrderSnapshot,
  OrderStatus,
  PaymentView,
  Stage,
  Waiting,
} from '../../order/types';
import { HOLD_HANDLE, OPS_HOLD_HANDLE } from '../../order/types';
import { opsRefusal, type HoldArgs, type OpsArgs, type RerouteArgs } from '../../order/ops';
import { shipmentKeyOf } from '../../order/partial';
import { editRefusal, type EditableLine } from '../../order/edits';
import { AFTER_CAPTURE_STAGES, editAfterCaptureRefusal, shippedUnits } from '../../order/edits-after-capture';
import {
  FulfillmentLocations,
  NeedsAttention,
  OrderName,
  OrderStage,
  Partners,
} from '../../temporal/search-attributes';
import {
  orderWorkflowId,
  exchangeWorkflowId,
  exchangeAllocationPrefix,
  SWEEP_CANCELLED_TOPIC,
  type CancellationAnswer,
  type CancelRequest,
  type EditArgs,
  type OrderWorkflowInput,
  type PartnerAcknowledgment,
  type PartnerProblem,
  type ShipmentNotice,
  type ShopifyEvent,
} from '../../order/contract';
import { orderActivities, describeFailure } from './steps';
import type { RefundRecorded } from '../../refunds/contract';
import { fromMinor, toMinor } from '../../payment/money';
import { renderDetails } from './details';

const TIMELINE_LIMIT = 200;
const SEEN_EVENTS_LIMIT = 500;
const KEPT_PARTNER_SIGNALS_LIMIT = 100;

/** Thrown inside the workflow to unwind to compensation when a cancel is accepted. */
export class OrderCancelled extends Error {
  constructor(readonly request: CancelRequest) {
    super(`Order cancelled: ${request.reason}`);
    this.name = 'OrderCancelled';
  }
}

/**
 * Everything the order workflow knows, and the only place that changes it:
 * the `status` query reads it, signals write into it, and every change of
 * stage, attention or allocations is mirrored into search attributes.
 */
export class OrderState {
  readonly workflowId: string;
  stage: Stage = 'received';
  orderName: string | null;
  allocations: Allocation[] = [];
  payment: PaymentView = {
    status: 'unknown',
    currencyCode: null,
    total: null,
    authorized: '0',
    captured: '0',
    refunded: '0',
    authorizationExpiresAt: null,
  };
  holds: { fulfillmentOrderId: string; handle: string; reason: string }[] = [];
  attention: Attention | null = null;
  /** What the order waits for when nothing is wrong (shown in the UI; no commands). */
  waiting: Waiting | null = null;
  opsHold: OpsHold | null = null;
  /** Fulfillment orders that carry the operator's hold in Shopify. */
  opsHeldInShopify: string[] = [];
  timeline: { at: string; event: string }[] = [];

  // Signal inboxes (buffered: a signal may arrive before the workflow waits for it)
  readonly acknowledgments = new Map<string, PartnerAcknowledgment>();
  readonly cancellationAnswers = new Map<string, CancellationAnswer>();
  /** 3PLs that refused a fulfillment request for an allocation already released to them. */
  readonly releasedRefusals = new Map<string, PartnerAcknowledgment>();
  /** A fulfillment was created in Shopify (by us or by a 3PL) since the workflow last looked. */
  fulfillmentsChanged = false;
  /** Problems partners report with what we sent them, per allocation, not yet put to a person. */
  readonly partnerProblems = new Map<string, PartnerProblem>();
  /** Allocations whose request the partner's 997 accepted. */
  readonly functionalAcks = new Set<string>();
  /** Ship notices per allocation, in arrival order (several when a partner ships in parts). */
  readonly shipments = new Map<string, ShipmentNotice[]>();
  /**
   * Every distinct ship notice, in arrival order, kept until it has reached
   * Shopify or a person (the workflow removes it then). The gateway's 202 means
   * exactly this: the notice is here, and the order counts it as shipped.
   */
  readonly notices: ShipmentNotice[] = [];
  /** A cancel that arrived after a partner reported a shipment: a person decides what it means. */
  crossedCancel: CancelRequest | null = null;
  /**
   * This run applies a cancel after part of the order shipped to what has not
   * shipped (patch 'cancel-unshipped-remainder', decided once at start so that
   * Update validators, which cannot call patched(), agree with the handlers).
   */
  cancelsRemainder = false;
  /** Set when such a cancel was applied (cancel-remainder.ts). */
  cancelledRemainder: CancelledRemainder | null = null;
  private readonly seenShipments = new Set<string>();
  paymentChanged = false;
  orderChanged = false;
  cancel: CancelRequest | null = null;
  compensating = false;
  private pendingAction: OpsAction | null = null;
  /** An operator's reroute, taken by the routing or acceptance step that can apply it. */
  reroute: RerouteArgs | null = null;
  private readonly seenEvents: string[] = [];
  /** Refunds already counted (refundRecorded), by GID. */
  private readonly refundsRecorded: string[] = [];
  /** Line quantities as last read from Shopify. */
  private lineQuantities: Record<string, number> | null = null;
  /**
   * Partner signals for allocations this run does not know yet. The gateway
   * checks allocations in PostgreSQL first, so this happens after a reset:
   * Temporal re-applies the signals ahead of the replayed routing decision.
   */
  private readonly beforeTheirAllocation: { ack?: PartnerAcknowledgment; shipment?: ShipmentNotice }[] = [];
  private lastAttributes = '';
  /** The order's lines as last read from Shopify (what an edit is checked against). */
  orderLines: EditableLine[] | null = null;
  /** Operators' edits accepted and not yet applied, oldest first (src/workflows/order/edits.ts applies them). */
  readonly pendingEdits: { key: string; args: EditArgs }[] = [];
  /**
   * This run takes edits once the order is captured and waits for shipment
   * (patch 'edits-after-capture', decided once at start so that the edit
   * Update's validator, which cannot call patched(), agrees with the handler).
   */
  editsAfterCapture = false;
  /** Edits accepted after the capture, oldest first (src/workflows/order/edits-after-capture.ts applies them). */
  readonly capturedEdits: { key: string; args: EditArgs }[] = [];
  private editSequence = 0;

  // Counters that make activity inputs deterministic and idempotent
  routeAttempts = 0;
  nextAllocationSequence = 1;
  readonly excludedLocations = new Set<string>();

  /** An exchange run names its allocations apart from the order's own (null: the order's run). */
  readonly allocationPrefix: string | null;

  constructor(readonly input: OrderWorkflowInput) {
    const x = input.exchange;
    this.workflowId = x
      ? exchangeWorkflowId(input.shopDomain, input.orderId, x.returnId)
      : orderWorkflowId(input.shopDomain, input.orderId);
    this.allocationPrefix = x ? exchangeAllocationPrefix(input.orderId, x.returnId) : null;
    this.orderName = input.orderName ?? null;
    // The gateway sets these at signal-with-start; upsert only what changes from here.
    this.lastAttributes = this.attributeKey();
  }

  note(event: string) {
    this.timeline.push({ at: new Date().toISOString(), event });
    if (this.timeline.length > TIMELINE_LIMIT) this.timeline.splice(0, this.timeline.length - TIMELINE_LIMIT);
    log.info(event, { workflowId: this.workflowId, stage: this.stage });
    this.refreshDetails();
  }

  /** Current details on the order's page in the UI; no command, so free and replay-safe. */
  refreshDetails() {
    setCurrentDetails(renderDetails(this.snapshot()));
  }

  /** Say what the order waits for now (null: nothing); shown in the UI and the status. */
  setWaiting(what: string | null, untilMs: number | null = null, actions: OpsAction[] = []) {
    this.waiting = what
      ? {
          what,
          since: new Date().toISOString(),
          until: untilMs === null ? null : new Date(untilMs).toISOString(),
          actions,
        }
      : null;
    this.refreshDetails();
  }

  setStage(stage: Stage) {
    if (this.stage === stage) return;
    this.stage = stage;
    this.note(`Stage: ${stage}`);
    this.syncSearchAttributes();
  }

  absorbOrder(order: OrderSnapshot) {
    this.orderName = order.name;
    this.lineQuantities = Object.fromEntries(order.lines.map((l) => [l.lineItemId, l.quantity]));
    this.orderLines = order.lines.map(({ lineItemId, sku, quantity, requiresShipping }) => ({
      lineItemId,
      sku,
      quantity,
      requiresShipping,
    }));
    this.syncSearchAttributes();
  }

  /** The fulfillment orders that carry the engine's hold. */
  setHolds(fulfillmentOrderIds: string[]) {
    this.holds = fulfillmentOrderIds.map((fulfillmentOrderId) => ({
      fulfillmentOrderId,
      handle: HOLD_HANDLE,
      reason: 'OTHER',
    }));
  }

  get anyShipped() {
    return this.allocations.some((a) => a.state === 'shipped' || !!a.shipped?.length);
  }

  /** Allocations still part of the order (not rejected, not cancelled). */
  get liveAllocations() {
    return this.allocations.filter((a) => a.state !== 'rejected' && a.state !== 'cancelled');
  }

  addAllocations(list: Allocation[]) {
    for (const a of list) {
      if (this.allocations.some((x) => x.id === a.id)) continue;
      this.allocations.push(a);
      this.note(
        `Allocated ${a.lines.map((l) => `${l.quantity} x ${l.sku}`).join(', ')} to ${a.locationName} (${a.id})`,
      );
    }
    this.syncSearchAttributes();
    for (const e of this.beforeTheirAllocation.splice(0)) {
      if (e.ack) this.onAcknowledgment(e.ack);
      if (e.shipment) this.onShipment(e.shipment);
    }
  }

  private keepUntilAllocated(e: { ack?: PartnerAcknowledgment; shipment?: ShipmentNotice }, id: string) {
    this.beforeTheirAllocation.push(e);
    if (this.beforeTheirAllocation.length > KEPT_PARTNER_SIGNALS_LIMIT) this.beforeTheirAllocation.shift();
    this.note(`Kept ${e.ack ? 'acknowledgment' : 'ship notice'} for ${id}, an allocation not made yet in this run`);
  }

  // ---- signals -------------------------------------------------------------

  onShopifyEvent(e: ShopifyEvent) {
    if (this.seenEvents.includes(e.eventId)) return; // duplicate delivery: changes nothing
    this.seenEvents.push(e.eventId);
    if (this.seenEvents.length > SEEN_EVENTS_LIMIT) this.seenEvents.shift();
    if (e.orderName && !this.orderName) this.orderName = e.orderName;
    this.note(`Shopify ${e.topic}`);
    if (e.topic === 'orders/paid' || e.topic === 'order_transactions/create') this.paymentChanged = true;
    if (e.topic === 'orders/updated' && this.isChange(e)) this.orderChanged = true;
    if (e.topic === 'fulfillments/create') this.fulfillmentsChanged = true;
    // Only a request: the workflow reads the order from Shopify before acting on it (checkCancel).
    if (e.topic === 'orders/cancelled' || e.topic === SWEEP_CANCELLED_TOPIC)
      this.requestCancel({ reason: 'cancelled in Shopify', requestedBy: 'shopify' });
  }

  /** Whether an orders/updated changes what ships (our own tag and metafield writes echo back as updates). */
  private isChange(e: ShopifyEvent): boolean {
    if (!e.lineQuantities || !this.lineQuantities) return true;
    const now = e.lineQuantities;
    const known = this.lineQuantities;
    const ids = new Set([...Object.keys(now), ...Object.keys(known)]);
    return [...ids].some((id) => (now[id] ?? 0) !== (known[id] ?? 0));
  }

  /**
   * A refund read from Shopify and recorded by its refund workflow. The
   * refunded total becomes Shopify's for the order (refunds only add up, so
   * the larger of what is known and what Shopify said is exact whatever order
   * they arrive in); units cancelled before shipment mean the order's lines
   * changed (the steps that apply edits read the order again). State only.
   */
  onRefundRecorded(r: RefundRecorded) {
    if (this.refundsRecorded.includes(r.refundGid)) return;
    this.refundsRecorded.push(r.refundGid);
    if (this.refundsRecorded.length > SEEN_EVENTS_LIMIT) this.refundsRecorded.shift();
    const currency = this.payment.currencyCode ?? r.currencyCode;
    if (currency === r.currencyCode) {
      const known = toMinor(this.payment.refunded, currency);
      const shown = toMinor(r.orderRefunded, currency);
      if (shown > known) {
        this.payment = {
          ...this.payment,
          currencyCode: currency,
          refunded: fromMinor(shown, currency),
          status:
            (this.payment.status === 'captured' || this.payment.status === 'partially_captured') &&
            shown >= toMinor(this.payment.captured, currency)
              ? 'refunded'
              : this.payment.status,
        };
      }
    }
    const by = r.source === 'return' ? 'for a return' : r.source === 'engine' ? 'by the engine' : 'in Shopify';
    this.note(
      `Refund of ${r.amount} ${r.currencyCode} ${by}${r.restockedUnits ? `; ${r.restockedUnits} unit(s) back in stock` : ''}${r.cancelledUnits ? `; ${r.cancelledUnits} unit(s) cancelled before shipment` : ''}`,
    );
    if (r.cancelledUnits > 0) this.orderChanged = true;
  }

  onAcknowledgment(a: PartnerAcknowledgment) {
    const allocation = this.allocations.find((x) => x.id === a.allocationId);
    if (!allocation) return this.keepUntilAllocated({ ack: a }, a.allocationId);
    if (allocation.partnerId !== a.partnerId)
      return this.note(`Ignored acknowledgment for ${a.allocationId} from ${a.partnerId}, not its partner`);
    if (allocation.partnerKind === 'shopify_fulfillment_service' && allocation.state === 'released_to_ship') {
      // A 3PL answers the fulfillment request sent at release.
      this.note(
        `${allocation.partnerName ?? a.partnerId} ${a.decision} the fulfillment request for ${a.allocationId}${a.reason ? `: ${a.reason}` : ''}`,
      );
      if (a.decision === 'rejected' && !this.releasedRefusals.has(a.allocationId))
        this.releasedRefusals.set(a.allocationId, a);
      return;
    }
    if (allocation.state !== 'reserved' && allocation.state !== 'awaiting_acceptance') {
      return this.note(
        `Late ${a.decision} from ${a.partnerId} for ${a.allocationId} recorded; allocation is ${allocation.state}`,
      );
    }
    if (!this.acknowledgments.has(a.allocationId)) this.acknowledgments.set(a.allocationId, a);
  }

  onShipment(n: ShipmentNotice) {
    const allocation = this.allocations.find((x) => x.id === n.allocationId);
    if (!allocation) return this.keepUntilAllocated({ shipment: n }, n.allocationId);
    if (allocation.partnerId !== n.partnerId)
      return this.note(`Ignored shipment for ${n.allocationId} from ${n.partnerId}, not its partner`);
    // An untracked notice is told apart by its message (or lines): the bare empty number made a second untracked partial shipment a duplicate.
    const key = `${n.allocationId}:${!n.tracking.number && patched('untracked-shipments-by-message') ? shipmentKeyOf(n) : n.tracking.number}`;
    if (this.seenShipments.has(key)) return; // duplicate
    this.seenShipments.add(key);
    this.notices.push(n);
    if (allocation.state === 'shipped')
      return this.note(
        `Ship notice for ${n.allocationId}, which has shipped already: ${n.tracking.company ?? 'carrier'} ${n.tracking.number}`,
      );
    // Histories recorded before `notices` existed read this map (see fulfill in shipping.ts).
    this.shipments.set(n.allocationId, [...(this.shipments.get(n.allocationId) ?? []), n]);
    this.note(`Ship notice for ${n.allocationId}: ${n.tracking.company ?? 'carrier'} ${n.tracking.number}`);
  }

  onPartnerProblem(p: PartnerProblem) {
    const allocation = this.allocations.find((x) => x.id === p.allocationId);
    if (!allocation || allocation.partnerId !== p.partnerId)
      return this.note(`Ignored a problem report for ${p.allocationId} from ${p.partnerId}`);
    this.note(p.problem);
    if (allocation.state === 'awaiting_acceptance') this.partnerProblems.set(p.allocationId, p);
  }

  onFunctionalAck(f: { allocationId: string; partnerId: string }) {
    const allocation = this.allocations.find((x) => x.id === f.allocationId);
    if (!allocation || allocation.partnerId !== f.partnerId) return;
    this.functionalAcks.add(f.allocationId);
  }

  onCancellationAnswer(c: CancellationAnswer) {
    const allocation = this.allocations.find((x) => x.id === c.allocationId);
    if (!allocation || allocation.partnerId !== c.partnerId)
      return this.note(`Ignored cancellation answer for ${c.allocationId} from ${c.partnerId}`);
    if (this.cancellationAnswers.has(c.allocationId)) return;
    this.cancellationAnswers.set(c.allocationId, c);
    this.note(
      `${allocation.partnerName ?? c.partnerId} ${c.accepted ? 'confirmed the cancellation of' : 'refused to cancel'} ${c.allocationId}${c.reason ? `: ${c.reason}` : ''}`,
    );
  }

  /** A notice has reached Shopify or a person: it no longer waits. */
  noticeHandled(n: ShipmentNotice) {
    const i = this.notices.indexOf(n);
    if (i >= 0) this.notices.splice(i, 1);
  }

  /** The first notice the workflow can act on now: for an allocation released, shipped or withdrawn (not one still to be released). */
  nextNotice(): { notice: ShipmentNotice; allocation: Allocation } | null {
    for (const notice of this.notices) {
      const allocation = this.allocations.find((a) => a.id === notice.allocationId);
      if (allocation && ['released_to_ship', 'shipped', 'rejected', 'cancelled'].includes(allocation.state))
        return { notice, allocation };
    }
    return null;
  }

  /** Goods have left: an allocation shipped, or a partner reported a shipment not yet in Shopify. */
  get shipmentReported() {
    return this.anyShipped || this.notices.length > 0;
  }

  requestCancel(r: CancelRequest) {
    if (this.cancel || this.compensating || this.stage === 'cancelled' || this.stage === 'completed') return;
    // Every shipment it knew of was in Shopify when asked: not a cancel that crossed one (checkCancel).
    const afterShipment = this.cancelsRemainder && this.anyShipped && !this.notices.length;
    this.cancel = afterShipment ? { ...r, afterShipment } : r;
    this.note(`Cancel requested by ${r.requestedBy ?? 'operator'}: ${r.reason}`);
  }

  /** Why an operator's action does not fit now (null: it does). Pure: Update validators call it. */
  opsRefusal(action: OpsAction, args?: unknown): string | null {
    return opsRefusal(this.snapshot(), action, args, { cancelsRemainder: this.cancelsRemainder });
  }

  /**
   * Apply an operator's action (validated first: a signal that does not fit is
   * ignored with the reason in the timeline). Returns what happened.
   */
  opsAction(action: OpsAction, args: (OpsArgs & HoldArgs & RerouteArgs) | undefined = {}): string {
    const refusal = this.opsRefusal(action, args);
    if (refusal) {
      log.warn(`Ignored ${action}`, { workflowId: this.workflowId, reason: refusal });
      this.note(`Ignored ${action}: ${refusal}`);
      return refusal;
    }
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
    const a = {
      ...args,
      by: text(args?.by),
      note: text(args?.note),
      reason: text(args?.reason),
      toLocation: text(args?.toLocation),
      allocationId: text(args?.allocationId),
    };
    const by = a.by ?? 'operator';
    const note = a.note ? ` (${a.note})` : '';
    switch (action) {
      case 'cancel':
        // Asked about a cancel that crossed a shipment, a person's cancel is their decision (what has not shipped is withdrawn).
        this.requestCancel({
          reason: a.reason ?? 'cancelled by an operator',
          requestedBy: by,
          ...(this.crossedCancel && this.attention?.actions.includes('cancel') ? { decided: true } : {}),
        });
        return 'cancel requested';
      case 'hold':
        this.opsHold = { reason: a.reason ?? 'held by an operator', by, since: new Date().toISOString() };
        this.note(`On hold by ${by}: ${this.opsHold.reason}${note}`);
        return 'on hold: nothing is captured, released or shipped until release';
      case 'release':
        this.opsHold = null;
        this.note(`Hold released by ${by}${note}`);
        return 'hold released';
      case 'reroute':
        this.reroute = { ...a };
        this.note(
          `Reroute requested by ${by}${a.toLocation ? ` to ${a.toLocation}` : ''}${a.exclude?.length ? `, excluding ${a.exclude.join(', ')}` : ''}${note}`,
        );
        if (this.attention?.actions.includes('reroute')) this.pendingAction = 'reroute';
        return 'reroute requested';
      default:
        this.pendingAction = action;
        if (note) this.note(`${action} by ${by}${note}`);
        return `${action} accepted`;
    }
  }

  /** Why an operator's edit does not fit now (null: it does). Pure: the edit Update's validator calls it. */
  editRefusal(args: unknown): string | null {
    if (this.editsAfterCapture && this.afterCapture)
      return editAfterCaptureRefusal(this.snapshot(), this.orderLines, args, this.shippedUnits());
    return editRefusal(this.snapshot(), this.orderLines, args);
  }

  /** The order is captured and waits for its ship notices: an edit now is one after the capture. */
  get afterCapture() {
    return AFTER_CAPTURE_STAGES.includes(this.stage);
  }

  /** Units per line item shipped or reported shipped (what an edit after the capture may not touch). */
  shippedUnits() {
    return shippedUnits(this.allocations, this.notices);
  }

  /** Queue an operator's edit (validated); returns its key, unique in this order. */
  queueEdit(args: EditArgs): string {
    const key = `${this.workflowId}:edit-${++this.editSequence}`;
    (this.editsAfterCapture && this.afterCapture ? this.capturedEdits : this.pendingEdits).push({ key, args });
    this.note(
      `Edit ${key} requested by ${args.by?.trim() || 'operator'}${args.note?.trim() ? ` (${args.note.trim()})` : ''}`,
    );
    return key;
  }

  /** Take the pending reroute (once). */
  takeReroute(): RerouteArgs | null {
    const r = this.reroute;
    this.reroute = null;
    return r;
  }

  /** Block while an operator hold is on (a cancel still gets through). */
  async whileHeld(what: string) {
    if (!this.opsHold) return;
    this.setWaiting(`the operator hold to be released before ${what}`, null, ['release', 'cancel']);
    await condition(() => !this.opsHold || this.cancelPending);
    this.setWaiting(null);
    await this.checkCancel();
  }

  // ---- waiting for people --------------------------------------------------

  /**
   * Unwind to compensation when a cancel is pending and nothing has shipped yet.
   * A Shopify cancel is first confirmed by reading the order (cancelledAt set);
   * one Shopify does not confirm is recorded and ignored. A cancel that arrives
   * once a partner has reported a shipment (even one not yet in Shopify) is
   * kept as `crossedCancel`: the shipment goes on to Shopify, and a person
   * decides (settleCrossedCancel), the money untouched until then. With
   * `cancelsRemainder`, a cancel asked when every shipment was already in
   * Shopify is applied to what has not shipped (cancel-remainder.ts).
   */
  async checkCancel() {
    if (!this.cancel || this.compensating) return;
    if (this.cancel.requestedBy === 'shopify' && !this.cancel.confirmed && patched('confirm-shopify-cancel')) {
      if (!(await this.confirmShopifyCancel())) return;
    }
    if (this.shipmentReported) {
      if (patched('cancel-after-shipment-asks-person')) {
        // A cancel asked once the shipments were in Shopify (none reported since) applies to the rest without a person.
        const afterShipment = this.cancel.afterShipment && this.cancelsRemainder && !this.notices.length;
        if (!this.cancel.decided && !afterShipment) {
          this.crossedCancel = this.cancel;
          this.cancel = null;
          this.note(
            `Cancel not applied yet (${this.crossedCancel.reason}): a partner has reported a shipment; it goes to Shopify, then a person decides`,
          );
          return;
        }
      } else if (this.anyShipped) {
        this.note(
          `Cancel not applied: part of the order has shipped (${this.cancel.reason}); handle the rest in Shopify`,
        );
        this.cancel = null;
        return;
      }
    }
    throw new OrderCancelled(this.cancel);
  }

  /** Shopify's word on a cancel only a webhook (or the sweep) reported: true when the order is cancelled there. */
  private async confirmShopifyCancel(): Promise<boolean> {
    const cancel = this.cancel!;
    let cancelledAt: string | null;
    try {
      ({ cancelledAt } = await orderActivities.orderCancellation.executeWithOptions(
        { summary: `Confirm with Shopify that ${this.orderName ?? this.input.orderId} is cancelled` },
        [this.input.orderGid],
      ));
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      // Kept: the next check asks Shopify again.
      this.note(`Could not confirm the Shopify cancel yet: ${describeFailure(err)}`);
      return false;
    }
    if (cancelledAt) {
      cancel.confirmed = true;
      this.note(`Shopify confirms the order was cancelled at ${cancelledAt}`);
      return true;
    }
    log.warn('Ignored a Shopify cancel that Shopify does not confirm', {
      workflowId: this.workflowId,
      orderGid: this.input.orderGid,
    });
    this.note('Ignored orders/cancelled: Shopify shows the order open (cancelledAt not set)');
    this.cancel = null;
    return false;
  }

  /** Shopify refused a step because the order is cancelled there (a cancel the engine never heard about). */
  async cancelledInShopify(detail: string) {
    this.note(`Shopify says the order is cancelled: ${detail}`);
    if (!this.cancel) this.requestCancel({ reason: 'cancelled in Shopify', requestedBy: 'shopify', confirmed: true });
    else if (this.cancel.requestedBy === 'shopify') this.cancel.confirmed = true;
    await this.checkCancel();
  }

  get cancelPending() {
    return !!this.cancel && !this.compensating;
  }

  /** Park the order until a person chooses one of `actions` (cancel is always possible unless compensating). */
  async waitForPerson(reason: string, actions: OpsAction[]): Promise<OpsAction> {
    const allowed = this.compensating ? actions.filter((a) => a !== 'cancel') : actions;
    for (;;) {
      this.attention = { reason, since: new Date().toISOString(), actions: allowed };
      this.pendingAction = null;
      this.waiting = null;
      this.note(`Needs attention: ${reason}`);
      this.syncSearchAttributes();
      await condition(() => this.pendingAction !== null || this.cancelPending);
      const action = this.pendingAction ?? 'cancel';
      this.pendingAction = null;
      this.attention = null;
      const byShopify = action === 'cancel' && this.cancel?.requestedBy === 'shopify';
      this.note(
        byShopify ? 'A Shopify cancel arrived while the order waited for a person' : `Operator chose ${action}`,
      );
      this.syncSearchAttributes();
      await this.checkCancel();
      // A cancel that did not apply (unconfirmed, or crossed with a shipment): the question is still open.
      if (action === 'cancel' && patched('wait-again-after-unapplied-cancel')) continue;
      return action;
    }
  }

  // ---- visibility ----------------------------------------------------------

  private attributeKey() {
    return JSON.stringify([this.stage, !!this.attention, this.locationNames(), this.partnerIds(), this.orderName]);
  }

  private locationNames() {
    return [...new Set(this.liveAllocations.map((a) => a.locationName))].sort();
  }

  private partnerIds() {
    return [...new Set(this.liveAllocations.map((a) => a.partnerId).filter((p): p is string => !!p))].sort();
  }

  syncSearchAttributes() {
    const next = this.attributeKey();
    if (next === this.lastAttributes) return;
    this.lastAttributes = next;
    const locations = this.locationNames();
    const partners = this.partnerIds();
    upsertSearchAttributes([
      { key: OrderStage, value: this.stage },
      { key: NeedsAttention, value: !!this.attention },
      { key: FulfillmentLocations, value: locations },
      { key: Partners, value: partners },
      ...(this.orderName ? [{ key: OrderName, value: this.orderName }] : []),
    ]);
  }

  snapshot(): OrderStatus {
    return {
      workflowId: this.workflowId,
      shopDomain: this.input.shopDomain,
      stage: this.stage,
      orderId: this.input.orderId,
      orderGid: this.input.orderGid,
      orderName: this.orderName,
      allocations: this.allocations,
      payment: this.payment,
      holds: [
        ...this.holds,
        ...this.opsHeldInShopify.map((fulfillmentOrderId) => ({
          fulfillmentOrderId,
          handle: OPS_HOLD_HANDLE,
          reason: this.opsHold?.reason ?? 'OTHER',
        })),
      ],
      attention: this.attention,
      timeline: this.timeline,
      cancelReason: this.cancel?.reason ?? null,
      opsHold: this.opsHold,
      waiting: this.waiting,
      ...(this.cancelledRemainder ? { cancelledRemainder: this.cancelledRemainder } : {}),
    };
  }
}
