import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator';
import { createShopifyAdmin, type ShopifyAdmin } from '../../src/shopify/client';
import * as D from '../../src/shopify/documents';
import {
  ShopifyGraphQLError,
  ShopifyRetriableError,
  ShopifyThrottledError,
  ShopifyUserError,
} from '../../src/shopify/errors';
import { SimulatorControl } from '../support/sim';

/** The error a call must fail with (a call that succeeds fails the test). */
const fails = (p: Promise<unknown>): Promise<any> =>
  p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e) => e,
  );

/** The simulator over real HTTP, through the same client the engine uses. */
describe('Shopify simulator', () => {
  let sim: Simulator;
  let ctl: SimulatorControl;
  let shopify: ShopifyAdmin;
  let hook: Server;
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const secret = 'sim-test-secret';
  const loc: Record<string, string> = {};

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    ctl = new SimulatorControl(sim.url, 'sim-test.myshopify.com');
    await ctl.createShop({
      accessToken: 'shpat_sim_test',
      webhookSecret: secret,
      webhookUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks`,
    });
    loc.a = (await ctl.addLocation({ name: 'A', address: { latitude: 40, longitude: -74 } })).id;
    loc.b = (await ctl.addLocation({ name: 'B', address: { latitude: 34, longitude: -118 } })).id;
    await ctl.addProduct({
      title: 'Tee',
      variants: [{ sku: 'TEE', price: '20.00', inventory: { [loc.a]: 5, [loc.b]: 5 } }],
    });
    await ctl.addProduct({ title: 'Mug', variants: [{ sku: 'MUG', price: '10.00', inventory: { [loc.a]: 5 } }] });
    shopify = createShopifyAdmin({ shop: sim.url, accessToken: 'shpat_sim_test', apiVersion: '2026-10' });
  });
  afterAll(async () => {
    await sim?.close();
    hook?.close();
  });

  const order = (extra: Record<string, unknown> = {}) =>
    ctl.createOrder({
      lineItems: [
        { sku: 'TEE', quantity: 2 },
        { sku: 'MUG', quantity: 1 },
      ],
      shippingAddress: { city: 'X', latitude: 40, longitude: -74 },
      ...extra,
    });
  const fos = async (gid: string) =>
    (await shopify.request<any>('OrderFulfillmentOrders', D.ORDER_FULFILLMENT_ORDERS, { id: gid })).order
      .fulfillmentOrders.nodes;
  const auth = async (gid: string) =>
    (await shopify.request<any>('OrderTransactions', D.ORDER_TRANSACTIONS, { id: gid })).order.transactions.find(
      (t: any) => t.kind === 'AUTHORIZATION',
    ).id;

  it('refuses an unknown access token with Shopify\u2019s 401', async () => {
    const res = await fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': 'nope' },
      body: '{"query":"{ shop { name } }"}',
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
    });
  });

  it('validates documents against the real schema, in Shopify\u2019s words', async () => {
    const err = await fails(shopify.request('Bad', 'query Bad { shop { nope } }'));
    expect(err).toBeInstanceOf(ShopifyGraphQLError);
    expect(err.errors[0]).toMatchObject({
      message: "Field 'nope' doesn't exist on type 'Shop'",
      extensions: { code: 'undefinedField' },
    });
    const wrongArg = await fails(shopify.request('Bad', 'query Bad { order(id: true) { id } }'));
    expect(wrongArg).toBeInstanceOf(ShopifyGraphQLError);
  });

  it('enforces capture rules: over-capture, partial with finalCapture, expiry, decline', async () => {
    const o = await order(); // 50.00 authorized
    const parent = await auth(o.id);
    const over = await fails(
      shopify.mutate('OrderCapture', 'orderCapture', D.ORDER_CAPTURE, {
        input: { id: o.id, parentTransactionId: parent, amount: '50.01', currency: 'USD' },
      }),
    );
    expect(over).toBeInstanceOf(ShopifyUserError);
    expect(over.message).toMatch(/exceeds the capturable amount/);
    await shopify.mutate('OrderCapture', 'orderCapture', D.ORDER_CAPTURE, {
      input: { id: o.id, parentTransactionId: parent, amount: '20.00', currency: 'USD', finalCapture: true },
    });
    const after = await shopify.request<any>('OrderTransactions', D.ORDER_TRANSACTIONS, { id: o.id });
    expect(after.order.totalCapturableSet.shopMoney.amount).toBe('0.00'); // finalCapture released the rest

    const expired = await order({ authorizationExpiresInSeconds: 1 });
    await new Promise((r) => setTimeout(r, 1100));
    const late = await fails(
      shopify.mutate('OrderCapture', 'orderCapture', D.ORDER_CAPTURE, {
        input: { id: expired.id, parentTransactionId: await auth(expired.id), amount: '1.00' },
      }),
    );
    expect(late.message).toMatch(/expired/);

    const declined = await order({ declineCaptures: true });
    const r = await shopify.mutate<any>('OrderCapture', 'orderCapture', D.ORDER_CAPTURE, {
      input: { id: declined.id, parentTransactionId: await auth(declined.id), amount: '5.00' },
    });
    expect(r.orderCapture.transaction.status).toBe('FAILURE');
  });

  it('requires @idempotent on refundCreate and replays a repeated key without refunding twice', async () => {
    const o = await order();
    const cap = await shopify.mutate<any>('OrderCapture', 'orderCapture', D.ORDER_CAPTURE, {
      input: { id: o.id, parentTransactionId: await auth(o.id), amount: '50.00' },
    });
    const input = {
      orderId: o.id,
      transactions: [
        { orderId: o.id, parentId: cap.orderCapture.transaction.id, amount: '10.00', kind: 'REFUND', gateway: 'bogus' },
      ],
    };
    const missing = await fails(
      shopify.request(
        'RefundCreate',
        'mutation RefundCreate($input: RefundInput!) { refundCreate(input: $input) { refund { id } } }',
        { input },
      ),
    );
    expect(missing.message).toMatch(/@idempotent directive is required/);
    const first = await shopify.mutate<any>('RefundCreate', 'refundCreate', D.REFUND_CREATE, {
      input,
      idempotencyKey: 'k-1',
    });
    const again = await shopify.mutate<any>('RefundCreate', 'refundCreate', D.REFUND_CREATE, {
      input,
      idempotencyKey: 'k-1',
    });
    expect(again.refundCreate.refund.id).toBe(first.refundCreate.refund.id);
    const state = await ctl.order(o.legacyResourceId);
    expect(state.transactions.filter((t: any) => t.kind === 'REFUND').map((t: any) => t.amount)).toEqual(['10.00']);
  });

  it('runs the fulfillment-order lifecycle: hold, fulfilling a held order refused, split move, release, fulfill', async () => {
    const o = await order();
    const [fo] = await fos(o.id);
    await shopify.mutate('FulfillmentOrderHold', 'fulfillmentOrderHold', D.FULFILLMENT_ORDER_HOLD, {
      id: fo.id,
      fulfillmentHold: { reason: 'OTHER', handle: 'h1' },
    });
    const dup = await fails(
      shopify.mutate('FulfillmentOrderHold', 'fulfillmentOrderHold', D.FULFILLMENT_ORDER_HOLD, {
        id: fo.id,
        fulfillmentHold: { reason: 'OTHER', handle: 'h1' },
      }),
    );
    expect(dup).toBeInstanceOf(ShopifyUserError);
    const held = await fails(
      shopify.mutate('FulfillmentCreate', 'fulfillmentCreate', D.FULFILLMENT_CREATE, {
        fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }] },
      }),
    );
    expect(held.message).toMatch(/on hold/);

    const teeLine = fo.lineItems.nodes.find((l: any) => l.lineItem.sku === 'TEE');
    const mugLine = fo.lineItems.nodes.find((l: any) => l.lineItem.sku === 'MUG');
    const noStock = await fails(
      shopify.mutate('FulfillmentOrderMove', 'fulfillmentOrderMove', D.FULFILLMENT_ORDER_MOVE, {
        id: fo.id,
        newLocationId: loc.b,
        fulfillmentOrderLineItems: [{ id: mugLine.id, quantity: 1 }],
      }),
    );
    expect(noStock.message).toMatch(/doesn't stock the requested inventory item MUG/);
    const moved = await shopify.mutate<any>('FulfillmentOrderMove', 'fulfillmentOrderMove', D.FULFILLMENT_ORDER_MOVE, {
      id: fo.id,
      newLocationId: loc.b,
      fulfillmentOrderLineItems: [{ id: teeLine.id, quantity: 2 }],
    });
    expect(moved.fulfillmentOrderMove.movedFulfillmentOrder.id).not.toBe(fo.id);
    expect(moved.fulfillmentOrderMove.movedFulfillmentOrder.assignedLocation.location.id).toBe(loc.b);
    const after = await fos(o.id);
    expect(after.map((f: any) => [f.status, f.lineItems.nodes.length])).toEqual([
      ['ON_HOLD', 1],
      ['OPEN', 1],
    ]);
    await shopify.mutate(
      'FulfillmentOrderReleaseHold',
      'fulfillmentOrderReleaseHold',
      D.FULFILLMENT_ORDER_RELEASE_HOLD,
      { id: fo.id, holdIds: after[0].fulfillmentHolds.map((h: any) => h.id) },
    );
    // One fulfillment per location: Shopify refuses fulfillment orders assigned to different locations in one call.
    for (const f of after) {
      await shopify.mutate('FulfillmentCreate', 'fulfillmentCreate', D.FULFILLMENT_CREATE, {
        fulfillment: {
          lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: f.id }],
          trackingInfo: { number: '1Z1', company: 'UPS' },
          notifyCustomer: true,
        },
      });
    }
    const state = await ctl.order(o.legacyResourceId);
    expect(state.fulfillmentOrders.map((f: any) => f.status)).toEqual(['CLOSED', 'CLOSED']);
    expect(state.fulfillments[0]).toMatchObject({
      notifyCustomer: true,
      trackingInfo: [{ number: '1Z1', company: 'UPS' }],
    });
  });

  it('throttles by query cost, with extensions.cost, and recovers as the bucket restores', async () => {
    const small = new SimulatorControl(sim.url, 'sim-throttle.myshopify.com');
    await small.createShop({
      accessToken: 'shpat_small',
      webhookSecret: 'x',
      throttle: { maximumAvailable: 50, restoreRate: 20 },
    });
    // A mutation costs 10 points and refunds nothing, so a burst of them empties a 50-point bucket.
    const mutation = JSON.stringify({ query: D.TAGS_ADD, variables: { id: 'gid://shopify/Order/1', tags: ['x'] } });
    const raw = async () => {
      const res = await fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': 'shpat_small' },
        body: mutation,
      });
      return res.json() as Promise<any>;
    };
    const first = await raw();
    expect(first.extensions.cost).toMatchObject({
      requestedQueryCost: 10,
      actualQueryCost: 10,
      throttleStatus: { maximumAvailable: 50, restoreRate: 20 },
    });
    let throttled: any = null;
    for (let i = 0; i < 10 && !throttled; i++) {
      const r = await raw();
      if (r.errors) throttled = r;
    }
    expect(throttled.errors[0].extensions.code).toBe('THROTTLED');
    expect(throttled.extensions.cost.throttleStatus.currentlyAvailable).toBeLessThan(10);
    // The engine's client reads the bucket and refuses to send what would be throttled.
    const client = createShopifyAdmin({
      shop: sim.url,
      accessToken: 'shpat_small',
      apiVersion: '2026-10',
      maxThrottleWaitMs: 0,
    });
    const typed = await fails(client.request('TagsAdd', D.TAGS_ADD, { id: 'gid://shopify/Order/1', tags: ['x'] }));
    expect(typed).toBeInstanceOf(ShopifyThrottledError);
    expect(typed.retryAfterMs).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 700));
    expect((await raw()).errors).toBeUndefined();
  });

  it('waits out throttling inside the client, so a burst against a small bucket all succeeds', async () => {
    const tiny = new SimulatorControl(sim.url, 'sim-burst.myshopify.com');
    await tiny.createShop({
      accessToken: 'shpat_burst',
      webhookSecret: 'x',
      throttle: { maximumAvailable: 40, restoreRate: 50 },
    });
    const client = createShopifyAdmin({ shop: sim.url, accessToken: 'shpat_burst', apiVersion: '2026-10' });
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () =>
        client.request('TagsAdd', D.TAGS_ADD, { id: 'gid://shopify/Order/1', tags: ['x'] }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const log: any[] = await tiny.requests();
    expect(log.filter((r) => !r.throttled)).toHaveLength(12); // every call got through once
    expect(log.some((r) => r.throttled)).toBe(true); // and the bucket really was exhausted on the way
  });

  it('signs webhooks like Shopify and writes ids beyond 2^53 exactly', async () => {
    received.length = 0;
    const o = await order();
    await expect
      .poll(() => received.find((r) => r.headers['x-shopify-topic'] === 'orders/create'), { timeout: 5000 })
      .toBeTruthy();
    const hit = received.find((r) => r.headers['x-shopify-topic'] === 'orders/create')!;
    expect(hit.headers['x-shopify-hmac-sha256']).toBe(createHmac('sha256', secret).update(hit.body).digest('base64'));
    for (const h of [
      'x-shopify-shop-domain',
      'x-shopify-api-version',
      'x-shopify-webhook-id',
      'x-shopify-event-id',
      'x-shopify-triggered-at',
    ])
      expect(hit.headers[h]).toBeTruthy();
    expect(hit.body).toContain(`"id":${o.legacyResourceId}`);
    expect(BigInt(o.legacyResourceId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('duplicates and drops webhooks on request', async () => {
    received.length = 0;
    await ctl.webhookBehavior({ duplicate: 2 });
    await order();
    await expect
      .poll(() => received.filter((r) => r.headers['x-shopify-topic'] === 'orders/create').length, { timeout: 5000 })
      .toBe(3);
    const ids = new Set(
      received
        .filter((r) => r.headers['x-shopify-topic'] === 'orders/create')
        .map((r) => r.headers['x-shopify-event-id']),
    );
    expect(ids.size).toBe(1);
    received.length = 0;
    await ctl.webhookBehavior({ duplicate: 0, dropTopics: ['orders/create'] });
    await order();
    await expect
      .poll(() => received.some((r) => r.headers['x-shopify-topic'] === 'order_transactions/create'), { timeout: 5000 })
      .toBe(true);
    expect(received.some((r) => r.headers['x-shopify-topic'] === 'orders/create')).toBe(false);
    await ctl.webhookBehavior({ dropTopics: [] });
  });

  it('commits a mutation whose response it loses, and the client sees a retriable network error', async () => {
    const o = await order();
    await ctl.fault({ kind: 'loseResponse', operationName: 'TagsAdd' });
    const err = await fails(shopify.mutate('TagsAdd', 'tagsAdd', D.TAGS_ADD, { id: o.id, tags: ['lost'] }));
    expect(err).toBeInstanceOf(ShopifyRetriableError);
    expect((await ctl.order(o.legacyResourceId)).tags).toEqual(['lost']);
    await ctl.fault({ kind: 'error5xx', operationName: 'ShopIdentity' });
    expect(await fails(shopify.request('ShopIdentity', D.SHOP_IDENTITY))).toBeInstanceOf(ShopifyRetriableError);
    expect(((await shopify.request<any>('ShopIdentity', D.SHOP_IDENTITY)) as any).shop.myshopifyDomain).toBe(
      'sim-test.myshopify.com',
    );
  });
});
