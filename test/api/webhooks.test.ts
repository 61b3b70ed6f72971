import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/api/metrics';
import { ORDER_WORKFLOW_TYPE, orderWorkflowId, shopifyEventSignal } from '../../src/order/contract';
import { refundWorkflowId } from '../../src/refunds/contract';
import { signShopifyWebhook } from '../../src/shopify/webhook-hmac';
import { NeedsAttention, OrderName, OrderStage, ShopDomain } from '../../src/temporal/search-attributes';
import {
  capturingLogger,
  createPool,
  freshDatabase,
  listen,
  postWebhook,
  runsOf,
  SECRETS,
  SHOP,
  signalsOf,
  startInputOf,
  startTemporal,
  uniqueId,
  unreachableTemporal,
  workflowExists,
  type Pool,
  type RunningGateway,
} from './support';

/** POST /webhooks/shopify against a real Temporal dev server and PostgreSQL, no worker. */
describe('POST /webhooks/shopify', () => {
  let temporal: Awaited<ReturnType<typeof startTemporal>>;
  let pool: Pool;
  let gw: RunningGateway;
  const metrics = createMetrics();
  const { logger, lines } = capturingLogger();
  const taskQueue = 'api-webhooks';
  let nextOrder = 910_000;
  const orderNo = () => String(++nextOrder);

  beforeAll(async () => {
    const [t, databaseUrl] = await Promise.all([startTemporal(), freshDatabase('oo_api_test_webhooks')]);
    temporal = t;
    pool = createPool(databaseUrl, 2);
    gw = await listen({
      shopDomain: SHOP,
      webhookSecrets: SECRETS,
      temporal: temporal.client,
      taskQueue,
      pool,
      logger,
      metrics,
      orderSettings: { maxRouteAttempts: 2 },
    });
  });
  afterAll(async () => {
    await gw?.close();
    await pool?.end();
    await temporal?.connection.close();
    await temporal?.server.stop();
  });

  it('accepts a signed orders/create: 200 once the workflow exists with its input, search attributes and the signal', async () => {
    const id = orderNo();
    const body = JSON.stringify({
      id: Number(id),
      admin_graphql_api_id: `gid://shopify/Order/${id}`,
      name: `#${id}`,
      total_price: '10.00',
      currency: 'USD',
    });
    const eventId = uniqueId('evt');
    const res = await postWebhook(gw.url, 'orders/create', body, { eventId, webhookId: 'wh-1' });
    const workflowId = orderWorkflowId(SHOP, id);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'accepted', workflowId });

    const handle = temporal.client.workflow.getHandle(workflowId);
    const d = await handle.describe();
    expect(d.type).toBe(ORDER_WORKFLOW_TYPE);
    expect(d.taskQueue).toBe(taskQueue);
    expect(d.status.name).toBe('RUNNING');
    expect(d.typedSearchAttributes.get(ShopDomain)).toBe(SHOP);
    expect(d.typedSearchAttributes.get(OrderStage)).toBe('received');
    expect(d.typedSearchAttributes.get(NeedsAttention)).toBe(false);
    expect(d.typedSearchAttributes.get(OrderName)).toBe(`#${id}`);
    expect(await d.staticSummary()).toBe(`Order #${id} · ${SHOP} · 10.00 USD`);

    expect(await startInputOf(temporal.client, workflowId)).toEqual([
      {
        shopDomain: SHOP,
        orderId: id,
        orderGid: `gid://shopify/Order/${id}`,
        orderName: `#${id}`,
        settings: { maxRouteAttempts: 2 },
      },
    ]);
    const signals = await signalsOf(temporal.client, workflowId);
    expect(signals).toHaveLength(1);
    expect(signals[0]!.name).toBe(shopifyEventSignal.name);
    expect(signals[0]!.args[0]).toMatchObject({
      topic: 'orders/create',
      eventId,
      webhookId: 'wh-1',
      orderName: `#${id}`,
    });
    expect(signals[0]!.args[0].triggeredAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('keeps an order id above 2^53 exact, from a body whose id is a bare JSON number', async () => {
    // JSON.parse would read this as 9007199254740993000.
    const body = '{"id": 9007199254740993123, "name": "#5001", "email": "a@b.c"}';
    const res = await postWebhook(gw.url, 'orders/create', body);
    expect(res.status).toBe(200);
    const workflowId = 'order-api-test.myshopify.com-9007199254740993123';
    expect(((await res.json()) as any).workflowId).toBe(workflowId);
    expect(await workflowExists(temporal.client, workflowId)).toBe(true);
    expect((await startInputOf(temporal.client, workflowId))[0]).toMatchObject({
      orderId: '9007199254740993123',
      orderGid: 'gid://shopify/Order/9007199254740993123',
    });
  });

  it('takes the order from order_id for child topics (transactions, fulfillments), also above 2^53; a refund starts its own workflow', async () => {
    const body = '{"id": 1, "order_id": 9007199254740995555, "kind": "capture", "amount": "10.00"}';
    const res = await postWebhook(gw.url, 'order_transactions/create', body);
    expect(res.status).toBe(200);
    const workflowId = orderWorkflowId(SHOP, '9007199254740995555');
    expect(((await res.json()) as any).workflowId).toBe(workflowId);
    const d = await temporal.client.workflow.getHandle(workflowId).describe();
    // No name in a transaction body: no OrderName attribute, summary by id.
    expect(d.typedSearchAttributes.get(OrderName)).toBeUndefined();
    expect(await d.staticSummary()).toBe(`Order 9007199254740995555 · ${SHOP}`);
    expect((await postWebhook(gw.url, 'fulfillments/create', body)).status).toBe(200);
    // A refund is read from Shopify by its own workflow, which tells the order once it is confirmed.
    const refund = await postWebhook(gw.url, 'refunds/create', body);
    expect(refund.status).toBe(200);
    const refundWorkflow = refundWorkflowId(SHOP, '1');
    expect(((await refund.json()) as any).workflowId).toBe(refundWorkflow);
    expect((await startInputOf(temporal.client, refundWorkflow))[0]).toEqual({
      shopDomain: SHOP,
      refundId: '1',
      refundGid: 'gid://shopify/Refund/1',
      orderId: '9007199254740995555',
    });
    expect((await signalsOf(temporal.client, workflowId)).map((s) => s.args[0].topic)).toEqual([
      'order_transactions/create',
      'fulfillments/create',
    ]);
    // The same refund under another body (a redelivery with a new updated field): its workflow exists, nothing new.
    const again = await postWebhook(gw.url, 'refunds/create', body.replace('"10.00"', '"10.0"'));
    expect(await again.json()).toMatchObject({ status: 'duplicate', workflowId: refundWorkflow });
  });

  it('fulfillment_orders/* from a 3PL: 400 without a fulfillment order GID; 200 ignored for one we never asked about', async () => {
    const missing = await postWebhook(
      gw.url,
      'fulfillment_orders/fulfillment_request_accepted',
      JSON.stringify({ fulfillment_order: { status: 'in_progress' } }),
    );
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as any).error).toMatch(/fulfillment_order\.id is not a FulfillmentOrder GID/);
    const unknown = await postWebhook(
      gw.url,
      'fulfillment_orders/fulfillment_request_rejected',
      JSON.stringify({
        fulfillment_order: { id: 'gid://shopify/FulfillmentOrder/424242', status: 'open', request_status: 'rejected' },
        message: 'no',
      }),
    );
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual({ status: 'ignored' });
  });

  it('accepts a signature made with the older secret during rotation', async () => {
    const id = orderNo();
    const res = await postWebhook(gw.url, 'orders/paid', `{"id": ${id}, "name": "#${id}"}`, { secret: 'old-secret' });
    expect(res.status).toBe(200);
    expect(await workflowExists(temporal.client, orderWorkflowId(SHOP, id))).toBe(true);
  });

  it('refuses a bad signature, a missing signature and a wrong shop with 401, starting nothing; the log says why without the body', async () => {
    const id = orderNo();
    const body = `{"id": ${id}, "name": "#${id}", "email": "secret-customer@example.com"}`;
    const cases: [string, Parameters<typeof postWebhook>[3], RegExp][] = [
      ['unknown secret', { secret: 'stolen-secret' }, /does not match/],
      ['missing header', { secret: null }, /Missing X-Shopify-Hmac-Sha256/],
      ['garbage header', { signature: 'not-base64-%%' }, /does not match/],
      ['wrong shop', { shop: 'other-shop.myshopify.com' }, /Unknown shop other-shop/],
    ];
    for (const [what, opts, reason] of cases) {
      const before = lines.length;
      const res = await postWebhook(gw.url, 'orders/create', body, opts);
      expect(res.status, what).toBe(401);
      const answer = (await res.json()) as any;
      expect(answer.error, what).toMatch(reason);
      expect(JSON.stringify(answer)).not.toContain('secret-customer');
      const logged = lines.slice(before).find((l) => l.status === 401);
      expect(logged, what).toMatchObject({
        reason: expect.stringMatching(reason),
        requestId: res.headers.get('x-request-id'),
      });
      expect(JSON.stringify(lines.slice(before))).not.toContain('secret-customer');
    }
    // A body signed correctly but altered afterwards.
    const tampered = await postWebhook(gw.url, 'orders/create', body, {
      signature: signShopifyWebhook(body.replace('#', '!'), 'new-secret'),
    });
    expect(tampered.status).toBe(401);
    expect(await workflowExists(temporal.client, orderWorkflowId(SHOP, id))).toBe(false);
  });

  it('drops a duplicate delivery at the gateway: one workflow, one signal, the second answered 200 "duplicate"', async () => {
    const id = orderNo();
    const body = `{"id": ${id}, "name": "#${id}"}`;
    const eventId = uniqueId('evt');
    const first = await postWebhook(gw.url, 'orders/create', body, { eventId });
    const again = await postWebhook(gw.url, 'orders/create', body, { eventId });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: 'duplicate' });
    const workflowId = orderWorkflowId(SHOP, id);
    expect(await runsOf(temporal.client, workflowId)).toHaveLength(1);
    const signals = await signalsOf(temporal.client, workflowId);
    expect(signals.map((s) => s.args[0].eventId)).toEqual([eventId]);
  });

  it('falls back to X-Shopify-Webhook-Id when there is no event id', async () => {
    const id = orderNo();
    const body = `{"id": ${id}}`;
    const res = await fetch(`${gw.url}/webhooks/shopify`, {
      method: 'POST',
      headers: {
        'x-shopify-topic': 'orders/updated',
        'x-shopify-shop-domain': SHOP,
        'x-shopify-webhook-id': 'only-webhook-id',
        'x-shopify-hmac-sha256': signShopifyWebhook(body, 'new-secret'),
      },
      body,
    });
    expect(res.status).toBe(200);
    const [signal] = await signalsOf(temporal.client, orderWorkflowId(SHOP, id));
    expect(signal!.args[0]).toMatchObject({
      eventId: 'only-webhook-id',
      webhookId: 'only-webhook-id',
      triggeredAt: null,
      orderName: null,
    });
  });

  it('never starts a closed order again: a late webhook gets 200 "order-closed" and no new run', async () => {
    const id = orderNo();
    const body = `{"id": ${id}, "name": "#${id}"}`;
    expect((await postWebhook(gw.url, 'orders/create', body)).status).toBe(200);
    const workflowId = orderWorkflowId(SHOP, id);
    const handle = temporal.client.workflow.getHandle(workflowId);
    await handle.terminate('closed by the test');
    const before = lines.length;
    const late = await postWebhook(gw.url, 'orders/updated', body);
    expect(late.status).toBe(200);
    expect(await late.json()).toEqual({ status: 'order-closed', workflowId });
    expect(lines.slice(before).some((l) => l.workflowId === workflowId && /closed/.test(l.msg))).toBe(true);
    expect(await runsOf(temporal.client, workflowId)).toHaveLength(1);
    expect((await handle.describe()).status.name).toBe('TERMINATED');
  });

  it('sends orders/cancelled as one shopifyEvent signal (the workflow turns it into the cancel; no second action)', async () => {
    const id = orderNo();
    const res = await postWebhook(
      gw.url,
      'orders/cancelled',
      `{"id": ${id}, "name": "#${id}", "cancel_reason": "customer", "cancelled_at": "2026-11-23T10:00:00-05:00"}`,
    );
    expect(res.status).toBe(200);
    const signals = await signalsOf(temporal.client, orderWorkflowId(SHOP, id));
    expect(signals.map((s) => s.name)).toEqual([shopifyEventSignal.name]);
    expect(signals[0]!.args[0].topic).toBe('orders/cancelled');
  });

  it('acknowledges topics it does not handle with 200 "ignored", starting nothing', async () => {
    const before = lines.length;
    const res = await postWebhook(gw.url, 'customers/create', '{"id": 424242, "order_id": 424242}');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ignored' });
    expect(lines.slice(before).some((l) => l.topic === 'customers/create' && /not handled/.test(l.msg))).toBe(true);
    expect(await workflowExists(temporal.client, orderWorkflowId(SHOP, '424242'))).toBe(false);
  });

  it('answers 400 with the reason when a handled topic has no order id, or the body is not JSON', async () => {
    const noOrder = await postWebhook(gw.url, 'refunds/create', '{"id": 1, "note": "no order here"}');
    expect(noOrder.status).toBe(400);
    expect(((await noOrder.json()) as any).error).toMatch(/refunds\/create body has no numeric order_id/);
    const noId = await postWebhook(gw.url, 'orders/create', '{"name": "#1"}');
    expect(noId.status).toBe(400);
    expect(((await noId.json()) as any).error).toMatch(/no order id/);
    const notJson = await postWebhook(gw.url, 'orders/create', '{oops');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as any).error).toMatch(/not JSON/);
  });

  it('takes a body up to 1 MB and refuses one over it with 413, before anything else', async () => {
    const fine = orderNo();
    const large = await postWebhook(
      gw.url,
      'orders/updated',
      JSON.stringify({ id: Number(fine), note: 'y'.repeat(900_000) }),
    );
    expect(large.status).toBe(200);
    const id = orderNo();
    const big = JSON.stringify({ id: Number(id), pad: 'x'.repeat(1_100_000) });
    const res = await postWebhook(gw.url, 'orders/create', big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error).toMatch(/too large/);
    expect(await workflowExists(temporal.client, orderWorkflowId(SHOP, id))).toBe(false);
  });

  it('counts webhooks by topic and outcome on /metrics', async () => {
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    const value = (labels: string) =>
      Number(new RegExp(`oo_shopify_webhooks_total\\{${labels}\\} (\\d+)`).exec(text)?.[1] ?? NaN);
    expect(value('topic="orders/create",outcome="accepted"')).toBeGreaterThanOrEqual(4);
    expect(value('topic="orders/create",outcome="unauthorized"')).toBeGreaterThanOrEqual(4);
    expect(value('topic="orders/create",outcome="unknown_shop"')).toBeGreaterThanOrEqual(1);
    expect(value('topic="orders/updated",outcome="order_closed"')).toBeGreaterThanOrEqual(1);
    expect(value('topic="other",outcome="ignored"')).toBeGreaterThanOrEqual(1);
    expect(value('topic="orders/create",outcome="too_large"')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(
      /oo_http_request_duration_seconds_count\{route="\/webhooks\/shopify",method="POST",status="200"\} \d+/,
    );
  });

  it('answers 503 (so Shopify retries) when Temporal cannot be reached, within the deadline', async () => {
    const down = await listen({
      shopDomain: SHOP,
      webhookSecrets: SECRETS,
      temporal: await unreachableTemporal(),
      taskQueue,
      pool,
      logger,
      temporalTimeoutMs: 1000,
    });
    try {
      const started = Date.now();
      const res = await postWebhook(down.url, 'orders/create', `{"id": ${orderNo()}}`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as any).error).toMatch(/Temporal/);
      // Deadline 1 s (+0.1 s): well inside Shopify's 5 s, even mid-backoff.
      expect(Date.now() - started).toBeLessThan(1800);
    } finally {
      await down.close();
    }
  });
});
