import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createMetrics } from '../../src/api/metrics';
import { findFreePort } from '../../src/dev/ports';
import { orderWorkflowId } from '../../src/order/contract';
import {
  capturingLogger,
  createPool,
  freshDatabase,
  listen,
  postWebhook,
  SECRETS,
  SHOP,
  startTemporal,
  unreachableTemporal,
  type Pool,
  type RunningGateway,
} from './support';

/** GET /orders/:id, /healthz, /readyz, /metrics, unknown routes and the error handler. */
describe('status, health and metrics endpoints', () => {
  let temporal: Awaited<ReturnType<typeof startTemporal>>;
  let pool: Pool;
  let databaseUrl: string;
  let gw: RunningGateway;
  const metrics = createMetrics();
  const { logger, lines } = capturingLogger();
  const taskQueue = 'api-ops';
  const READ_TOKEN = 'read-only-token-for-order-status';
  const read = { headers: { authorization: `Bearer ${READ_TOKEN}` } };

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    const [t, url] = await Promise.all([startTemporal(), freshDatabase('oo_api_test_ops')]);
    temporal = t;
    databaseUrl = url;
    pool = createPool(databaseUrl, 2);
    gw = await listen({
      shopDomain: SHOP,
      webhookSecrets: SECRETS,
      temporal: temporal.client,
      taskQueue,
      pool,
      logger,
      metrics,
      temporalTimeoutMs: 1500,
      ordersReadToken: READ_TOKEN,
    });
  });
  afterAll(async () => {
    await gw?.close();
    await pool?.end();
    await temporal?.connection.close();
    await temporal?.server.stop();
  });

  /** Another gateway on the same Temporal/PostgreSQL, with some parts swapped. */
  async function withGateway<T>(
    parts: { pool?: Pool; temporal?: Client; temporalTimeoutMs?: number; opsToken?: string; ordersReadToken?: string },
    fn: (url: string) => Promise<T>,
  ): Promise<T> {
    const other = await listen({
      shopDomain: SHOP,
      webhookSecrets: SECRETS,
      temporal: temporal.client,
      taskQueue,
      pool,
      logger,
      ordersReadToken: READ_TOKEN,
      ...parts,
    });
    try {
      return await fn(other.url);
    } finally {
      await other.close();
    }
  }

  it('GET /orders: 400 for a non-numeric id, 404 for an order with no workflow', async () => {
    const bad = await fetch(`${gw.url}/orders/abc`, read);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error).toMatch(/numeric/);
    expect((await fetch(`${gw.url}/orders/12%2034`, read)).status).toBe(400);
    const unknown = await fetch(`${gw.url}/orders/123456789`, read);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).error).toMatch(/order 123456789: no such order workflow/);
  });

  it('GET /orders: 503 when no worker answers the query in time', async () => {
    expect((await postWebhook(gw.url, 'orders/create', '{"id": 730001, "name": "#730001"}')).status).toBe(200);
    const res = await fetch(`${gw.url}/orders/730001`, read);
    expect(res.status).toBe(503);
    expect(((await res.json()) as any).error).toMatch(/did not answer in time/);
  });

  it('GET /orders: 401 without a token or with a wrong one, 403 when no token is configured, before Temporal is asked', async () => {
    const none = await fetch(`${gw.url}/orders/730001`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as any).error).toMatch(
      /^Missing Authorization: Bearer <ORDERS_READ_TOKEN or OPS_TOKEN>/,
    );
    const wrong = await fetch(`${gw.url}/orders/730001`, { headers: { authorization: `Bearer ${READ_TOKEN}x` } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as any).error).toBe('Bad token for order status');
    // The read-only token reads order status and nothing else.
    expect((await fetch(`${gw.url}/ops/orders`, read)).status).toBe(403);
    await withGateway({ ordersReadToken: undefined }, async (url) => {
      const off = await fetch(`${url}/orders/730001`, read);
      expect(off.status).toBe(403);
      expect(((await off.json()) as any).error).toMatch(/set ORDERS_READ_TOKEN/);
    });
  });

  it('GET /orders and POST /ops/orders: an id beyond 64 bits (Shopify ids are UnsignedInt64, at most 2^64-1) is a 400 naming orderId', async () => {
    for (const id of ['18446744073709551616', '123456789012345678901', '1'.repeat(30), '0123']) {
      const res = await fetch(`${gw.url}/orders/${id}`, read);
      expect(res.status, id).toBe(400);
      expect(((await res.json()) as any).error).toMatch(/^orderId must be the numeric Shopify order id/);
    }
    await withGateway({ opsToken: 'sesame' }, async (url) => {
      const res = await fetch(`${url}/ops/orders/18446744073709551616/hold`, {
        method: 'POST',
        headers: { authorization: 'Bearer sesame', 'content-type': 'application/json' },
        body: '{"reason":"x"}',
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).error).toMatch(/^orderId must be/);
    });
    // The largest Shopify id is an id: no workflow for it here, so 404.
    expect((await fetch(`${gw.url}/orders/18446744073709551615`, read)).status).toBe(404);
  });

  it('POST /ops/orders/{id}/cancel with no worker polling: 503 saying the cancel may still be applied, never 500', async () => {
    expect((await postWebhook(gw.url, 'orders/create', '{"id": 730003, "name": "#730003"}')).status).toBe(200);
    await withGateway({ opsToken: 'sesame', temporalTimeoutMs: 1500 }, async (url) => {
      const before = lines.length;
      const res = await fetch(`${url}/ops/orders/730003/cancel`, {
        method: 'POST',
        headers: { authorization: 'Bearer sesame', 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'customer asked', by: 'ann' }),
      });
      const body = (await res.json()) as any;
      expect(res.status, JSON.stringify(body)).toBe(503);
      expect(body.error).toMatch(/^order 730003: cancel not confirmed: .*may still be applied/);
      expect(lines.slice(before).find((l) => l.status === 503)?.reason).toBe(body.error);
    });
  });

  it("GET /orders: the workflow's status query as JSON", async () => {
    const connection = await NativeConnection.connect({ address: temporal.server.address });
    const worker = await Worker.create({
      connection,
      taskQueue: 'api-ops-status',
      workflowsPath: path.join(__dirname, 'fixtures', 'status-workflow.ts'),
    });
    try {
      await worker.runUntil(async () => {
        const statusGw = await listen({
          shopDomain: SHOP,
          webhookSecrets: SECRETS,
          temporal: temporal.client,
          taskQueue: 'api-ops-status',
          pool,
          logger,
          opsToken: 'ops-sesame',
        });
        try {
          expect(
            (await postWebhook(statusGw.url, 'orders/create', '{"id": 9007199254740997001, "name": "#730002"}')).status,
          ).toBe(200);
          // The ops token reads order status too.
          const res = await fetch(`${statusGw.url}/orders/9007199254740997001`, {
            headers: { authorization: 'Bearer ops-sesame' },
          });
          expect(res.status).toBe(200);
          expect(await res.json()).toMatchObject({
            workflowId: orderWorkflowId(SHOP, '9007199254740997001'),
            stage: 'received',
            orderId: '9007199254740997001',
            orderName: '#730002',
            allocations: [],
            attention: null,
          });
        } finally {
          await statusGw.close();
        }
      });
    } finally {
      await connection.close();
    }
  });

  it('/ops: off (403) without OPS_TOKEN; 401 without or with a wrong bearer token; 400 on a bad filter, before Temporal is asked', async () => {
    const off = await fetch(`${gw.url}/ops/orders/1/retry`, { method: 'POST' });
    expect(off.status).toBe(403);
    expect(((await off.json()) as any).error).toBe('Ops endpoints are off: set OPS_TOKEN to enable them');
    await withGateway({ opsToken: 'sesame' }, async (url) => {
      const none = await fetch(`${url}/ops/orders?attention=true`);
      expect(none.status).toBe(401);
      expect(((await none.json()) as any).error).toMatch(/Missing Authorization/);
      expect((await fetch(`${url}/ops/orders`, { headers: { authorization: 'Bearer sesam' } })).status).toBe(401);
      const bad = await fetch(`${url}/ops/orders?stage=lost`, { headers: { authorization: 'Bearer sesame' } });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as any).error).toMatch(/^Invalid query: stage/);
      const quote = await fetch(`${url}/ops/orders?name=${encodeURIComponent('#1" OR 1=1')}`, {
        headers: { authorization: 'Bearer sesame' },
      });
      expect(quote.status).toBe(400);
      const notJson = await fetch(`${url}/ops/orders/1/hold`, {
        method: 'POST',
        headers: { authorization: 'Bearer sesame', 'content-type': 'application/json' },
        body: '{',
      });
      expect(notJson.status).toBe(400);
    });
  });

  it('/healthz answers while the process is up; /readyz is 200 when PostgreSQL and Temporal answer', async () => {
    const health = await fetch(`${gw.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', postgres: 'ok', temporal: 'ok' });
  });

  it('/readyz is 503 naming PostgreSQL when the database is unreachable', async () => {
    const deadPool = createPool(`postgresql://postgres@127.0.0.1:${await findFreePort()}/none`, 1);
    try {
      await withGateway({ pool: deadPool }, async (url) => {
        const before = lines.length;
        const res = await fetch(`${url}/readyz`);
        expect(res.status).toBe(503);
        expect(await res.json()).toMatchObject({
          status: 'not ready',
          temporal: 'ok',
          postgres: expect.stringMatching(/^unavailable: /),
        });
        expect(lines.slice(before).find((l) => l.status === 503)).toMatchObject({
          requestId: res.headers.get('x-request-id'),
          reason: expect.stringMatching(/postgres unavailable/),
        });
        // Liveness does not depend on the database.
        expect((await fetch(`${url}/healthz`)).status).toBe(200);
      });
    } finally {
      await deadPool.end();
    }
  });

  it('/readyz is 503 naming Temporal when the cluster is unreachable, within ~2 s', async () => {
    await withGateway({ temporal: await unreachableTemporal() }, async (url) => {
      const started = Date.now();
      const res = await fetch(`${url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ postgres: 'ok', temporal: expect.stringMatching(/^unavailable: /) });
      expect(Date.now() - started).toBeLessThan(2600);
    });
  });

  it('answers unknown routes with a JSON 404, logged with the request id', async () => {
    const before = lines.length;
    const res = await fetch(`${gw.url}/no/such/route`, { headers: { 'x-request-id': 'req-abc-123' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.headers.get('x-request-id')).toBe('req-abc-123');
    expect(await res.json()).toEqual({ error: 'No route for GET /no/such/route' });
    expect(lines.slice(before).find((l) => l.status === 404)).toMatchObject({
      requestId: 'req-abc-123',
      reason: 'No route for GET /no/such/route',
    });
    // A request id unfit for logs is replaced.
    const odd = await fetch(`${gw.url}/no`, { headers: { 'x-request-id': 'a b\tc'.repeat(3) } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never leaks a stack trace: an unexpected error is a bare 500, the detail only in the log', async () => {
    const broken = new Client({
      connection: temporal.connection,
      interceptors: {
        workflow: [
          {
            async query() {
              throw new TypeError('boom in /srv/secret/path.ts');
            },
          },
        ],
      },
    });
    await withGateway({ temporal: broken }, async (url) => {
      const before = lines.length;
      const res = await fetch(`${url}/orders/5550001`, read);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: 'order 5550001: internal error' });
      expect(text).not.toMatch(/boom|secret|at /);
      const logged = lines.slice(before).find((l) => l.status === 500);
      expect(logged?.err?.message).toMatch(/boom/);
      expect(logged?.requestId).toBe(res.headers.get('x-request-id'));
    });
  });

  it('/metrics: Prometheus text with the gateway counters, the request histogram by route, and process metrics', async () => {
    await fetch(`${gw.url}/healthz`);
    const res = await fetch(`${gw.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/# TYPE oo_shopify_webhooks_total counter/);
    expect(text).toMatch(/# TYPE oo_partner_events_total counter/);
    expect(text).toMatch(/# TYPE oo_http_request_duration_seconds histogram/);
    expect(text).toMatch(/oo_http_request_duration_seconds_count\{route="\/healthz",method="GET",status="200"\} [1-9]/);
    expect(text).toMatch(
      /oo_http_request_duration_seconds_count\{route="\/orders\/:orderId",method="GET",status="404"\} [1-9]/,
    );
    expect(text).toMatch(/oo_http_request_duration_seconds_count\{route="unmatched",method="GET",status="404"\} [1-9]/);
    expect(text).not.toMatch(/route="\/orders\/123456789"/);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
  });
});
