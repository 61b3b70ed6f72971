import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/shopify/documents';
import { gql, startSimulator, testShop, type Simulator } from './support';

/** refundCreate's refundLineItems with restockType CANCEL: unfulfilled units leave the fulfillment orders. */
describe('simulator refund line items (CANCEL)', () => {
  let sim: Simulator;
  let shop: Awaited<ReturnType<typeof testShop>>;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    shop = await testShop(sim, 'refund-lines.myshopify.com');
  });
  afterAll(async () => sim?.close());

  const fulfillmentOrders = async (id: string) =>
    (await gql(shop.client, D.ORDER_FULFILLMENT_ORDERS, { id })).order.fulfillmentOrders.nodes;
  const remaining = async (id: string) =>
    Object.fromEntries(
      (await fulfillmentOrders(id)).flatMap((fo: any) =>
        fo.lineItems.nodes.map((l: any) => [l.lineItem.sku, l.remainingQuantity]),
      ),
    );
  const cancelLines = (orderId: string, lines: [string, number][], key: string, lineIds: Record<string, string>) =>
    gql(shop.client, D.REFUND_CREATE, {
      input: {
        orderId,
        refundLineItems: lines.map(([sku, quantity]) => ({
          lineItemId: lineIds[sku],
          quantity,
          restockType: 'CANCEL',
        })),
        transactions: [],
      },
      idempotencyKey: key,
    }).then((d) => d.refundCreate);

  it('cancels unfulfilled units, closes a fulfillment order with nothing left, and refuses more than remains', async () => {
    const o = await shop.order();
    const lineIds = Object.fromEntries(
      (await fulfillmentOrders(o.id))[0].lineItems.nodes.map((l: any) => [l.lineItem.sku, l.lineItem.id]),
    );
    expect(await remaining(o.id)).toEqual({ TEE: 2, MUG: 1 });

    const tooMany = await cancelLines(o.id, [['MUG', 2]], 'too-many', lineIds);
    expect(tooMany.refund).toBeNull();
    expect(tooMany.userErrors[0].message).toMatch(/cannot refund more items than were purchased/);
    expect(await remaining(o.id)).toEqual({ TEE: 2, MUG: 1 });

    const some = await cancelLines(
      o.id,
      [
        ['TEE', 1],
        ['MUG', 1],
      ],
      'some',
      lineIds,
    );
    expect(some.userErrors).toEqual([]);
    expect(await remaining(o.id)).toEqual({ TEE: 1, MUG: 0 });
    expect((await fulfillmentOrders(o.id))[0].status).not.toBe('CLOSED');

    await cancelLines(o.id, [['TEE', 1]], 'rest', lineIds);
    expect((await fulfillmentOrders(o.id)).map((fo: any) => fo.status)).toEqual(['CLOSED']);
    // A repeat of the same request (same key) replays: nothing more is cancelled, no error.
    expect((await cancelLines(o.id, [['TEE', 1]], 'rest', lineIds)).userErrors).toEqual([]);
    const state = await shop.state(o.legacyResourceId);
    expect(state.transactions.filter((t: any) => t.kind === 'REFUND')).toEqual([]);
  });
});
