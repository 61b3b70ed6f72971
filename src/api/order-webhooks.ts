import { OrderInboxError, type OrderInbox } from '../orders/inbox';
import { lineQuantitiesOf, orderRefFromWebhook, WebhookPayloadError, type HandledTopic, type WebhookOrderRef } from '../shopify/webhook-payload';
import { orderWorkflowId, type OrderSettings, type ShopifyEvent } from '../order/contract';
import { orderWebhookInventory, type InventoryWebhookDeps } from './inventory-webhooks';
import { HttpError, temporalToHttp } from './errors';
import type { WebhookHandler } from './webhooks';

export interface OrderWebhookDeps {
  shopDomain: string;
  orders: OrderInbox;
  taskQueue: string;
  orderSettings?: Partial<OrderSettings>;
  inventory: InventoryWebhookDeps;
}

/**
 * An order topic (orders/*, order_transactions/create, refunds/create,
 * fulfillments/create): the order is read from the body now (a 400 naming the
 * field when it cannot be), and the returned handling records the order's
 * inventory side (open demand, or a point-of-sale sale), then hands the event
 * to the order's workflow with signal-with-start. A closed order is never
 * started again (REJECT_DUPLICATE): its late webhooks get 200 'order-closed'.
 */
export function handleOrderWebhook(d: OrderWebhookDeps, topic: HandledTopic, body: Record<string, unknown>): WebhookHandler {
  let ref: WebhookOrderRef;
  try {
    ref = orderRefFromWebhook(topic, body);
  } catch (err) {
    if (err instanceof WebhookPayloadError) throw new HttpError(400, `Cannot read the order from the body: ${err.message}`, err.field ? [{ field: err.field, problem: err.message }] : undefined);
    throw err;
  }
  return async ({ eventId, webhookId, triggeredAt, log }) => {
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
      await d.orders.start({ shopDomain: d.shopDomain, orderId: ref.orderId, orderName: ref.orderName, taskQueue: d.taskQueue, event, body, settings: d.orderSettings });
    } catch (err) {
      if (err instanceof OrderInboxError && err.kind === 'closed') {
        log.info({ workflowId, eventId }, 'webhook for an order whose workflow has closed; acknowledged, nothing started');
        return { status: 'order-closed', outcome: 'order_closed', workflowId };
      }
      throw temporalToHttp(err, `${topic} for order ${ref.orderId}`);
    }
    log.info({ workflowId, eventId }, 'webhook handed to the order workflow');
    return { status: 'accepted', outcome: 'accepted', workflowId };
  };
}
