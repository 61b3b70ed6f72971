import type { Pool } from 'pg';
import { idString, WebhookPayloadError } from '../shopify/webhook-payload';
import { lookedUp, type TopicHandler, type WebhookEvent, type WebhookResult } from '../shopify/webhook-dispatch';
import { OrderInboxError } from '../orders/inbox';
import { RETURN_WEBHOOK_TOPICS, type ReturnPolicy, type ReturnWebhookTopic } from './contract';
import type { ReturnInbox } from './inbox';
import { returnOfReverseFulfillmentOrder } from './reverse-fulfillment-orders';

export interface ReturnWebhookDeps {
  shopDomain: string;
  pool: Pool;
  returns: Pick<ReturnInbox, 'start'>;
  taskQueue: string;
  returnPolicy?: Partial<ReturnPolicy>;
}

/** The numeric id of a GID of `type` in `admin_graphql_api_id`, else `id`; null when neither is one. */
function idIn(body: Record<string, unknown>, type: string): string | null {
  const gid = body.admin_graphql_api_id;
  const fromGid = typeof gid === 'string' ? new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(gid)?.[1] : undefined;
  return fromGid ?? idString(body.id) ?? null;
}

/**
 * Return topics, routed by what Shopify's body names. A returns/* body names
 * the return (`admin_graphql_api_id`, `id`). A reverse_fulfillment_orders/dispose
 * body names the reverse fulfillment order alone (`id`, `admin_graphql_api_id`,
 * `dispositions`, `total_dispositions`: no return, no order), so its return is
 * the one the workflow recorded reading that reverse fulfillment order in
 * (return_reverse_fulfillment_orders); a body that also carries `order_id`
 * falls back to every open return of that order. Either way the webhook only
 * tells the return's workflow to read the return again (signal-with-start).
 */
export function returnTopics(d: ReturnWebhookDeps): TopicHandler<ReturnWebhookTopic> {
  const tell = async (returnId: string, topic: ReturnWebhookTopic, e: WebhookEvent): Promise<WebhookResult> => {
    let workflowId: string;
    try {
      workflowId = await d.returns.start({
        shopDomain: d.shopDomain,
        returnId,
        taskQueue: d.taskQueue,
        origin: 'shopify',
        event: { topic, eventId: e.eventId, triggeredAt: e.triggeredAt },
        policy: d.returnPolicy,
      });
    } catch (err) {
      if (err instanceof OrderInboxError && err.kind === 'closed')
        return { status: 'return-closed', outcome: 'order_closed' };
      throw err;
    }
    e.log.info({ workflowId, eventId: e.eventId }, 'webhook handed to the return workflow');
    return { status: 'accepted', outcome: 'accepted', workflowId };
  };

  return {
    topics: RETURN_WEBHOOK_TOPICS,
    prepare(topic, body) {
      if (topic === 'reverse_fulfillment_orders/dispose') {
        const rfoId = idIn(body, 'ReverseFulfillmentOrder');
        const orderId = idString(body.order_id) ?? null;
        if (!rfoId && !orderId)
          throw new WebhookPayloadError(
            'the body has no reverse fulfillment order id (admin_graphql_api_id or id)',
            'admin_graphql_api_id',
          );
        return {
          subject: rfoId ? `reverse fulfillment order ${rfoId}` : `order ${orderId}'s returns`,
          async handle(e) {
            const returnId = rfoId
              ? await lookedUp('The reverse fulfillment order\u2019s return', () =>
                  returnOfReverseFulfillmentOrder(d.pool, d.shopDomain, rfoId),
                )
              : null;
            if (returnId) return tell(returnId, topic, e);
            if (orderId) return tellOrderReturns(orderId, topic, e);
            // Not a return the engine has read (yet): its workflow reads the dispositions when it next reads the return.
            e.log.info(
              { reverseFulfillmentOrderId: rfoId, eventId: e.eventId },
              'dispositions of a reverse fulfillment order no return workflow has read: nothing to tell',
            );
            return { status: 'unknown-reverse-fulfillment-order', outcome: 'ignored' };
          },
        };
      }
      const returnId = idIn(body, 'Return');
      if (!returnId)
        throw new WebhookPayloadError('the body has no Return id (admin_graphql_api_id or id)', 'admin_graphql_api_id');
      return { subject: `return ${returnId}`, handle: (e) => tell(returnId, topic, e) };
    },
  };

  /** A dispose body that names an order (not Shopify's documented shape): every open return of that order is told. */
  async function tellOrderReturns(orderId: string, topic: ReturnWebhookTopic, e: WebhookEvent): Promise<WebhookResult> {
    const { rows } = await lookedUp('The order\u2019s returns', () =>
      d.pool.query<{ return_id: string }>(
        `SELECT return_id FROM order_returns WHERE shop_domain = $1 AND order_gid = $2 AND stage NOT IN ('closed', 'declined', 'cancelled')`,
        [d.shopDomain, `gid://shopify/Order/${orderId}`],
      ),
    );
    for (const r of rows) await tell(r.return_id, topic, e);
    e.log.info({ orderId, returns: rows.length }, 'dispositions handed to the order\u2019s open returns');
    return { status: rows.length ? 'accepted' : 'no-open-return', outcome: rows.length ? 'accepted' : 'ignored' };
  }
}
