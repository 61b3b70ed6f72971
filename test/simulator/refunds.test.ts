import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/shopify/documents';
import { parseWebhookBody } from '../../src/shopify/webhook-payload';
import { control, gql, startSimulator, testShop, webhookReceiver, type Simulator } from './support';

/** refundCreate with refundLineItems: what each restock type does to stock, the Refund object, and refunds/create. */
describe('simulator refunds with line items', () => {
  let sim: Simulator;
  let shop: Awaited<ReturnType<typeof testShop>>;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  let keys = 0;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    hooks = await webhookReceiver();
    shop = await testShop(sim, 'refund-test.myshopify.com', { webhookUrl: `${hooks.url}/hooks` });
  });
  afterAll(async () => {
    await sim?.close();
    await hooks?.close();
  });

  const stock = async (sku: string, location: string) => {
    const s = await control(sim, 'GET', shop.path(''));
    return s.variants.find((v: any) => v.sku === sku).inventory[location];
  };
  const fos = async (id: string) =>
    (await gql(shop.client, D.ORDER_FULFILLMENT_ORDERS, { id })).order.fulfillmentOrders.nodes;
  const refund = (input: Record<string, unknown>) =>
    gql(shop.client, D.REFUND_CREATE, { input, idempotencyKey: `k-${++keys}` }).then((d) => d.refundCreate);
  const lineOf = async (orderId: string, sku: string) =>
    (await fos(orderId)).flatMap((f: any) => f.lineItems.nodes).find((l: any) => l.lineItem.sku === sku).lineItem.id;
  /** An order (TEE x2 + MUG x1 at A), captured in full, with TEE shipped from A. */
  async function shippedOrder() {
    const o = await shop.order();
    const auth = (await gql(shop.client, D.ORDER_TRANSACTIONS, { id: o.id })).order.transactions[0];
    const cap = await gql(shop.client, D.ORDER_CAPTURE, {
      input: { id: o.id, parentTransactionId: auth.id, amount: '50.00', currency: 'USD' },
    });
    const [fo] = await fos(o.id);
    const tee = fo.lineItems.nodes.find((l: any) => l.lineItem.sku === 'TEE');
    const shipped = await gql(shop.client, D.FULFILLMENT_CREATE, {
      fulfillment: {
        lineItemsByFulfillmentOrder: [
          { fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: tee.id, quantity: 2 }] },
        ],
      },
    });
    expect(shipped.fulfillmentCreate.userErrors).toEqual([]);
    return { o, capture: cap.orderCapture.transaction.id as string, tee: tee.lineItem.id as string };
  }

  it('RETURN puts the units back at the location, with the refund and its webhook saying so', async () => {
    const { o, capture, tee } = await shippedOrder();
    const before = await stock('TEE', shop.locations.b);
    const seen = hooks.byTopic('refunds/create').length;
    const levelHooks = hooks.byTopic('inventory_levels/update').length;
    const r = await refund({
      orderId: o.id,
      note: 'customer sent one back',
      refundLineItems: [{ lineItemId: tee, quantity: 1, restockType: 'RETURN', locationId: shop.locations.b }],
      transactions: [{ orderId: o.id, parentId: capture, amount: '20.00', kind: 'REFUND', gateway: 'bogus' }],
    });
    expect(r.userErrors).toEqual([]);
    const after = await stock('TEE', shop.locations.b);
    expect(after.available).toBe(before.available + 1);
    expect(after.on_hand).toBe(before.on_hand + 1);

    const read = (await gql(shop.client, D.REFUND, { id: r.refund.id })).refund;
    expect(read).toMatchObject({
      id: r.refund.id,
      note: 'customer sent one back',
      return: null,
      order: { id: o.id, totalRefundedSet: { shopMoney: { amount: '20.00' } } },
      totalRefundedSet: { shopMoney: { amount: '20.00', currencyCode: 'USD' } },
      refundLineItems: {
        nodes: [
          {
            quantity: 1,
            restockType: 'RETURN',
            restocked: true,
            location: { id: shop.locations.b },
            lineItem: { id: tee, sku: 'TEE' },
          },
        ],
      },
      transactions: { nodes: [{ kind: 'REFUND', status: 'SUCCESS', amountSet: { shopMoney: { amount: '20.00' } } }] },
    });

    await expect.poll(() => hooks.byTopic('refunds/create').length).toBe(seen + 1);
    const body = parseWebhookBody(hooks.byTopic('refunds/create').at(-1)!.body);
    const exact = JSON.parse(
      hooks
        .byTopic('refunds/create')
        .at(-1)!
        .body.replace(/:\s*(\d{16,})/g, ':"$1"'),
    ) as Record<string, any>;
    expect(body.admin_graphql_api_id).toBe(r.refund.id);
    expect(exact.order_id).toBe(o.legacyResourceId);
    expect(exact).toMatchObject({
      restock: true,
      note: 'customer sent one back',
      return: null,
      refund_line_items: [
        {
          quantity: 1,
          restock_type: 'return',
          location_id: shop.locations.b.split('/').pop(),
          line_item_id: tee.split('/').pop(),
          subtotal: '20.00',
          line_item: { sku: 'TEE', admin_graphql_api_id: tee },
        },
      ],
      transactions: [{ kind: 'refund', amount: '20.00', status: 'success' }],
    });
    // The level's change is announced as any other change is.
    await expect.poll(() => hooks.byTopic('inventory_levels/update').length).toBe(levelHooks + 1);
    const level = JSON.parse(
      hooks
        .byTopic('inventory_levels/update')
        .at(-1)!
        .body.replace(/:\s*(\d{16,})/g, ':"$1"'),
    );
    expect(level).toMatchObject({ location_id: shop.locations.b.split('/').pop(), available: after.available });
    // Order.refunds gives it too.
    const listed = await control(sim, 'GET', shop.path(`/orders/${o.legacyResourceId}`));
    expect(listed.refunds.map((x: any) => x.id)).toEqual([r.refund.id]);
  });

  it('NO_RESTOCK changes no stock; CANCEL takes unfulfilled units off their fulfillment order and releases them', async () => {
    const { o, capture, tee } = await shippedOrder();
    const mug = await lineOf(o.id, 'MUG');
    const teeA = await stock('TEE', shop.locations.a);
    const mugA = await stock('MUG', shop.locations.a);
    const none = await refund({
      orderId: o.id,
      refundLineItems: [{ lineItemId: tee, quantity: 1, restockType: 'NO_RESTOCK' }],
      transactions: [{ orderId: o.id, parentId: capture, amount: '20.00', kind: 'REFUND', gateway: 'bogus' }],
    });
    expect(none.userErrors).toEqual([]);
    expect(await stock('TEE', shop.locations.a)).toEqual(teeA);
    const cancel = await refund({
      orderId: o.id,
      refundLineItems: [{ lineItemId: mug, quantity: 1, restockType: 'CANCEL' }],
    });
    expect(cancel.userErrors).toEqual([]);
    const after = await stock('MUG', shop.locations.a);
    expect(after.committed).toBe(mugA.committed - 1);
    expect(after.available).toBe(mugA.available + 1);
    const mugLine = (await fos(o.id)).flatMap((f: any) => f.lineItems.nodes).find((l: any) => l.lineItem.sku === 'MUG');
    expect(mugLine.remainingQuantity).toBe(0);
    const read = (await gql(shop.client, D.REFUND, { id: cancel.refund.id })).refund;
    expect(read.refundLineItems.nodes[0]).toMatchObject({
      restockType: 'CANCEL',
      restocked: true,
      location: { id: shop.locations.a },
    });
  });

  it('refuses an unknown line, more units than can be refunded, returned or cancelled, and a return with no location', async () => {
    const { o, tee } = await shippedOrder();
    const mug = await lineOf(o.id, 'MUG');
    const refused = async (line: Record<string, unknown>, field: string, message: RegExp) => {
      const r = await refund({ orderId: o.id, refundLineItems: [line] });
      expect(r.refund).toBeNull();
      expect(r.userErrors[0]).toMatchObject({
        field: ['refundLineItems', '0', field],
        message: expect.stringMatching(message),
      });
    };
    const before = await control(sim, 'GET', shop.path(''));
    await refused({ lineItemId: 'gid://shopify/LineItem/1', quantity: 1 }, 'lineItemId', /does not exist/);
    await refused(
      { lineItemId: tee, quantity: 3, restockType: 'NO_RESTOCK' },
      'quantity',
      /more items than were purchased/,
    );
    await refused({ lineItemId: tee, quantity: 1, restockType: 'RETURN' }, 'locationId', /location is required/i);
    await refused(
      { lineItemId: mug, quantity: 1, restockType: 'RETURN', locationId: shop.locations.a },
      'quantity',
      /more items than were fulfilled/,
    );
    await refused(
      { lineItemId: tee, quantity: 1, restockType: 'CANCEL' },
      'quantity',
      /more items than are unfulfilled/,
    );
    await refused(
      { lineItemId: tee, quantity: 1, restockType: 'LEGACY_RESTOCK', locationId: shop.locations.a },
      'restockType',
      /not accepted/,
    );
    const after = await control(sim, 'GET', shop.path(''));
    expect(after.variants).toEqual(before.variants);
    expect((await shop.state(o.legacyResourceId)).refunds).toEqual([]);
  });
});
