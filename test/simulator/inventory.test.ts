import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/shopify/documents';
import { gql, startSimulator, testShop, type Simulator } from './support';

/** inventorySetQuantities / inventoryAdjustQuantities: compare-and-swap, idempotency, what InventoryLevels reports. */
const SET = /* GraphQL */ `
  mutation Set($input: InventorySetQuantitiesInput!, $key: String!) {
    inventorySetQuantities(input: $input) @idempotent(key: $key) {
      inventoryAdjustmentGroup { id reason changes { name delta quantityAfterChange item { id sku } location { id } } }
      userErrors { field message code }
    }
  }`;
const ADJUST = /* GraphQL */ `
  mutation Adjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
    inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
      inventoryAdjustmentGroup { id changes { name delta quantityAfterChange } }
      userErrors { field message code }
    }
  }`;

describe('simulator inventory', () => {
  let sim: Simulator;
  let shop: Awaited<ReturnType<typeof testShop>>;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    shop = await testShop(sim, 'inv-test.myshopify.com');
  });
  afterAll(() => sim?.close());

  const levels = async (locationId: string) => {
    const d = await gql(
      shop.client,
      D.INVENTORY_LEVELS.replace('["on_hand"]', '["on_hand", "available", "committed"]'),
      { locationId },
    );
    return Object.fromEntries(
      d.location.inventoryLevels.nodes.map((n: any) => [
        n.item.sku,
        Object.fromEntries(n.quantities.map((q: any) => [q.name, q.quantity])),
      ]),
    );
  };
  const set = (quantity: number, changeFromQuantity: number | null, key: string, name = 'on_hand') =>
    gql(shop.client, SET, {
      key,
      input: {
        name,
        reason: 'correction',
        quantities: [{ inventoryItemId: shop.teeItem, locationId: shop.locations.b, quantity, changeFromQuantity }],
      },
    }).then((d) => d.inventorySetQuantities);

  it('reports on_hand, available and committed; orders commit stock', async () => {
    expect((await levels(shop.locations.b)).TEE).toEqual({ on_hand: 10, available: 10, committed: 0 });
    await shop.order({ lineItems: [{ sku: 'TEE', quantity: 4 }] });
    expect((await levels(shop.locations.a)).TEE).toEqual({ on_hand: 10, available: 6, committed: 4 });
  });

  it('sets with compare-and-swap: a stale changeFromQuantity changes nothing', async () => {
    const stale = await set(7, 9, 'set-1');
    expect(stale.userErrors[0]).toMatchObject({ code: 'CHANGE_FROM_QUANTITY_STALE' });
    expect((await levels(shop.locations.b)).TEE.on_hand).toBe(10);
    const ok = await set(7, 10, 'set-2');
    expect(ok.userErrors).toEqual([]);
    expect(ok.inventoryAdjustmentGroup.changes).toContainEqual(
      expect.objectContaining({ name: 'on_hand', delta: -3, quantityAfterChange: 7 }),
    );
    expect((await levels(shop.locations.b)).TEE).toMatchObject({ on_hand: 7, available: 7 });
  });

  it('replays a repeated key without setting again, and refuses the key with other input', async () => {
    const first = await set(5, null, 'set-3');
    await set(6, null, 'set-4'); // the level moves on
    const replay = await set(5, null, 'set-3');
    expect(replay.inventoryAdjustmentGroup.id).toBe(first.inventoryAdjustmentGroup.id);
    expect((await levels(shop.locations.b)).TEE.on_hand).toBe(6);
    const mismatch = await set(4, null, 'set-3');
    expect(mismatch.userErrors[0].code).toBe('IDEMPOTENCY_KEY_PARAMETER_MISMATCH');
  });

  it('insists changeFromQuantity is given (null skips the check)', async () => {
    const res = await shop.client.request(SET, {
      variables: {
        key: 'set-5',
        input: {
          name: 'available',
          reason: 'correction',
          quantities: [{ inventoryItemId: shop.teeItem, locationId: shop.locations.b, quantity: 1 }],
        },
      },
    });
    expect(res.errors?.graphQLErrors?.[0]?.message).toMatch(/changeFromQuantity must be given/);
    const badName = await set(1, null, 'set-6', 'committed');
    expect(badName.userErrors[0].code).toBe('INVALID_NAME');
  });

  it('adjusts available by a delta, with compare-and-swap', async () => {
    const before = (await levels(shop.locations.b)).TEE;
    const adjust = (delta: number, changeFromQuantity: number | null, key: string) =>
      gql(shop.client, ADJUST, {
        key,
        input: {
          name: 'available',
          reason: 'received',
          changes: [{ inventoryItemId: shop.teeItem, locationId: shop.locations.b, delta, changeFromQuantity }],
        },
      }).then((d) => d.inventoryAdjustQuantities);
    const ok = await adjust(5, before.available, 'adj-1');
    expect(ok.inventoryAdjustmentGroup.changes).toEqual([
      { name: 'available', delta: 5, quantityAfterChange: before.available + 5 },
      { name: 'on_hand', delta: 5, quantityAfterChange: before.on_hand + 5 },
    ]);
    await adjust(5, before.available, 'adj-1'); // replay
    expect((await levels(shop.locations.b)).TEE.available).toBe(before.available + 5);
    const stale = await adjust(1, before.available, 'adj-2');
    expect(stale.userErrors[0].code).toBe('CHANGE_FROM_QUANTITY_STALE');
    const unknown = await gql(shop.client, ADJUST, {
      key: 'adj-3',
      input: {
        name: 'available',
        reason: 'received',
        changes: [
          {
            inventoryItemId: 'gid://shopify/InventoryItem/1',
            locationId: shop.locations.b,
            delta: 1,
            changeFromQuantity: null,
          },
        ],
      },
    });
    expect(unknown.inventoryAdjustQuantities.userErrors[0].code).toBe('INVALID_INVENTORY_ITEM');
  });
});
