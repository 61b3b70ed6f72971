import { createHash } from 'node:crypto';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { verifyShopifyHmac } from '../shopify/webhook-hmac';
import { nudgeInventorySync } from '../inventory/sync-nudge';
import { type InventorySyncInput } from '../inventory/contract';
import { inventoryLevelTopics, type InventoryWebhookDeps } from '../inventory/webhooks';
import { catalogTopics } from '../catalog/webhook-topics';
import { fulfillmentServiceTopics } from '../partner/fulfillment-service-webhooks';
import { orderTopics } from '../orders/webhooks';
import { returnTopics } from '../returns/webhooks';
import type { ReturnInbox } from '../returns/inbox';
import type { ReturnPolicy } from '../returns/contract';
import { refundTopics } from '../refunds/webhooks';
import { isOrderWebhookTopic, parseWebhookBody, WebhookPayloadError } from '../shopify/webhook-payload';
import {
  lookedUp,
  TopicTable,
  WebhookStoreUnavailableError,
  type PreparedWebhook,
  type WebhookResult,
} from '../shopify/webhook-dispatch';
import { checkTopicBody } from '../shopify/webhook-topic-bodies';
import {
  awaitOtherAttempt,
  claimDelivery,
  completeDelivery,
  deliveryPruner,
  freshness,
  releaseDelivery,
  type DeliveryKey,
  type WebhookDeliverySettings,
} from '../shopify/webhook-deliveries';
import { webhookDeliverySettingsFromEnv } from '../config';
import type { OrderSettings } from '../order/contract';
import type { Logger } from '../logger';
import { HttpError, temporalToHttp } from './errors';
import type { OrderInbox } from '../orders/inbox';
import { outcomeOf, type Metrics } from './metrics';

export interface WebhookDeps {
  shopDomain: string;
  webhookSecrets: string[];
  temporal: Client;
  /** Every order workflow call (signal-with-start, signals) goes through it. */
  orders: OrderInbox;
  /** Every return workflow call goes through it. */
  returns: ReturnInbox;
  taskQueue: string;
  /** Deliveries seen (deduplication), fulfillment requests (3PL answers), inventory and catalog records. */
  pool: Pool;
  logger: Logger;
  metrics: Metrics;
  orderSettings?: Partial<OrderSettings>;
  /** Passed to every return workflow the gateway starts. */
  returnPolicy?: Partial<ReturnPolicy>;
  /** Largest body accepted (bytes or an express size string). */
  bodyLimit?: string | number;
  /** Settings of the inventory sync the gateway wakes after a change it records. */
  inventorySync?: Omit<InventorySyncInput, 'shopDomain'>;
  /** Replay protection: the triggered-at horizon and how long delivery ids are kept (default: WEBHOOK_* settings). */
  deliveries?: WebhookDeliverySettings;
}

export const WEBHOOK_PATH = '/webhooks/shopify';
/** How long a second attempt at a delivery in flight waits for the first before asking Shopify to retry. */
const IN_FLIGHT_WAIT_MS = 2000;

/** Every topic the engine handles, each with the domain that handles it. */
export function shopifyTopics(d: {
  shopDomain: string;
  temporal: Client;
  pool: Pool;
  orders: Pick<OrderInbox, 'start' | 'send'>;
  returns: Pick<ReturnInbox, 'start'>;
  taskQueue: string;
  orderSettings?: Partial<OrderSettings>;
  returnPolicy?: Partial<ReturnPolicy>;
  inventory: InventoryWebhookDeps;
}): TopicTable {
  return new TopicTable([
    orderTopics(d),
    returnTopics(d),
    refundTopics(d),
    fulfillmentServiceTopics(d),
    catalogTopics(d),
    inventoryLevelTopics(d.inventory),
  ]);
}

/**
 * POST /webhooks/shopify, one endpoint for every topic (X-Shopify-Topic), in this order:
 * 1. the HMAC on the raw body (401), the shop (401), the topic (400; one not handled: 200 'ignored');
 * 2. X-Shopify-Triggered-At older than the horizon: 200 'stale', nothing acted on
 *    (the header is unsigned, so it only ever refuses; 200 because Shopify
 *    retries anything else, and a stale event must not be retried into action);
 * 3. the body: a JSON object consistent with the topic, every value in bounds
 *    (400 naming the field; src/shopify/webhook-topic-bodies.ts);
 * 4. deduplication before anything acts, by the SHA-256 of the signed body for order
 *    topics (their headers are not signed) and by (topic, event id) for the rest: a
 *    delivery already done is 200 'duplicate' (src/shopify/webhook-deliveries.ts);
 * 5. the topic's handling, in its domain (shopifyTopics: order intake, refunds, fulfillment
 *    services, catalog, inventory), then 200 once the event is durable (signal-with-start,
 *    a signal, a refund's workflow started, or a PostgreSQL record); 503 when it could not be made durable,
 *    and the claim is released so that Shopify's retry goes through.
 * The route verifies, deduplicates and dispatches; only it speaks HTTP.
 */
