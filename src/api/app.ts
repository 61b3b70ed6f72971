import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import express from 'express';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Logger } from '../logger';
import type { OrderSettings } from '../workflows/order/definitions';
import { errorHandler, notFound } from './errors';
import { healthRouter } from './health';
import { createMetrics, type Metrics } from './metrics';
import { orderRouter } from './orders';
import { partnerRouter } from './partners';
import { webhookRouter } from './webhooks';

export interface GatewayDeps {
  shopDomain: string;
  webhookSecrets: string[];
  temporal: Client;
  taskQueue: string;
  pool: Pool;
  logger: Logger;
  opsToken?: string;
  orderSettings?: Partial<OrderSettings>;
  metrics?: Metrics;
}

/** The gateway: Shopify webhooks and partner events in, Temporal signals out. */
export function createApp(d: GatewayDeps) {
  const metrics = d.metrics ?? createMetrics();
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    res.locals.requestId = req.get('x-request-id') ?? randomUUID();
    res.set('x-request-id', res.locals.requestId);
    next();
  });
  app.use(metrics.timing);
  app.use(webhookRouter({ ...d, metrics }));
  app.use(partnerRouter({ ...d, metrics }));
  app.use(orderRouter(d));
  app.use(healthRouter({ ...d, metrics }));
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
