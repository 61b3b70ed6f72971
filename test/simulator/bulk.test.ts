import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, validate } from 'graphql';
import * as D from '../../src/shopify/documents';
import { adminSchema } from '../../src/simulator/graphql';
import { control, gql, rawGraphql, startSimulator, testShop, webhookReceiver, type Simulator } from './support';

/**
 * Inventory items, nodes(ids:), and bulk query operations: what the engine's
 * reconciliation reads (src/shopify/inventory-levels.ts).
 */
const ITEMS = /* GraphQL */ `
  query Items($first: Int, $after: String, $query: String) {
    inventoryItems(first: $first, after: $after, query: $query) {
      nodes {
        id legacyResourceId sku tracked requiresShipping
        inventoryLevels(first: 10) { nodes { id quantities(names: ["available", "on_hand"]) { name quantity } location { id name } item { id sku } } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }`;
const RUN = /* GraphQL */ `
  mutation Run($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation { id status type objectCount rootObjectCount fileSize url createdAt completedAt errorCode query }
      userErrors { field message code }
    }
  }`;
const OP = /* GraphQL */ `
  query Op($id: ID!) {
    bulkOperation(id: $id) { id status objectCount rootObjectCount fileSize url completedAt errorCode }
    node(id: $id) { __typename ... on BulkOperation { id status } }
    currentBulkOperation(type: QUERY) { id status }
  }`;
const CANCEL = /* GraphQL */ `mutation Cancel($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { id status } userErrors { field message } } }`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('simulator inventory items and nodes', () => {
  let sim: Simulator;
  let shop: Awaited<ReturnType<typeof testShop>>;
  let mugItem: string;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    shop = await testShop(sim, 'items-test.myshopify.com');
    const summary = await control(sim, 'GET', `/shops/${shop.domain}`);
    mugItem = summary.variants.find((v: any) => v.sku === 'MUG').inventoryItemGid;
    await shop.order({ lineItems: [{ sku: 'TEE', quantity: 3 }] }); // commits 3 TEE at A: available 7, on_hand 10
  });
  afterAll(() => sim?.close());

  it('lists inventory items with their levels, quantities by name, and pages', async () => {
    const all = (await gql(shop.client, ITEMS, { first: 10 })).inventoryItems;
    expect(all.nodes.map((n: any) => n.sku)).toEqual(['TEE', 'MUG']);
    const tee = all.nodes[0];
    expect(tee).toMatchObject({
      id: shop.teeItem,
      legacyResourceId: shop.teeItem.split('/').pop(),
      tracked: true,
      requiresShipping: true,
    });
    expect(
      tee.inventoryLevels.nodes.map((l: any) => [
        l.location.name,
        Object.fromEntries(l.quantities.map((x: any) => [x.name, x.quantity])),
      ]),
    ).toEqual([
      ['A', { available: 7, on_hand: 10 }],
      ['B', { available: 10, on_hand: 10 }],
    ]);
    expect(tee.inventoryLevels.nodes[0].id).toBe(
      `gid://shopify/InventoryLevel/${shop.locations.a.split('/').pop()}?inventory_item_id=${shop.teeItem.split('/').pop()}`,
    );
    expect(tee.inventoryLevels.nodes[0].item).toEqual({ id: shop.teeItem, sku: 'TEE' });

    const first = (await gql(shop.client, ITEMS, { first: 1 })).inventoryItems;
    expect(first.nodes.map((n: any) => n.sku)).toEqual(['TEE']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await gql(shop.client, ITEMS, { first: 1, after: first.pageInfo.endCursor })).inventoryItems;
    expect(second.nodes.map((n: any) => n.sku)).toEqual(['MUG']);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('filters by sku', async () => {
    expect(
      (await gql(shop.client, ITEMS, { first: 10, query: 'sku:MUG' })).inventoryItems.nodes.map((n: any) => n.id),
    ).toEqual([mugItem]);
    expect((await gql(shop.client, ITEMS, { first: 10, query: 'sku:NOPE' })).inventoryItems.nodes).toEqual([]);
  });

  it('reads one item and its level at a location (null where the location does not stock it)', async () => {
    const d = await gql(
      shop.client,
      `query($id: ID!, $a: ID!, $b: ID!) { inventoryItem(id: $id) { sku a: inventoryLevel(locationId: $a) { quantities(names: ["available"]) { quantity } } b: inventoryLevel(locationId: $b) { id } } }`,
      { id: mugItem, a: shop.locations.a, b: shop.locations.b },
    );
    expect(d.inventoryItem).toEqual({ sku: 'MUG', a: { quantities: [{ quantity: 10 }] }, b: null });
    expect(
      (await gql(shop.client, `query { inventoryItem(id: "gid://shopify/InventoryItem/1") { id } }`)).inventoryItem,
    ).toBeNull();
  });

  it('still serves a location’s levels with their item (the shared InventoryLevel view)', async () => {
    const d = await gql(shop.client, D.INVENTORY_LEVELS, { locationId: shop.locations.b });
    expect(d.location.inventoryLevels.nodes).toEqual([
      {
        id: expect.stringContaining('InventoryLevel/'),
        quantities: [{ name: 'on_hand', quantity: 10 }],
        item: { id: shop.teeItem, sku: 'TEE' },
      },
    ]);
  });

  it('resolves InventoryLevel and InventoryItem GIDs through node and nodes, in order, null for unknown', async () => {
    const level = (item: string, loc: string) =>
      `gid://shopify/InventoryLevel/${loc.split('/').pop()}?inventory_item_id=${item.split('/').pop()}`;
    const ids = [
      level(mugItem, shop.locations.b),
      level(shop.teeItem, shop.locations.a),
      shop.teeItem,
      level(mugItem, shop.locations.a),
      'gid://shopify/InventoryLevel/1?inventory_item_id=2',
    ];
    const d = await gql(shop.client, D.INVENTORY_LEVELS_BY_ID, { ids });
    expect(d.nodes).toEqual([
      null,
      { id: ids[1], quantities: [{ name: 'available', quantity: 7 }] },
      {},
      { id: ids[3], quantities: [{ name: 'available', quantity: 10 }] },
      null,
    ]);
    const n = await gql(
      shop.client,
      `query($id: ID!, $l: ID!) { item: node(id: $id) { __typename ... on InventoryItem { sku } } level: node(id: $l) { ... on InventoryLevel { location { name } item { sku } } } }`,
      { id: shop.teeItem, l: ids[1] },
    );
    expect(n).toEqual({
      item: { __typename: 'InventoryItem', sku: 'TEE' },
      level: { location: { name: 'A' }, item: { sku: 'TEE' } },
    });
  });

  it('refuses more than 250 ids', async () => {
    const r = await rawGraphql(sim, shop.token, D.INVENTORY_LEVELS_BY_ID, {
      ids: Array.from({ length: 251 }, (_, i) => `gid://shopify/InventoryItem/${i}`),
    });
    expect(r.body.errors?.[0]?.message).toMatch(/250/);
  });

  it('keeps a normal query’s pagination: first: 1 reads one item', async () => {
    expect((await gql(shop.client, `{ inventoryItems(first: 1) { nodes { id } } }`)).inventoryItems.nodes).toHaveLength(
      1,
    );
  });
});