export function webhookRouter(d: WebhookDeps): Router {
  const router = Router();
  const shopDomain = d.shopDomain.trim().toLowerCase();
  const settings = d.deliveries ?? webhookDeliverySettingsFromEnv();
  const prune = deliveryPruner(d.pool, settings.retentionHours, (err) =>
    d.logger.warn({ err: (err as Error).message }, 'pruning webhook deliveries failed; retried later'),
  );
  const raw = express.raw({ type: () => true, limit: d.bodyLimit ?? '1mb' });
  const topicOf = (req: Request) => (req.get('x-shopify-topic') ?? '').trim();
  const count = (req: Request, outcome: string) =>
    d.metrics.webhooks.inc({ topic: metricTopic(topicOf(req), topics), outcome });
  const inventory: InventoryWebhookDeps = {
    pool: d.pool,
    shopDomain,
    logger: d.logger,
    wake: () => void nudgeInventorySync(d.temporal, d.taskQueue, { shopDomain, ...d.inventorySync }, d.logger),
  };
  const topics = shopifyTopics({ ...d, shopDomain, inventory });

  // The raw parser refuses oversize bodies (413) before the handler runs: count those too.
  const rawBody = (req: Request, res: Response, next: NextFunction) =>
    raw(req, res, (err?: unknown) => {
      if (err) count(req, (err as { type?: string }).type === 'entity.too.large' ? 'too_large' : 'bad_request');
      next(err);
    });

  router.post(WEBHOOK_PATH, rawBody, async (req, res, next) => {
    const topic = topicOf(req);
    const log = d.logger.child({ requestId: res.locals.requestId, topic });
    const answer = (r: WebhookResult & { reason?: string }) => {
      const { outcome, ...body } = r;
      count(req, outcome);
      res.json(body);
    };
    try {
      const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const signature = req.get('x-shopify-hmac-sha256');
      if (!signature) throw new HttpError(401, 'Missing X-Shopify-Hmac-Sha256');
      if (!verifyShopifyHmac(body, signature, d.webhookSecrets)) {
        throw new HttpError(401, 'X-Shopify-Hmac-Sha256 does not match the body under any configured webhook secret');
      }
      const shop = (req.get('x-shopify-shop-domain') ?? '').trim().toLowerCase();
      if (shop !== shopDomain)
        throw refusal(401, shop ? `Unknown shop ${shop}` : 'Missing X-Shopify-Shop-Domain', 'unknown_shop');
      if (!topic) throw new HttpError(400, 'Missing X-Shopify-Topic');
      if (!topics.handles(topic)) {
        log.info('webhook topic not handled; acknowledged as ignored');
        return answer({ status: 'ignored', outcome: 'ignored' });
      }

      const fresh = freshness(req.get('x-shopify-triggered-at'), settings.horizonHours);
      if (fresh.kind === 'malformed')
        throw new HttpError(400, 'X-Shopify-Triggered-At is not a timestamp', [
          { field: 'X-Shopify-Triggered-At', problem: 'not a timestamp' },
        ]);
      if (fresh.kind === 'stale') {
        log.warn(
          { ageHours: Math.round(fresh.ageHours), horizonHours: settings.horizonHours },
          'webhook triggered before the horizon; acknowledged as stale, nothing acted on',
        );
        return answer({
          status: 'stale',
          outcome: 'stale',
          reason: `triggered more than ${settings.horizonHours} h ago`,
        });
      }
      const webhookId = req.get('x-shopify-webhook-id')?.trim() || null;
      const eventId = req.get('x-shopify-event-id')?.trim() || webhookId;
      if (!eventId) throw new HttpError(400, 'Missing X-Shopify-Event-Id (and X-Shopify-Webhook-Id)');
      if (eventId.length > 255) throw new HttpError(400, 'X-Shopify-Event-Id is longer than 255 characters');

      // Everything that can refuse the body runs before the delivery is claimed.
      const prepared = refusingBadBodies(log, () => topics.prepare(topic, readBody(topic, body)));

      // An order topic's signed body carries the order's state (its updated_at, the transaction's or
      // refund's own id): one body under one topic is one event, whatever event id it comes with, so a
      // signed body replayed with forged headers adds nothing to the order's history.
      const deliveryId = isOrderWebhookTopic(topic)
        ? `sha256:${createHash('sha256').update(body).digest('hex')}`
        : eventId;
      const key: DeliveryKey = { shopDomain, topic, deliveryId };
      prune();
      let claim = await deduplication(() => claimDelivery(d.pool, key));
      if (claim.kind === 'in_flight') {
        const other = await deduplication(() => awaitOtherAttempt(d.pool, key, IN_FLIGHT_WAIT_MS));
        if (!other)
          throw refusal(409, `Delivery ${eventId} of ${topic} is being handled by another request; retry`, 'in_flight');
        claim = { kind: 'duplicate', outcome: other.outcome };
      }
      if (claim.kind === 'duplicate') {
        log.info({ eventId, first: claim.outcome }, 'duplicate delivery; nothing signalled');
        return answer({ status: 'duplicate', outcome: 'duplicate' });
      }
      let result: WebhookResult;
      try {
        result = await prepared.handle({
          eventId,
          webhookId,
          triggeredAt: req.get('x-shopify-triggered-at')?.trim() || null,
          log,
        });
      } catch (err) {
        await releaseDelivery(d.pool, key, claim.token).catch((e) =>
          log.warn({ err: (e as Error).message }, 'could not release the delivery claim; its lease runs out'),
        );
        throw handlingToHttp(err, topic, prepared);
      }
      // Durable already: a lost mark only lets a later duplicate through to the workflow, which drops it.
      await completeDelivery(d.pool, key, result.status).catch((e) =>
        log.warn({ err: (e as Error).message, eventId }, 'could not mark the delivery done'),
      );
      return answer(result);
    } catch (err) {
      count(req, err instanceof HttpError ? webhookOutcome(err) : 'error');
      next(err);
    }
  });

  return router;
}

