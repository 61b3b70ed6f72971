import { defineQuery, defineSignal, defineUpdate, type SignalDefinition } from '@temporalio/workflow';
import type { CancelArgs, HoldArgs, OpsArgs, OpsOutcome, RerouteArgs } from './ops';
import type { OpsAction, OrderStatus, Tracking } from './types';
import type { RefundRecorded } from '../refunds/contract';

/*
 * The order workflow's contract: its type name, its id, its input and settings,
 * and every signal, query and update with its payload. The workflow
 * (src/workflows/order), the gateway, the ops tools, the partner code and the
 * sweep all import it; nothing outside src/workflows imports workflow code.
 * Deterministic (loaded into the workflow sandbox). The names below are
 * recorded in every order's history: they never change.
 */

/** The workflow type (the exported function's name in src/workflows/order/workflow.ts). */
export const ORDER_WORKFLOW_TYPE = 'orderWorkflow';

/** One workflow per Shopify order and shop. */
export function orderWorkflowId(shopDomain: string, orderId: string): string {
  return `order-${shopDomain}-${orderId}`;
}

/**
 * The run that fulfills an exchange's replacement (a return's exchange lines,
 * added to the order when the return released them): the order workflow,
 * scoped to those lines, under its own id.
 */
export function exchangeWorkflowId(shopDomain: string, orderId: string, returnId: string): string {
  return `order-${shopDomain}-${orderId}-exchange-${returnId}`;
}

/** Allocation ids of an exchange run start with this, so they never meet the order's own. */
export const exchangeAllocationPrefix = (orderId: string, returnId: string) => `${orderId}-X${returnId}`;

/** Workflow input: what the gateway knows at signal-with-start. */
export interface OrderWorkflowInput {
  shopDomain: string;
  orderId: string;
  orderGid: string;
  orderName?: string | null;
  settings?: Partial<OrderSettings>;
  /**
   * An exchange run: only these order lines (the replacement) are routed and
   * fulfilled; the return workflow settled the money, so nothing is authorized
   * or captured here.
   */
  exchange?: { returnId: string; returnGid: string; lineItemIds: string[] };
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
  /** Asked when every shipment the order knew of was already in Shopify: applied to what has not shipped, without a person. */
  afterShipment?: boolean;
}

/** The topic of the event the missed-order sweep hands an order that has no workflow yet (not a Shopify topic). */
export const SWEEP_TOPIC = 'sweep/missed_order';
/** The event the sweep signals to a running order that Shopify shows cancelled (its orders/cancelled may have been lost). */
export const SWEEP_CANCELLED_TOPIC = 'sweep/cancelled_order';

export const shopifyEventSignal = defineSignal<[ShopifyEvent]>('shopifyEvent');
export const partnerAcknowledgmentSignal = defineSignal<[PartnerAcknowledgment]>('partnerAcknowledgment');
export const shipmentSignal = defineSignal<[ShipmentNotice]>('shipment');
export const cancellationAnswerSignal = defineSignal<[CancellationAnswer]>('cancellationAnswer');
export const partnerProblemSignal = defineSignal<[PartnerProblem]>('partnerProblem');
/** A partner's functional acknowledgment (EDI 997) accepting what we sent for an allocation. */
export interface FunctionalAck {
  allocationId: string;
  partnerId: string;
  messageId?: string | null;
}
export const functionalAckSignal = defineSignal<[FunctionalAck]>('functionalAck');
/**
 * A refund of the order, read from Shopify and recorded by its refund
 * workflow (src/refunds/contract.ts): the order's refunded total and
 * timeline follow it; units cancelled before shipment change its lines.
 */
export const refundRecordedSignal = defineSignal<[RefundRecorded]>('refundRecorded');
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

/** Each ops action's Update, for callers that have the action as data (the ops API and CLI). */
export const opsUpdates = {
  retry: retryUpdate,
  skip: skipUpdate,
  reroute: rerouteUpdate,
  hold: holdUpdate,
  release: releaseUpdate,
  cancel: cancelUpdate,
} as const satisfies Record<OpsAction, unknown>;

/*
 * An operator's order edit (src/order/edits.ts plans it, the workflow applies
 * it in Shopify with orderEditBegin ... orderEditCommit and reroutes only the
 * changed lines). Lines are named by line item GID or by SKU.
 */
export interface EditArgs extends OpsArgs {
  /** Set a line's quantity (0 removes it). */
  set?: { line: string; quantity: number }[];
  /** Add units of a variant, by SKU (to its line when the order has one). */
  add?: { sku: string; quantity: number }[];
  /** Substitute one SKU for another: `quantity` units (default: all) of line `line` become `sku`. */
  substitute?: { line: string; sku: string; quantity?: number }[];
}

/** What an accepted edit Update answers: the edit is queued and applied by the order in turn. */
export interface EditOutcome {
  action: 'edit';
  accepted: true;
  stage: OrderStatus['stage'];
  message: string;
  /** The edit's key (its staff note in Shopify carries it). */
  editKey: string;
}

export const editUpdate = defineUpdate<EditOutcome, [EditArgs]>('edit');

export const statusQuery = defineQuery<OrderStatus>('status');

/** A signal for an order with its typed argument: what the EDI and 3PL planners return. */
export type OrderSignal =
  | { workflowId: string; signal: typeof partnerAcknowledgmentSignal; arg: PartnerAcknowledgment }
  | { workflowId: string; signal: typeof shipmentSignal; arg: ShipmentNotice }
  | { workflowId: string; signal: typeof cancellationAnswerSignal; arg: CancellationAnswer }
  | { workflowId: string; signal: typeof partnerProblemSignal; arg: PartnerProblem }
  | { workflowId: string; signal: typeof functionalAckSignal; arg: FunctionalAck }
  | { workflowId: string; signal: typeof shopifyEventSignal; arg: ShopifyEvent }
  | { workflowId: string; signal: typeof refundRecordedSignal; arg: RefundRecorded };

/** Build an OrderSignal; the definition fixes the argument's type. */
export function orderSignal<A>(workflowId: string, signal: SignalDefinition<[A]>, arg: A): OrderSignal {
  return { workflowId, signal, arg } as OrderSignal;
}
