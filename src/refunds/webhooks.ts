import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { idString, orderRefFromWebhook, WebhookPayloadError } from '../shopify/webhook-payload';
import type { TopicHandler } from '../shopify/webhook-dispatch';
import { withTemporalDeadline } from '../temporal/failures';
import { INBOX_DEADLINES } from '../orders/inbox';
import { REFUND_WORKFLOW_TYPE, refundWorkflowId, type RefundWorkflowInput } from './contract';

/**
 * refunds/create: a refund made in Shopify (staff in the admin, another app,
 * a return's settlement, or the engine's own refund on cancel). The handling
 * makes it durable by starting the refund's workflow (`refund-{shop}-{refundId}`),
 * which reads the refund from Shopify before anything is applied: the body only
 * names the refund and its order. A redelivery finds the workflow running or
 * completed and changes nothing.
 */
export const REFUND_TOPICS = ['refunds/create'] as const;

export interface RefundWebhookDeps {
  shopDomain: string;
  temporal: Client;
  taskQueue: string;
}

/** The refund's numeric id: its GID's (`admin_graphql_api_id`) when the body has one, else `id`. */
export function refundIdOf(body: Record<string, unknown>): string {
  const gid = body.admin_graphql_api_id;
  const fromGid = typeof gid === 'string' ? /^gid:\/\/shopify\/Refund\/(\d+)$/.exec(gid)?.[1] : undefined;
  const id = fromGid !== undefined ? idString(fromGid) : idString(body.id);
  if (!id)
    throw new WebhookPayloadError(
      'refunds/create body has no refund id (admin_graphql_api_id or a numeric 64-bit id)',
      'id',
    );
  const bare = body.id === undefined || body.id === null ? null : idString(body.id);
  if (fromGid !== undefined && bare !== null && bare !== id)
    throw new WebhookPayloadError(
      `refunds/create body: id ${bare} and admin_graphql_api_id ${gid} name different refunds`,
      'id',
    );
  return id;
}

export function refundTopics(d: RefundWebhookDeps): TopicHandler<(typeof REFUND_TOPICS)[number]> {
  return {
    topics: REFUND_TOPICS,
    prepare(topic, body) {
      const order = orderRefFromWebhook(topic, body);
      const refundId = refundIdOf(body);
      const input: RefundWorkflowInput = {
        shopDomain: d.shopDomain,
        refundId,
        refundGid: `gid://shopify/Refund/${refundId}`,
        orderId: order.orderId,
      };
      return {
        subject: `refund ${refundId} of order ${order.orderId}`,
        async handle({ log }) {
          const workflowId = refundWorkflowId(d.shopDomain, refundId);
          try {
            await withTemporalDeadline(d.temporal, INBOX_DEADLINES.messageMs, () =>
              d.temporal.workflow.start(REFUND_WORKFLOW_TYPE, {
                workflowId,
                taskQueue: d.taskQueue,
                args: [input],
                // Running or completed: already taken in. Failed or terminated: every step is keyed by the
                // refund, so Shopify's retry may take it in again.
                workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
                staticSummary: `Refund ${refundId} of order ${order.orderId} · ${d.shopDomain}`,
              }),
            );
          } catch (err) {
            if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
            log.info({ workflowId }, 'refund already taken in; nothing started');
            return { status: 'duplicate', outcome: 'duplicate', workflowId };
          }
          log.info({ workflowId, orderId: order.orderId }, 'refund handed to its workflow');
          return { status: 'accepted', outcome: 'accepted', workflowId };
        },
      };
    },
  };
}
