import { OrderInboxError, type OrderInbox } from './inbox';
import {
  ORDER_WEBHOOK_TOPICS,
  lineQuantitiesOf,
  orderRefFromWebhook,
  WebhookPayloadError,
  type OrderWebhookTopic,
} from '../shopify/webhook-payload';
import type { TopicHandler } from '../shopify/webhook-dispatch';
import { orderWorkflowId, type OrderSettings, type ShopifyEvent } from '../order/contract';
import { orderWebhookInventory, type InventoryWebhookDeps } from '../inventory/webhooks';

export interface OrderWebhookDeps {
  shopDomain: string;
  orders: Pick<OrderInbox, 'start'>;
  taskQueue: string;
  orderSettings?: Partial<OrderSettings>;
  inventory: InventoryWebhookDeps;
}

/** The order topics the intake hands to the order's workflow; refunds/create has its own workflow (src/refunds). */
export const ORDER_INTAKE_TOPICS = ORDER_WEBHOOK_TOPICS.filter((t) => t !== 'refunds/create') as readonly Exclude<
  OrderWebhookTopic,
  'refunds/create'
>[];

/**
 * The order intake: an order topic (orders/*, order_transactions/create,
 * fulfillments/create). The order is read from the body when
 * the delivery is prepared (WebhookPayloadError naming the field when it
 * cannot be); the handling records the order's inventory side (open demand,
 * or a point-of-sale sale), then hands the event to the order's workflow with
 * signal-with-start. A closed order is never started again (REJECT_DUPLICATE):
 * its late webhooks get 'order-closed'.
 */
export function orderTopics(d: OrderWebhookDeps): TopicHandler<(typeof ORDER_INTAKE_TOPICS)[number]> {
  return {
    topics: ORDER_INTAKE_TOPICS,
    prepare(topic, body) {
      let ref;
      try {
        ref = orderRefFromWebhook(topic, body);
      } catch (err) {
        if (err instanceof WebhookPayloadError)
          throw new WebhookPayloadError(`Cannot read the order from the body: ${err.message}`, err.field);
        throw err;
      }
      return {
        subject: `order ${ref.orderId}`,
        async handle({ eventId, webhookId, triggeredAt, log }) {
          if ((await orderWebhookInventory(d.inventory, topic, ref, body)) === 'pos') {
            log.info({ orderId: ref.orderId }, 'point-of-sale order: stock taken at its location; not orchestrated');
            return { status: 'pos-sale', outcome: 'accepted' };
          }
          const workflowId = orderWorkflowId(d.shopDomain, ref.orderId);
          const event: ShopifyEvent = {
            topic,
            eventId,
            webhookId,
            triggeredAt,
            orderName: ref.orderName,
            ...(topic === 'orders/updated' ? { lineQuantities: lineQuantitiesOf(body) } : {}),
          };
          try {
            await d.orders.start({
              shopDomain: d.shopDomain,
              orderId: ref.orderId,
              orderName: ref.orderName,
              taskQueue: d.taskQueue,
              event,
              body,
              settings: d.orderSettings,
            });
          } catch (err) {
            if (!(err instanceof OrderInboxError && err.kind === 'closed')) throw err;
            log.info(
              { workflowId, eventId },
              'webhook for an order whose workflow has closed; acknowledged, nothing started',
            );
            return { status: 'order-closed', outcome: 'order_closed', workflowId };
          }
          log.info({ workflowId, eventId }, 'webhook handed to the order workflow');
          return { status: 'accepted', outcome: 'accepted', workflowId };
        },
      };
    },
  };
}
