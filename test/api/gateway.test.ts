import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inject } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../src/api/app';
import { createPool, type Pool } from '../../src/db/pool';
import { logger } from '../../src/logger';
import { signShopifyWebhook } from '../../src/shopify/webhook-hmac';
import { orderWorkflowId } from '../../src/order/types';
import { OrderName, OrderStage, ShopDomain } from '../../src/temporal/search-attributes';

/**
 * The gateway alone against a real Temporal server and PostgreSQL, with no
 * worker: a started workflow waits with its signals in its history.
 */
const SHOP = 'gateway-test.myshopify.com';
const SECRETS = ['old-secret', 'new-secret'];

describe('gateway', () => {
  let connection: Connection;
  let client: Client;
  let pool: Pool;
  let server: Server;
  let url: string;
  const taskQueue = `gateway-${Date.now()}`;

  beforeAll(async () => {
    connection = await Connection.connect({ address: inject('temporalAddress') });
    client = new Client({ connection });
    pool = createPool(inject('databaseUrl'), 2);
    const app = createApp({ shopDomain: SHOP, webhookSecrets: SECRETS, temporal: client, taskQueue, pool, logger });
    server = await new Promise((r) => {
      const s = app.listen(0, '127.0.0.1', () => r(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.close();
    await connection?.close();
    await pool?.end();
  });

  const post = (topic: string, body: string, opts: { secret?: string | null; shop?: string; eventId?: string } = {}) => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-shop-domain': opts.shop ?? SHOP,
      'x-shopify-event-id': opts.eventId ?? `evt-${Math.random()}`,
      'x-shopify-webhook-id': `wh-${Math.random()}`,
    };
    if (opts.secret !== null) headers['x-shopify-hmac-sha256'] = signShopifyWebhook(body, opts.secret ?? 'new-secret');
    return fetch(`${url}/webhooks/shopify`, { method: 'POST', headers, body });
  };
  const signals = async (workflowId: string) => {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes).map((e) => e.workflowExecutionSignaledEventAttributes!.signalName);
  };

  it('keeps a 19-digit order id exact from the raw body to the workflow id, with the old secret still accepted', async () => {
    const body = '{"id": 9007199254740993123, "name": "#5001", "email": "a@b.c"}';
    const res = await post('orders/create', body, { secret: 'old-secret' });
    expect(res.status).toBe(200);
    const id = orderWorkflowId(SHOP, '9007199254740993123');
    expect(await res.json()).toEqual({ status: 'accepted', workflowId: id });
    const d = await client.workflow.getHandle(id).describe();
    expect(d.typedSearchAttributes.get(OrderName)).toBe('#5001');
    expect(d.typedSearchAttributes.get(OrderStage)).toBe('received');
    expect(d.typedSearchAttributes.get(ShopDomain)).toBe(SHOP);
    expect(await signals(id)).toEqual(['shopifyEvent']);
  });

  it('refuses a wrong shop and a signature from an unknown secret with 401, starting nothing', async () => {
    const body = '{"id": 42001, "name": "#42001"}';
    expect((await post('orders/create', body, { shop: 'other.myshopify.com' })).status).toBe(401);
    expect((await post('orders/create', body, { secret: 'stolen' })).status).toBe(401);
    await expect(client.workflow.getHandle(orderWorkflowId(SHOP, '42001')).describe()).rejects.toThrow();
  });

  it('answers 400 naming what is missing, and 200 "ignored" for topics it does not handle', async () => {
    const missing = await post('refunds/create', '{"id": 1}');
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as any).error).toMatch(/order_id/);
    const ignored = await post('customers/create', '{"id": 1}');
    expect(await ignored.json()).toEqual({ status: 'ignored' });
  });

  it('never restarts a closed order: a late webhook gets 200 "order-closed"', async () => {
    const body = '{"id": 77001, "name": "#77001"}';
    expect((await post('orders/create', body)).status).toBe(200);
    const id = orderWorkflowId(SHOP, '77001');
    await client.workflow.getHandle(id).terminate('test');
    const late = await post('orders/updated', body);
    expect(late.status).toBe(200);
    expect(((await late.json()) as any).status).toBe('order-closed');
    const runs = [];
    for await (const w of client.workflow.list({ query: `WorkflowId = '${id}'` })) runs.push(w.runId);
    expect(runs).toHaveLength(1);
  });

  it('limits body size (413) and lists its counters on /metrics', async () => {
    const big = JSON.stringify({ id: 1, pad: 'x'.repeat(1_100_000) });
    expect((await post('orders/create', big)).status).toBe(413);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/oo_shopify_webhooks_total\{topic="orders\/create",outcome="accepted"\} \d+/);
    expect(metrics).toMatch(/oo_shopify_webhooks_total\{topic="orders\/create",outcome="unauthorized"\} \d+/);
  });

  it('GET /orders: 400 for a non-numeric id, 404 for an unknown order', async () => {
    expect((await fetch(`${url}/orders/abc`)).status).toBe(400);
    expect((await fetch(`${url}/orders/123456789`)).status).toBe(404);
  });

  it('is ready when Temporal and PostgreSQL answer, and says which one does not', async () => {
    const ok = await fetch(`${url}/readyz`);
    expect(ok.status).toBe(200);
    const deadPool = createPool('postgresql://postgres@127.0.0.1:1/none', 1);
    const app = createApp({ shopDomain: SHOP, webhookSecrets: SECRETS, temporal: client, taskQueue, pool: deadPool, logger });
    const s: Server = await new Promise((r) => {
      const x = app.listen(0, '127.0.0.1', () => r(x));
    });
    const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ temporal: 'ok', postgres: expect.stringMatching(/unavailable/) });
    s.close();
    await deadPool.end();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/nope`)).status).toBe(404);
  });
});