describe('simulator bulk query operations', () => {
  let sim: Simulator;
  let shop: Awaited<ReturnType<typeof testShop>>;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    hooks = await webhookReceiver();
    shop = await testShop(sim, 'bulk-test.myshopify.com', { webhookUrl: `${hooks.url}/hooks` });
    await control(sim, 'POST', shop.path('/products'), {
      title: 'Cap',
      variants: [{ sku: 'CAP', price: '5.00', inventory: { [shop.locations.b]: 4 } }],
    });
  });
  afterAll(async () => {
    await sim?.close();
    await hooks?.close();
  });

  const run = async (query: string) => (await gql(shop.client, RUN, { query })).bulkOperationRunQuery;
  const op = (id: string) => gql(shop.client, OP, { id });
  async function untilDone(id: string) {
    const seen: string[] = [];
    for (let i = 0; i < 200; i++) {
      const d = await op(id);
      if (seen.at(-1) !== d.bulkOperation.status) seen.push(d.bulkOperation.status);
      if (!['CREATED', 'RUNNING', 'CANCELING'].includes(d.bulkOperation.status)) return { ...d, seen };
      await sleep(5);
    }
    throw new Error('bulk operation never finished');
  }

  it('the engine’s bulk query is valid against the Admin schema', () => {
    expect(validate(adminSchema(), parse(D.INVENTORY_LEVELS_BULK_QUERY)).map((e) => e.message)).toEqual([]);
  });

  it('runs asynchronously and writes JSONL: each item, then its levels with __parentId', async () => {
    const started = await run(D.INVENTORY_LEVELS_BULK_QUERY);
    expect(started.userErrors).toEqual([]);
    expect(started.bulkOperation).toMatchObject({
      status: 'CREATED',
      type: 'QUERY',
      objectCount: '0',
      url: null,
      completedAt: null,
      query: D.INVENTORY_LEVELS_BULK_QUERY,
    });
    const done = await untilDone(started.bulkOperation.id);
    expect(done.seen).toContain('RUNNING');
    expect(done.seen.at(-1)).toBe('COMPLETED');
    const b = done.bulkOperation;
    expect(done.node).toEqual({ __typename: 'BulkOperation', id: b.id, status: 'COMPLETED' });
    expect(done.currentBulkOperation).toEqual({ id: b.id, status: 'COMPLETED' });
    expect(b.completedAt).toEqual(expect.any(String));
    expect(b.errorCode).toBeNull();
    expect(b.url).toBe(`${sim.url}/_sim/bulk/${b.id.split('/').pop()}.jsonl`);

    const res = await fetch(b.url);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(b.fileSize).toBe(String(Buffer.byteLength(text)));
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(b.objectCount).toBe(String(lines.length));
    expect(b.rootObjectCount).toBe('3');
    const summary = await control(sim, 'GET', `/shops/${shop.domain}`);
    const item = (sku: string) => summary.variants.find((v: any) => v.sku === sku).inventoryItemGid;
    const lvl = (sku: string, loc: string) =>
      `gid://shopify/InventoryLevel/${loc.split('/').pop()}?inventory_item_id=${item(sku).split('/').pop()}`;
    const qty = (n: number) => [
      { name: 'available', quantity: n },
      { name: 'on_hand', quantity: n },
    ];
    const { a, b: locB } = shop.locations;
    expect(lines).toEqual([
      { id: item('TEE'), sku: 'TEE' },
      { id: lvl('TEE', a), location: { id: a }, quantities: qty(10), __parentId: item('TEE') },
      { id: lvl('TEE', locB), location: { id: locB }, quantities: qty(10), __parentId: item('TEE') },
      { id: item('MUG'), sku: 'MUG' },
      { id: lvl('MUG', a), location: { id: a }, quantities: qty(10), __parentId: item('MUG') },
      { id: item('CAP'), sku: 'CAP' },
      { id: lvl('CAP', locB), location: { id: locB }, quantities: qty(4), __parentId: item('CAP') },
    ]);
  });

  it('emits bulk_operations/finish', async () => {
    const id = (await gql(shop.client, `{ currentBulkOperation { id createdAt completedAt } }`)).currentBulkOperation;
    for (let i = 0; i < 100 && !hooks.byTopic('bulk_operations/finish').length; i++) await sleep(10);
    const body = JSON.parse(hooks.byTopic('bulk_operations/finish')[0]!.body);
    expect(body).toEqual({
      admin_graphql_api_id: id.id,
      completed_at: id.completedAt,
      created_at: id.createdAt,
      error_code: null,
      status: 'completed',
      type: 'query',
    });
  });

  it('ignores pagination inside a bulk query, and reads nodes as well as edges', async () => {
    const started = await run(
      `{ inventoryItems(first: 1) { nodes { id sku inventoryLevels(first: 1) { nodes { location { id } } } } } }`,
    );
    expect(started.userErrors).toEqual([]);
    const done = await untilDone(started.bulkOperation.id);
    const lines = (await (await fetch(done.bulkOperation.url)).text())
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.sku ?? `level of ${lines.find((x) => x.id === l.__parentId)?.sku}`)).toEqual([
      'TEE',
      'level of TEE',
      'level of TEE',
      'MUG',
      'level of MUG',
      'CAP',
      'level of CAP',
    ]);
    expect(done.bulkOperation.rootObjectCount).toBe('3');
  });

  it('runs one query operation at a time per shop', async () => {
    const first = await run(D.INVENTORY_LEVELS_BULK_QUERY);
    const second = await run(D.INVENTORY_LEVELS_BULK_QUERY);
    expect(second.bulkOperation).toBeNull();
    expect(second.userErrors).toEqual([
      {
        field: null,
        message: `A bulk query operation for this app and shop is already in progress: ${first.bulkOperation.id}.`,
        code: 'OPERATION_IN_PROGRESS',
      },
    ]);
    await untilDone(first.bulkOperation.id);
    expect((await run(D.INVENTORY_LEVELS_BULK_QUERY)).userErrors).toEqual([]);
    await untilDone((await gql(shop.client, `{ currentBulkOperation { id } }`)).currentBulkOperation.id);
  });

  it('refuses an invalid query, one without a connection, and one nested too deep', async () => {
    const bad = await run(`{ inventoryItems { edges { node { notAField } } } }`);
    expect(bad.bulkOperation).toBeNull();
    expect(bad.userErrors[0]).toMatchObject({
      field: ['query'],
      code: 'INVALID',
      message: expect.stringContaining('notAField'),
    });
    expect((await run(`{ shop { name } }`)).userErrors[0]).toMatchObject({
      code: 'INVALID',
      message: 'Bulk queries must contain at least one connection.',
    });
    const noId = await run(`{ inventoryItems { edges { node { sku inventoryLevels { edges { node { id } } } } } } }`);
    expect(noId.userErrors[0]).toMatchObject({
      code: 'INVALID',
      message: expect.stringContaining("must select the 'id' field"),
    });
    const deep = await run(
      `{ locations { edges { node { id inventoryLevels { edges { node { id item { inventoryLevels { edges { node { id } } } } } } } } } } }`,
    );
    expect(deep.userErrors[0]).toMatchObject({ code: 'INVALID', message: expect.stringContaining('nesting depth') });
  });

  it('cancels a running operation', async () => {
    const started = await run(D.INVENTORY_LEVELS_BULK_QUERY);
    const c = (await gql(shop.client, CANCEL, { id: started.bulkOperation.id })).bulkOperationCancel;
    expect(c).toEqual({ bulkOperation: { id: started.bulkOperation.id, status: 'CANCELING' }, userErrors: [] });
    const done = await untilDone(started.bulkOperation.id);
    expect(done.bulkOperation).toMatchObject({ status: 'CANCELED', url: null });
  });

  it('serves 404 for an unknown result file', async () => {
    expect((await fetch(`${sim.url}/_sim/bulk/1.jsonl`)).status).toBe(404);
  });
});
