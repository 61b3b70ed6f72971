import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncCatalog } from '../../src/catalog/catalog-sync';
import { inventoryItemsBySku } from '../../src/catalog/repository';
import { applyProductWebhook, ProductWebhookError } from '../../src/catalog/webhooks';
import * as D from '../../src/shopify/documents';
import { parseWebhookBody } from '../../src/shopify/webhook-payload';
import { Harness, STOCK } from '../support/harness';
import { CATALOG_SYNC_WORKFLOW_TYPE, type CatalogSyncResult } from '../../src/catalog/contract';

/** The master catalog: Shopify's products into catalog_variants, by sync workflow and by products/* webhooks. */
describe('master catalog', () => {
  let h: Harness;
  let hooks: Server;
  let hooksUrl: string;
  const received: { topic: string; body: string }[] = [];
  let runs = 0;

  beforeAll(async () => {
    h = await Harness.start('catalog');
    // The gateway applies products/* itself; here the sync and applyProductWebhook are under test, so the
    // shop's own webhook URL is off until the last test (subscriptions still deliver to the local receiver).
    await h.sim.createShop({ accessToken: h.token, webhookSecret: h.secret, webhookUrl: null });
    hooks = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ topic: String(req.headers['x-shopify-topic']), body: Buffer.concat(chunks).toString('utf8') });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
    hooksUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/products`;
    await h.shopify.mutate('WebhookSubscriptionCreate', 'webhookSubscriptionCreate', D.WEBHOOK_SUBSCRIPTION_CREATE, {
      topic: 'PRODUCTS_UPDATE',
      webhookSubscription: { uri: hooksUrl, format: 'JSON' },
    });
  });
  afterAll(async () => {
    await h?.close();
    await new Promise((r) => hooks?.close(r));
  });

  const sync = (full = false) =>
    h.client.workflow.execute(CATALOG_SYNC_WORKFLOW_TYPE, {
      taskQueue: h.taskQueue,
      workflowId: `catalog-sync-${h.shopDomain}-${++runs}`,
      args: [{ shopDomain: h.shopDomain, full }],
    }) as Promise<CatalogSyncResult>;
  const rows = async () =>
    (
      await h.pool.query(
        `SELECT variant_id, product_id, sku, barcode, product_title, variant_title, image_url, inventory_item_id, product_updated_at, active
           FROM catalog_variants WHERE shop_domain = $1 ORDER BY sku`,
        [h.shopDomain],
      )
    ).rows;
  const row = async (variantId: string) => (await rows()).find((r) => r.variant_id === variantId);
  const simProduct = async (title: string) => (await h.sim.products()).find((p) => p.title === title)!;
  /** The products/update bodies the simulator sent for a product, oldest first. */
  const updatesFor = (productGid: string) =>
    received.filter((r) => r.topic === 'products/update' && r.body.includes(`"admin_graphql_api_id":"${productGid}"`));

  it('the sync workflow fills the catalog with every SKU and its inventory item', async () => {
    const result = await sync();
    expect(result).toEqual({ products: 4, variants: 4, deactivated: 0, skipped: 0, full: true }); // the first sync reads everything
    const products = await h.sim.products();
    const catalog = await rows();
    expect(catalog.map((r) => r.sku).sort()).toEqual(Object.keys(STOCK).sort());
    for (const sku of Object.keys(STOCK)) {
      const p = products.find((x) => x.variants[0].sku === sku)!;
      expect(catalog.find((r) => r.sku === sku)).toMatchObject({
        variant_id: p.variants[0].id,
        product_id: p.id,
        product_title: sku,
        variant_title: 'Default Title',
        inventory_item_id: p.variants[0].inventoryItemId,
        active: true,
      });
      expect(catalog.find((r) => r.sku === sku)!.product_updated_at.toISOString()).toBe(p.updatedAt);
    }
    const items = await inventoryItemsBySku(h.pool, h.shopDomain, ['TEE', 'MUG', 'NOPE']);
    expect(Object.fromEntries(items)).toEqual({
      TEE: products.find((x) => x.title === 'TEE')!.variants[0].inventoryItemId,
      MUG: products.find((x) => x.title === 'MUG')!.variants[0].inventoryItemId,
    });
  });

  it('a second sync picks up a changed product: new title, barcode, image and an added variant', async () => {
    const tee = await simProduct('TEE');
    await h.sim.updateProduct(tee.id, {
      title: 'Tee Shirt',
      imageUrl: 'https://cdn.example.com/tee.png',
      variants: [{ id: tee.variants[0].id, barcode: '0123456789012' }],
      addVariants: [{ sku: 'TEE-XL', price: '22.00', title: 'XL', barcode: '999' }],
    });
    const after = await h.sim.product(tee.id);
    const result = await sync();
    expect(result.full).toBe(false); // a full read is due once a day
    expect(result.variants).toBeGreaterThanOrEqual(2);
    expect(result.deactivated).toBe(0);
    expect(await row(tee.variants[0].id)).toMatchObject({
      sku: 'TEE',
      product_title: 'Tee Shirt',
      barcode: '0123456789012',
      image_url: 'https://cdn.example.com/tee.png',
      active: true,
    });
    const xl = after.variants.find((v: any) => v.sku === 'TEE-XL');
    expect(await row(xl.id)).toMatchObject({
      sku: 'TEE-XL',
      product_id: tee.id,
      product_title: 'Tee Shirt',
      variant_title: 'XL',
      barcode: '999',
      inventory_item_id: xl.inventoryItemId,
      active: true,
    });
    expect((await row(xl.id))!.product_updated_at.toISOString()).toBe(after.updatedAt);
  });

  it('reads only what changed since the high-water mark, less the overlap', async () => {
    const before = new Date();
    const cap = await simProduct('CAP');
    await new Promise((r) => setTimeout(r, 1100)); // the search filter keeps whole seconds
    const since = new Date();
    await h.sim.updateProduct(cap.id, { variants: [{ id: cap.variants[0].id, barcode: 'CAP-1' }] });
    const narrow = await syncCatalog(h.pool, h.shopify, h.shopDomain, { since });
    expect(narrow.products).toBe(1);
    expect((await row(cap.variants[0].id))!.barcode).toBe('CAP-1');
    const incremental = await syncCatalog(h.pool, h.shopify, h.shopDomain);
    const hwm = (await rows()).reduce((m, r) => Math.max(m, r.product_updated_at.getTime()), 0);
    expect(incremental.since).toBe(new Date(hwm - 60_000).toISOString());
    expect(Date.parse(incremental.since!)).toBeLessThan(before.getTime());
    const full = await syncCatalog(h.pool, h.shopify, h.shopDomain, { full: true });
    expect(full).toMatchObject({ products: 4, since: null });
  });

  it('a renamed SKU moves with its variant; a deleted variant is marked inactive', async () => {
    const mug = await simProduct('MUG');
    const tee = await simProduct('Tee Shirt');
    const xl = tee.variants.find((v: any) => v.sku === 'TEE-XL');
    await h.sim.updateProduct(mug.id, { variants: [{ id: mug.variants[0].id, sku: 'MUG-2' }] });
    await h.sim.updateProduct(tee.id, { removeVariants: [xl.id] });
    const result = await sync();
    expect(result.deactivated).toBe(1);
    expect(await row(mug.variants[0].id)).toMatchObject({
      sku: 'MUG-2',
      active: true,
      inventory_item_id: mug.variants[0].inventoryItemId,
    });
    expect((await rows()).filter((r) => r.sku === 'MUG')).toEqual([]);
    expect(await row(xl.id)).toMatchObject({ sku: 'TEE-XL', active: false });
    expect(await row(tee.variants[0].id)).toMatchObject({ sku: 'TEE', active: true });
    const items = await inventoryItemsBySku(h.pool, h.shopDomain, ['MUG', 'MUG-2', 'TEE-XL']);
    expect(Object.fromEntries(items)).toEqual({ 'MUG-2': mug.variants[0].inventoryItemId });
    // Idempotent: nothing left to deactivate.
    expect((await sync()).deactivated).toBe(0);
  });

  it('products/update as the simulator sends it updates the row; an older body changes nothing', async () => {
    const last = await simProduct('LAST');
    const variantId = last.variants[0].id;
    await h.sim.updateProduct(last.id, {
      title: 'Last One',
      variants: [{ id: variantId, barcode: 'L-1' }],
      addVariants: [{ sku: 'LAST-B', price: '30.00', title: 'B' }],
    });
    await expect.poll(() => updatesFor(last.id).length, { timeout: 10_000 }).toBe(1);
    await h.sim.updateProduct(last.id, { title: 'Last Two', variants: [{ id: variantId, barcode: 'L-2' }] });
    await expect.poll(() => updatesFor(last.id).length, { timeout: 10_000 }).toBe(2);
    const [older, newer] = updatesFor(last.id).map((r) => parseWebhookBody(r.body));
    const lastB = (await h.sim.product(last.id)).variants.find((v: any) => v.sku === 'LAST-B');

    const first = await applyProductWebhook(h.pool, h.shopDomain, 'products/update', older!);
    expect(first).toMatchObject({ applied: true, productId: last.id, deactivated: 0 });
    expect(await row(variantId)).toMatchObject({
      product_title: 'Last One',
      barcode: 'L-1',
      inventory_item_id: last.variants[0].inventoryItemId,
      active: true,
    });
    expect(await row(lastB.id)).toMatchObject({
      sku: 'LAST-B',
      variant_title: 'B',
      inventory_item_id: lastB.inventoryItemId,
      active: true,
    });

    const second = await applyProductWebhook(h.pool, h.shopDomain, 'products/update', newer!);
    expect(second.applied).toBe(true);
    expect(await row(variantId)).toMatchObject({ product_title: 'Last Two', barcode: 'L-2' });

    // The first delivery again, late: older updated_at, so the newer row stays.
    const stale = await applyProductWebhook(h.pool, h.shopDomain, 'products/update', older!);
    expect(stale).toMatchObject({ applied: false, variants: 0, deactivated: 0 });
    expect(await row(variantId)).toMatchObject({ product_title: 'Last Two', barcode: 'L-2' });
    expect((await row(variantId))!.product_updated_at.toISOString()).toBe(String(newer!.updated_at));

    // A variant deleted in the admin: the next products/update lacks it.
    await h.sim.updateProduct(last.id, { removeVariants: [lastB.id] });
    await expect.poll(() => updatesFor(last.id).length, { timeout: 10_000 }).toBe(3);
    const removed = await applyProductWebhook(
      h.pool,
      h.shopDomain,
      'products/update',
      parseWebhookBody(updatesFor(last.id)[2]!.body),
    );
    expect(removed).toMatchObject({ applied: true, deactivated: 1 });
    expect(await row(lastB.id)).toMatchObject({ active: false });
    expect(await row(variantId)).toMatchObject({ active: true });
  });

  it('refuses a body without what the catalog needs, naming the field', async () => {
    const body = parseWebhookBody(received.find((r) => r.topic === 'products/update')!.body);
    const { variants: _v, ...noVariants } = body;
    await expect(applyProductWebhook(h.pool, h.shopDomain, 'products/update', noVariants)).rejects.toThrow(
      ProductWebhookError,
    );
    await expect(applyProductWebhook(h.pool, h.shopDomain, 'products/update', noVariants)).rejects.toThrow(/variants/);
    const { updated_at: _u, ...noUpdatedAt } = body;
    await expect(applyProductWebhook(h.pool, h.shopDomain, 'products/create', noUpdatedAt)).rejects.toThrow(
      /updated_at/,
    );
    const { admin_graphql_api_id: _g, id: _i, ...noId } = body;
    await expect(applyProductWebhook(h.pool, h.shopDomain, 'products/update', noId)).rejects.toThrow(
      /admin_graphql_api_id/,
    );
    const badVariant = { ...body, variants: [{ sku: 'X' }] };
    await expect(applyProductWebhook(h.pool, h.shopDomain, 'products/update', badVariant)).rejects.toThrow(
      /variants\[0\]\.admin_graphql_api_id/,
    );
  });

  it('products/create for a product added in the admin inserts its variants (numeric ids read exactly)', async () => {
    await h.shopify.mutate('WebhookSubscriptionCreate', 'webhookSubscriptionCreate', D.WEBHOOK_SUBSCRIPTION_CREATE, {
      topic: 'PRODUCTS_CREATE',
      webhookSubscription: { uri: hooksUrl, format: 'JSON' },
    });
    const created = await h.sim.addProduct({
      title: 'Sticker',
      imageUrl: 'https://cdn.example.com/sticker.png',
      variants: [{ sku: 'STICKER', price: '2.00', barcode: 'S-1' }],
    });
    await expect
      .poll(() => received.filter((r) => r.topic === 'products/create' && r.body.includes(created.id)).length, {
        timeout: 10_000,
      })
      .toBe(1);
    const raw = received.find((r) => r.topic === 'products/create' && r.body.includes(created.id))!.body;
    const body = parseWebhookBody(raw);
    // Without the GIDs the ids come from the numbers, exactly (they exceed 2^53).
    const { admin_graphql_api_id: _g, ...numericOnly } = body;
    numericOnly.variants = (body.variants as Record<string, unknown>[]).map(({ admin_graphql_api_id: _vg, ...v }) => v);
    const r = await applyProductWebhook(h.pool, h.shopDomain, 'products/create', numericOnly);
    expect(r.productId).toBe(created.id);
    expect(await row(created.variants[0].id)).toMatchObject({
      sku: 'STICKER',
      barcode: 'S-1',
      product_title: 'Sticker',
      image_url: 'https://cdn.example.com/sticker.png',
      inventory_item_id: created.variants[0].inventoryItemId,
      active: true,
    });
  });

  it('products/update delivered to the gateway updates the catalog (the webhook route end to end)', async () => {
    await h.sim.createShop({
      accessToken: h.token,
      webhookSecret: h.secret,
      webhookUrl: `${h.gatewayUrl}/webhooks/shopify`,
    });
    const cap = await simProduct('CAP');
    await h.sim.updateProduct(cap.id, {
      title: 'Cap via gateway',
      variants: [{ id: cap.variants[0].id, barcode: 'GW-1' }],
    });
    await expect
      .poll(async () => (await row(cap.variants[0].id))?.product_title, { timeout: 10_000 })
      .toBe('Cap via gateway');
    expect(await row(cap.variants[0].id)).toMatchObject({ barcode: 'GW-1', active: true });
    // The simulator records the answer after the gateway has acted on it: wait for it (seen 'pending' under load).
    await expect
      .poll(
        async () =>
          (await h.sim.webhooks())
            .filter((d: any) => d.topic === 'products/update' && d.uri.startsWith(h.gatewayUrl))
            .map((d: any) => d.status),
        { timeout: 10_000 },
      )
      .toContain(200);
  });
});
