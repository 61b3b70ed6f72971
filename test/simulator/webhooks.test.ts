import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/shopify/documents';
import { control, gql, startSimulator, testShop, webhookReceiver, type Simulator } from './support';

/** Webhooks as Shopify sends them, and the delivery misbehaviours tests ask for. */
describe('simulator webhooks', () => {
  let sim: Simulator;
  let shop: Awaited<ReturnType<typeof testShop>>;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    hooks = await webhookReceiver();
    shop = await testShop(sim, 'hook-test.myshopify.com', { webhookUrl: `${hooks.url}/configured` });
  });
  afterAll(async () => {
    await sim?.close();
    await hooks?.close();
  });
  const behave = (b: Record<string, unknown>) =>
    control(sim, 'PUT', shop.path('/webhook-behavior'), {
      duplicate: 0,
      delayMs: 0,
      reorderWindow: 0,
      dropTopics: [],
      dropRate: 0,
      ...b,
    });
  const forOrder = (topic: string, legacyId: string) =>
    hooks.byTopic(topic).filter((h) => h.body.includes(`"id":${legacyId},`));

  it('signs the raw body with the shop secret and sends Shopify’s headers; ids beyond 2^53 verbatim', async () => {
    const o = await shop.order();
    await expect.poll(() => forOrder('orders/create', o.legacyResourceId).length).toBe(1);
    const [hit] = forOrder('orders/create', o.legacyResourceId);
    const h = hit!.headers;
    expect(h['x-shopify-hmac-sha256']).toBe(
      createHmac('sha256', shop.secret).update(hit!.body, 'utf8').digest('base64'),
    );
    expect(h['x-shopify-hmac-sha256']).not.toBe(
      createHmac('sha256', 'wrong').update(hit!.body, 'utf8').digest('base64'),
    );
    expect(h).toMatchObject({
      'content-type': 'application/json',
      'x-shopify-topic': 'orders/create',
      'x-shopify-shop-domain': shop.domain,
      'x-shopify-api-version': '2026-10',
    });
    for (const k of ['x-shopify-webhook-id', 'x-shopify-event-id']) expect(h[k]).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(String(h['x-shopify-triggered-at']))).not.toBeNaN();
    expect(BigInt(o.legacyResourceId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(hit!.body).toContain(`"id":${o.legacyResourceId},`);
    expect(hit!.body).toContain(`"admin_graphql_api_id":"${o.id}"`);
    const lineId = o.lineItems[0].legacyResourceId;
    expect(hit!.body).toContain(`"id":${lineId},`);
    const body = JSON.parse(hit!.body);
    expect(body).toMatchObject({
      name: o.name,
      financial_status: 'authorized',
      fulfillment_status: null,
      currency: 'USD',
      total_price: '50.00',
      email: 'a@example.com',
    });
    expect(body.line_items[0]).toMatchObject({ sku: 'TEE', quantity: 2, price: '20.00', requires_shipping: true });
    expect(body.shipping_address).toMatchObject({
      city: 'Newark',
      province_code: 'NJ',
      country_code: 'US',
      latitude: 40.7,
    });
    await expect
      .poll(() =>
        hooks.byTopic('order_transactions/create').some((x) => x.body.includes(`"order_id":${o.legacyResourceId},`)),
      )
      .toBe(true);
  });

  it('delivers to subscriptions made with webhookSubscriptionCreate too', async () => {
    await gql(shop.client, D.WEBHOOK_SUBSCRIPTION_CREATE, {
      topic: 'ORDERS_UPDATED',
      webhookSubscription: { uri: `${hooks.url}/subscribed` },
    });
    const o = await shop.order();
    await gql(shop.client, D.TAGS_ADD, { id: o.id, tags: ['x'] });
    await expect
      .poll(() =>
        forOrder('orders/updated', o.legacyResourceId)
          .map((h) => h.path)
          .sort(),
      )
      .toEqual(['/configured', '/subscribed']);
    const [a, b] = forOrder('orders/updated', o.legacyResourceId);
    expect(a!.headers['x-shopify-event-id']).toBe(b!.headers['x-shopify-event-id']);
  });

  it('duplicates a delivery N times under one event id', async () => {
    await behave({ duplicate: 2 });
    const o = await shop.order();
    await expect.poll(() => forOrder('orders/create', o.legacyResourceId).length).toBe(3);
    const copies = forOrder('orders/create', o.legacyResourceId);
    expect(new Set(copies.map((c) => c.headers['x-shopify-event-id'])).size).toBe(1);
    expect(new Set(copies.map((c) => c.body)).size).toBe(1);
    await behave({});
  });

  it('drops by topic and by probability', async () => {
    await behave({ dropTopics: ['orders/create'] });
    const o = await shop.order();
    await expect
      .poll(() =>
        hooks.byTopic('order_transactions/create').some((x) => x.body.includes(`"order_id":${o.legacyResourceId},`)),
      )
      .toBe(true);
    expect(forOrder('orders/create', o.legacyResourceId)).toHaveLength(0);
    const log: any[] = await control(sim, 'GET', shop.path('/webhooks'));
    expect(log.filter((d) => d.status === 'dropped' && d.topic === 'orders/create').length).toBeGreaterThan(0);
    await behave({ dropRate: 1 });
    const p = await shop.order();
    await new Promise((r) => setTimeout(r, 100));
    expect(hooks.received.filter((h) => h.body.includes(p.legacyResourceId))).toHaveLength(0);
    await behave({});
  });

  it('holds a batch and delivers it reversed, or on flush', async () => {
    // inventory_levels/update (the order commits stock) would count in the window: left out here.
    await behave({ reorderWindow: 3, dropTopics: ['inventory_levels/update'] });
    const o = await shop.order(); // orders/create, order_transactions/create: held
    await new Promise((r) => setTimeout(r, 50));
    expect(forOrder('orders/create', o.legacyResourceId)).toHaveLength(0);
    await gql(shop.client, D.TAGS_ADD, { id: o.id, tags: ['late'] }); // third event: the batch goes, newest first
    await expect.poll(() => hooks.received.filter((h) => h.body.includes(o.legacyResourceId)).length).toBe(4); // + the subscription copy of orders/updated
    const topics = hooks.received
      .filter((h) => h.body.includes(o.legacyResourceId) && h.path === '/configured')
      .map((h) => h.headers['x-shopify-topic']);
    expect(topics).toEqual(['orders/updated', 'order_transactions/create', 'orders/create']);
    const p = await shop.order();
    await control(sim, 'POST', shop.path('/webhooks/flush'));
    await expect.poll(() => forOrder('orders/create', p.legacyResourceId).length).toBe(1);
    await behave({});
  });

  it('retries a failed delivery with the same webhook id; delays on request', async () => {
    hooks.fail(2);
    const o = await shop.order({ lineItems: [{ sku: 'MUG', quantity: 1 }] });
    await expect.poll(() => forOrder('orders/create', o.legacyResourceId).length, { timeout: 5000 }).toBe(1);
    const log: any[] = await control(sim, 'GET', shop.path('/webhooks'));
    const create = log.filter((d) => d.topic === 'orders/create' && d.attempts > 1);
    expect(create.length).toBeGreaterThan(0);
    expect(forOrder('orders/create', o.legacyResourceId)[0]!.headers['x-shopify-webhook-id']).toBe(
      create.at(-1)!.webhookId,
    );
    await behave({ delayMs: 300 });
    const started = Date.now();
    const p = await shop.order();
    await expect.poll(() => forOrder('orders/create', p.legacyResourceId).length).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await behave({});
  });
});
