import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/shopify/documents';
import { createShopifyAdmin, type ShopifyAdmin } from '../../src/shopify/client';
import { readReturnSnapshot } from '../../src/activities/return-read';
import * as R from './return-documents';
import { API_VERSION, gql, startSimulator, testShop, type Simulator } from './support';

/**
 * The return as the workflow reads it (ReturnForEngine, in pages), against
 * the simulator: a page that comes back full is checked, a list that is
 * exactly a page is read whole, and a return larger than the pages fails
 * clearly instead of being read in part.
 */
describe('readReturnSnapshot', () => {
  let sim: Simulator;
  let shop: Awaited<ReturnType<typeof testShop>>;
  let shopify: ShopifyAdmin;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    shop = await testShop(sim, 'return-read.myshopify.com');
    shopify = createShopifyAdmin({ shop: sim.url, accessToken: shop.token, apiVersion: API_VERSION });
  });
  afterAll(async () => sim?.close());

  /** An order of `units` TEEs shipped one unit per fulfillment, and an open return of the first unit. */
  async function returnOfOrderShippedIn(units: number) {
    const o = await shop.order({ lineItems: [{ sku: 'TEE', quantity: units }] });
    for (let i = 0; i < units; i++) {
      const fo = (await gql(shop.client, D.ORDER_FULFILLMENT_ORDERS, { id: o.id })).order.fulfillmentOrders.nodes.find(
        (f: any) => f.status !== 'CLOSED',
      );
      const made = await gql(shop.client, D.FULFILLMENT_CREATE, {
        fulfillment: {
          lineItemsByFulfillmentOrder: [
            { fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: fo.lineItems.nodes[0].id, quantity: 1 }] },
          ],
        },
      });
      expect(made.fulfillmentCreate.userErrors).toEqual([]);
    }
    const fli = (await gql(shop.client, R.ORDER_RETURNABLES, { id: o.id })).order.fulfillments[0].fulfillmentLineItems
      .nodes[0].id;
    const created = await gql(shop.client, R.RETURN_CREATE, {
      returnInput: {
        orderId: o.id,
        returnLineItems: [{ fulfillmentLineItemId: fli, quantity: 1, returnReason: 'DEFECTIVE' }],
      },
    });
    expect(created.returnCreate.userErrors).toEqual([]);
    return created.returnCreate.return.id as string;
  }

  it('reads a return whose order shipped in exactly one page of fulfillments', async () => {
    const returnGid = await returnOfOrderShippedIn(5);
    const snapshot = await readReturnSnapshot(shopify, returnGid);
    expect(snapshot).toMatchObject({ returnGid, status: 'OPEN', lines: [{ sku: 'TEE', quantity: 1 }] });
    expect(snapshot!.lines[0]!.shippedFrom).toBe(shop.locations.a);
    expect(snapshot!.rfoLines).toHaveLength(1);
  });

  it('fails clearly, naming what is too long, for a return larger than the pages it is read in', async () => {
    const returnGid = await returnOfOrderShippedIn(6);
    await expect(readReturnSnapshot(shopify, returnGid)).rejects.toMatchObject({
      type: 'ReturnTooLarge',
      nonRetryable: true,
      message: expect.stringMatching(/an order of more than 5 fulfillments/),
    });
  });

  it('is null for a return Shopify does not have', async () => {
    expect(await readReturnSnapshot(shopify, 'gid://shopify/Return/999999999')).toBeNull();
  });
});
