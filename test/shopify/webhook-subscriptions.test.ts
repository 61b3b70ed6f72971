import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator';
import { createShopifyAdmin } from '../../src/shopify/client';
import { CONSUMED_TOPICS, ensureWebhookSubscriptions } from '../../src/shopify/webhook-subscriptions';
import { SimulatorControl } from '../support/sim';
import { shopifyTopics } from '../../src/api/webhooks';

/** `npm run shopify:webhooks` and `npm start` create the subscriptions once, however often they run. */
describe('webhook subscriptions', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    await new SimulatorControl(sim.url, 'subs.myshopify.com').createShop({
      accessToken: 'shpat_subs',
      webhookSecret: 's',
    });
  });
  afterAll(async () => sim?.close());

  it('creates one subscription per consumed topic, and nothing on the second run', async () => {
    const shopify = createShopifyAdmin({ shop: sim.url, accessToken: 'shpat_subs', apiVersion: '2026-10' });
    const first = await ensureWebhookSubscriptions(shopify, 'https://oms.example.com/webhooks/shopify');
    expect(first.created).toEqual([...CONSUMED_TOPICS]);
    const second = await ensureWebhookSubscriptions(shopify, 'https://oms.example.com/webhooks/shopify');
    expect(second).toEqual({ created: [], existing: CONSUMED_TOPICS.length });
    const moved = await ensureWebhookSubscriptions(shopify, 'https://new-host.example.com/webhooks/shopify');
    expect(moved.created).toHaveLength(CONSUMED_TOPICS.length); // a new gateway URL gets its own subscriptions
    const state = await new SimulatorControl(sim.url, 'subs.myshopify.com').call('GET', '/shops/subs.myshopify.com');
    expect(state.subscriptions).toHaveLength(CONSUMED_TOPICS.length * 2);
  });
});

/** What the engine subscribes to and what its gateway dispatches are the same topics. */
describe('the topic table', () => {
  it('handles exactly the consumed topics, each in one domain', () => {
    const unused = undefined as never;
    const table = shopifyTopics({
      shopDomain: 's.myshopify.com',
      temporal: unused,
      pool: unused,
      orders: unused,
      returns: unused,
      taskQueue: 'q',
      inventory: unused,
    });
    const asEnum = (t: string) => t.toUpperCase().replace('/', '_');
    expect(table.topics.map(asEnum).sort()).toEqual([...CONSUMED_TOPICS].sort());
  });
});
