import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/shopify/documents';
import { createShopifyAdmin } from '../../src/shopify/client';
import { cancelRemainderActivities } from '../../src/activities/cancel-remainder';
import { API_VERSION, gql, startSimulator, testShop, type Simulator } from './support';

/**
 * The activity behind a cancel after a partial shipment, against the
 * simulator: the order (TEE x2 at 40.00 + MUG at 10.00, 50.00 authorized) is
 * split so the MUG has its own fulfillment order; the TEE's part counts as
 * shipped and paid (40.00 kept). What is refunded, voided or left depends on
 * what Shopify's ledger shows, and a repeat does nothing more.
 */
describe('cancelRemainderInShopify', () => {
  let sim: Simulator;
  let shop: Awaited<ReturnType<typeof testShop>>;
  let cancelRemainder: ReturnType<typeof cancelRemainderActivities>['cancelRemainderInShopify'];
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    shop = await testShop(sim, 'cancel-remainder.myshopify.com');
    const shopify = createShopifyAdmin({ shop: sim.url, accessToken: shop.token, apiVersion: API_VERSION });
    cancelRemainder = cancelRemainderActivities(shopify).cancelRemainderInShopify;
  });
  afterAll(async () => sim?.close());

  const transactions = async (id: string) => (await gql(shop.client, D.ORDER_TRANSACTIONS, { id })).order.transactions;
  const ok = async (id: string, kind: string) =>
    (await transactions(id)).filter((t: any) => t.kind === kind && t.status === 'SUCCESS');
  const capture = async (id: string, amount: string, finalCapture = false) => {
    const auth = (await ok(id, 'AUTHORIZATION'))[0];
    const d = await gql(shop.client, D.ORDER_CAPTURE, {
      input: { id, parentTransactionId: auth.id, amount, currency: 'USD', finalCapture },
    });
    expect(d.orderCapture.userErrors).toEqual([]);
  };
  const fulfillmentOrders = async (id: string) =>
    (await gql(shop.client, D.ORDER_FULFILLMENT_ORDERS, { id })).order.fulfillmentOrders.nodes;

  /** A new order whose TEE moved to location B: returns its id and the MUG's fulfillment order. */
  async function splitOrder() {
    const o = await shop.order();
    const [fo] = await fulfillmentOrders(o.id);
    const tee = fo.lineItems.nodes.find((l: any) => l.lineItem.sku === 'TEE');
    const moved = await gql(shop.client, D.FULFILLMENT_ORDER_MOVE, {
      id: fo.id,
      newLocationId: shop.locations.b,
      fulfillmentOrderLineItems: [{ id: tee.id, quantity: 2 }],
    });
    expect(moved.fulfillmentOrderMove.userErrors).toEqual([]);
    const mugFo = (await fulfillmentOrders(o.id)).find((f: any) =>
      f.lineItems.nodes.some((l: any) => l.lineItem.sku === 'MUG' && l.remainingQuantity > 0),
    );
    return { orderGid: o.id as string, mugFo: mugFo.id as string };
  }

  const input = (orderGid: string, fo: string, refund: string, keep: string) => ({
    orderGid,
    workflowId: `wf-${orderGid}`,
    fulfillmentOrderIds: [fo],
    refund,
    keep,
    currency: 'USD',
    voidUntouched: true,
    reason: 'customer changed mind',
  });

  it('the unshipped share captured: exactly it is refunded against its capture, the units cancelled; a repeat does nothing more', async () => {
    const { orderGid, mugFo } = await splitOrder();
    await capture(orderGid, '40.00');
    await capture(orderGid, '10.00', true);
    const first = await cancelRemainder(input(orderGid, mugFo, '10.00', '40.00'));
    expect(first).toMatchObject({ refunded: '10.00', refundedNow: '10.00', voided: [], leftToExpire: [] });
    expect(first.cancelledLines).toEqual([expect.objectContaining({ sku: 'MUG', quantity: 1 })]);
    const refunds = await ok(orderGid, 'REFUND');
    expect(refunds.map((t: any) => [t.amountSet.shopMoney.amount, t.parentTransaction.id])).toEqual([
      ['10.00', (await ok(orderGid, 'CAPTURE'))[1].id],
    ]);
    expect((await fulfillmentOrders(orderGid)).find((f: any) => f.id === mugFo).status).toBe('CLOSED');

    const again = await cancelRemainder(input(orderGid, mugFo, '10.00', '40.00'));
    expect(again).toMatchObject({ refunded: '10.00', refundedNow: '0.00', cancelledLines: [] });
    expect(await ok(orderGid, 'REFUND')).toHaveLength(1);
  });

  it('the unshipped share never captured: nothing refunded; the partly captured authorization is left to expire', async () => {
    const { orderGid, mugFo } = await splitOrder();
    await capture(orderGid, '40.00');
    const done = await cancelRemainder(input(orderGid, mugFo, '0.00', '40.00'));
    expect(done).toMatchObject({ refunded: '0.00', refundedNow: '0.00', voided: [] });
    expect(done.leftToExpire.map((a) => a.amount)).toEqual(['10.00']);
    expect(await ok(orderGid, 'REFUND')).toEqual([]);
    expect(await ok(orderGid, 'VOID')).toEqual([]);
  });

  it('an untouched authorization is voided once nothing else will be captured; never more than captured is refunded', async () => {
    const { orderGid, mugFo } = await splitOrder();
    const done = await cancelRemainder(input(orderGid, mugFo, '10.00', '0.00'));
    expect(done).toMatchObject({ refunded: '0.00', refundedNow: '0.00' });
    expect(done.voided).toHaveLength(1);
    expect(await ok(orderGid, 'VOID')).toHaveLength(1);
    expect(await ok(orderGid, 'REFUND')).toEqual([]);
  });
});
