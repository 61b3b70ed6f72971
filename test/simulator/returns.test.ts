import { createHmac } from 'node:crypto';
import { parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/shopify/documents';
import { adminSchema } from '../../src/simulator/schema';
import * as R from './return-documents';
import { fulfilledOrder as orderFulfilled } from './return-support';
import { control, gql, rawGraphql, startSimulator, testShop, webhookReceiver, type Simulator } from './support';

/**
 * Returns over real HTTP: request, approval, reverse delivery, dispositions
 * (restock moves inventory), processing with a refund (idempotent), closing;
 * declines, cancellations, exchanges, the userErrors for every over-quantity,
 * and the return webhooks with Shopify's bodies and signature.
 */
describe('simulator returns', () => {
  let sim: Simulator;
  let shop: Awaited<ReturnType<typeof testShop>>;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    hooks = await webhookReceiver();
    shop = await testShop(sim, 'returns-test.myshopify.com', { webhookUrl: `${hooks.url}/hooks` });
  });
  afterAll(async () => {
    await sim?.close();
    await hooks?.close();
  });

  const numeric = (gid: string) => gid.split('/').pop()!;
  const fulfilledOrder = () => orderFulfilled(shop);
  const run = async (doc: string, variables: Record<string, unknown>) => {
    const data = await gql(shop.client, doc, variables);
    return Object.values(data)[0] as any;
  };
  const request = (orderId: string, returnLineItems: unknown[]) =>
    run(R.RETURN_REQUEST, { input: { orderId, returnLineItems } });
  const create = (returnInput: Record<string, unknown>) => run(R.RETURN_CREATE, { returnInput });
  const level = async (sku: string, location: string) => {
    const s = await control(sim, 'GET', shop.path(''));
    return s.variants.find((v: any) => v.sku === sku).inventory[location] as { available: number; on_hand: number };
  };
  const orderReturns = async (id: string, query?: string) =>
    (await gql(shop.client, R.ORDER_RETURNS, { id, query })).order;
  /** The first delivery of `topic` whose body names `gid`, once it has arrived. */
  const hook = async (topic: string, gid: string) => {
    await expect.poll(() => hooks.byTopic(topic).some((h) => h.body.includes(`"${gid}"`))).toBe(true);
    const h = hooks.byTopic(topic).find((x) => x.body.includes(`"${gid}"`))!;
    return { raw: h.body, headers: h.headers, body: JSON.parse(h.body) };
  };

  it('validates every return document against the vendored schema; the simulator refuses one that does not', async () => {
    for (const [name, doc] of Object.entries(R.RETURN_DOCUMENTS))
      expect(validate(adminSchema(), parse(doc)).map((e) => `${name}: ${e.message}`)).toEqual([]);
    const bad = await rawGraphql(sim, shop.token, 'query Bad($id: ID!) { return(id: $id) { id refundedQuantity } }', {
      id: 'gid://shopify/Return/1',
    });
    expect(bad.body.errors[0].message).toMatch(/refundedQuantity/);
    expect(bad.body.data).toBeUndefined();
  });

  it('request -> approve -> reverse delivery -> dispose -> process with refund -> close, as Shopify', async () => {
    const o = await fulfilledOrder();
    const before = await gql(shop.client, R.ORDER_RETURNABLES, { id: o.id });
    expect(before.order.returnStatus).toBe('NO_RETURN');
    expect(before.returnableFulfillments.nodes[0].returnableFulfillmentLineItems.nodes).toEqual([
      { quantity: 2, fulfillmentLineItem: { id: o.tee } },
      { quantity: 1, fulfillmentLineItem: { id: o.mug } },
    ]);
    expect(before.order.fulfillments[0].fulfillmentLineItems.nodes[0]).toMatchObject({
      quantity: 2,
      originalTotalSet: { shopMoney: { amount: '40.00' } },
    });

    // The customer asks.
    const requested = await request(o.id, [
      { fulfillmentLineItemId: o.tee, quantity: 2, returnReason: 'SIZE_TOO_SMALL', customerNote: 'too tight' },
    ]);
    expect(requested.userErrors).toEqual([]);
    const ret = requested.return;
    expect(ret).toMatchObject({
      name: `${o.name}-R1`,
      status: 'REQUESTED',
      requestApprovedAt: null,
      totalQuantity: 2,
      order: { id: o.id, returnStatus: 'RETURN_REQUESTED' },
      reverseFulfillmentOrders: { nodes: [] },
    });
    expect(ret.returnLineItems.nodes[0]).toMatchObject({
      quantity: 2,
      processableQuantity: 2,
      customerNote: 'too tight',
      fulfillmentLineItem: { id: o.tee, quantity: 2, lineItem: { sku: 'TEE' } },
    });
    const reqHook = await hook('returns/request', ret.id);
    expect(reqHook.raw).toContain(`"id":${numeric(ret.id)},`); // exact, beyond 2^53
    expect(reqHook.body).toMatchObject({
      admin_graphql_api_id: ret.id,
      status: 'requested',
      name: `${o.name}-R1`,
      order: { admin_graphql_api_id: o.id },
      total_return_line_items: 1,
      return_line_items: [
        {
          admin_graphql_api_id: ret.returnLineItems.nodes[0].id,
          fulfillment_line_item: {
            admin_graphql_api_id: o.tee,
            line_item: { admin_graphql_api_id: expect.any(String) },
          },
          quantity: 2,
          return_reason: 'size_too_small',
          return_reason_note: '',
          customer_note: 'too tight',
        },
      ],
    });
    expect(reqHook.headers).toMatchObject({
      'x-shopify-topic': 'returns/request',
      'x-shopify-shop-domain': shop.domain,
      'x-shopify-api-version': '2026-10',
      'x-shopify-hmac-sha256': createHmac('sha256', shop.secret).update(reqHook.raw, 'utf8').digest('base64'),
    });
    expect(reqHook.headers['x-shopify-webhook-id']).toBeTruthy();
    expect(reqHook.headers['x-shopify-event-id']).toBeTruthy();

    // The units are held: no more TEE to return.
    const again = await request(o.id, [{ fulfillmentLineItemId: o.tee, quantity: 1 }]);
    expect(again.return).toBeNull();
    expect(again.userErrors[0]).toMatchObject({
      field: ['input', 'returnLineItems', '0', 'quantity'],
      code: 'INVALID',
      message: expect.stringMatching(/returnable quantity of 0/),
    });

    // The merchant approves: OPEN, with a reverse fulfillment order.
    const approved = await run(R.RETURN_APPROVE_REQUEST, { input: { id: ret.id } });
    expect(approved.userErrors).toEqual([]);
    expect(approved.return).toMatchObject({ status: 'OPEN', order: { returnStatus: 'IN_PROGRESS' } });
    expect(approved.return.requestApprovedAt).toBeTruthy();
    const rfo = approved.return.reverseFulfillmentOrders.nodes[0];
    expect(rfo).toMatchObject({ status: 'OPEN', lineItems: { nodes: [{ totalQuantity: 2, dispositions: [] }] } });
    const rfoLine = rfo.lineItems.nodes[0].id;
    expect((await hook('returns/approve', ret.id)).body).toMatchObject({ status: 'open', total_return_line_items: 1 });
    const twice = await run(R.RETURN_APPROVE_REQUEST, { input: { id: ret.id } });
    expect(twice.userErrors[0]).toMatchObject({ field: ['input', 'id'], code: 'INVALID_STATE' });

    // The parcel on its way back.
    const delivery = await run(R.REVERSE_DELIVERY_CREATE_WITH_SHIPPING, {
      reverseFulfillmentOrderId: rfo.id,
      reverseDeliveryLineItems: [{ reverseFulfillmentOrderLineItemId: rfoLine, quantity: 2 }],
      trackingInput: { number: '1Z999AA10123456784', url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784' },
      labelInput: { fileUrl: 'https://labels.example.com/r1.pdf' },
    });
    expect(delivery.userErrors).toEqual([]);
    expect(delivery.reverseDelivery).toMatchObject({
      reverseFulfillmentOrder: { id: rfo.id },
      reverseDeliveryLineItems: { nodes: [{ quantity: 2, reverseFulfillmentOrderLineItem: { id: rfoLine } }] },
      deliverable: {
        tracking: { number: '1Z999AA10123456784', carrierName: 'UPS' },
        label: { publicFileUrl: 'https://labels.example.com/r1.pdf' },
      },
    });
    expect((await hook('reverse_deliveries/attach_deliverable', delivery.reverseDelivery.id)).body).toMatchObject({
      return: { admin_graphql_api_id: ret.id },
      shipping_deliverable: {
        tracking: { carrier_name: 'UPS', tracking_number: '1Z999AA10123456784' },
        label: { public_file_url: 'https://labels.example.com/r1.pdf' },
      },
    });
    const overDelivery = await run(R.REVERSE_DELIVERY_CREATE_WITH_SHIPPING, {
      reverseFulfillmentOrderId: rfo.id,
      reverseDeliveryLineItems: [{ reverseFulfillmentOrderLineItemId: rfoLine, quantity: 1 }],
    });
    expect(overDelivery.userErrors[0]).toMatchObject({
      field: ['reverseDeliveryLineItems', '0', 'quantity'],
      code: 'INVALID',
    });

    // Inspection: one back on the shelf at A (available and on hand rise), one not.
    const a0 = await level('TEE', shop.locations.a);
    const noLocation = await run(R.REVERSE_FULFILLMENT_ORDER_DISPOSE, {
      dispositionInputs: [{ reverseFulfillmentOrderLineItemId: rfoLine, quantity: 1, dispositionType: 'RESTOCKED' }],
    });
    expect(noLocation.userErrors[0]).toMatchObject({ field: ['dispositionInputs', '0', 'locationId'], code: 'BLANK' });
    const restocked = await run(R.REVERSE_FULFILLMENT_ORDER_DISPOSE, {
      dispositionInputs: [
        {
          reverseFulfillmentOrderLineItemId: rfoLine,
          quantity: 1,
          dispositionType: 'RESTOCKED',
          locationId: shop.locations.a,
        },
      ],
    });
    expect(restocked.userErrors).toEqual([]);
    expect(restocked.reverseFulfillmentOrderLineItems[0].dispositions).toEqual([
      { type: 'RESTOCKED', quantity: 1, location: { id: shop.locations.a } },
    ]);
    const a1 = await level('TEE', shop.locations.a);
    expect(a1.available).toBe(a0.available + 1);
    expect(a1.on_hand).toBe(a0.on_hand + 1);
    const disposeHook = await hook('reverse_fulfillment_orders/dispose', rfo.id);
    // Shopify's documented shape: the reverse fulfillment order and its dispositions, no return, no order.
    expect(Object.keys(disposeHook.body).sort()).toEqual([
      'admin_graphql_api_id',
      'dispositions',
      'id',
      'total_dispositions',
    ]);
    expect(disposeHook.body).toMatchObject({
      total_dispositions: 1,
      dispositions: [
        {
          reverse_fulfillment_order_line_item: { admin_graphql_api_id: rfoLine },
          reverse_delivery_line_item: {
            admin_graphql_api_id: delivery.reverseDelivery.reverseDeliveryLineItems.nodes[0].id,
          },
          type: 'restocked',
          location: { admin_graphql_api_id: shop.locations.a },
          quantity: 1,
        },
      ],
    });
    const overOpen = await run(R.REVERSE_FULFILLMENT_ORDER_DISPOSE, {
      dispositionInputs: [
        { reverseFulfillmentOrderLineItemId: rfoLine, quantity: 2, dispositionType: 'NOT_RESTOCKED' },
      ],
    });
    expect(overOpen.userErrors[0]).toMatchObject({
      field: ['dispositionInputs', '0', 'quantity'],
      code: 'INVALID',
      message: expect.stringMatching(/exceeds the 1 units/),
    });
    const notRestocked = await run(R.REVERSE_FULFILLMENT_ORDER_DISPOSE, {
      dispositionInputs: [
        { reverseFulfillmentOrderLineItemId: rfoLine, quantity: 1, dispositionType: 'NOT_RESTOCKED' },
      ],
    });
    expect(notRestocked.userErrors).toEqual([]);
    expect(await level('TEE', shop.locations.a)).toEqual(a1);
    const overDispose = await run(R.REVERSE_FULFILLMENT_ORDER_DISPOSE, {
      dispositionInputs: [{ reverseFulfillmentOrderLineItemId: rfoLine, quantity: 1, dispositionType: 'MISSING' }],
    });
    expect(overDispose.userErrors[0]).toMatchObject({
      field: ['dispositionInputs', '0', 'reverseFulfillmentOrderLineItemId'],
      code: 'INVALID_STATE',
    });
    const inspected = await gql(shop.client, R.RETURN_QUERY, { id: ret.id });
    expect(inspected.return.reverseFulfillmentOrders.nodes[0].status).toBe('CLOSED');
    expect(inspected.return.order.returnStatus).toBe('INSPECTION_COMPLETE');

    // Processing with a refund of 40.00 against the capture, idempotent by key.
    const input = {
      returnId: ret.id,
      returnLineItems: [{ id: ret.returnLineItems.nodes[0].id, quantity: 2 }],
      financialTransfer: {
        issueRefund: {
          orderTransactions: [{ parentId: o.captureId, transactionAmount: { amount: '40.00', currencyCode: 'USD' } }],
        },
      },
      notifyCustomer: false,
      note: 'returned tees',
    };
    const processed = await run(R.RETURN_PROCESS, { input, idempotencyKey: 'process-k1' });
    expect(processed.userErrors).toEqual([]);
    expect(processed.return).toMatchObject({
      status: 'OPEN',
      returnLineItems: {
        nodes: [{ processedQuantity: 2, processableQuantity: 0, refundedQuantity: 2, refundableQuantity: 0 }],
      },
      refunds: { nodes: [{ totalRefundedSet: { shopMoney: { amount: '40.00' } } }] },
      transactions: {
        nodes: [
          { kind: 'REFUND', amountSet: { shopMoney: { amount: '40.00' } }, parentTransaction: { id: o.captureId } },
        ],
      },
    });
    const replay = await run(R.RETURN_PROCESS, { input, idempotencyKey: 'process-k1' });
    expect(replay).toEqual(processed);
    const mismatch = await rawGraphql(sim, shop.token, R.RETURN_PROCESS, {
      input: { ...input, note: 'another note' },
      idempotencyKey: 'process-k1',
    });
    expect(mismatch.body.errors).toBeUndefined();
    expect(mismatch.body.data.returnProcess).toEqual({
      return: null,
      userErrors: [
        {
          field: null,
          message: 'The same idempotency key cannot be used with different operation parameters.',
          code: null,
        },
      ],
    });
    const refunds = (s: any) => s.transactions.filter((t: any) => t.kind === 'REFUND').map((t: any) => t.amount);
    expect(refunds(await shop.state(o.legacyResourceId))).toEqual(['40.00']);
    const tooMuch = await run(R.RETURN_PROCESS, {
      input: {
        returnId: ret.id,
        financialTransfer: {
          issueRefund: {
            orderTransactions: [{ parentId: o.captureId, transactionAmount: { amount: '10.01', currencyCode: 'USD' } }],
          },
        },
      },
      idempotencyKey: 'process-k2',
    });
    expect(tooMuch.userErrors[0]).toMatchObject({
      field: ['input', 'financialTransfer', 'issueRefund', 'orderTransactions', '0', 'transactionAmount', 'amount'],
      message: expect.stringMatching(/exceeds the refundable 10.00/),
    });
    const overProcess = await run(R.RETURN_PROCESS_PLAIN, {
      input: { returnId: ret.id, returnLineItems: [{ id: ret.returnLineItems.nodes[0].id, quantity: 1 }] },
    });
    expect(overProcess.userErrors[0]).toMatchObject({
      field: ['input', 'returnLineItems', '0', 'quantity'],
      code: 'INVALID',
    });
    const state = await shop.state(o.legacyResourceId);
    expect(refunds(state)).toEqual(['40.00']);
    expect(state.refunds).toHaveLength(1);

    const refundHook = await hook('refunds/create', processed.return.refunds.nodes[0].id);
    expect(refundHook.body).toMatchObject({
      note: 'returned tees',
      restock: true,
      return: { admin_graphql_api_id: ret.id },
      refund_line_items: [
        { quantity: 2, restock_type: 'return', location_id: expect.any(Number), line_item: { sku: 'TEE' } },
      ],
      transactions: [{ kind: 'refund', amount: '40.00', status: 'success' }],
    });
    expect(refundHook.raw).toContain(`"order_id":${o.legacyResourceId}`);
    expect((await hook('returns/process', ret.id)).body).toMatchObject({
      status: 'open',
      return_line_items: [{ quantity: 2, processed_quantity: 2 }],
      refund: { admin_graphql_api_id: processed.return.refunds.nodes[0].id },
    });
    expect(hooks.byTopic('returns/process').filter((h) => h.body.includes(`"${ret.id}"`))).toHaveLength(1);
    const shown = await orderReturns(o.id);
    expect(shown.refunds).toEqual([
      expect.objectContaining({
        return: { id: ret.id, name: `${o.name}-R1` },
        refundLineItems: {
          nodes: [expect.objectContaining({ quantity: 2, restockType: 'RETURN', lineItem: { sku: 'TEE' } })],
        },
      }),
    ]);
    expect(shown.lineItems.nodes.find((l: any) => l.sku === 'TEE')).toMatchObject({ quantity: 2, currentQuantity: 0 });

    // Done: closed, reopened, closed.
    const closed = await run(R.RETURN_CLOSE, { id: ret.id });
    expect(closed.return).toMatchObject({ status: 'CLOSED', closedAt: expect.any(String) });
    expect((await orderReturns(o.id)).returnStatus).toBe('RETURNED');
    expect((await hook('returns/close', ret.id)).body).toMatchObject({ status: 'closed' });
    expect((await hook('returns/close', ret.id)).raw).toContain(`"order_id":${o.legacyResourceId}`);
    const reopened = await run(R.RETURN_REOPEN, { id: ret.id });
    expect(reopened.return).toMatchObject({ status: 'OPEN', closedAt: null });
    expect((await hook('returns/reopen', ret.id)).body).toMatchObject({ status: 'open' });
    expect((await run(R.RETURN_REOPEN, { id: ret.id })).userErrors[0].code).toBe('INVALID_STATE');
    expect((await run(R.RETURN_CLOSE, { id: ret.id })).return.status).toBe('CLOSED');

    const objects = await gql(shop.client, R.REVERSE_OBJECTS, { rfo: rfo.id, delivery: delivery.reverseDelivery.id });
    expect(objects.reverseFulfillmentOrder).toMatchObject({
      order: { id: o.id },
      reverseDeliveries: { nodes: [{ id: delivery.reverseDelivery.id }] },
    });
    expect(objects.reverseDelivery.reverseDeliveryLineItems.nodes[0].dispositions).toEqual([
      { type: 'RESTOCKED', quantity: 1 },
      { type: 'NOT_RESTOCKED', quantity: 1 },
    ]);
  });

  it('declines a request: DECLINED with its reason, the units returnable again', async () => {
    const o = await fulfilledOrder();
    const { return: ret } = await request(o.id, [
      { fulfillmentLineItemId: o.mug, quantity: 1, returnReason: 'UNWANTED' },
    ]);
    const declined = await run(R.RETURN_DECLINE_REQUEST, {
      input: { id: ret.id, declineReason: 'FINAL_SALE', declineNote: 'Clearance item' },
    });
    expect(declined.return).toMatchObject({
      status: 'DECLINED',
      decline: { reason: 'FINAL_SALE', note: 'Clearance item' },
      reverseFulfillmentOrders: { nodes: [] },
    });
    expect((await hook('returns/decline', ret.id)).body).toMatchObject({
      status: 'declined',
      decline: { reason: 'final_sale', note: 'Clearance item' },
    });
    const approve = await run(R.RETURN_APPROVE_REQUEST, { input: { id: ret.id } });
    expect(approve.userErrors[0]).toMatchObject({ code: 'INVALID_STATE', message: expect.stringMatching(/DECLINED/) });
    const returnable = await gql(shop.client, R.ORDER_RETURNABLES, { id: o.id });
    expect(returnable.order.returnStatus).toBe('NO_RETURN');
    expect(returnable.returnableFulfillments.nodes[0].returnableFulfillmentLineItems.nodes).toContainEqual({
      quantity: 1,
      fulfillmentLineItem: { id: o.mug },
    });
  });

  it('cancels a return nothing was done on, and only such a return', async () => {
    const o = await fulfilledOrder();
    const created = await create({
      orderId: o.id,
      returnLineItems: [{ fulfillmentLineItemId: o.tee, quantity: 1, returnReason: 'DEFECTIVE' }],
    });
    expect(created.return).toMatchObject({ status: 'OPEN', reverseFulfillmentOrders: { nodes: [{ status: 'OPEN' }] } });
    const canceled = await run(R.RETURN_CANCEL, { id: created.return.id });
    expect(canceled.return.status).toBe('CANCELED');
    expect((await hook('returns/cancel', created.return.id)).body).toMatchObject({ status: 'canceled' });
    const after = await gql(shop.client, R.RETURN_QUERY, { id: created.return.id });
    expect(after.return.reverseFulfillmentOrders.nodes[0].status).toBe('CANCELED');

    const worked = await create({ orderId: o.id, returnLineItems: [{ fulfillmentLineItemId: o.tee, quantity: 2 }] });
    expect(worked.userErrors).toEqual([]); // the canceled return let its unit go
    const line = worked.return.reverseFulfillmentOrders.nodes[0].lineItems.nodes[0].id;
    await run(R.REVERSE_FULFILLMENT_ORDER_DISPOSE, {
      dispositionInputs: [
        { reverseFulfillmentOrderLineItemId: line, quantity: 1, dispositionType: 'PROCESSING_REQUIRED' },
      ],
    });
    const refused = await run(R.RETURN_CANCEL, { id: worked.return.id });
    expect(refused.userErrors[0]).toMatchObject({ field: ['id'], code: 'INVALID_STATE' });
    expect((await gql(shop.client, R.RETURN_QUERY, { id: worked.return.id })).return.status).toBe('OPEN');
  });

  it('answers bad input with userErrors naming the field, and changes nothing', async () => {
    const o = await fulfilledOrder();
    const cases: [unknown[], string[], string][] = [
      [[{ fulfillmentLineItemId: o.tee, quantity: 3 }], ['input', 'returnLineItems', '0', 'quantity'], 'INVALID'],
      [
        [
          { fulfillmentLineItemId: o.tee, quantity: 2 },
          { fulfillmentLineItemId: o.tee, quantity: 1 },
        ],
        ['input', 'returnLineItems', '1', 'quantity'],
        'INVALID',
      ],
      [[{ fulfillmentLineItemId: o.tee, quantity: 0 }], ['input', 'returnLineItems', '0', 'quantity'], 'GREATER_THAN'],
      [
        [{ fulfillmentLineItemId: 'gid://shopify/FulfillmentLineItem/1', quantity: 1 }],
        ['input', 'returnLineItems', '0', 'fulfillmentLineItemId'],
        'NOT_FOUND',
      ],
      [[], ['input', 'returnLineItems'], 'BLANK'],
    ];
    for (const [lines, field, code] of cases) {
      const r = await request(o.id, lines);
      expect(r.return, JSON.stringify(lines)).toBeNull();
      expect(r.userErrors[0]).toMatchObject({ field, code });
    }
    const noOrder = await request('gid://shopify/Order/1', [{ fulfillmentLineItemId: o.tee, quantity: 1 }]);
    expect(noOrder.userErrors[0]).toMatchObject({ field: ['input', 'orderId'], code: 'NOT_FOUND' });
    const badVariant = await create({
      orderId: o.id,
      returnLineItems: [{ fulfillmentLineItemId: o.tee, quantity: 1 }],
      exchangeLineItems: [{ variantId: 'gid://shopify/ProductVariant/1', quantity: 1 }],
    });
    expect(badVariant.userErrors[0]).toMatchObject({
      field: ['returnInput', 'exchangeLineItems', '0', 'variantId'],
      code: 'NOT_FOUND',
    });
    const noReturn = await run(R.RETURN_CLOSE, { id: 'gid://shopify/Return/1' });
    expect(noReturn.userErrors[0]).toMatchObject({ field: ['id'], code: 'NOT_FOUND' });
    expect((await orderReturns(o.id)).returns.nodes).toEqual([]);
    expect(hooks.byTopic('returns/request').filter((h) => h.body.includes(`"${o.id}"`))).toEqual([]);
  });

  it('processes an exchange: the new item joins the order with its own open fulfillment order, the difference outstanding', async () => {
    const o = await fulfilledOrder();
    const shopState = await control(sim, 'GET', shop.path(''));
    const teeVariant = shopState.variants.find((v: any) => v.sku === 'TEE').gid;
    const created = await create({
      orderId: o.id,
      returnLineItems: [
        { fulfillmentLineItemId: o.mug, quantity: 1, returnReason: 'COLOR', returnReasonNote: 'wanted a tee' },
      ],
      exchangeLineItems: [{ variantId: teeVariant, quantity: 1 }],
      returnShippingFee: { amount: { amount: '5.00', currencyCode: 'USD' } },
    });
    expect(created.userErrors).toEqual([]);
    const ret = created.return;
    expect(ret).toMatchObject({
      returnShippingFees: [{ amountSet: { shopMoney: { amount: '5.00', currencyCode: 'USD' } } }],
      exchangeLineItems: {
        nodes: [{ quantity: 1, processedQuantity: 0, variantId: teeVariant, variantSku: 'TEE', lineItems: null }],
      },
    });
    expect((await hook('returns/approve', ret.id)).body).toMatchObject({
      total_exchange_line_items: 1,
      return_shipping_fees: [{ price: { shop_money: { amount: '5.00', currency_code: 'USD' } } }],
    });
    // A has no tee left to sell: the exchange ships from B, which has.
    const a = await level('TEE', shop.locations.a);
    await gql(shop.client, D.INVENTORY_SET_QUANTITIES, {
      idempotencyKey: `empty-a-${o.id}`,
      input: {
        name: 'available',
        reason: 'correction',
        quantities: [
          { inventoryItemId: shop.teeItem, locationId: shop.locations.a, quantity: 0, changeFromQuantity: a.available },
        ],
      },
    });
    const b0 = await level('TEE', shop.locations.b);
    const mug0 = await level('MUG', shop.locations.a);
    const rfoLine = ret.reverseFulfillmentOrders.nodes[0].lineItems.nodes[0].id;
    const restock = (line: string) => ({
      reverseFulfillmentOrderLineItemId: line,
      quantity: 1,
      dispositionType: 'RESTOCKED',
      locationId: shop.locations.a,
    });
    const input = (dispositions: unknown[]) => ({
      returnId: ret.id,
      returnLineItems: [{ id: ret.returnLineItems.nodes[0].id, quantity: 1, dispositions }],
      exchangeLineItems: [{ id: ret.exchangeLineItems.nodes[0].id, quantity: 1 }],
    });
    const wrongLine = await run(R.RETURN_PROCESS_PLAIN, {
      input: input([restock('gid://shopify/ReverseFulfillmentOrderLineItem/1')]),
    });
    expect(wrongLine.userErrors[0]).toMatchObject({
      field: ['input', 'returnLineItems', '0', 'dispositions', '0', 'reverseFulfillmentOrderLineItemId'],
      code: 'INVALID',
    });
    const processed = await run(R.RETURN_PROCESS_PLAIN, { input: input([restock(rfoLine)]) });
    expect(processed.userErrors).toEqual([]);
    expect((await level('MUG', shop.locations.a)).available).toBe(mug0.available + 1);
    const order = await orderReturns(o.id);
    // 50.00 - the mug (10.00) + a tee (20.00) = 60.00 against 50.00 paid.
    expect(order.currentTotalPriceSet.shopMoney.amount).toBe('60.00');
    expect(order.totalOutstandingSet.shopMoney.amount).toBe('10.00');
    expect(order.fulfillmentOrders.nodes).toHaveLength(2);
    expect(order.fulfillmentOrders.nodes[1]).toMatchObject({
      status: 'OPEN',
      assignedLocation: { location: { id: shop.locations.b } },
      lineItems: { nodes: [{ lineItem: { sku: 'TEE' }, totalQuantity: 1 }] },
    });
    const b1 = await level('TEE', shop.locations.b);
    expect(b1.available).toBe(b0.available - 1);
    expect((b1 as any).committed ?? 0).toBe(((b0 as any).committed ?? 0) + 1);
    const after = await gql(shop.client, R.RETURN_QUERY, { id: ret.id });
    expect(after.return.exchangeLineItems.nodes[0]).toMatchObject({
      processedQuantity: 1,
      lineItems: [{ sku: 'TEE', quantity: 1 }],
    });
    expect(order.refunds).toEqual([]); // no refund asked, none made
  });

  it('refunds with the deprecated returnRefund, linked to the return', async () => {
    const o = await fulfilledOrder();
    const { return: ret } = await create({
      orderId: o.id,
      returnLineItems: [{ fulfillmentLineItemId: o.mug, quantity: 1 }],
    });
    const refunded = await run(R.RETURN_REFUND, {
      returnRefundInput: {
        returnId: ret.id,
        returnRefundLineItems: [{ returnLineItemId: ret.returnLineItems.nodes[0].id, quantity: 1 }],
        orderTransactions: [{ parentId: o.captureId, transactionAmount: { amount: '10.00', currencyCode: 'USD' } }],
      },
    });
    expect(refunded.refund).toMatchObject({
      totalRefundedSet: { shopMoney: { amount: '10.00' } },
      return: { id: ret.id },
    });
    const line = (await gql(shop.client, R.RETURN_QUERY, { id: ret.id })).return.returnLineItems.nodes[0];
    expect(line).toMatchObject({ processedQuantity: 1, refundedQuantity: 1 });
    const twice = await run(R.RETURN_REFUND, {
      returnRefundInput: { returnId: ret.id, returnRefundLineItems: [{ returnLineItemId: line.id, quantity: 1 }] },
    });
    expect(twice.userErrors[0]).toMatchObject({
      field: ['returnRefundInput', 'returnRefundLineItems', '0', 'quantity'],
    });
  });

  it('lets a customer request a return through the control API, and reports returns as JSON', async () => {
    const o = await fulfilledOrder();
    const r = await control(sim, 'POST', shop.path(`/orders/${o.legacyResourceId}/returns`), {
      lineItems: [{ sku: 'TEE', quantity: 1, reason: 'DEFECTIVE', customerNote: 'seam split' }],
    });
    expect(r).toMatchObject({
      status: 'REQUESTED',
      orderId: o.id,
      lines: [{ quantity: 1, returnReason: 'DEFECTIVE', customerNote: 'seam split' }],
    });
    expect((await hook('returns/request', r.id)).body.return_line_items[0].return_reason).toBe('defective');
    await expect(
      control(sim, 'POST', shop.path(`/orders/${o.legacyResourceId}/returns`), {
        lineItems: [{ sku: 'TEE', quantity: 2 }],
      }),
    ).rejects.toThrow(/409/);
    const listed = await control(sim, 'GET', shop.path(`/orders/${o.legacyResourceId}/returns`));
    expect(listed.map((x: any) => x.id)).toEqual([r.id]);
    expect((await orderReturns(o.id, 'status:requested')).returns.nodes.map((x: any) => x.id)).toEqual([r.id]);
    expect((await orderReturns(o.id, 'status:open')).returns.nodes).toEqual([]);
  });
});
