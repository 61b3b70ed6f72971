import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_DOCUMENTS } from '../../src/shopify/documents';
import { DEMO_LOCATIONS, DEMO_SHOP, seedDemoShop } from '../../src/simulator/seed';
import { adminClient, control, gql, ORDER_AS_SHOPIFY_SHOWS_IT, startSimulator, type Simulator } from './support';

/**
 * Every document the engine sends, executed over HTTP through Shopify's own
 * SDK (@shopify/admin-api-client) against the seeded demo shop: no errors, no
 * userErrors, and the data the engine reads is there.
 */
describe('every engine document against the demo shop', () => {
  let sim: Simulator;
  const ran = new Set<string>();
  let run: (name: string, variables?: Record<string, unknown>) => Promise<any>;
  let client: ReturnType<typeof adminClient>;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    await seedDemoShop(sim.url); // over the control API, as a separate process would
    client = adminClient(sim, DEMO_SHOP.accessToken);
    run = async (name, variables) => {
      const res = await client.request(ALL_DOCUMENTS[name]!, { variables });
      expect(res.errors, `${name}: ${JSON.stringify(res.errors)}`).toBeUndefined();
      for (const payload of Object.values(res.data ?? {}) as any[]) {
        for (const key of ['userErrors', 'orderCancelUserErrors'])
          if (payload && key in payload) expect(payload[key], name).toEqual([]);
      }
      expect(res.extensions?.cost?.requestedQueryCost).toBeGreaterThan(0);
      ran.add(name);
      return res.data;
    };
  });
  afterAll(() => sim?.close());

  const place = (body: Record<string, unknown> = {}) =>
    control(sim, 'POST', `/shops/${DEMO_SHOP.domain}/orders`, {
      lineItems: [
        { sku: 'TEE-BLK-M', quantity: 2 },
        { sku: 'POSTER-A2', quantity: 1 },
      ],
      shippingAddress: {
        city: 'Hoboken',
        provinceCode: 'NJ',
        countryCode: 'US',
        zip: '07030',
        latitude: 40.744,
        longitude: -74.032,
      },
      email: 'buyer@example.com',
      ...body,
    });

  it('runs the shop, location and inventory reads', async () => {
    const shop = await run('ShopIdentity');
    expect(shop.shop).toMatchObject({ myshopifyDomain: DEMO_SHOP.domain, currencyCode: 'USD' });
    const locs = await run('Locations', {});
    expect(locs.locations.nodes.map((l: any) => l.name)).toEqual(DEMO_LOCATIONS.map((l) => l.name));
    const nj = locs.locations.nodes[0];
    expect(nj.address).toMatchObject({ city: 'Newark', provinceCode: 'NJ', countryCode: 'US' });
    const levels = await run('InventoryLevels', { locationId: nj.id });
    const tee = levels.location.inventoryLevels.nodes.find((n: any) => n.item.sku === 'TEE-BLK-M');
    expect(tee.quantities).toEqual([{ name: 'on_hand', quantity: 500 }]);
  });

  it('runs the webhook subscription documents', async () => {
    await run('WebhookSubscriptionCreate', {
      topic: 'ORDERS_CREATE',
      webhookSubscription: { uri: 'http://127.0.0.1:9/hooks' },
    });
    const subs = await run('WebhookSubscriptions', {});
    expect(subs.webhookSubscriptions.nodes).toEqual([
      expect.objectContaining({ topic: 'ORDERS_CREATE', uri: 'http://127.0.0.1:9/hooks' }),
    ]);
  });

  it('runs the order lifecycle documents', async () => {
    const placed = await place({ shippingPrice: '5.00', tags: ['vip'] });
    const o = (await run('OrderForOrchestration', { id: placed.id })).order;
    expect(o).toMatchObject({ id: placed.id, name: placed.name, displayFulfillmentStatus: 'UNFULFILLED' });
    const shown = (await gql(client, ORDER_AS_SHOPIFY_SHOWS_IT, { id: placed.id })).order;
    expect(shown).toMatchObject({
      id: placed.id,
      legacyResourceId: placed.legacyResourceId,
      name: placed.name,
      displayFinancialStatus: 'AUTHORIZED',
      displayFulfillmentStatus: 'UNFULFILLED',
      tags: ['vip'],
    });
    expect(o.currentTotalPriceSet.shopMoney).toEqual({ amount: '67.00', currencyCode: 'USD' });
    expect(o.shippingAddress).toMatchObject({ latitude: 40.744, longitude: -74.032, countryCodeV2: 'US' });
    expect(BigInt(shown.legacyResourceId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    const auth = o.transactions.find((t: any) => t.kind === 'AUTHORIZATION');
    expect(auth.authorizationExpiresAt).toBeTruthy();

    const fos = (await run('OrderFulfillmentOrders', { id: placed.id })).order.fulfillmentOrders.nodes;
    expect(fos).toHaveLength(1);
    const fo = fos[0];
    const hold = await run('FulfillmentOrderHold', {
      id: fo.id,
      fulfillmentHold: { reason: 'AWAITING_PAYMENT', handle: 'oo', reasonNotes: 'waiting' },
    });
    expect(hold.fulfillmentOrderHold.fulfillmentOrder.status).toBe('ON_HOLD');
    const la = (await run('Locations', {})).locations.nodes.find((l: any) => l.name === 'LA Warehouse').id;
    const teeLine = fo.lineItems.nodes.find((l: any) => l.lineItem.sku === 'TEE-BLK-M');
    const moved = await run('FulfillmentOrderMove', {
      id: fo.id,
      newLocationId: la,
      fulfillmentOrderLineItems: [{ id: teeLine.id, quantity: 2 }],
    });
    expect(moved.fulfillmentOrderMove.movedFulfillmentOrder.assignedLocation.location.id).toBe(la);
    await run('FulfillmentOrderReleaseHold', { id: fo.id, holdIds: [hold.fulfillmentOrderHold.fulfillmentHold.id] });

    const cap = await run('OrderCapture', {
      input: { id: placed.id, parentTransactionId: auth.id, amount: '67.00', currency: 'USD' },
    });
    expect(cap.orderCapture.transaction).toMatchObject({
      kind: 'CAPTURE',
      status: 'SUCCESS',
      parentTransaction: { id: auth.id },
    });
    const after = (await run('OrderTransactions', { id: placed.id })).order;
    expect(after.totalCapturableSet.shopMoney.amount).toBe('0.00');

    for (const f of (await run('OrderFulfillmentOrders', { id: placed.id })).order.fulfillmentOrders.nodes) {
      const done = await run('FulfillmentCreate', {
        fulfillment: {
          lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: f.id }],
          trackingInfo: { number: '1Z999', company: 'UPS', url: 'https://ups.example/1Z999' },
          notifyCustomer: true,
        },
      });
      expect(done.fulfillmentCreate.fulfillment.trackingInfo).toEqual([
        { company: 'UPS', number: '1Z999', url: 'https://ups.example/1Z999' },
      ]);
    }
    const tracked = await run('OrderFulfillmentTracking', { id: placed.id });
    expect((await run('OrderCancellation', { id: placed.id })).order).toEqual({ id: placed.id, cancelledAt: null });
    const deadline = await run('FulfillmentOrdersSetFulfillmentDeadline', {
      fulfillmentOrderIds: [
        (await run('OrderFulfillmentOrders', { id: placed.id })).order.fulfillmentOrders.nodes[0].id,
      ],
      fulfillmentDeadline: '2026-12-01T12:00:00Z',
    });
    expect(deadline.fulfillmentOrdersSetFulfillmentDeadline.success).toBe(true);
    expect(tracked.order.fulfillments.flatMap((f: any) => f.trackingInfo.map((t: any) => t.number))).toContain('1Z999');
    const refund = await run('RefundCreate', {
      input: {
        orderId: placed.id,
        transactions: [
          {
            orderId: placed.id,
            parentId: cap.orderCapture.transaction.id,
            amount: '5.00',
            kind: 'REFUND',
            gateway: 'bogus',
          },
        ],
      },
      idempotencyKey: 'doc-refund-1',
    });
    expect(refund.refundCreate.refund.totalRefundedSet.shopMoney.amount).toBe('5.00');
    await run('MetafieldsSet', {
      metafields: [
        { ownerId: placed.id, namespace: 'order_orchestrator', key: 'routing', type: 'json', value: '{"a":1}' },
      ],
    });
    await run('TagsAdd', { id: placed.id, tags: ['routed'] });
    expect((await run('OrderForOrchestration', { id: placed.id })).order.displayFulfillmentStatus).toBe('FULFILLED');
    const final = (await gql(client, ORDER_AS_SHOPIFY_SHOWS_IT, { id: placed.id })).order;
    expect(final).toMatchObject({
      displayFinancialStatus: 'PARTIALLY_REFUNDED',
      displayFulfillmentStatus: 'FULFILLED',
      tags: ['vip', 'routed'],
    });
  });

  /** A placed order, captured in full and fulfilled. */
  async function shipped() {
    const placed = await place();
    const o = (await run('OrderForOrchestration', { id: placed.id })).order;
    const auth = o.transactions.find((t: any) => t.kind === 'AUTHORIZATION');
    const cap = (
      await run('OrderCapture', {
        input: {
          id: placed.id,
          parentTransactionId: auth.id,
          amount: o.currentTotalPriceSet.shopMoney.amount,
          currency: 'USD',
        },
      })
    ).orderCapture.transaction;
    for (const f of (await run('OrderFulfillmentOrders', { id: placed.id })).order.fulfillmentOrders.nodes)
      await run('FulfillmentCreate', { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: f.id }] } });
    return { placed, cap };
  }

  it('runs the exchange documents: variant prices, the balance an exchange leaves, a mandate payment, an invoice', async () => {
    const { placed } = await shipped();
    const fli = (await run('OrderForReturn', { id: placed.id })).order.fulfillments
      .flatMap((f: any) => f.fulfillmentLineItems.nodes)
      .find((n: any) => n.lineItem.sku === 'POSTER-A2');
    const hoodie = (await run('VariantsBySku', { query: 'sku:HOODIE-GRY-L' })).productVariants.nodes[0];
    const prices = await run('VariantPrices', { ids: [hoodie.id] });
    expect(prices.nodes).toEqual([{ id: hoodie.id, price: '59.00' }]);
    const made = await run('ReturnCreate', {
      returnInput: {
        orderId: placed.id,
        returnLineItems: [{ fulfillmentLineItemId: fli.id, quantity: 1, returnReason: 'STYLE' }],
        exchangeLineItems: [{ variantId: hoodie.id, quantity: 1 }],
      },
    });
    const ret = (await run('ReturnForEngine', { id: made.returnCreate.return.id })).return;
    const x = ret.exchangeLineItems.nodes[0];
    expect(x).toMatchObject({ quantity: 1, processedQuantity: 0, variantSku: 'HOODIE-GRY-L' });
    await run('ReturnProcess', {
      input: {
        returnId: ret.id,
        returnLineItems: [{ id: ret.returnLineItems.nodes[0].id, quantity: 1 }],
        exchangeLineItems: [{ id: x.id, quantity: 1 }],
      },
      idempotencyKey: 'doc-exchange-1',
    });
    const owes = (await run('OrderBalance', { id: placed.id })).order;
    expect(owes.totalOutstandingSet.shopMoney.amount).toBe('47.00'); // the hoodie 59.00 less the poster 12.00
    const mandate = owes.paymentCollectionDetails.vaultedPaymentMethods[0];
    const paid = await run('OrderCreateMandatePayment', {
      id: placed.id,
      mandateId: mandate.id,
      amount: { amount: '47.00', currencyCode: 'USD' },
      idempotencyKey: 'doc-exchange-balance-1',
    });
    expect(paid.orderCreateMandatePayment.jobResult.status).toBe('SUCCEEDED');
    expect((await run('OrderBalance', { id: placed.id })).order.totalOutstandingSet.shopMoney.amount).toBe('0.00');
    expect((await run('OrderInvoiceSend', { id: placed.id })).orderInvoiceSend.order.id).toBe(placed.id);
  });

  it('runs the return documents: create, read, dispose, process with a refund, close; approve and decline requests', async () => {
    const { placed, cap } = await shipped();
    const mapped = (await run('OrderForReturn', { id: placed.id })).order;
    const fli = mapped.fulfillments
      .flatMap((f: any) => f.fulfillmentLineItems.nodes)
      .find((n: any) => n.lineItem.sku === 'TEE-BLK-M');
    const made = await run('ReturnCreate', {
      returnInput: {
        orderId: placed.id,
        returnLineItems: [{ fulfillmentLineItemId: fli.id, quantity: 1, returnReason: 'COLOR' }],
      },
    });
    expect(made.returnCreate.return.status).toBe('OPEN');
    const ret = (await run('ReturnForEngine', { id: made.returnCreate.return.id })).return;
    expect(ret.returnLineItems.nodes[0]).toMatchObject({ quantity: 1, returnReason: 'COLOR' });
    const rfoLine = ret.reverseFulfillmentOrders.nodes[0].lineItems.nodes[0];
    const location = ret.order.fulfillments[0].location.id;
    const disposed = await run('ReverseFulfillmentOrderDispose', {
      dispositionInputs: [
        {
          reverseFulfillmentOrderLineItemId: rfoLine.id,
          dispositionType: 'RESTOCKED',
          quantity: 1,
          locationId: location,
        },
      ],
    });
    expect(disposed.reverseFulfillmentOrderDispose.reverseFulfillmentOrderLineItems[0].dispositions).toHaveLength(1);
    expect((await run('ReverseFulfillmentOrderLineDispositions', { ids: [rfoLine.id] })).nodes).toEqual([
      { id: rfoLine.id, dispositions: [{ type: 'RESTOCKED', quantity: 1 }] },
    ]);
    expect((await run('ReturnStatus', { id: ret.id })).return).toEqual({ id: ret.id, status: 'OPEN' });
    const pages = (await run('ReturnPages', { id: ret.id })).return;
    expect(pages.returnLineItems.pageInfo.hasNextPage).toBe(false);
    expect(pages.order.fulfillmentsCount.count).toBeGreaterThan(0);
    expect((await run('ReturnExchangeLines', { id: ret.id })).return.exchangeLineItems).toEqual({
      nodes: [],
      pageInfo: { hasNextPage: false },
    });
    const processed = await run('ReturnProcess', {
      input: {
        returnId: ret.id,
        returnLineItems: [{ id: ret.returnLineItems.nodes[0].id, quantity: 1 }],
        financialTransfer: {
          issueRefund: {
            orderTransactions: [{ parentId: cap.id, transactionAmount: { amount: '10.00', currencyCode: 'USD' } }],
          },
        },
      },
      idempotencyKey: 'doc-return-1',
    });
    expect(processed.returnProcess.return.id).toBe(ret.id);
    const forRefund = (await run('ReturnForRefund', { id: ret.id })).return;
    expect(forRefund.refunds.nodes).toEqual([
      expect.objectContaining({ totalRefundedSet: { shopMoney: { amount: '10.00' } } }),
    ]);
    expect(forRefund.returnLineItems.nodes).toEqual([expect.objectContaining({ quantity: 1, processedQuantity: 1 })]);
    expect((await run('ReturnClose', { id: ret.id })).returnClose.return.status).toBe('CLOSED');
    expect((await run('OrderOpenReturns', { id: placed.id })).order.returns.nodes).toEqual([
      { id: ret.id, status: 'CLOSED' },
    ]);

    const request = (lineItems: unknown) =>
      control(sim, 'POST', `/shops/${DEMO_SHOP.domain}/orders/${placed.legacyResourceId}/returns`, { lineItems });
    const asked = await request([{ sku: 'POSTER-A2', quantity: 1 }]);
    expect((await run('ReturnApproveRequest', { input: { id: asked.id } })).returnApproveRequest.return.status).toBe(
      'OPEN',
    );
    const again = await request([{ sku: 'TEE-BLK-M', quantity: 1 }]);
    const declined = await run('ReturnDeclineRequest', { input: { id: again.id, declineReason: 'FINAL_SALE' } });
    expect(declined.returnDeclineRequest.return.status).toBe('DECLINED');
  });

  it('runs void and cancel', async () => {
    const a = await place();
    const auth = (await run('OrderTransactions', { id: a.id })).order.transactions[0];
    const v = await run('TransactionVoid', { parentTransactionId: auth.id });
    expect(v.transactionVoid.transaction).toMatchObject({ kind: 'VOID', status: 'SUCCESS' });
    const b = await place();
    const c = await run('OrderCancel', {
      orderId: b.id,
      reason: 'CUSTOMER',
      restock: true,
      refund: true,
      notifyCustomer: false,
      staffNote: 'test',
    });
    expect(c.orderCancel.job.done).toBe(true);
    expect((await run('OrderForOrchestration', { id: b.id })).order.cancelledAt).toBeTruthy();
  });

  it('reads what a drop-ship purchase order needs', async () => {
    const placed = await place({
      shippingAddress: {
        name: 'Dana Whitfield',
        address1: '2210 W Fullerton Ave',
        city: 'Chicago',
        provinceCode: 'IL',
        countryCode: 'US',
        zip: '60647',
      },
    });
    const { order } = await run('OrderForPurchaseOrder', { id: placed.id });
    expect(order.shippingAddress).toMatchObject({
      name: 'Dana Whitfield',
      address1: '2210 W Fullerton Ave',
      city: 'Chicago',
      provinceCode: 'IL',
      zip: '60647',
      countryCodeV2: 'US',
    });
    expect(order.lineItems.nodes.map((n: any) => [n.sku, n.quantity])).toEqual([
      ['TEE-BLK-M', 2],
      ['POSTER-A2', 1],
    ]);
    expect(Number(order.lineItems.nodes[0].discountedTotalSet.shopMoney.amount)).toBeGreaterThan(0);
  });

  it('runs the fulfillment-service (3PL) requests', async () => {
    const loc = await control(sim, 'POST', `/shops/${DEMO_SHOP.domain}/locations`, {
      name: 'Docs 3PL',
      address: { city: 'Secaucus', provinceCode: 'NJ', countryCode: 'US', zip: '07094' },
      fulfillsOnlineOrders: true,
      fulfillmentService: { serviceName: 'Docs 3PL' },
    });
    await control(sim, 'POST', `/shops/${DEMO_SHOP.domain}/products`, {
      title: 'Docs item',
      variants: [{ sku: 'DOCS-3PL', price: '9.00', inventory: { [loc.id]: 5 } }],
    });
    const placed = await place({ lineItems: [{ sku: 'DOCS-3PL', quantity: 1 }] });
    const fo = (await run('OrderFulfillmentOrders', { id: placed.id })).order.fulfillmentOrders.nodes[0];
    if (fo.assignedLocation.location.id !== loc.id)
      await run('FulfillmentOrderMove', { id: fo.id, newLocationId: loc.id });
    const submitted = await run('FulfillmentOrderSubmitFulfillmentRequest', {
      id: fo.id,
      message: 'please',
      notifyCustomer: false,
    });
    expect(submitted.fulfillmentOrderSubmitFulfillmentRequest.submittedFulfillmentOrder).toMatchObject({
      id: fo.id,
      requestStatus: 'SUBMITTED',
    });
    await control(
      sim,
      'POST',
      `/shops/${DEMO_SHOP.domain}/fulfillment-orders/${encodeURIComponent(fo.id)}/accept-request`,
      {},
    );
    const cancelling = await run('FulfillmentOrderSubmitCancellationRequest', {
      id: fo.id,
      message: 'order cancelled',
    });
    expect(cancelling.fulfillmentOrderSubmitCancellationRequest.fulfillmentOrder.requestStatus).toBe(
      'CANCELLATION_REQUESTED',
    );
  });

  it("runs the catalog reads: products by updated_at, and the rest of a product's variants", async () => {
    const all = await run('Products', { after: null, query: null });
    expect(all.products.nodes.length).toBeGreaterThanOrEqual(6);
    const tee = all.products.nodes.find((p: any) => p.variants.nodes.some((v: any) => v.sku === 'TEE-BLK-M'));
    expect(tee).toMatchObject({
      title: 'Black Tee (M)',
      variants: {
        nodes: [
          { sku: 'TEE-BLK-M', inventoryItem: { id: expect.stringMatching(/^gid:\/\/shopify\/InventoryItem\/\d+$/) } },
        ],
      },
    });
    const future = await run('Products', {
      after: null,
      query: `updated_at:>='${new Date(Date.now() + 60_000).toISOString()}'`,
    });
    expect(future.products.nodes).toEqual([]);
    const rest = await run('ProductVariants', { id: tee.id, after: tee.variants.pageInfo.endCursor });
    expect(rest.product.variants.nodes).toEqual([]);
    // A products/delete claim is settled by asking whether the product still exists.
    expect((await run('ProductExists', { id: tee.id })).product).toEqual({ id: tee.id });
    expect((await run('ProductExists', { id: 'gid://shopify/Product/999999999999' })).product).toBeNull();
  });

  it('runs the inventory sync documents: item and level reads, compare-and-set, bulk operations', async () => {
    const items = await run('InventoryItemsWithLevels', {});
    const tee = items.inventoryItems.nodes.find((n: any) => n.sku === 'TEE-BLK-M');
    expect(tee.inventoryLevels.nodes.length).toBeGreaterThan(0);
    const more = await run('InventoryItemLevels', { id: tee.id });
    const level = more.inventoryItem.inventoryLevels.nodes[0];
    const byId = await run('InventoryLevelsById', { ids: [level.id] });
    const available = byId.nodes[0].quantities.find((q: any) => q.name === 'available').quantity;
    const set = await run('InventorySetQuantities', {
      input: {
        name: 'available',
        reason: 'correction',
        quantities: [
          {
            inventoryItemId: tee.id,
            locationId: level.location.id,
            quantity: available + 1,
            changeFromQuantity: available,
          },
        ],
      },
      idempotencyKey: 'documents-test-set',
    });
    expect(set.inventorySetQuantities.inventoryAdjustmentGroup.id).toMatch(
      /^gid:\/\/shopify\/InventoryAdjustmentGroup\//,
    );
    await control(sim, 'PUT', `/shops/${DEMO_SHOP.domain}/bulk-behavior`, { minRunningMs: 5000 }); // still running when cancelled
    const started = await run('BulkOperationRunQuery', { query: '{ inventoryItems { edges { node { id sku } } } }' });
    const id = started.bulkOperationRunQuery.bulkOperation.id;
    // Cancelled while it still runs.
    const cancelled = await run('BulkOperationCancel', { id });
    expect(cancelled.bulkOperationCancel.bulkOperation.id).toBe(id);
    expect((await run('BulkOperation', { id })).bulkOperation).toMatchObject({
      id,
      status: expect.stringMatching(/^CANCEL/),
    });
    expect((await run('CurrentBulkQueryOperation')).currentBulkOperation.id).toBe(id);
  });

  it('runs the missed-order sweep read', async () => {
    await place();
    const orders = await run('OrdersUpdatedSince', { first: 10, query: "updated_at:>='2000-01-01T00:00:00Z'" });
    expect(orders.orders.nodes.length).toBeGreaterThan(0);
  });

  it('runs the order edit documents: a unit added, a line removed, a variant added, the edit key read back', async () => {
    const placed = await place();
    const before = (await run('OrderEditState', { id: placed.id })).order;
    expect(before.events.nodes).toEqual([]);
    const mug = (await run('VariantsBySku', { query: 'sku:MUG-CLASSIC' })).productVariants.nodes[0];
    expect(mug.sku).toBe('MUG-CLASSIC');
    const calc = (await run('OrderEditBegin', { id: placed.id })).orderEditBegin.calculatedOrder;
    const [tee, poster] = calc.lineItems.nodes;
    expect(
      (await run('OrderEditSetQuantity', { id: calc.id, lineItemId: tee.id, quantity: 3 })).orderEditSetQuantity,
    ).toMatchObject({ calculatedLineItem: { quantity: 3 } });
    await run('OrderEditSetQuantity', { id: calc.id, lineItemId: poster.id, quantity: 0, restock: true });
    const added = (await run('OrderEditAddVariant', { id: calc.id, variantId: mug.id, quantity: 1 }))
      .orderEditAddVariant;
    expect(added.calculatedLineItem.quantity).toBe(1);
    const committed = (await run('OrderEditCommit', { id: calc.id, staffNote: 'edit key e-1', notifyCustomer: false }))
      .orderEditCommit;
    expect(committed.order.lineItems.nodes.map((l: any) => [l.sku, l.currentQuantity])).toEqual([
      ['TEE-BLK-M', 3],
      ['POSTER-A2', 0],
      ['MUG-CLASSIC', 1],
    ]);
    const after = (await run('OrderEditState', { id: placed.id })).order;
    expect(after.events.nodes.map((e: any) => e.secondaryMessage)).toEqual(['edit key e-1']);
    expect(after.lineItems.nodes.at(-1).variant.id).toBe(mug.id);
  });

  it('ran every document in ALL_DOCUMENTS', () => {
    expect([...ran].sort()).toEqual(Object.keys(ALL_DOCUMENTS).sort());
  });
});
