import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CancelArgs, HoldArgs, OpsArgs, OpsOutcome, RerouteArgs } from '../../order/ops';
import type { OrderStatus, Tracking } from '../../order/types';

/** Workflow input: what the gateway knows at signal-with-start. */
export interface OrderWorkflowInput {
  shopDomain: string;
  orderId: string;
  orderGid: string;
  orderName?: string | null;
  settings?: Partial<OrderSettings>;
}

/** Policy knobs; defaults in DEFAULT_ORDER_SETTINGS, tests shorten them. */
export interface OrderSettings {
  /** How long to wait for a pending payment before asking a person. */
  paymentWaitSeconds: number;
  /** Routing attempts for one set of lines before asking a person. */
  maxRouteAttempts: number;
}

export const DEFAULT_ORDER_SETTINGS: OrderSettings = {
  paymentWaitSeconds: 72 * 3600,
  maxRouteAttempts: 3,
};

/** A Shopify webhook, reduced to what the workflow needs. */
export interface ShopifyEvent {
  topic: string;
  eventId: string;
  webhookId: string | null;
  triggeredAt: string | null;
  orderName?: string | null;
  /** orders/updated: current quantity per line item GID (absent in older signals: then any update counts as a change). */
  lineQuantities?: Record<string, number> | null;
}

export interface PartnerAcknowledgment {
  allocationId: string;
  partnerId: string;
  decision: 'accepted' | 'rejected';
  reason?: string | null;
  /** Partner's own message id, for deduplication. */
  messageId?: string | null;
  /**
   * With `accepted`: the units accepted per line item, when the partner accepts
   * only part (absent: everything). The rest is released and routed elsewhere.
   */
  lines?: { lineItemId: string; quantity: number }[] | null;
}

export interface ShipmentNotice {
  allocationId: string;
  partnerId: string;
  tracking: Tracking;
  messageId?: string | null;
  /** Units shipped per line item, when this is a partial shipment (absent: everything that remains). */
  lines?: { lineItemId: string; quantity: number }[] | null;
}

/** A partner's answer to our request to cancel an allocation (EDI 865 to our 860). */
export interface CancellationAnswer {
  allocationId: string;
  partnerId: string;
  accepted: boolean;
  reason?: string | null;
  messageId?: string | null;
}

/** Something wrong with what we sent a partner (e.g. its 997 rejects our 850): a person decides. */
export interface PartnerProblem {
  allocationId: string;
  partnerId: string;
  problem: string;
  messageId?: string | null;
}

export interface CancelRequest {
  reason: string;
  /** Who asked: 'shopify' for orders/cancelled, else an operator name. */
  requestedBy?: string;
  /** A Shopify cancel the workflow has read from Shopify (cancelledAt set); a webhook's word alone is not enough. */
  confirmed?: boolean;
  /** A person chose it while asked what to do about a cancel that crossed a shipment: applied to what has not shipped. */
  decided?: boolean;
}

/** The event the sweep signals to a running order that Shopify shows cancelled (its orders/cancelled may have been lost). */
export const SWEEP_CANCELLED_TOPIC = 'sweep/cancelled_order';

export const shopifyEventSignal = defineSignal<[ShopifyEvent]>('shopifyEvent');
export const partnerAcknowledgmentSignal = defineSignal<[PartnerAcknowledgment]>('partnerAcknowledgment');
export const shipmentSignal = defineSignal<[ShipmentNotice]>('shipment');
export const cancellationAnswerSignal = defineSignal<[CancellationAnswer]>('cancellationAnswer');
export const partnerProblemSignal = defineSignal<[PartnerProblem]>('partnerProblem');
/** A partner's functional acknowledgment (EDI 997) accepting what we sent for an allocation. */
export const functionalAckSignal = defineSignal<[{ allocationId: string; partnerId: string; messageId?: string | null }]>('functionalAck');
/*
 * Ops actions (src/order/ops.ts), each twice under one name: a signal, for the
 * Temporal UI's "Send Signal" dialog (an action that does not fit the order's
 * state is ignored with the reason in the timeline), and an Update whose
 * validator refuses it with that reason, for callers who need an answer
 * (POST /ops/orders/{id}/{action}, npm run ops).
 */
/** Re-run the step the order is waiting on. */
export const retrySignal = defineSignal<[OpsArgs?]>('retry');
/** Mark the step the order is waiting on as done by hand. */
export const skipSignal = defineSignal<[OpsArgs?]>('skip');
/** Route lines again: to a given location or partner, or excluding some. */
export const rerouteSignal = defineSignal<[RerouteArgs?]>('reroute');
/** An operator hold: nothing is captured, released or fulfilled until `release`. */
export const holdSignal = defineSignal<[HoldArgs?]>('hold');
export const releaseSignal = defineSignal<[OpsArgs?]>('release');
/** Cancel the order with full compensation (also sent for Shopify's orders/cancelled in old histories). */
export const cancelSignal = defineSignal<[CancelArgs & { requestedBy?: string }]>('cancel');

export const retryUpdate = defineUpdate<OpsOutcome, [OpsArgs | undefined]>('retry');
export const skipUpdate = defineUpdate<OpsOutcome, [OpsArgs | undefined]>('skip');
export const rerouteUpdate = defineUpdate<OpsOutcome, [RerouteArgs | undefined]>('reroute');
export const holdUpdate = defineUpdate<OpsOutcome, [HoldArgs | undefined]>('hold');
export const releaseUpdate = defineUpdate<OpsOutcome, [OpsArgs | undefined]>('release');
export const cancelUpdate = defineUpdate<OpsOutcome, [CancelArgs | undefined]>('cancel');

export const statusQuery = defineQuery<OrderStatus>('status');
