import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import express from 'express';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Logger } from '../logger';
import type { OrderSettings } from '../order/contract';
import { errorHandler, notFound } from './errors';
import { healthRouter } from './health';
import { createGatewayServer, DEFAULT_HTTP_SETTINGS, type HttpServerSettings } from './http-server';
import { createMetrics, metricsRouter, type Metrics } from './metrics';
import { ediRouter } from './edi';
import { inventoryRouter } from './inventory';
import type { InventorySyncInput } from '../inventory/contract';
import type { WebhookDeliverySettings } from '../shopify/webhook-deliveries';
import { inventoryImportRouter } from './inventory-import';
import { opsRouter } from './ops';
import { orderRouter } from './orders';
import { partnerRouter } from './partners';
import { createRateLimits, type RateLimitSettings } from './rate-limit';
import { webhookRouter } from './webhooks';
import { OrderInbox } from '../orders/inbox';
import { ReturnInbox } from '../returns/inbox';
import type { ReturnPolicy } from '../returns/contract';
import { returnRouter } from './returns';

export interface GatewayDeps {
  /** The one shop this gateway serves (`*.myshopify.com`); webhooks from any other are refused. */
  shopDomain: string;
  /** Webhook signing secrets; more than one while rotating. */
  webhookSecrets: string[];
  temporal: Client;
  taskQueue: string;
  pool: Pool;
  logger: Logger;
  /** Bearer token for /ops and /inventory endpoints (and order status); they answer 403 without one. */
  opsToken?: string;
  /** Read-only bearer token for GET /orders/{id} (OPS_TOKEN works there too); 403 with neither. */
  ordersReadToken?: string;
  /** Per-source rate limits on the authenticated surfaces; defaults: DEFAULT_RATE_LIMITS. */
  rateLimits?: Partial<RateLimitSettings>;
  /** Proxies in front of the gateway whose X-Forwarded-For is believed (0: the socket's address is the source). */
  trustProxyHops?: number;
  /** Server timeouts and header limit (startGateway); defaults: DEFAULT_HTTP_SETTINGS. */
  http?: Partial<HttpServerSettings>;
  /** Passed to every order workflow the gateway starts. */
  orderSettings?: Partial<OrderSettings>;
  /** Passed to every return workflow the gateway starts. */
  returnPolicy?: Partial<ReturnPolicy>;
  /** Prometheus metrics; default: a fresh registry for this app. */
  metrics?: Metrics;
  /** Replaces the order inbox's deadlines for each Temporal call made for a request (default: INBOX_DEADLINES, 3 s; 10 s for ops). */
  temporalTimeoutMs?: number;
  /** Largest webhook body (default '1mb'). */
  webhookBodyLimit?: string | number;
  /** Webhook replay protection (WEBHOOK_HORIZON_HOURS, WEBHOOK_DEDUPE_RETENTION_HOURS); default: read from the environment. */
  deliveries?: WebhookDeliverySettings;
  /** The inventory sync's settings, for the wake-ups the gateway sends after recording a change. */
  inventorySync?: Omit<InventorySyncInput, 'shopDomain'>;
}

/** A caller's X-Request-Id is kept when it is short and plain (it goes into logs); else a fresh one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The gateway: Shopify webhooks and partner events in, Temporal signals out; status, health, metrics. */
export function createApp(d: GatewayDeps): express.Express {
  const metrics = d.metrics ?? createMetrics();
  const limits = createRateLimits(d.rateLimits, d.logger, (surface, limit) =>
    metrics.rateLimited.inc({ surface, limit }),
  );
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', d.trustProxyHops ?? 0);
  app.use((req, res, next) => {
    const given = req.get('x-request-id');
    res.locals.requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.set('x-request-id', res.locals.requestId);
    next();
  });
  app.use(metrics.timing);
  const orders = new OrderInbox(d.temporal, { deadlineMs: d.temporalTimeoutMs });
  const returns = new ReturnInbox(d.temporal, d.temporalTimeoutMs);
  app.use(webhookRouter({ ...d, orders, returns, metrics, bodyLimit: d.webhookBodyLimit }));
  // Shopify's webhooks are not rate-limited: a valid delivery is never turned away (README, Security).
  app.use(partnerRouter({ ...d, orders, metrics, limits }));
  app.use(ediRouter({ ...d, orders, metrics, limits }));
  app.use(orderRouter({ ...d, orders, limits }));
  app.use(opsRouter({ ...d, orders, limits }));
  app.use(returnRouter({ ...d, returns, limits }));
  app.use(inventoryRouter({ ...d, limits }));
  app.use(inventoryImportRouter({ ...d, limits }));
  app.use(healthRouter(d));
  app.use(metricsRouter(metrics));
  app.use(notFound);
  app.use(errorHandler(d.logger));
  return app;
}

/** Create the gateway on its HTTP server (timeouts, parser refusals with a reason) and listen; resolves once it accepts connections. */
export function startGateway(d: GatewayDeps, port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createGatewayServer(createApp(d), { ...DEFAULT_HTTP_SETTINGS, ...d.http }, d.logger);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
