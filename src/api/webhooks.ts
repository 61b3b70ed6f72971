import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { orderWorkflowId } from '../order/types';
import { verifyShopifyHmac } from '../shopify/webhook-hmac';
import { signalOrder } from '../order/intake';
import { nudgeInventorySync, type InventorySyncInput } from '../inventory/sync-nudge';
import { handleInventoryWebhook, isInventoryTopic, orderWebhookInventory, type InventoryWebhookDeps } from './inventory-webhooks';
import { fulfillmentOrderIdOf, fulfillmentOrderSignal, isFulfillmentOrderTopic } from './fulfillment-order-webhooks';
import { isHandledTopic, lineQuantitiesOf, orderRefFromWebhook, parseWebhookBody, WebhookPayloadError, type WebhookOrderRef } from '../shopify/webhook-payload';
import type { OrderSettings, ShopifyEvent } from '../workflows/order/definitions';
import type { Logger } from '../logger';
import { HttpError, temporalToHttp, withTemporalDeadline } from './errors';
import { outcomeOf, type Metrics } from './metrics';

export interface WebhookDeps {
  shopDomain: string;
  webhookSecrets: string[];
  temporal: Client;
  taskQueue: string;
  /** Maps a 3PL's fulfillment order back to its order (fulfillment_orders/* webhooks). */
  pool: Pool;
  logger: Logger;
  metrics: Metrics;
  orderSettings?: Partial<OrderSettings>;
  /** Deadline for the Temporal calls of one webhook (default 3 s; Shopify gives up after 5 s). */
  temporalTimeoutMs?: number;
  /** Largest body accepted (bytes or an express size string). */
  bodyLimit?: string | number;
  /** Settings of the inventory sync the gateway wakes after a change it records. */
  inventorySync?: Omit<InventorySyncInput, 'shopDomain'>;
}

export const WEBHOOK_PATH = '/webhooks/shopify';
const DEFAULT_TEMPORAL_TIMEOUT_MS = 3000;

/**
 * POST /webhooks/shopify, one endpoint for every topic (X-Shopify-Topic).
 * The HMAC is checked on the raw body before anything else; then
 * signal-with-start hands the event to the order's workflow, and only once
 * Temporal has it do we answer 200 (else 503, and Shopify retries). The
 * workflow drops duplicate deliveries by event id. A closed order never
 * starts again (REJECT_DUPLICATE): its late webhooks get 200 'order-closed'.
 */
