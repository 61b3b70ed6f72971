import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type GatewayDeps } from '../../src/api/app';
import { createMetrics } from '../../src/api/metrics';
import { upsertPartner } from '../../src/partner/repository';
import { startRealGateway } from './raw-http';
import {
  capturingLogger,
  createPool,
  freshDatabase,
  postWebhook,
  SECRETS,
  SHOP,
  startTemporal,
  type Pool,
} from './support';

/**
 * Who may call what: every route but health, metrics and Shopify's webhook
 * refuses a caller without a credential; per-source rate limits, and the
 * stricter one on failed authentications, answer 429 with Retry-After while a
 * signed Shopify webhook is never turned away.
 */

/** Routes anyone may call: liveness, readiness, Prometheus metrics (counts only), and Shopify's signed webhooks. */
const PUBLIC_ROUTES = ['GET /healthz', 'GET /readyz', 'GET /metrics', 'POST /webhooks/shopify'];
const PARAMS: Record<string, string> = {
  orderId: '730001',
  partnerId: 'acme-3pl',
  action: 'hold',
  sku: 'SKU-1',
  location: 'Main',
};

/** Every route the gateway serves, as `METHOD /path`, read from the app itself (so a new route cannot be missed). */
function routesOf(deps: GatewayDeps): string[] {
  const app = createApp(deps) as unknown as { router: { stack: any[] } };
  const walk = (stack: any[]): string[] =>
    stack.flatMap((layer) =>
      layer.route
        ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route.path}`)
        : layer.handle?.stack
          ? walk(layer.handle.stack)
          : [],
    );
  return walk(app.router.stack);
}

describe('gateway access: credentials everywhere, rate limits', () => {
  let temporal: Awaited<ReturnType<typeof startTemporal>>;
  let pool: Pool;
  const { logger, lines } = capturingLogger();
  let deps: GatewayDeps;

  beforeAll(async () => {
    const [t, url] = await Promise.all([startTemporal(), freshDatabase('oo_api_test_access')]);
    temporal = t;
    pool = createPool(url, 4);
    await upsertPartner(pool, { id: 'acme-3pl', shopDomain: SHOP, name: 'Acme 3PL', token: 'acme-token' });
    deps = {
      shopDomain: SHOP,
      webhookSecrets: SECRETS,
      temporal: temporal.client,
      taskQueue: 'api-access',
      pool,
      logger,
      opsToken: 'ops-sesame',
      ordersReadToken: 'read-only-sesame-123',
    };
  });
  afterAll(async () => {
    await pool?.end();
    await temporal?.connection.close();
    await temporal?.server.stop();
  });

  it('no unauthenticated read (or write) anywhere: every non-health, non-webhook route refuses a caller without a credential, or with a wrong one', async () => {
    const routes = routesOf(deps);
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => PUBLIC_ROUTES.includes(r)).sort()).toEqual([...PUBLIC_ROUTES].sort());
    const gw = await startRealGateway({ ...deps, rateLimits: { authFailureBurst: 1000 } });
    try {
      for (const route of routes.filter((r) => !PUBLIC_ROUTES.includes(r))) {
        const [method, pattern] = route.split(' ') as [string, string];
        const path = pattern.replace(/:(\w+)/g, (_, name: string) => PARAMS[name] ?? 'x');
        for (const authorization of [undefined, 'Bearer wrong-token', 'Basic b3BzOm9wcy1zZXNhbWU=']) {
          const res = await fetch(`${gw.url}${path}`, {
            method,
            headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
            ...(method === 'GET' ? {} : { body: '{}' }),
          });
          const body = (await res.json()) as Record<string, unknown>;
          expect({ route, authorization, status: res.status }).toEqual({ route, authorization, status: 401 });
          expect(Object.keys(body)).toEqual(['error']); // a reason, and nothing of the order, stock or partner
        }
      }
    } finally {
      await gw.close();
    }
  });

  it('requests: a source past its burst gets 429 with Retry-After on that surface; signed Shopify webhooks are never limited', async () => {
    const metrics = createMetrics();
    const gw = await startRealGateway({ ...deps, metrics, rateLimits: { perSecond: 0.01, burst: 5 } });
    try {
      const ops = { headers: { authorization: 'Bearer ops-sesame' } };
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await fetch(`${gw.url}/ops/orders?stage=lost`, ops)).status);
      expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
      expect(statuses.slice(5)).toEqual([429, 429, 429]);
      const limited = await fetch(`${gw.url}/ops/orders?stage=lost`, ops);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await limited.json()) as any).error).toMatch(/^Too many requests from this address; retry after \d+ s$/);
      // Another surface has its own bucket.
      expect((await fetch(`${gw.url}/inventory/skus/SKU-1`, ops)).status).toBe(404);
      // Shopify's signed deliveries go through however many come.
      const webhooks = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          postWebhook(gw.url, 'orders/create', `{"id": ${760000 + i}, "name": "#${760000 + i}"}`),
        ),
      );
      expect(webhooks.map((r) => r.status)).toEqual(Array(30).fill(200));
      expect(await metrics.registry.getSingleMetricAsString('oo_http_rate_limited_total')).toMatch(
        /surface="ops",limit="requests"} 4/,
      );
    } finally {
      await gw.close();
    }
  });

  it('5,000 bad credentials at ~400/s hit 429 (with Retry-After) after the burst, before any further check; another source is not affected', async () => {
    const gw = await startRealGateway({
      ...deps,
      trustProxyHops: 1,
      rateLimits: { authFailureBurst: 20, authFailuresPerMinute: 10 },
    });
    try {
      const guess = (i: number, source = '192.0.2.66') =>
        fetch(`${gw.url}/partners/acme-3pl/shipments`, {
          method: 'POST',
          headers: { authorization: `Bearer guess-${i}`, 'x-forwarded-for': source },
          body: '{}',
        });
      const statuses: number[] = [];
      let retryAfterMissing = 0;
      const started = Date.now();
      for (let i = 0; i < 5000; i += 10) {
        const batch = await Promise.all(Array.from({ length: 10 }, (_, k) => guess(i + k)));
        for (const r of batch) {
          statuses.push(r.status);
          if (r.status === 429 && !(Number(r.headers.get('retry-after')) >= 1)) retryAfterMissing++;
          await r.arrayBuffer();
        }
        const due = started + ((i + 10) / 400) * 1000; // pace at 400 per second
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      }
      const minutes = (Date.now() - started) / 60_000;
      expect(new Set(statuses)).toEqual(new Set([401, 429]));
      expect(statuses.indexOf(429)).toBeLessThanOrEqual(20);
      // The burst, plus what the refill rate earns back over the run: nothing more got a credential checked.
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(20 + Math.ceil(minutes * 10) + 1);
      expect(retryAfterMissing).toBe(0);
      // A flood is logged at most once a minute per source, not once per request.
      expect(lines.filter((l) => l.limit === 'auth_failures' && l.source === '192.0.2.66').length).toBeLessThanOrEqual(
        Math.ceil(minutes) + 1,
      );
      // Another source still gets its credentials checked; a signed webhook from the flooding one still goes through.
      expect((await guess(0, '192.0.2.67')).status).toBe(401);
      expect((await fetch(`${gw.url}/ops/orders`, { headers: { 'x-forwarded-for': '192.0.2.66' } })).status).toBe(429);
      expect((await postWebhook(gw.url, 'orders/create', '{"id": 770001, "name": "#770001"}')).status).toBe(200);
    } finally {
      await gw.close();
    }
  }, 180_000);
});