/** A webhook body parsed losslessly and consistent with its topic (WebhookPayloadError naming the field). */
function readBody(topic: string, raw: Buffer): Record<string, unknown> {
  try {
    const body = parseWebhookBody(raw);
    checkTopicBody(topic, body);
    return body;
  } catch (err) {
    if (err instanceof WebhookPayloadError)
      throw new WebhookPayloadError(`Cannot read the body: ${err.message}`, err.field);
    throw err;
  }
}

/** A body the topic's handler cannot read is the sender's 400 naming the field, logged with it. */
function refusingBadBodies(log: Logger, fn: () => PreparedWebhook): PreparedWebhook {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof WebhookPayloadError)) throw err;
    log.warn({ field: err.field ?? null, problem: err.message }, 'webhook body refused');
    throw new HttpError(400, err.message, err.field ? [{ field: err.field, problem: err.message }] : undefined);
  }
}

/** A handling that did not complete: the database (503), or Temporal as the order inbox read it. */
function handlingToHttp(err: unknown, topic: string, prepared: PreparedWebhook): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof WebhookStoreUnavailableError) return new HttpError(503, err.message, undefined, err.cause);
  if (err instanceof WebhookPayloadError)
    return new HttpError(400, err.message, err.field ? [{ field: err.field, problem: err.message }] : undefined);
  return temporalToHttp(err, `${topic} for ${prepared.subject}`);
}

/** Database trouble is a 503 (Shopify retries). */
const deduplication = <T>(fn: () => Promise<T>): Promise<T> =>
  lookedUp('Webhook deduplication', fn).catch((err: WebhookStoreUnavailableError) => {
    throw new HttpError(503, err.message, undefined, err.cause);
  });

/** An HttpError with its own metric outcome. */
function refusal(status: number, message: string, outcome: string): HttpError {
  return Object.assign(new HttpError(status, message), { outcome });
}

function webhookOutcome(err: HttpError): string {
  const own = (err as HttpError & { outcome?: string }).outcome;
  return own ?? outcomeOf(err.status);
}

/** Topic as a metric label: handled topics by name, anything else 'other' (the header is caller-chosen). */
function metricTopic(topic: string, topics: TopicTable): string {
  if (!topic) return 'none';
  return topics.handles(topic) ? topic : 'other';
}
