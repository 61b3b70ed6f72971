import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/*
 * The return workflow's contract: its type name, its id, its input and
 * policy, and every signal, query and update with its payload. The workflow
 * (src/workflows/returns), the gateway (webhooks, POST /returns, partner
 * receipts), the ops CLI and the sweep import it. Deterministic (loaded into
 * the workflow sandbox). The names are recorded in histories: they never change.
 */

export const RETURN_WORKFLOW_TYPE = 'returnWorkflow';

/** One workflow per Shopify Return and shop; returnId is the numeric part of the Return's GID. */
export function returnWorkflowId(shopDomain: string, returnId: string): string {
  return `return-${shopDomain}-${returnId}`;
}

/** The shop domain in a return workflow's id (null: not the workflow id of that return). */
export function shopOfReturnWorkflowId(workflowId: string, returnId: string): string | null {
  const prefix = 'return-';
  const suffix = `-${returnId}`;
  if (!workflowId.startsWith(prefix) || !workflowId.endsWith(suffix)) return null;
  const shop = workflowId.slice(prefix.length, -suffix.length);
  return shop && returnWorkflowId(shop, returnId) === workflowId ? shop : null;
}

/** Where a return goes back to (README: Returns and exchanges). */
export type ReturnDestinationPolicy = 'nearest' | 'original' | 'returns_centre';
/** When the customer's money goes back. */
export type RefundTiming = 'on_receipt' | 'first_scan' | 'immediate';
/** When an exchange's replacement is released to ship (it is reserved as soon as the return is open). */
export type ExchangeRelease = 'on_receipt' | 'first_scan' | 'immediate';
/** What a replacement becomes when the returned units never arrive (a person is asked first). */
export type UnreturnedExchange = 'cancel' | 'charge';
/** What happens to a requested return: approved by policy at once, or a person decides. */
export type ReturnApproval = 'auto' | 'person';

export interface ReturnPolicy {
  approval: ReturnApproval;
  /** Days after the order's last fulfillment within which `auto` approves a request (older: a person decides). */
  approvalWindowDays: number;
  destination: ReturnDestinationPolicy;
  /** The returns centre's location GID (destination `returns_centre`; else ignored). */
  returnsCentreLocationId: string | null;
  refundTiming: RefundTiming;
  /** Percent of a line's value kept as a restocking fee (a line's own restockingFee, set in Shopify, wins). */
  restockingFeePercent: number;
  /** Deducted once per return for the return label (shop currency, decimal string). */
  returnShippingDeduction: string;
  /** Refund the order's shipping in proportion to the merchandise returned. */
  refundShipping: boolean;
  /** Days to wait for the parcel before a reminder; a person is asked `attentionAfterDays` later. */
  receiptWindowDays: number;
  attentionAfterDays: number;
  exchangeRelease: ExchangeRelease;
  /** Proposed to the person asked when the parcel never came; applied if nobody answers within `attentionAfterDays`. */
  unreturnedExchange: UnreturnedExchange;
}

export const DEFAULT_RETURN_POLICY: ReturnPolicy = {
  approval: 'auto',
  approvalWindowDays: 30,
  destination: 'nearest',
  returnsCentreLocationId: null,
  refundTiming: 'on_receipt',
  restockingFeePercent: 0,
  returnShippingDeduction: '0',
  refundShipping: false,
  receiptWindowDays: 30,
  attentionAfterDays: 7,
  exchangeRelease: 'on_receipt',
  unreturnedExchange: 'cancel',
};

/** How the return came to the engine. */
export type ReturnOrigin = 'shopify' | 'engine' | 'sweep';

export interface ReturnWorkflowInput {
  shopDomain: string;
  returnId: string;
  returnGid: string;
  origin: ReturnOrigin;
  /** An in-store return: the store (location GID) that takes the parcel; it is the destination. */
  inStoreLocationId?: string | null;
  policy?: Partial<ReturnPolicy>;
}

/** A Shopify webhook about the return (its body is only a hint: the workflow reads the return from Shopify). */
export interface ReturnEvent {
  topic: string;
  eventId: string;
  triggeredAt: string | null;
}

/** What a unit was found to be on arrival; each maps to a Shopify disposition. */
export type ReceiptCondition = 'sellable' | 'damaged' | 'needs_inspection' | 'missing';

/** The partner's count of what arrived (partial receipts allowed; receiptId makes a resend a no-op). */
export interface ReturnReceipt {
  receiptId: string;
  partnerId: string | null;
  lines: { returnLineItemId: string; quantity: number; condition: ReceiptCondition }[];
}

/** The carrier's first scan of the return parcel (refund timing `first_scan`). */
export interface ReturnScan {
  scanId: string;
  partnerId: string | null;
  trackingNumber?: string | null;
}

/** What a person can do with a return (Update with a validator, and a signal for the Web UI). */
/**
 * approve, decline (a request); extend (more days for the parcel); refund_now;
 * close; release_exchange (ship the replacement now, e.g. the customer paid
 * the invoice for the difference); cancel_exchange (give the replacement's
 * reservation back, only before it ships); charge_exchange (ship the
 * replacement and charge what the order owes for it, parcel or not).
 */
