import { defineQuery, defineSignal } from '@temporalio/workflow';
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
}

export interface PartnerAcknowledgment {
  allocationId: string;
  partnerId: string;
  decision: 'accepted' | 'rejected';
  reason?: string | null;
  /** Partner's own message id, for deduplication. */
  messageId?: string | null;
}

export interface ShipmentNotice {
  allocationId: string;
  partnerId: string;
  tracking: Tracking;
  messageId?: string | null;
}

export interface CancelRequest {
  reason: string;
  /** Who asked: 'shopify' for orders/cancelled, else an operator name. */
  requestedBy?: string;
}

export const shopifyEventSignal = defineSignal<[ShopifyEvent]>('shopifyEvent');
export const partnerAcknowledgmentSignal = defineSignal<[PartnerAcknowledgment]>('partnerAcknowledgment');
export const shipmentSignal = defineSignal<[ShipmentNotice]>('shipment');
/** Ops: re-run the step the order is waiting on. */
export const retrySignal = defineSignal<[{ note?: string }?]>('retry');
/** Ops: mark the step the order is waiting on as done by hand. */
export const skipSignal = defineSignal<[{ note?: string }?]>('skip');
/** Ops (or Shopify): cancel the order with full compensation. */
export const cancelSignal = defineSignal<[CancelRequest]>('cancel');

export const statusQuery = defineQuery<OrderStatus>('status');