export function webhookRouter(d: WebhookDeps): Router {
  const router = Router();
  const shopDomain = d.shopDomain.trim().toLowerCase();
  const timeoutMs = d.temporalTimeoutMs ?? DEFAULT_TEMPORAL_TIMEOUT_MS;
  const raw = express.raw({ type: () => true, limit: d.bodyLimit ?? '1mb' });
  const topicOf = (req: Request) => (req.get('x-shopify-topic') ?? '').trim();
  const count = (req: Request, outcome: string) => d.metrics.webhooks.inc({ topic: metricTopic(topicOf(req)), outcome });
  const inventory: InventoryWebhookDeps = {
    pool: d.pool,
    shopDomain,
    logger: d.logger,
    wake: () => void nudgeInventorySync(d.temporal, d.taskQueue, { shopDomain, ...d.inventorySync }, d.logger),
  };

  // The raw parser refuses oversize bodies (413) before the handler runs: count those too.
  const rawBody = (req: Request, res: Response, next: NextFunction) =>
    raw(req, res, (err?: unknown) => {
      if (err) count(req, (err as { type?: string }).type === 'entity.too.large' ? 'too_large' : 'bad_request');
      next(err);
    });

  router.post(WEBHOOK_PATH, rawBody, async (req, res, next) => {
    const topic = topicOf(req);
    const log = d.logger.child({ requestId: res.locals.requestId, topic });
    try {
      const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const signature = req.get('x-shopify-hmac-sha256');
      if (!signature) throw new HttpError(401, 'Missing X-Shopify-Hmac-Sha256');
      if (!verifyShopifyHmac(body, signature, d.webhookSecrets)) {
        throw new HttpError(401, 'X-Shopify-Hmac-Sha256 does not match the body under any configured webhook secret');
      }
      const shop = (req.get('x-shopify-shop-domain') ?? '').trim().toLowerCase();
      if (shop !== shopDomain) throw refusal(401, shop ? `Unknown shop ${shop}` : 'Missing X-Shopify-Shop-Domain', 'unknown_shop');
      if (!topic) throw new HttpError(400, 'Missing X-Shopify-Topic');

      if (isFulfillmentOrderTopic(topic)) {
        const eventId = req.get('x-shopify-event-id')?.trim() || req.get('x-shopify-webhook-id')?.trim();
        if (!eventId) throw new HttpError(400, 'Missing X-Shopify-Event-Id (and X-Shopify-Webhook-Id)');
        const parsed = readBody(body);
        const foId = fulfillmentOrderIdOf(parsed);
        if (!foId) throw new HttpError(400, `${topic} body has no fulfillment_order.id (a FulfillmentOrder GID)`);
        let signal;
        try {
          signal = await fulfillmentOrderSignal(d.pool, topic, foId, parsed, eventId);
        } catch (err) {
          throw new HttpError(503, 'Fulfillment order lookup is unavailable (database), try again', undefined, err);
        }
        if (!signal) {
          count(req, 'ignored');
          log.info({ fulfillmentOrderId: foId }, 'fulfillment order webhook for a fulfillment order we did not request; ignored');
          res.json({ status: 'ignored' });
          return;
        }
        try {
          await withTemporalDeadline(d.temporal, timeoutMs, () => d.temporal.workflow.getHandle(signal.workflowId).signal(signal.name, signal.args));
        } catch (err) {
          const http = temporalToHttp(err, `${topic} for ${foId}`);
          if (http.status !== 404) throw http;
          count(req, 'order_closed');
          res.json({ status: 'order-closed', workflowId: signal.workflowId });
          return;
        }
        count(req, 'accepted');
        log.info({ fulfillmentOrderId: foId, workflowId: signal.workflowId }, 'fulfillment service answer handed to the order workflow');
        res.json({ status: 'accepted', workflowId: signal.workflowId });
        return;
      }
      if (isInventoryTopic(topic)) {
        const parsed = readBody(body);
        const status = await handleInventoryWebhook(inventory, topic, parsed);
        count(req, 'accepted');
        log.info({ status }, 'inventory webhook recorded');
        res.json({ status });
        return;
      }
      if (!isHandledTopic(topic)) {
        count(req, 'ignored');
        log.info('webhook topic not handled; acknowledged as ignored');
        res.json({ status: 'ignored' });
        return;
      }
      const webhookId = req.get('x-shopify-webhook-id')?.trim() || null;
      const eventId = req.get('x-shopify-event-id')?.trim() || webhookId;
      if (!eventId) throw new HttpError(400, 'Missing X-Shopify-Event-Id (and X-Shopify-Webhook-Id)');

      let ref: WebhookOrderRef;
      let parsed: Record<string, unknown>;
      try {
        parsed = parseWebhookBody(body);
        ref = orderRefFromWebhook(topic, parsed);
      } catch (err) {
        if (err instanceof WebhookPayloadError) throw new HttpError(400, `Cannot read the order from the body: ${err.message}`);
        throw err;
      }

      if ((await orderWebhookInventory(inventory, topic, ref, parsed)) === 'pos') {
        count(req, 'accepted');
        log.info({ orderId: ref.orderId }, 'point-of-sale order: stock taken at its location; not orchestrated');
        res.json({ status: 'pos-sale' });
        return;
      }
      const workflowId = orderWorkflowId(shopDomain, ref.orderId);
      const event: ShopifyEvent = {
        topic,
        eventId,
        webhookId,
        triggeredAt: req.get('x-shopify-triggered-at')?.trim() || null,
        orderName: ref.orderName,
        ...(topic === 'orders/updated' ? { lineQuantities: lineQuantitiesOf(parsed) } : {}),
      };
      try {
        await withTemporalDeadline(d.temporal, timeoutMs, () =>
          signalOrder(d.temporal, { shopDomain, orderId: ref.orderId, orderName: ref.orderName, taskQueue: d.taskQueue, event, body: parsed, settings: d.orderSettings }),
        );
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) {
          count(req, 'order_closed');
          log.info({ workflowId, eventId }, 'webhook for an order whose workflow has closed; acknowledged, nothing started');
          res.json({ status: 'order-closed', workflowId });
          return;
        }
        throw temporalToHttp(err, `${topic} for order ${ref.orderId}`);
      }

      count(req, 'accepted');
      log.info({ workflowId, eventId }, 'webhook handed to the order workflow');
      res.json({ status: 'accepted', workflowId });
    } catch (err) {
      count(req, err instanceof HttpError ? webhookOutcome(err) : 'error');
      next(err);
    }
  });
  return router;
}

/** A webhook body parsed losslessly; one that is not a JSON object is the sender's 400. */
function readBody(raw: Buffer): Record<string, unknown> {
  try {
    return parseWebhookBody(raw);
  } catch (err) {
    if (err instanceof WebhookPayloadError) throw new HttpError(400, `Cannot read the body: ${err.message}`);
    throw err;
  }
}

/** An HttpError with its own metric outcome. */
function refusal(status: number, message: string, outcome: string): HttpError {
  return Object.assign(new HttpError(status, message), { outcome });
}

function webhookOutcome(err: HttpError): string {
  const own = (err as HttpError & { outcome?: string }).outcome;
  return own ?? outcomeOf(err.status);
}

/** Topic as a metric label: handled topics by name, anything else 'other' (the header is caller-chosen). */
function metricTopic(topic: string): string {
  if (!topic) return 'none';
  return isHandledTopic(topic) || isFulfillmentOrderTopic(topic) || isInventoryTopic(topic) ? topic : 'other';
}
