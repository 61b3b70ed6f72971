import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLosslessNumber, parse } from 'lossless-json';
import { SimulatorControl } from '../support/sim';
import { control, gql, rawGraphql, startSimulator, testShop, webhookReceiver, type Simulator } from './support';

const PRODUCTS = /* GraphQL */ `
  query Products($first: Int!, $after: String, $query: String, $sortKey: ProductSortKeys, $reverse: Boolean) {
    products(first: $first, after: $after, query: $query, sortKey: $sortKey, reverse: $reverse) {
      nodes {
        id legacyResourceId title handle status createdAt updatedAt
        featuredImage { url altText }
        variants(first: 10) {
          nodes { id legacyResourceId sku barcode title displayName image { url } inventoryItem { id sku tracked } product { id } }
          pageInfo { hasNextPage endCursor }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/** Products as the Admin API serves them, and products/* webhooks as Shopify sends them. */
describe('simulator products', () => {
  let sim: Simulator;
  let shop: Awaited<ReturnType<typeof testShop>>;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  let ctl: SimulatorControl;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    hooks = await webhookReceiver();
    shop = await testShop(sim, 'products-test.myshopify.com', { webhookUrl: `${hooks.url}/configured` });
    ctl = new SimulatorControl(sim.url, shop.domain);
  });
  afterAll(async () => {
    await sim?.close();
    await hooks?.close();
  });

  const allProducts = async (first: number, query?: string) => {
    const out: any[] = [];
    let pages = 0;
    for (let after: string | null = null; ; pages++) {
      const d = await gql(shop.client, PRODUCTS, { first, after, query });
      out.push(...d.products.nodes);
      if (!d.products.pageInfo.hasNextPage) return { products: out, pages: pages + 1 };
      after = d.products.pageInfo.endCursor;
    }
  };

  it('pages through products with stable GIDs; variants carry sku, barcode, inventory item and image', async () => {
    const created = await ctl.addProduct({
      title: 'Hoodie',
      imageUrl: 'https://cdn.example.com/hoodie.png',
      variants: [
        {
          sku: 'HOOD-S',
          price: '50.00',
          title: 'S',
          barcode: '0001',
          imageUrl: 'https://cdn.example.com/hoodie-s.png',
        },
        { sku: 'HOOD-L', price: '50.00', title: 'L', barcode: '0002' },
      ],
    });
    const first = await allProducts(2);
    expect(first.pages).toBe(2); // Tee, Mug, Hoodie in pages of two
    expect(first.products.map((p) => p.title)).toEqual(['Tee', 'Mug', 'Hoodie']);
    const again = await allProducts(10);
    expect(again.products.map((p) => p.id)).toEqual(first.products.map((p) => p.id));
    const hoodie = first.products.find((p) => p.id === created.id)!;
    expect(hoodie).toMatchObject({
      handle: 'hoodie',
      status: 'ACTIVE',
      featuredImage: { url: 'https://cdn.example.com/hoodie.png' },
    });
    expect(hoodie.id).toBe(`gid://shopify/Product/${hoodie.legacyResourceId}`);
    expect(Date.parse(hoodie.updatedAt)).not.toBeNaN();
    expect(hoodie.variants.nodes).toHaveLength(2);
    expect(hoodie.variants.nodes[0]).toMatchObject({
      id: created.variants[0].id,
      sku: 'HOOD-S',
      barcode: '0001',
      title: 'S',
      displayName: 'Hoodie - S',
      image: { url: 'https://cdn.example.com/hoodie-s.png' },
      inventoryItem: { id: created.variants[0].inventoryItemId, sku: 'HOOD-S', tracked: true },
      product: { id: created.id },
    });
    expect(hoodie.variants.nodes[1].image).toBeNull();
    const tee = first.products.find((p) => p.title === 'Tee')!;
    expect(tee.variants.nodes[0]).toMatchObject({
      sku: 'TEE',
      title: 'Default Title',
      barcode: null,
      inventoryItem: { id: shop.teeItem },
    });

    const one = await gql(
      shop.client,
      `query P($id: ID!) { product(id: $id) { id title variants(first: 1) { nodes { sku } pageInfo { hasNextPage endCursor } } } }`,
      { id: created.id },
    );
    expect(one.product.variants.nodes.map((v: any) => v.sku)).toEqual(['HOOD-S']);
    expect(one.product.variants.pageInfo.hasNextPage).toBe(true);
    const rest = await gql(
      shop.client,
      `query P($id: ID!, $after: String) { product(id: $id) { variants(first: 5, after: $after) { nodes { sku } } } }`,
      { id: created.id, after: one.product.variants.pageInfo.endCursor },
    );
    expect(rest.product.variants.nodes.map((v: any) => v.sku)).toEqual(['HOOD-L']);
    expect(
      (await gql(shop.client, `query P($id: ID!) { product(id: $id) { id } }`, { id: 'gid://shopify/Product/1' }))
        .product,
    ).toBeNull();

    const variants = await gql(
      shop.client,
      `query V($q: String) { productVariants(first: 10, query: $q) { nodes { sku product { title } } } }`,
      { q: 'sku:HOOD-L' },
    );
    expect(variants.productVariants.nodes).toEqual([{ sku: 'HOOD-L', product: { title: 'Hoodie' } }]);
  });

  it('adding the same product again is idempotent: same product, no second products/create', async () => {
    const a = await ctl.addProduct({ title: 'Poster', variants: [{ sku: 'POSTER', price: '5.00' }] });
    const b = await ctl.addProduct({ title: 'Poster', variants: [{ sku: 'POSTER', price: '5.00' }] });
    expect(b.id).toBe(a.id);
    await expect
      .poll(
        () =>
          hooks.byTopic('products/create').filter((h) => h.body.includes(`"admin_graphql_api_id":"${a.id}"`)).length,
      )
      .toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(
      hooks.byTopic('products/create').filter((h) => h.body.includes(`"admin_graphql_api_id":"${a.id}"`)),
    ).toHaveLength(1);
  });

  it('filters by updated_at and sorts by UPDATED_AT; an update sends products/update with the REST product, ids exact', async () => {
    const created = await ctl.addProduct({
      title: 'Scarf',
      variants: [
        { sku: 'SCARF-R', price: '9.00', title: 'Red', barcode: '111' },
        { sku: 'SCARF-B', price: '9.00', title: 'Blue' },
      ],
    });
    const before = await ctl.product(created.id);
    await new Promise((r) => setTimeout(r, 5));
    const cutoff = new Date().toISOString();
    expect((await allProducts(20, `updated_at:>'${cutoff}'`)).products).toEqual([]);

    const updated = await ctl.updateProduct(created.id, {
      title: 'Wool Scarf',
      imageUrl: 'https://cdn.example.com/scarf.png',
      variants: [{ id: created.variants[0].id, barcode: '222', sku: 'SCARF-RED', title: 'Crimson' }],
      removeVariants: [created.variants[1].id],
      addVariants: [{ sku: 'SCARF-G', price: '9.00', title: 'Green', barcode: '333' }],
    });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    const since = (await allProducts(20, `updated_at:>'${cutoff}'`)).products;
    expect(since.map((p) => p.id)).toEqual([created.id]);
    expect(since[0].title).toBe('Wool Scarf');
    expect(since[0].variants.nodes.map((v: any) => [v.sku, v.barcode, v.title])).toEqual([
      ['SCARF-RED', '222', 'Crimson'],
      ['SCARF-G', '333', 'Green'],
    ]);
    expect((await allProducts(20, `updated_at:>='${updated.updatedAt}'`)).products.map((p) => p.id)).toEqual([
      created.id,
    ]);
    const sorted = await gql(shop.client, PRODUCTS, { first: 1, sortKey: 'UPDATED_AT', reverse: true });
    expect(sorted.products.nodes[0].id).toBe(created.id);

    await expect
      .poll(
        () =>
          hooks.byTopic('products/update').filter((h) => h.body.includes(`"admin_graphql_api_id":"${created.id}"`))
            .length,
      )
      .toBe(1);
    const hit = hooks
      .byTopic('products/update')
      .find((h) => h.body.includes(`"admin_graphql_api_id":"${created.id}"`))!;
    expect(hit.headers['x-shopify-topic']).toBe('products/update');
    const legacy = created.id.split('/').pop()!;
    expect(BigInt(legacy) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(hit.body).toContain(`"id":${legacy},`);
    const body = parse(hit.body) as any;
    expect(isLosslessNumber(body.id) && body.id.toString()).toBe(legacy);
    expect(body).toMatchObject({
      admin_graphql_api_id: created.id,
      title: 'Wool Scarf',
      handle: 'scarf',
      status: 'active',
      updated_at: updated.updatedAt,
      created_at: before.createdAt,
    });
    expect(body.image.src).toBe('https://cdn.example.com/scarf.png');
    expect(body.images.map((i: any) => i.src)).toEqual(['https://cdn.example.com/scarf.png']);
    expect(
      body.variants.map((v: any) => ({
        gid: v.admin_graphql_api_id,
        id: v.id.toString(),
        product_id: v.product_id.toString(),
        sku: v.sku,
        barcode: v.barcode,
        title: v.title,
        inventory_item_id: v.inventory_item_id.toString(),
        image_id: v.image_id,
      })),
    ).toEqual([
      {
        gid: created.variants[0].id,
        id: created.variants[0].id.split('/').pop(),
        product_id: legacy,
        sku: 'SCARF-RED',
        barcode: '222',
        title: 'Crimson',
        inventory_item_id: created.variants[0].inventoryItemId.split('/').pop(),
        image_id: null,
      },
      {
        gid: updated.variants[1].id,
        id: updated.variants[1].id.split('/').pop(),
        product_id: legacy,
        sku: 'SCARF-G',
        barcode: '333',
        title: 'Green',
        inventory_item_id: updated.variants[1].inventoryItemId.split('/').pop(),
        image_id: null,
      },
    ]);
    expect(body.variants[0].updated_at).toBe(updated.updatedAt);
  });

  it('refuses an update naming a variant of another product or a SKU already taken, and changes nothing', async () => {
    const p = await ctl.addProduct({ title: 'Belt', variants: [{ sku: 'BELT', price: '9.00' }] });
    const tee = (await ctl.products()).find((x) => x.title === 'Tee')!;
    await expect(ctl.updateProduct(p.id, { variants: [{ id: tee.variants[0].id, barcode: 'x' }] })).rejects.toThrow(
      /404.*has no variant/,
    );
    await expect(
      ctl.updateProduct(p.id, { title: 'Renamed', addVariants: [{ sku: 'TEE', price: '1.00' }] }),
    ).rejects.toThrow(/409.*SKU TEE/);
    expect((await ctl.product(p.id)).title).toBe('Belt');
    await expect(
      control(sim, 'PATCH', shop.path('/products/gid%3A%2F%2Fshopify%2FProduct%2F1'), { title: 'x' }),
    ).rejects.toThrow(/404/);
  });

  it('a state file from before products loads: each variant gets a product, with a stable GID', async () => {
    const stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'oo-sim-products-')), 'simulator.json');
    let s2 = await startSimulator({ port: 0, stateFile });
    await control(s2, 'POST', '/shops', {
      domain: 'old-file.myshopify.com',
      accessToken: 'shpat_old',
      webhookSecret: 's',
    });
    await control(s2, 'POST', '/shops/old-file.myshopify.com/products', {
      title: 'Lamp',
      variants: [{ sku: 'LAMP', price: '30.00' }],
    });
    await s2.close();
    // Rewrite the file as an older simulator wrote it: no products, variants without product fields.
    const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
    for (const shop of saved.shops) {
      delete shop.products;
      shop.variants = shop.variants.map((v: any) => ({
        gid: v.gid,
        sku: v.sku,
        title: v.title,
        price: v.price,
        requiresShipping: v.requiresShipping,
        inventoryItemGid: v.inventoryItemGid,
      }));
    }
    writeFileSync(stateFile, JSON.stringify(saved));
    s2 = await startSimulator({ port: 0, stateFile });
    try {
      const q = `query { products(first: 5) { nodes { id title variants(first: 5) { nodes { sku title } } } } }`;
      const a = await rawGraphql(s2, 'shpat_old', q);
      expect(a.body.errors).toBeUndefined();
      expect(a.body.data.products.nodes).toHaveLength(1);
      expect(a.body.data.products.nodes[0]).toMatchObject({
        title: 'Lamp',
        variants: { nodes: [{ sku: 'LAMP', title: 'Default Title' }] },
      });
      const b = await rawGraphql(s2, 'shpat_old', q);
      expect(b.body.data.products.nodes[0].id).toBe(a.body.data.products.nodes[0].id);
    } finally {
      await s2.close();
    }
  });
});
