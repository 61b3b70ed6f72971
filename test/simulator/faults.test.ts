import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/shopify/documents';
import { control, rawGraphql, startSimulator, testShop, type Simulator } from './support';

/** Injected faults: the mutation that commits but whose answer is lost, 5xx, latency, throttling. */
describe('simulator faults', () => {
  let sim: Simulator;
  let shop: Awaited<ReturnType<typeof testShop>>;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    shop = await testShop(sim, 'fault-test.myshopify.com');
  });
  afterAll(() => sim?.close());
  const fault = (b: Record<string, unknown>) => control(sim, 'POST', shop.path('/faults'), b);

  it('loseResponse commits the mutation while the client sees a network error', async () => {
    const o = await shop.order();
    await fault({ kind: 'loseResponse', field: 'tagsAdd' });
    const outcome = await shop.client.request(D.TAGS_ADD, { variables: { id: o.id, tags: ['committed'] } }).then(
      (r) => ({ ok: !r.errors, errors: r.errors }),
      (e) => ({ ok: false, errors: e }),
    );
    expect(outcome.ok).toBe(false);
    expect((await shop.state(o.legacyResourceId)).tags).toEqual(['committed']);
    // used up: the retry goes through
    const retry = await rawGraphql(sim, shop.token, D.TAGS_ADD, { id: o.id, tags: ['committed'] });
    expect(retry.body.data.tagsAdd.userErrors).toEqual([]);
  });

  it('a retried idempotent mutation after a lost response replays instead of acting twice', async () => {
    const o = await shop.order();
    const auth = (await rawGraphql(sim, shop.token, D.ORDER_TRANSACTIONS, { id: o.id })).body.data.order
      .transactions[0];
    const cap = (
      await rawGraphql(sim, shop.token, D.ORDER_CAPTURE, {
        input: { id: o.id, parentTransactionId: auth.id, amount: '50.00' },
      })
    ).body.data.orderCapture.transaction;
    const vars = {
      input: {
        orderId: o.id,
        transactions: [{ orderId: o.id, parentId: cap.id, amount: '7.00', kind: 'REFUND', gateway: 'bogus' }],
      },
      idempotencyKey: 'lost-1',
    };
    await fault({ kind: 'loseResponse', operationName: 'RefundCreate' });
    await expect(
      fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': shop.token },
        body: JSON.stringify({ query: D.REFUND_CREATE, variables: vars }),
      }),
    ).rejects.toThrow();
    const retry = await rawGraphql(sim, shop.token, D.REFUND_CREATE, vars);
    expect(retry.body.data.refundCreate.userErrors).toEqual([]);
    expect((await shop.state(o.legacyResourceId)).refunds.map((r: any) => r.amount)).toEqual(['7.00']);
  });

  it('error5xx answers 503 without executing, count times', async () => {
    const o = await shop.order();
    await fault({ kind: 'error5xx', operationName: 'TagsAdd', count: 2 });
    expect((await rawGraphql(sim, shop.token, D.TAGS_ADD, { id: o.id, tags: ['a'] })).status).toBe(503);
    expect((await rawGraphql(sim, shop.token, D.TAGS_ADD, { id: o.id, tags: ['b'] })).status).toBe(503);
    expect((await rawGraphql(sim, shop.token, D.TAGS_ADD, { id: o.id, tags: ['c'] })).status).toBe(200);
    expect((await shop.state(o.legacyResourceId)).tags).toEqual(['c']);
  });

  it('latency delays only the matching operation; throttle answers THROTTLED', async () => {
    await fault({ kind: 'latency', operationName: 'ShopIdentity', ms: 250 });
    let t = Date.now();
    await rawGraphql(sim, shop.token, D.LOCATIONS);
    expect(Date.now() - t).toBeLessThan(200);
    t = Date.now();
    expect((await rawGraphql(sim, shop.token, D.SHOP_IDENTITY)).body.data.shop.myshopifyDomain).toBe(shop.domain);
    expect(Date.now() - t).toBeGreaterThanOrEqual(240);
    await fault({ kind: 'throttle' });
    const r = await rawGraphql(sim, shop.token, D.SHOP_IDENTITY);
    expect(r.body.errors[0].extensions.code).toBe('THROTTLED');
    expect(r.body.extensions.cost.requestedQueryCost).toBe(1);
    await control(sim, 'DELETE', shop.path('/faults'));
  });
});
