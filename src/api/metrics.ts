import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The gateway's Prometheus metrics, on their own registry (one per app). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const webhooks = new Counter({
    name: 'oo_shopify_webhooks_total',
    help: 'Shopify webhooks received, by topic and outcome',
    labelNames: ['topic', 'outcome'] as const,
    registers: [registry],
  });
  const partnerEvents = new Counter({
    name: 'oo_partner_events_total',
    help: 'Partner messages received, by kind and outcome',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'oo_http_request_duration_seconds',
    help: 'Gateway request duration',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const timing: RequestHandler = (req, res, next) => {
    const end = httpDuration.startTimer();
    res.on('finish', () => end({ route: req.route?.path ?? req.baseUrl ?? 'unmatched', method: req.method, status: String(res.statusCode) }));
    next();
  };
  return { registry, webhooks, partnerEvents, timing };
}

export type Metrics = ReturnType<typeof createMetrics>;
