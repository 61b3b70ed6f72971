import type { Pool } from 'pg';
import { idString, WebhookPayloadError } from '../shopify/webhook-payload';
import { lookedUp, type TopicHandler } from '../shopify/webhook-dispatch';
import { OrderInboxError } from '../orders/inbox';
import { RETURN_WEBHOOK_TOPICS, type ReturnPolicy, type ReturnWebhookTopic } from './contract';
import type { ReturnInbox } from './inbox';

export interface ReturnWebhookDeps {
  shopDomain: string;
  pool: Pool;
  returns: Pick<ReturnInbox, 'start'>;
  taskQueue: string;
  returnPolicy?: Partial<ReturnPolicy>;
}

/** The numeric id of a GID of `type` in `admin_graphql_api_id`, else of `id`. */
function idOf(body: Record<string, unknown>, type: string, field: string): string {
  const gid = body.admin_graphql_api_id;
  const fromGid = typeof gid === 'string' ? new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(gid)?.[1] : undefined;
  const id = fromGid ?? idString(body.id);
  if (!id) throw new WebhookPayloadError(`the body has no ${type} id (admin_graphql_api_id or id)`, field);
  return id;
}

/**
 * Return topics. A returns/* webhook only tells the return's workflow to read
 * the return again (signal-with-start: the first one starts it). Shopify's
 * reverse_fulfillment_orders/dispose names the reverse fulfillment order and
 * the order, not the return, so every open return of that order is told.
 */
export function returnTopics(d: ReturnWebhookDeps): TopicHandler<ReturnWebhookTopic> {
  return {
    topics: RETURN_WEBHOOK_TOPICS,
    prepare(topic, body) {
      if (topic === 'reverse_fulfillment_orders/dispose') {
        const orderId = idString(body.order_id);
        if (!orderId) throw new WebhookPayloadError('the body has no numeric order_id', 'order_id');
        return {
          subject: `order ${orderId}'s returns`,
          async handle({ eventId, triggeredAt, log }) {
            const { rows } = await lookedUp('The order\u2019s returns', () =>
              d.pool.query<{ return_id: string }>(
                `SELECT return_id FROM order_returns WHERE shop_domain = $1 AND order_gid = $2 AND stage NOT IN ('closed', 'declined', 'cancelled')`,
                [d.shopDomain, `gid://shopify/Order/${orderId}`],
              ),
            );
            for (const r of rows) {
              await d.returns.start({
                shopDomain: d.shopDomain,
                returnId: r.return_id,
                taskQueue: d.taskQueue,
                origin: 'shopify',
                event: { topic, eventId, triggeredAt },
                policy: d.returnPolicy,
              });
            }
            log.info({ orderId, returns: rows.length }, 'dispositions handed to the order\u2019s open returns');
            return { status: rows.length ? 'accepted' : 'no-open-return', outcome: 'accepted' };
          },
        };
      }
      const returnId = idOf(body, 'Return', 'admin_graphql_api_id');
      return {
        subject: `return ${returnId}`,
        async handle({ eventId, triggeredAt, log }) {
          let workflowId: string;
          try {
            workflowId = await d.returns.start({
              shopDomain: d.shopDomain,
              returnId,
              taskQueue: d.taskQueue,
              origin: 'shopify',
              event: { topic, eventId, triggeredAt },
              policy: d.returnPolicy,
            });
          } catch (err) {
            if (err instanceof OrderInboxError && err.kind === 'closed')
              return { status: 'return-closed', outcome: 'order_closed' };
            throw err;
          }
          log.info({ workflowId, eventId }, 'webhook handed to the return workflow');
          return { status: 'accepted', outcome: 'accepted', workflowId };
        },
      };
    },
  };
}
