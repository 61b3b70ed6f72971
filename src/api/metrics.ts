import { Router, type RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The gateway's Prometheus metrics, on their own registry (one per app, so
 * several gateways in one process, as in tests, do not collide):
 * - oo_shopify_webhooks_total{topic, outcome}: accepted, order_closed, ignored,
 *   duplicate, stale, in_flight, unauthorized, unknown_shop, bad_request,
 *   too_large, unavailable, error
 * - oo_partner_events_total{kind, outcome}: accepted, unauthorized, bad_request,
 *   not_found, forbidden, rate_limited, unavailable, error
 * - oo_http_rate_limited_total{surface, limit}: 429s, surface partners, ops,
 *   inventory, orders or auth; limit requests or auth_failures
 * - oo_http_request_duration_seconds{route, method, status}: route is the
 *   matched pattern (/partners/:partnerId/shipments), never the raw path
 * - the default Node process metrics
 */
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
  const rateLimited = new Counter({
    name: 'oo_http_rate_limited_total',
    help: 'Requests refused with 429, by surface and limit (requests, auth_failures)',
    labelNames: ['surface', 'limit'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'oo_http_request_duration_seconds',
    help: 'Gateway request duration, by matched route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const timing: RequestHandler = (req, res, next) => {
    const end = httpDuration.startTimer();
    res.once('finish', () => {
      const route = typeof req.route?.path === 'string' ? req.route.path : 'unmatched';
      end({ route, method: req.method, status: String(res.statusCode) });
    });
    next();
  };
  return { registry, webhooks, partnerEvents, rateLimited, httpDuration, timing };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** A webhook or partner-event outcome label for an HTTP status. */
export function outcomeOf(status: number): string {
  switch (status) {
    case 400:
    case 413:
    case 415:
    case 431:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 429:
      return 'rate_limited';
    case 503:
      return 'unavailable';
    default:
      return status < 400 ? 'accepted' : 'error';
  }
}

/** GET /metrics in the Prometheus text format. */
export function metricsRouter(metrics: Metrics): Router {
  const router = Router();
  router.get('/metrics', async (_req, res, next) => {
    try {
      const text = await metrics.registry.metrics();
      res.type(metrics.registry.contentType).send(text);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
