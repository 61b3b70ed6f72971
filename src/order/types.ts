/**
 * The order as the engine sees it: plain data shared by workflows, activities
 * and the gateway. No I/O here (workflow code imports this file).
 */

export const STAGES = [
  'received',
  'authorizing',
  'routing',
  'awaiting_acceptance',
  'capturing',
  'awaiting_shipment',
  'fulfilling',
  'notifying',
  'completed',
  'cancelling',
  'cancelled',
] as const;
export type Stage = (typeof STAGES)[number];

export interface OrderLine {
  lineItemId: string;
  sku: string;
  title: string;
  quantity: number;
  requiresShipping: boolean;
  /** Total after discounts for the whole line (all units). */
  discountedTotal: string;
}

export interface ShipTo {
  city?: string | null;
  provinceCode?: string | null;
  countryCode?: string | null;
  zip?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

export type TransactionKind = 'AUTHORIZATION' | 'CAPTURE' | 'SALE' | 'VOID' | 'REFUND' | string;
export type TransactionStatus = 'SUCCESS' | 'PENDING' | 'FAILURE' | 'ERROR' | string;

export interface PaymentTransaction {
  id: string;
  kind: TransactionKind;
  status: TransactionStatus;
  amount: string;
  currencyCode: string;
  parentId: string | null;
  gateway: string | null;
  createdAt: string;
  authorizationExpiresAt: string | null;
}

export interface FulfillmentOrderLine {
  id: string;
  lineItemId: string;
  sku: string | null;
  remainingQuantity: number;
  totalQuantity: number;
}

export interface FulfillmentOrderHold {
  id: string;
  handle: string | null;
  reason: string;
}

export interface FulfillmentOrderSnapshot {
  id: string;
  status: string;
  requestStatus: string;
  locationId: string | null;
  holds: FulfillmentOrderHold[];
  lines: FulfillmentOrderLine[];
}

/** What intake reads from Shopify: everything routing and payment need. */
export interface OrderSnapshot {
  id: string;
  name: string;
  cancelledAt: string | null;
  closed: boolean;
  currencyCode: string;
  fulfillmentStatus: string;
  total: string;
  riskRecommendation: string | null;
  riskLevels: string[];
  shipTo: ShipTo | null;
  lines: OrderLine[];
  transactions: PaymentTransaction[];
}

/** One unit of work sent to one location (and the partner that runs it). */
export type AllocationState =
  'reserved' | 'awaiting_acceptance' | 'accepted' | 'rejected' | 'released_to_ship' | 'shipped' | 'cancelled';

export interface AllocationLine {
  lineItemId: string;
  sku: string;
  quantity: number;
}

export interface Allocation {
  id: string;
  locationId: string;
  locationName: string;
  partnerId: string | null;
  partnerName: string | null;
  requiresAcceptance: boolean;
  acceptanceWindowSeconds: number;
  lines: AllocationLine[];
  state: AllocationState;
  routeAttempt: number;
  fulfillmentOrderIds: string[];
  /** The amount captured before this allocation may ship. */
  captureAmount: string | null;
  captured: boolean;
  tracking: Tracking | null;
  rejectionReason: string | null;
  /** Units shipped so far by partial shipments (absent until one happens). */
  shipped?: AllocationLine[];
  /** The partner's time to ship once released (absent: no deadline). */
  shipBySeconds?: number;
  /** When it must have shipped (ISO), set at release. */
  shipBy?: string;
  /** Past the ship-by date: withdraw and route elsewhere (absent: ask a person). */
  shipByPolicy?: 'reroute';
  /** Set for a Shopify fulfillment service (3PL): it is asked through Shopify at release and fulfills there itself. */
  partnerKind?: 'shopify_fulfillment_service';
}

export interface Tracking {
  company: string | null;
  /** The (first) tracking number; '' when the partner shipped without one. */
  number: string;
  url: string | null;
  /** Every tracking number when the shipment has several packages (all go on the Shopify fulfillment). */
  numbers?: string[];
  urls?: string[];
}

export interface PaymentView {
  status:
    | 'unknown'
    | 'pending'
    | 'authorized'
    | 'partially_captured'
    | 'captured'
    | 'voided'
    | 'refunded'
    | 'expired'
    | 'failed';
  currencyCode: string | null;
  total: string | null;
  authorized: string;
  captured: string;
  refunded: string;
  authorizationExpiresAt: string | null;
}

export interface HoldView {
  fulfillmentOrderId: string;
  handle: string;
  reason: string;
}

/** What an operator can do to an order (signals and Updates of the same names; see src/order/ops.ts). */
export const OPS_ACTIONS = ['retry', 'skip', 'reroute', 'hold', 'release', 'cancel'] as const;
export type OpsAction = (typeof OPS_ACTIONS)[number];

export interface Attention {
  reason: string;
  since: string;
  actions: OpsAction[];
}

/** What the order is waiting for when nothing is wrong (a partner, a payment, a ship notice). */
export interface Waiting {
  what: string;
  since: string;
  /** When the wait ends on its own (a timer), if it does. */
  until: string | null;
  actions: OpsAction[];
}

/** An operator's hold: nothing is captured, released or fulfilled while it is on. */
export interface OpsHold {
  reason: string;
  by: string;
  since: string;
}

export interface TimelineEntry {
  at: string;
  event: string;
}

/** The `status` query's answer (the contract's minimum plus a little more). */
export interface OrderStatus {
  workflowId: string;
  shopDomain: string;
  stage: Stage;
  orderId: string;
  orderGid: string;
  orderName: string | null;
  allocations: Allocation[];
  payment: PaymentView;
  holds: HoldView[];
  attention: Attention | null;
  timeline: TimelineEntry[];
  cancelReason: string | null;
  /** Absent in statuses of orders started before ops holds existed. */
  opsHold?: OpsHold | null;
  waiting?: Waiting | null;
  /** What a cancel after part of the order had shipped withdrew (the order still ends `completed`); absent otherwise. */
  cancelledRemainder?: CancelledRemainder | null;
}

/** A cancel applied to what had not shipped: the lines withdrawn and the money given back for them. */
export interface CancelledRemainder {
  at: string;
  reason: string;
  /** Who asked: 'shopify' or an operator's name. */
  by: string;
  /** Units withdrawn (not shipped), per SKU. */
  lines: { sku: string; quantity: number }[];
  /** Refunded for them (their capture-plan share, when it had been captured), in the order's currency. */
  refunded: string;
  /** Authorizations voided because nothing else will be captured from them. */
  voided: string[];
}

/** Our hold handle on Shopify fulfillment orders: we only ever release our own. */
export const HOLD_HANDLE = 'order-orchestrator';
/** The handle of an operator's hold placed in Shopify on fulfillment orders already released to ship. */
export const OPS_HOLD_HANDLE = 'order-orchestrator-ops';

/** The numeric part of a Shopify GID, as a string (it can exceed 2^53). */
export function gidNumber(gid: string): string {
  const m = /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)(\?.*)?$/.exec(gid);
  if (!m) throw new Error(`Not a Shopify GID: ${gid}`);
  return m[1]!;
}

export function orderGid(orderId: string): string {
  if (!/^\d+$/.test(orderId)) throw new Error(`Not a numeric order id: ${orderId}`);
  return `gid://shopify/Order/${orderId}`;
}
