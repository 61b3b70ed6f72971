import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import express from 'express';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Logger } from '../logger';
import type { OrderSettings } from '../workflows/order/definitions';
import { errorHandler, notFound } from './errors';
import { healthRouter } from './health';
import { createMetrics, metricsRouter, type Metrics } from './metrics';
import { ediRouter } from './edi';
import { inventoryRouter } from './inventory';
import type { InventorySyncInput } from '../inventory/sync-nudge';
import { inventoryImportRouter } from './inventory-import';
import { opsRouter } from './ops';
import { orderRouter } from './orders';
import { partnerRouter } from './partners';
import { webhookRouter } from './webhooks';

export interface GatewayDeps {
  /** The one shop this gateway serves (`*.myshopify.com`); webhooks from any other are refused. */
  shopDomain: string;
  /** Webhook signing secrets; more than one while rotating. */
  webhookSecrets: string[];
  temporal: Client;
  taskQueue: string;
  pool: Pool;
  logger: Logger;
  /** Bearer token for /ops endpoints; they answer 403 without one. */
  opsToken?: string;
  /** Passed to every order workflow the gateway starts. */
  orderSettings?: Partial<OrderSettings>;
  /** Prometheus metrics; default: a fresh registry for this app. */
  metrics?: Metrics;
  /** Deadline for each Temporal call made for a request (default 3 s for webhooks, Shopify waits 5 s; 5 s otherwise). */
  temporalTimeoutMs?: number;
  /** Largest webhook body (default '1mb'). */
  webhookBodyLimit?: string | number;
  /** The inventory sync's settings, for the wake-ups the gateway sends after recording a change. */
  inventorySync?: Omit<InventorySyncInput, 'shopDomain'>;
}

/** A caller's X-Request-Id is kept when it is short and plain (it goes into logs); else a fresh one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The gateway: Shopify webhooks and partner events in, Temporal signals out; status, health, metrics. */
export function createApp(d: GatewayDeps): express.Express {
  const metrics = d.metrics ?? createMetrics();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((req, res, next) => {
    const given = req.get('x-request-id');
    res.locals.requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.set('x-request-id', res.locals.requestId);
    next();
  });
  app.use(metrics.timing);
  app.use(webhookRouter({ ...d, metrics, bodyLimit: d.webhookBodyLimit }));
  app.use(partnerRouter({ ...d, metrics }));
  app.use(ediRouter({ ...d, metrics }));
  app.use(orderRouter(d));
  app.use(opsRouter(d));
  app.use(inventoryRouter(d));
  app.use(inventoryImportRouter(d));
  app.use(healthRouter(d));
  app.use(metricsRouter(metrics));
  app.use(notFound);
  app.use(errorHandler(d.logger));
  return app;
}

/** Create the gateway and listen; resolves once it accepts connections. */
export function startGateway(d: GatewayDeps, port: number, host = '0.0.0.0'): Promise<Server> {
  const app = createApp(d);
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.once('error', reject);
  });
}
