import type { Pool } from 'pg';
import {
  cancellationAnswerSignal,
  orderSignal,
  partnerAcknowledgmentSignal,
  type OrderSignal,
} from '../order/contract';
import { OrderInboxError, type OrderInbox } from '../orders/inbox';
import { lookedUp, type TopicHandler } from '../shopify/webhook-dispatch';
import { WebhookPayloadError } from '../shopify/webhook-payload';

/**
 * Shopify's fulfillment_orders/* webhooks from a fulfillment service (3PL)
 * answering our requests. Their bodies name the fulfillment order, never the
 * order: fulfillment_requests (written when we asked) maps it back to the
 * allocation and its order's workflow.
 */
export const FULFILLMENT_ORDER_TOPICS = [
  'fulfillment_orders/fulfillment_request_accepted',
  'fulfillment_orders/fulfillment_request_rejected',
  'fulfillment_orders/cancellation_request_accepted',
  'fulfillment_orders/cancellation_request_rejected',
] as const;

/** The longest 3PL message kept as the reason of an acknowledgment or cancellation answer. */
const MESSAGE_MAX_CHARS = 1000;

type FulfillmentOrderTopic = (typeof FULFILLMENT_ORDER_TOPICS)[number];

/** The fulfillment order's GID from the body, or null. */
export function fulfillmentOrderIdOf(body: Record<string, unknown>): string | null {
  const fo = body.fulfillment_order as { id?: unknown } | undefined;
  const id = typeof fo?.id === 'string' ? fo.id : null;
  return id && /^gid:\/\/shopify\/FulfillmentOrder\/\d+$/.test(id) ? id : null;
}

/** The signal this webhook means for its order, or null when the fulfillment order is not one we asked a 3PL about. */
export async function fulfillmentOrderSignal(
  pool: Pool,
  topic: FulfillmentOrderTopic,
  fulfillmentOrderId: string,
  body: Record<string, unknown>,
  eventId: string,
): Promise<OrderSignal | null> {
  const { rows } = await pool.query<{ allocation_id: string; workflow_id: string; partner_id: string }>(
    `SELECT r.allocation_id, a.workflow_id, a.partner_id FROM fulfillment_requests r JOIN allocations a ON a.id = r.allocation_id WHERE r.fulfillment_order_id = $1`,
    [fulfillmentOrderId],
  );
  const r = rows[0];
  if (!r) return null;
  // The 3PL's note goes into the order's timeline: kept readable, not stored whole.
  const note = typeof body.message === 'string' ? body.message.trim() : '';
  const message = note
    ? note.length > MESSAGE_MAX_CHARS
      ? `${note.slice(0, MESSAGE_MAX_CHARS - 1)}\u2026`
      : note
    : null;
  const base = { allocationId: r.allocation_id, partnerId: r.partner_id, messageId: eventId };
  switch (topic) {
    case 'fulfillment_orders/fulfillment_request_accepted':
      return orderSignal(r.workflow_id, partnerAcknowledgmentSignal, {
        ...base,
        decision: 'accepted',
        reason: message,
      });
    case 'fulfillment_orders/fulfillment_request_rejected':
      return orderSignal(r.workflow_id, partnerAcknowledgmentSignal, {
        ...base,
        decision: 'rejected',
        reason: message ?? 'the fulfillment service rejected the request',
      });
    case 'fulfillment_orders/cancellation_request_accepted':
      return orderSignal(r.workflow_id, cancellationAnswerSignal, { ...base, accepted: true, reason: message });
    case 'fulfillment_orders/cancellation_request_rejected':
      return orderSignal(r.workflow_id, cancellationAnswerSignal, {
        ...base,
        accepted: false,
        reason: message ?? 'the fulfillment service refused to cancel',
      });
  }
}

/** The 3PL's answer handed to the order's workflow as the signal it means. */
export function fulfillmentServiceTopics(d: {
  pool: Pool;
  orders: Pick<OrderInbox, 'send'>;
}): TopicHandler<FulfillmentOrderTopic> {
  return {
    topics: FULFILLMENT_ORDER_TOPICS,
    prepare(topic, body) {
      const foId = fulfillmentOrderIdOf(body);
      if (!foId)
        throw new WebhookPayloadError(
          `${topic} body has no fulfillment_order.id (a FulfillmentOrder GID)`,
          'fulfillment_order.id',
        );
      return {
        subject: foId,
        async handle({ eventId, log }) {
          const signal = await lookedUp('Fulfillment order lookup', () =>
            fulfillmentOrderSignal(d.pool, topic, foId, body, eventId),
          );
          if (!signal) {
            log.info(
              { fulfillmentOrderId: foId },
              'fulfillment order webhook for a fulfillment order we did not request; ignored',
            );
            return { status: 'ignored', outcome: 'ignored' };
          }
          try {
            await d.orders.send(signal);
          } catch (err) {
            if (!(err instanceof OrderInboxError && err.kind === 'gone')) throw err;
            return { status: 'order-closed', outcome: 'order_closed', workflowId: signal.workflowId };
          }
          log.info(
            { fulfillmentOrderId: foId, workflowId: signal.workflowId },
            'fulfillment service answer handed to the order workflow',
          );
          return { status: 'accepted', outcome: 'accepted', workflowId: signal.workflowId };
        },
      };
    },
  };
}
