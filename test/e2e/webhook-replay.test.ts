import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncCatalog } from '../../src/catalog/catalog-sync';
import * as D from '../../src/shopify/documents';
import { signShopifyWebhook } from '../../src/shopify/webhook-hmac';
import { Harness } from '../support/harness';

/**
 * Shopify's HMAC covers the body only: genuine signed
 * bodies, captured as the simulator sends them, replayed under another topic
 * with a fresh event id. With a worker, the simulator and PostgreSQL: the
 * replay must change nothing (order not cancelled in the engine, stock and
 * captured money untouched; the product not retired).
 */
let h: Harness;
let hooks: Server;
const captured: { topic: string; body: string }[] = [];

async function replay(topic: string, body: string, eventId: string) {
  const res = await fetch(`${h.gatewayUrl}/webhooks/shopify`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-shop-domain': h.shopDomain,
      'x-shopify-event-id': eventId,
      'x-shopify-webhook-id': `${eventId}-wh`,
      'x-shopify-triggered-at': new Date().toISOString(),
      'x-shopify-hmac-sha256': signShopifyWebhook(body, h.secret),
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function capturedBody(topic: string, contains: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const hit = captured.find((c) => c.topic === topic && c.body.includes(contains));
    if (hit) return hit.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${topic} body containing ${contains} was delivered`);
}

beforeAll(async () => {
  h = await Harness.start('replay');
  await h.startWorker();
  // A second subscriber beside the gateway keeps the exact bytes Shopify (the simulator) signed.
  hooks = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      captured.push({ topic: String(req.headers['x-shopify-topic']), body: Buffer.concat(chunks).toString('utf8') });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
  const uri = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/capture`;
  for (const topic of ['ORDERS_CREATE', 'PRODUCTS_CREATE'] as const) {
    await h.shopify.mutate('WebhookSubscriptionCreate', 'webhookSubscriptionCreate', D.WEBHOOK_SUBSCRIPTION_CREATE, {
      topic,
      webhookSubscription: { uri, format: 'JSON' },
    });
  }
});

afterAll(async () => {
  await h?.close();
  await new Promise((r) => hooks?.close(r));
});

describe('a genuine signed body replayed under another topic', () => {
  it('orders/create replayed as orders/cancelled: 400 naming cancelled_at; the order keeps its stage, reservation and capture', async () => {
    const { orderId, orderGid } = await h.placeOrder([{ sku: 'TEE', quantity: 2 }]);
    const before = await h.waitForStage(orderId, 'awaiting_shipment');
    const stock = await h.inventory('TEE');
    const body = await capturedBody('orders/create', `"admin_graphql_api_id":"${orderGid}"`);

    const forged = await replay('orders/cancelled', body, `forged-${orderId}`);
    expect(forged.status).toBe(400);
    expect(forged.body.details).toEqual([{ field: 'cancelled_at', problem: expect.any(String) }]);

    // Nothing reached the workflow: no Shopify cancel in its timeline, and it stays where it was.
    const after = await h.status(orderId);
    expect(after!.stage).toBe('awaiting_shipment');
    expect(after!.timeline.some((t) => /orders\/cancelled|cancel/i.test(t.event))).toBe(false);
    expect(after!.allocations.map((a) => a.state)).toEqual(before.allocations.map((a) => a.state));
    expect(await h.inventory('TEE')).toEqual(stock);
    const sim = await h.sim.order(orderId);
    expect(sim.cancelledAt).toBeNull();
    expect(sim.transactions.filter((t: any) => t.kind === 'REFUND' || t.kind === 'VOID')).toEqual([]);
    const { rows } = await h.pool.query(
      `SELECT r.status FROM reservations r JOIN allocations a ON a.id = r.allocation_id WHERE a.workflow_id = $1`,
      [h.workflowId(orderId)],
    );
    expect(rows.map((r) => r.status)).toEqual(['active']);
  });

  it('products/create replayed as products/delete: 400; a bare-id deletion of a product Shopify still has is refuted by the sync, one Shopify no longer has is retired', async () => {
    const product = await h.sim.addProduct({
      title: 'REPLAYED',
      variants: [{ sku: 'REPLAYED', price: '9.00', inventory: {} }],
    });
    const productGid: string = product.id ?? product.productId;
    const body = await capturedBody('products/create', `"admin_graphql_api_id":"${productGid}"`);
    const active = async (gid: string) =>
      (
        await h.pool.query(
          `SELECT bool_or(active) AS active FROM catalog_variants WHERE shop_domain = $1 AND product_id = $2`,
          [h.shopDomain, gid],
        )
      ).rows[0].active;
    await syncCatalog(h.pool, h.shopify, h.shopDomain);
    expect(await active(productGid)).toBe(true);

    const forged = await replay('products/delete', body, `forged-${Date.now()}`);
    expect(forged.status).toBe(400);
    expect(forged.body.details[0].field).toBe('title');
    expect(await active(productGid)).toBe(true);

    // A signed bare id (another topic's deletion body, say) claims the product: Shopify says it exists, so nothing is retired.
    const numeric = productGid.split('/').pop()!;
    expect(await replay('products/delete', `{"id":${numeric}}`, `claim-${numeric}`)).toMatchObject({
      status: 200,
      body: { status: 'deletion-pending' },
    });
    expect(await active(productGid)).toBe(true);
    const refuted = await syncCatalog(h.pool, h.shopify, h.shopDomain);
    expect(refuted.deletions).toEqual({ retired: 0, refuted: 1 });
    expect(await active(productGid)).toBe(true);

    // A product the catalog holds and Shopify no longer has: the claim is confirmed and the product retired.
    const gone = 'gid://shopify/Product/987654321987654';
    await h.pool.query(
      `INSERT INTO catalog_variants (shop_domain, variant_id, product_id, sku, product_title, product_updated_at, active, synced_at)
       VALUES ($1, 'gid://shopify/ProductVariant/987654321987655', $2, 'GONE', 'Gone', now() - interval '1 day', true, now())`,
      [h.shopDomain, gone],
    );
    expect((await replay('products/delete', '{"id":987654321987654}', 'claim-gone')).status).toBe(200);
    const confirmed = await syncCatalog(h.pool, h.shopify, h.shopDomain);
    expect(confirmed.deletions).toEqual({ retired: 1, refuted: 0 });
    expect(await active(gone)).toBe(false);
  });
});