export const RETURN_ACTIONS = [
  'approve',
  'decline',
  'extend',
  'refund_now',
  'close',
  'release_exchange',
  'cancel_exchange',
  'charge_exchange',
] as const;
export type ReturnActionName = (typeof RETURN_ACTIONS)[number];
export interface ReturnAction {
  action: ReturnActionName;
  /** decline: Shopify's ReturnDeclineReason (FINAL_SALE, RETURN_PERIOD_ENDED, OTHER). */
  declineReason?: 'FINAL_SALE' | 'RETURN_PERIOD_ENDED' | 'OTHER';
  note?: string | null;
  /** extend: more days to wait for the parcel (default the policy's window). */
  days?: number;
  by?: string;
}
export interface ReturnActionOutcome {
  accepted: true;
  action: ReturnActionName;
  stage: ReturnStage;
}

export type ReturnStage =
  'reading' | 'awaiting_decision' | 'awaiting_parcel' | 'receiving' | 'closed' | 'declined' | 'cancelled';

export interface ReturnLineView {
  returnLineItemId: string;
  lineItemId: string;
  sku: string | null;
  quantity: number;
  reason: string;
  received: number;
  restocked: number;
  notRestocked: number;
  processingRequired: number;
  missing: number;
  refundedUnits: number;
}

export interface ReturnRefundView {
  key: string;
  amount: string;
  at: string;
  units: number;
  transactionIds: string[];
}

/** The replacement of an exchange, as the return workflow drives it. */
export interface ExchangeView {
  stage: 'awaiting_reservation' | 'reserved' | 'released' | 'cancelled';
  lines: { exchangeLineItemId: string; sku: string | null; quantity: number; released: number }[];
  /** What the replacement is worth (variant prices), and what was collected from the customer for it. */
  value: string;
  collected: string;
  allocationIds: string[];
  /** The order workflow run that fulfills the replacement once released. */
  workflowId: string;
}

export interface ReturnStatusView {
  shopDomain: string;
  returnId: string;
  returnGid: string;
  returnName: string | null;
  orderGid: string | null;
  orderName: string | null;
  stage: ReturnStage;
  /** Shopify's ReturnStatus as last read. */
  shopifyStatus: string | null;
  currency: string | null;
  destination: { locationId: string; locationName: string; partnerId: string | null; reason: string } | null;
  tracking: { number: string | null; url: string | null; carrier: string | null } | null;
  lines: ReturnLineView[];
  receipts: string[];
  refunds: ReturnRefundView[];
  refunded: string;
  exchange: ExchangeView | null;
  receiptDueAt: string | null;
  attention: { reason: string; since: string; actions: ReturnActionName[] } | null;
  timeline: { at: string; message: string }[];
}

export const returnEventSignal = defineSignal<[ReturnEvent]>('returnEvent');
export const returnReceiptSignal = defineSignal<[ReturnReceipt]>('returnReceipt');
export const returnScanSignal = defineSignal<[ReturnScan]>('returnScan');
export const returnActionSignal = defineSignal<[ReturnAction]>('action');
export const returnActionUpdate = defineUpdate<ReturnActionOutcome, [ReturnAction]>('action');
export const returnStatusQuery = defineQuery<ReturnStatusView>('status');

/** Every Shopify topic the return workflow hears (the gateway subscribes to these). */
export const RETURN_WEBHOOK_TOPICS = [
  'returns/request',
  'returns/approve',
  'returns/decline',
  'returns/cancel',
  'returns/close',
  'returns/reopen',
  'returns/update',
  'returns/process',
  'reverse_fulfillment_orders/dispose',
] as const;
export type ReturnWebhookTopic = (typeof RETURN_WEBHOOK_TOPICS)[number];

/*
 * A return the engine is asked to create (POST /returns, npm run ops -- return):
 * one short workflow per request id creates it in Shopify (returnCreate) and
 * starts the return's own workflow. Its id makes a resent request one request.
 */
export const RETURN_REQUEST_WORKFLOW_TYPE = 'returnRequestWorkflow';
export function returnRequestWorkflowId(shopDomain: string, requestId: string): string {
  return `return-request-${shopDomain}-${requestId}`;
}

export interface ReturnRequestInput {
  shopDomain: string;
  requestId: string;
  orderId: string;
  lines: {
    sku?: string;
    lineItemId?: string;
    quantity: number;
    reason?: string;
    note?: string;
  }[];
  /** Replacements (an exchange): each variant by SKU or GID, added to the order when the return releases them. */
  exchanges?: { sku?: string; variantId?: string; quantity: number }[];
  /** An in-store return: the store taking it (a location GID) is its destination. */
  inStoreLocationId?: string | null;
  notifyCustomer?: boolean;
  by?: string;
  policy?: Partial<ReturnPolicy>;
}

export interface ReturnRequestResult {
  returnId: string;
  returnGid: string;
  returnWorkflowId: string;
  /** The return already existed for this request (a resend, or a create whose answer was lost). */
  adopted: boolean;
}
