import express, { Router } from 'express';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { orderWorkflowId } from '../order/types';
import { verifyShopifyHmac } from '../shopify/webhook-hmac';
import { HANDLED_TOPICS, orderRefFromWebhook, parseWebhookBody, WebhookPayloadError } from '../shopify/webhook-payload';
import { NeedsAttention, OrderName, OrderStage, ShopDomain } from '../temporal/search-attributes';
import type { OrderSettings, OrderWorkflowInput, ShopifyEvent } from '../workflows/order/definitions';
import type { Logger } from '../logger';
import { HttpError, temporalToHttp } from './errors';
import type { Metrics } from './metrics';

export interface WebhookDeps {
  shopDomain: string;
  webhookSecrets: string[];
  temporal: Client;
  taskQueue: string;
  logger: Logger;
  metrics: Metrics;
  orderSettings?: Partial<OrderSettings>;
}

/**
 * POST /webhooks/shopify. The HMAC is checked on the raw body before anything
 * else; then signal-with-start hands the event to the order's workflow, and
 * only when Temporal has it do we answer 200 (else 503, and Shopify retries).
 * The workflow drops duplicates by event id. A closed order never restarts.
 */
export function webhookRouter(d: WebhookDeps): Router {
  const router = Router();
  router.post('/webhooks/shopify', express.raw({ type: () => true, limit: '1mb' }), async (req, res, next) => {
    const topic = req.get('x-shopify-topic') ?? '';
    const count = (outcome: string) => d.metrics.webhooks.inc({ topic: topic || 'none', outcome });
    try {
      const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!verifyShopifyHmac(raw, req.get('x-shopify-hmac-sha256'), d.webhookSecrets)) {
        count('unauthorized');
        throw new HttpError(401, 'Invalid or missing X-Shopify-Hmac-Sha256');
      }
      const shop = (req.get('x-shopify-shop-domain') ?? '').toLowerCase();
      if (shop !== d.shopDomain) {
        count('unknown_shop');
        throw new HttpError(401, `Unknown shop ${shop || '(missing X-Shopify-Shop-Domain)'}`);
      }
      if (!HANDLED_TOPICS.includes(topic)) {
        count('ignored');
        d.logger.info({ topic, shop }, 'webhook topic not handled; acknowledged');
        res.json({ status: 'ignored' });
        return;
      }
      const eventId = req.get('x-shopify-event-id') ?? req.get('x-shopify-webhook-id');
      if (!eventId) throw new HttpError(400, 'Missing X-Shopify-Event-Id');
      let ref;
      try {
        ref = orderRefFromWebhook(topic, parseWebhookBody(raw));
      } catch (err) {
        if (err instanceof WebhookPayloadError) throw new HttpError(400, err.message);
        throw err;
      }
      const workflowId = orderWorkflowId(shop, ref.orderId);
      const event: ShopifyEvent = {
        topic,
        eventId,
        webhookId: req.get('x-shopify-webhook-id') ?? null,
        triggeredAt: req.get('x-shopify-triggered-at') ?? null,
        orderName: ref.orderName,
      };
      const input: OrderWorkflowInput = { shopDomain: shop, orderId: ref.orderId, orderGid: ref.orderGid, orderName: ref.orderName, settings: d.orderSettings };
      try {
        await d.temporal.workflow.signalWithStart('orderWorkflow', {
          workflowId,
          taskQueue: d.taskQueue,
          args: [input],
          signal: 'shopifyEvent',
          signalArgs: [event],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          typedSearchAttributes: [
            { key: ShopDomain, value: shop },
            { key: OrderStage, value: 'received' },
            { key: NeedsAttention, value: false },
            ...(ref.orderName ? [{ key: OrderName, value: ref.orderName }] : []),
          ],
          staticSummary: `Order ${ref.orderName ?? ref.orderId} · ${shop}`,
        });
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) {
          count('order_closed');
          d.logger.info({ topic, workflowId, eventId }, 'webhook for an order whose workflow has closed; acknowledged');
          res.json({ status: 'order-closed', workflowId });
          return;
        }
        count('unavailable');
        throw temporalToHttp(err, 'signal-with-start');
      }
      count('accepted');
      res.json({ status: 'accepted', workflowId });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
