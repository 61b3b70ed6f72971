import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/shopify/documents';
import { control, rawGraphql, startSimulator, testShop, type Simulator } from './support';

/** The GraphQL endpoint's gatekeeping: tokens, versions, validation, cost and throttling. */
describe('simulator GraphQL endpoint', () => {
  let sim: Simulator;
  let shop: Awaited<ReturnType<typeof testShop>>;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    shop = await testShop(sim, 'gql-test.myshopify.com');
  });
  afterAll(() => sim?.close());

  it('answers a bad or missing token with 401 and Shopify’s body', async () => {
    for (const token of ['shpat_nope', '']) {
      const r = await rawGraphql(sim, token, '{ shop { name } }');
      expect(r.status).toBe(401);
      expect(r.body).toEqual({
        errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
      });
    }
  });

  it('serves 2026-04 to 2026-10 alike and 404s an unknown version', async () => {
    for (const v of ['2026-04', '2026-07', '2026-10'])
      expect((await rawGraphql(sim, shop.token, D.SHOP_IDENTITY, {}, v)).body.data.shop.myshopifyDomain).toBe(
        shop.domain,
      );
    expect((await rawGraphql(sim, shop.token, D.SHOP_IDENTITY, {}, '2019-01')).status).toBe(404);
  });

  it('rejects an undefined field in Shopify’s words, executing nothing', async () => {
    const r = await rawGraphql(sim, shop.token, 'query Q($id: ID!) { order(id: $id) { id foo } }', {
      id: 'gid://shopify/Order/1',
    });
    expect(r.status).toBe(200);
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors).toEqual([
      {
        message: "Field 'foo' doesn't exist on type 'Order'",
        locations: [{ line: 1, column: 41 }],
        extensions: { code: 'undefinedField', typeName: 'Order', fieldName: 'foo' },
      },
    ]);
  });

  it('rejects bad arguments: unknown, missing, wrong literal type, bad variable', async () => {
    const unknown = await rawGraphql(sim, shop.token, '{ shop { name } orders(first: 1, bogus: 2) { nodes { id } } }');
    expect(unknown.body.errors[0]).toMatchObject({
      message: "Field 'orders' doesn't accept argument 'bogus'",
      extensions: { code: 'argumentNotAccepted', argumentName: 'bogus' },
    });
    const missing = await rawGraphql(sim, shop.token, '{ order { id } }');
    expect(missing.body.errors[0]).toMatchObject({
      message: "Field 'order' is missing required arguments: id",
      extensions: { code: 'missingRequiredArguments' },
    });
    const literal = await rawGraphql(sim, shop.token, '{ order(id: true) { id } }');
    expect(literal.body.errors[0]).toMatchObject({
      message: "Argument 'id' on Field 'order' has an invalid value (true). Expected type 'ID!'.",
      extensions: { code: 'argumentLiteralsIncompatible', argumentName: 'id' },
    });
    const variable = await rawGraphql(sim, shop.token, D.ORDER_TRANSACTIONS, {});
    expect(variable.body.errors[0]).toMatchObject({
      message: 'Variable $id of type ID! was provided invalid value',
      extensions: { code: 'INVALID_VARIABLE' },
    });
    const parse = await rawGraphql(sim, shop.token, '{ shop { name ');
    expect(parse.body.errors[0].extensions.code).toBe('parseError');
  });

  it('never invents data: unmodelled fields are null, or an error when non-null', async () => {
    const o = await shop.order();
    const r = await rawGraphql(sim, shop.token, 'query Q($id: ID!) { order(id: $id) { id note customer { id } } }', {
      id: o.id,
    });
    expect(r.body.data.order).toEqual({ id: o.id, note: null, customer: null });
    const nonNull = await rawGraphql(sim, shop.token, 'query Q($id: ID!) { order(id: $id) { id discountCodes } }', {
      id: o.id,
    });
    expect(nonNull.body.errors[0]).toMatchObject({
      message: 'Order.discountCodes is not supported by the Shopify simulator',
      path: ['order', 'discountCodes'],
    });
    expect(
      (await rawGraphql(sim, shop.token, '{ order(id: "gid://shopify/Order/1") { id } }')).body.data.order,
    ).toBeNull();
  });

  it('computes requested and actual cost like Shopify', async () => {
    const r = await rawGraphql(
      sim,
      shop.token,
      '{ shop { id name } locations(first: 10) { nodes { id name address { city } } } }',
    );
    // shop 1 + locations (2 + 10 x (node 1 + address 1)) = 23 requested; 2 locations came back: 1 + 2 + 2 x 2 = 7.
    expect(r.body.extensions.cost).toMatchObject({
      requestedQueryCost: 23,
      actualQueryCost: 7,
      throttleStatus: { maximumAvailable: 20000, restoreRate: 1000 },
    });
    const m = await rawGraphql(sim, shop.token, D.TAGS_ADD, { id: 'gid://shopify/Order/1', tags: ['x'] });
    expect(m.body.extensions.cost.requestedQueryCost).toBe(10);
  });

  it('refuses a query over 1,000 points with MAX_COST_EXCEEDED', async () => {
    const r = await rawGraphql(
      sim,
      shop.token,
      '{ orders(first: 250) { nodes { id lineItems(first: 250) { nodes { id } } } } }',
    );
    expect(r.body.errors[0].extensions).toMatchObject({ code: 'MAX_COST_EXCEEDED', maxCost: 1000 });
    expect(r.body.errors[0].message).toMatch(
      /^Query cost is \d+, which exceeds the single query max cost limit \(1000\)/,
    );
    expect(r.body.data).toBeUndefined();
  });

  it('throttles when the bucket cannot pay, executes nothing, and recovers as it restores', async () => {
    const small = await testShop(sim, 'gql-small.myshopify.com', { throttle: { bucketSize: 25, restoreRate: 10 } });
    const o = await small.order();
    const tag = (t: string) => rawGraphql(sim, small.token, D.TAGS_ADD, { id: o.id, tags: [t] });
    expect((await tag('t1')).body.extensions.cost.throttleStatus).toMatchObject({
      maximumAvailable: 25,
      restoreRate: 10,
    });
    await tag('t2');
    const throttled = await tag('t3');
    expect(throttled.status).toBe(200);
    expect(throttled.body.errors).toEqual([
      {
        message: 'Throttled',
        extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' },
      },
    ]);
    expect(throttled.body.extensions.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: null });
    expect(throttled.body.extensions.cost.throttleStatus.currentlyAvailable).toBeLessThan(10);
    expect((await small.state(o.legacyResourceId)).tags).toEqual(['t1', 't2']);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await tag('t4')).body.errors).toBeUndefined();
    const log: any[] = await control(sim, 'GET', small.path('/requests'));
    expect(log.map((e) => e.throttled)).toEqual([false, false, true, false]);
    expect(log[0]).toMatchObject({
      operationName: 'TagsAdd',
      rootFields: ['tagsAdd'],
      requestedCost: 10,
      actualCost: 10,
      status: 200,
    });
  });

  it('requires @idempotent from 2026-04 on, not before', async () => {
    const doc =
      'mutation S($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { message } } }';
    const input = {
      name: 'available',
      reason: 'correction',
      quantities: [
        { inventoryItemId: shop.teeItem, locationId: shop.locations.a, quantity: 3, changeFromQuantity: null },
      ],
    };
    const refused = await rawGraphql(sim, shop.token, doc, { input });
    expect(refused.body.errors[0].message).toMatch(
      /@idempotent directive is required for the inventorySetQuantities mutation/,
    );
    expect(refused.body.data).toBeUndefined();
    const old = await rawGraphql(sim, shop.token, doc, { input }, '2026-01');
    expect(old.body.data.inventorySetQuantities.userErrors).toEqual([]);
  });
});
