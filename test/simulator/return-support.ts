import { expect } from 'vitest';
import * as D from '../../src/shopify/documents';
import * as R from './return-documents';
import { gql, type testShop } from './support';

type TestShop = Awaited<ReturnType<typeof testShop>>;

/** An order (TEE x2 + MUG x1 = 50.00) captured in full and fulfilled at A; its fulfillment line items by SKU. */
export async function fulfilledOrder(shop: TestShop) {
  const o = await shop.order();
  const txs = await gql(shop.client, D.ORDER_TRANSACTIONS, { id: o.id });
  const auth = txs.order.transactions.find((t: any) => t.kind === 'AUTHORIZATION');
  const cap = await gql(shop.client, D.ORDER_CAPTURE, {
    input: { id: o.id, parentTransactionId: auth.id, amount: '50.00', currency: 'USD' },
  });
  const fo = (await gql(shop.client, D.ORDER_FULFILLMENT_ORDERS, { id: o.id })).order.fulfillmentOrders.nodes[0];
  const f = await gql(shop.client, D.FULFILLMENT_CREATE, {
    fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }] },
  });
  expect(f.fulfillmentCreate.userErrors).toEqual([]);
  const r = await gql(shop.client, R.ORDER_RETURNABLES, { id: o.id });
  const flis = r.order.fulfillments[0].fulfillmentLineItems.nodes;
  const fli = (sku: string) => flis.find((x: any) => x.lineItem.sku === sku).id as string;
  return { ...o, captureId: cap.orderCapture.transaction.id as string, tee: fli('TEE'), mug: fli('MUG') };
}
