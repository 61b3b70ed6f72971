import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/shopify/documents';
import { SimulatorControl } from '../support/sim';
import * as F from './fulfillment-service-documents';
import {
  adminClient,
  control,
  gql,
  rawGraphql,
  startSimulator,
  testShop,
  webhookReceiver,
  type Received,
  type Simulator,
} from './support';

/**
 * Fulfillment services (3PLs): locations that belong to one, fulfillment and
 * cancellation requests from the merchant app, the 3PL's answers (Admin API
 * mutations and control API), the fulfillment_orders/* webhooks, deadlines.
 */
describe('simulator fulfillment services', () => {
  let sim: Simulator;
  let shop: Awaited<ReturnType<typeof testShop>>;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  let ctl: SimulatorControl;
  let tpl: { id: string; fulfillmentServiceId: string };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    hooks = await webhookReceiver();
    shop = await testShop(sim, 'fs-test.myshopify.com', { webhookUrl: `${hooks.url}/configured` });
    ctl = new SimulatorControl(sim.url, shop.domain);
    tpl = await ctl.addFulfillmentServiceLocation({
      name: 'Acme 3PL',
      address: { city: 'Chicago', provinceCode: 'IL', countryCode: 'US' },
      fulfillmentService: { handle: 'acme-3pl', callbackUrl: 'https://acme.example/shopify' },
    });
    await control(sim, 'POST', shop.path('/products'), {
      title: 'Tee',
      variants: [{ sku: 'TEE', price: '20.00', inventory: { [tpl.id]: 10 } }],
    });
    await control(sim, 'POST', shop.path('/products'), {
      title: 'Mug',
      variants: [{ sku: 'MUG', price: '10.00', inventory: { [tpl.id]: 10 } }],
    });
  });
  afterAll(async () => {
    await sim?.close();
    await hooks?.close();
  });

  const q = (doc: string, vars: Record<string, unknown> = {}) => gql(shop.client, doc, vars);
  const fos = async (orderId: string) => (await q(F.ORDER_FOS, { id: orderId })).order.fulfillmentOrders.nodes;
  /** An order (TEE x2 + MUG x1) whose fulfillment order the merchant app moved to the 3PL, as routing would. */
  const orderAtTpl = async () => {
    const o = await shop.order();
    const [fo] = await fos(o.id);
    const m = await q(D.FULFILLMENT_ORDER_MOVE, { id: fo.id, newLocationId: tpl.id });
    expect(m.fulfillmentOrderMove.userErrors).toEqual([]);
    return { order: o, fo: (await fos(o.id))[0] };
  };
  const submit = (id: string, extra: Record<string, unknown> = {}) =>
    q(F.SUBMIT_FULFILLMENT_REQUEST, { id, ...extra }).then((d) => d.fulfillmentOrderSubmitFulfillmentRequest);
  const requestCancel = (id: string, message?: string) =>
    q(F.SUBMIT_CANCELLATION_REQUEST, { id, message }).then((d) => d.fulfillmentOrderSubmitCancellationRequest);
  const fulfill = (fulfillmentOrderId: string, extra: Record<string, unknown> = {}) =>
    q(D.FULFILLMENT_CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId }], ...extra } }).then(
      (d) => d.fulfillmentCreate,
    );
  /** The one delivery of `topic` about fulfillment order `foId` at `at`, its HMAC checked. */
  const hookFor = async (topic: string, foId: string, at = '/configured') => {
    const match = (h: Received) => h.path === at && h.body.includes(`"${foId}"`);
    await expect.poll(() => hooks.byTopic(topic).filter(match).length).toBe(1);
    const hit = hooks.byTopic(topic).find(match)!;
    expect(hit.headers['x-shopify-hmac-sha256']).toBe(
      createHmac('sha256', shop.secret).update(hit.body, 'utf8').digest('base64'),
    );
    expect(hit.headers).toMatchObject({
      'x-shopify-topic': topic,
      'x-shopify-shop-domain': shop.domain,
      'x-shopify-api-version': '2026-10',
    });
    return { ...hit, json: JSON.parse(hit.body) };
  };
  const committed = async (sku: string) => {
    const s = await control(sim, 'GET', shop.path(''));
    return s.variants.find((v: any) => v.sku === sku).inventory[tpl.id].committed ?? 0;
  };

  it('shows a fulfillment service location as Shopify does; fulfillmentServiceCreate makes a service and its location', async () => {
    const loc = (await q(F.LOCATION_WITH_SERVICE, { id: tpl.id })).location;
    expect(loc).toEqual({
      id: tpl.id,
      name: 'Acme 3PL',
      isFulfillmentService: true,
      fulfillmentService: {
        id: tpl.fulfillmentServiceId,
        handle: 'acme-3pl',
        serviceName: 'Acme 3PL',
        callbackUrl: 'https://acme.example/shopify',
        type: 'THIRD_PARTY',
        inventoryManagement: false,
        location: { id: tpl.id },
      },
    });
    expect(tpl.fulfillmentServiceId).toMatch(/^gid:\/\/shopify\/FulfillmentService\/\d+\?id=true$/);
    expect((await q(F.LOCATION_WITH_SERVICE, { id: shop.locations.a })).location).toMatchObject({
      isFulfillmentService: false,
      fulfillmentService: null,
    });

    const created = (
      await q(F.FULFILLMENT_SERVICE_CREATE, {
        name: 'Shipwire App',
        callbackUrl: 'https://shipwire.example/cb',
        trackingSupport: true,
      })
    ).fulfillmentServiceCreate;
    expect(created.userErrors).toEqual([]);
    expect(created.fulfillmentService).toMatchObject({
      handle: 'shipwire-app',
      serviceName: 'Shipwire App',
      callbackUrl: 'https://shipwire.example/cb',
      trackingSupport: true,
      type: 'THIRD_PARTY',
      location: { name: 'Shipwire App', isFulfillmentService: true },
    });
    const dup = (await q(F.FULFILLMENT_SERVICE_CREATE, { name: 'Shipwire App' })).fulfillmentServiceCreate;
    expect(dup).toEqual({
      fulfillmentService: null,
      userErrors: [{ field: ['name'], message: 'Name has already been taken' }],
    });
    const services = (await q(F.SHOP_FULFILLMENT_SERVICES)).shop.fulfillmentServices;
    expect(services.map((s: any) => [s.handle, s.location.id])).toEqual([
      ['acme-3pl', tpl.id],
      ['shipwire-app', created.fulfillmentService.location.id],
    ]);
    await expect(
      ctl.addFulfillmentServiceLocation({
        name: 'Acme again',
        address: {},
        fulfillmentService: { handle: 'acme-3pl' },
      }),
    ).rejects.toThrow(/409/);
  });

  it('submit -> accept -> fulfill with tracking: statuses, merchant requests and webhooks without an order id', async () => {
    const { order, fo } = await orderAtTpl();
    expect(fo).toMatchObject({
      status: 'OPEN',
      requestStatus: 'UNSUBMITTED',
      assignedLocation: { name: 'Acme 3PL', location: { id: tpl.id, isFulfillmentService: true } },
    });

    const s = await submit(fo.id, { message: 'Gift wrap, please', notifyCustomer: true });
    expect(s.userErrors).toEqual([]);
    expect(s.originalFulfillmentOrder).toMatchObject({ id: fo.id, status: 'OPEN', requestStatus: 'SUBMITTED' });
    expect(s.submittedFulfillmentOrder.id).toBe(fo.id);
    expect(s.unsubmittedFulfillmentOrder).toBeNull();
    const read = (await q(F.FULFILLMENT_ORDER, { id: fo.id })).fulfillmentOrder;
    expect(read.orderId).toBe(order.id);
    expect(read.merchantRequests.nodes).toHaveLength(1);
    const [req] = read.merchantRequests.nodes;
    expect(req).toMatchObject({
      kind: 'FULFILLMENT_REQUEST',
      message: 'Gift wrap, please',
      requestOptions: { notify_customer: true },
    });
    expect(Date.now() - Date.parse(req.sentAt)).toBeLessThan(60_000);
    expect(
      (await q(F.ASSIGNED_FULFILLMENT_ORDERS, { status: 'FULFILLMENT_REQUESTED' })).assignedFulfillmentOrders.nodes.map(
        (n: any) => n.id,
      ),
    ).toContain(fo.id);

    const submitted = await hookFor('fulfillment_orders/fulfillment_request_submitted', fo.id);
    expect(submitted.json).toEqual({
      original_fulfillment_order: { id: fo.id, status: 'open', request_status: 'submitted' },
      submitted_fulfillment_order: { id: fo.id, status: 'open', request_status: 'submitted' },
      fulfillment_order_merchant_request: { id: req.id, message: 'Gift wrap, please' },
    });
    expect(submitted.body).not.toContain(order.legacyResourceId);
    expect(submitted.body).not.toContain('order_id');

    expect((await fulfill(fo.id)).userErrors[0].message).toMatch(/pending fulfillment request/);
    expect((await submit(fo.id)).userErrors[0]).toMatchObject({
      field: ['id'],
      message: expect.stringMatching(/request status SUBMITTED/),
    });

    const accepted = (
      await q(F.ACCEPT_FULFILLMENT_REQUEST, {
        id: fo.id,
        message: 'Ships tomorrow',
        estimatedShippedAt: '2030-01-02T10:00:00Z',
      })
    ).fulfillmentOrderAcceptFulfillmentRequest;
    expect(accepted).toEqual({
      fulfillmentOrder: { id: fo.id, status: 'IN_PROGRESS', requestStatus: 'ACCEPTED' },
      userErrors: [],
    });
    expect((await hookFor('fulfillment_orders/fulfillment_request_accepted', fo.id)).json).toEqual({
      fulfillment_order: { id: fo.id, status: 'in_progress', request_status: 'accepted' },
      message: 'Ships tomorrow',
    });
    const again = (await q(F.ACCEPT_FULFILLMENT_REQUEST, { id: fo.id })).fulfillmentOrderAcceptFulfillmentRequest;
    expect(again.fulfillmentOrder).toBeNull();
    expect(again.userErrors[0].message).toMatch(/no pending fulfillment request/);

    const shipped = await fulfill(fo.id, {
      trackingInfo: { company: 'UPS', number: '1Z999', url: 'https://ups.example/1Z999' },
      notifyCustomer: true,
    });
    expect(shipped.userErrors).toEqual([]);
    expect(shipped.fulfillment.trackingInfo).toEqual([
      { company: 'UPS', number: '1Z999', url: 'https://ups.example/1Z999' },
    ]);
    const after = (await q(F.ORDER_FOS, { id: order.id })).order;
    expect(after.displayFulfillmentStatus).toBe('FULFILLED');
    expect(after.fulfillmentOrders.nodes[0]).toMatchObject({ status: 'CLOSED', requestStatus: 'ACCEPTED' });
    await expect
      .poll(() =>
        hooks
          .byTopic('fulfillments/create')
          .some(
            (h) =>
              h.body.includes(`"location_id":${tpl.id.split('/').pop()},`) &&
              h.body.includes(`"order_id":${order.legacyResourceId},`),
          ),
      )
      .toBe(true);
  });

  it('a partial request keeps the requested quantities on the submitted fulfillment order and splits the rest off, unsubmitted', async () => {
    const before = await committed('TEE');
    const { order, fo } = await orderAtTpl();
    const tee = fo.lineItems.nodes.find((l: any) => l.lineItem.sku === 'TEE');
    const tooMany = await submit(fo.id, { fulfillmentOrderLineItems: [{ id: tee.id, quantity: 3 }] });
    expect(tooMany.userErrors[0].field).toEqual(['fulfillmentOrderLineItems', '0', 'quantity']);
    const s = await submit(fo.id, {
      fulfillmentOrderLineItems: [{ id: tee.id, quantity: 1 }],
      message: 'Only one tee for now',
    });
    expect(s.userErrors).toEqual([]);
    expect(s.originalFulfillmentOrder.id).toBe(fo.id);
    expect(s.submittedFulfillmentOrder).toMatchObject({ id: fo.id, status: 'OPEN', requestStatus: 'SUBMITTED' });
    expect(s.unsubmittedFulfillmentOrder).toMatchObject({
      status: 'OPEN',
      requestStatus: 'UNSUBMITTED',
      assignedLocation: { location: { id: tpl.id } },
    });
    expect(s.unsubmittedFulfillmentOrder.id).not.toBe(fo.id);
    const lines = (f: any) => f.lineItems.nodes.map((l: any) => [l.lineItem.sku, l.remainingQuantity]);
    expect((await fos(order.id)).map((f: any) => [f.id, f.requestStatus, lines(f)])).toEqual([
      [fo.id, 'SUBMITTED', [['TEE', 1]]],
      [
        s.unsubmittedFulfillmentOrder.id,
        'UNSUBMITTED',
        [
          ['TEE', 1],
          ['MUG', 1],
        ],
      ],
    ]);
    expect(await committed('TEE')).toBe(before + 2); // the split stays at the 3PL: nothing released
    const hook = await hookFor('fulfillment_orders/fulfillment_request_submitted', fo.id);
    expect(hook.json.submitted_fulfillment_order).toEqual({ id: fo.id, status: 'open', request_status: 'submitted' });
    expect(hook.json.fulfillment_order_merchant_request.message).toBe('Only one tee for now');
  });

  it('refuses with userErrors: not a fulfillment service location, on hold, wrong request status, unknown id', async () => {
    const o = await shop.order();
    const [atA] = await fos(o.id);
    expect((await submit(atA.id)).userErrors).toEqual([
      { field: ['id'], message: 'Fulfillment order is not assigned to a fulfillment service location.' },
    ]);
    expect((await requestCancel(atA.id)).userErrors[0].message).toMatch(/not assigned to a fulfillment service/);

    const { fo } = await orderAtTpl();
    await q(D.FULFILLMENT_ORDER_HOLD, { id: fo.id, fulfillmentHold: { reason: 'OTHER', handle: 'fraud' } });
    expect((await submit(fo.id)).userErrors[0].message).toMatch(/on hold/);
    await q(D.FULFILLMENT_ORDER_RELEASE_HOLD, { id: fo.id });
    expect((await requestCancel(fo.id)).userErrors[0].message).toMatch(/status OPEN and request status UNSUBMITTED/);
    expect((await submit(fo.id)).userErrors).toEqual([]);
    expect((await requestCancel(fo.id)).userErrors[0].message).toMatch(/request status SUBMITTED/); // not accepted yet
    const acceptCancel = (await q(F.ACCEPT_CANCELLATION_REQUEST, { id: fo.id }))
      .fulfillmentOrderAcceptCancellationRequest;
    expect(acceptCancel.userErrors[0].message).toMatch(/no pending cancellation request/);
    await expect(ctl.fulfillmentServiceAction(fo.id, 'reject-cancellation')).rejects.toThrow(
      /409.*no pending cancellation request/,
    );
    await expect(ctl.fulfillmentServiceAction(fo.id, 'reject-request', { reason: 'NOT_A_REASON' })).rejects.toThrow(
      /400/,
    );
    const unknown = await submit('gid://shopify/FulfillmentOrder/1');
    expect(unknown.userErrors).toEqual([{ field: ['id'], message: 'Fulfillment order does not exist.' }]);
    expect((await ctl.fulfillmentOrder(fo.id)).fulfillmentOrder.requestStatus).toBe('SUBMITTED'); // nothing above changed it
  });

  it('rejection (control API): REJECTED and still OPEN, webhook; the merchant app requests again, or reroutes', async () => {
    const { fo } = await orderAtTpl();
    await submit(fo.id);
    const lineId = fo.lineItems.nodes[0].id;
    const r = await ctl.fulfillmentServiceAction(fo.id, 'reject-request', {
      reason: 'INVENTORY_OUT_OF_STOCK',
      message: 'No stock',
      lineItems: [{ fulfillmentOrderLineItemId: lineId, message: 'Out of tees' }],
    });
    expect(r.fulfillmentOrder).toMatchObject({
      status: 'OPEN',
      requestStatus: 'REJECTED',
      lastResponse: { kind: 'FULFILLMENT_REQUEST_REJECTED', reason: 'INVENTORY_OUT_OF_STOCK', message: 'No stock' },
    });
    expect((await hookFor('fulfillment_orders/fulfillment_request_rejected', fo.id)).json).toEqual({
      fulfillment_order: { id: fo.id, status: 'open', request_status: 'rejected' },
      message: 'No stock',
    });

    expect((await submit(fo.id, { message: 'Try again' })).userErrors).toEqual([]);
    expect((await ctl.fulfillmentOrder(fo.id)).fulfillmentOrder.merchantRequests.map((m: any) => m.message)).toEqual([
      null,
      'Try again',
    ]);
    const viaApi = (
      await q(F.REJECT_FULFILLMENT_REQUEST, {
        id: fo.id,
        reason: 'OTHER',
        lineItems: [{ fulfillmentOrderLineItemId: 'gid://shopify/FulfillmentOrderLineItem/1' }],
      })
    ).fulfillmentOrderRejectFulfillmentRequest;
    expect(viaApi.userErrors[0].field).toEqual(['lineItems', '0', 'fulfillmentOrderLineItemId']);
    expect(
      (await q(F.REJECT_FULFILLMENT_REQUEST, { id: fo.id, reason: 'OTHER' })).fulfillmentOrderRejectFulfillmentRequest
        .fulfillmentOrder.requestStatus,
    ).toBe('REJECTED');

    const moved = (await q(D.FULFILLMENT_ORDER_MOVE, { id: fo.id, newLocationId: shop.locations.a }))
      .fulfillmentOrderMove;
    expect(moved.userErrors).toEqual([]);
    expect(moved.movedFulfillmentOrder).toMatchObject({
      id: fo.id,
      assignedLocation: { location: { id: shop.locations.a } },
    });
    expect((await ctl.fulfillmentOrder(fo.id)).fulfillmentOrder).toMatchObject({
      status: 'OPEN',
      requestStatus: 'UNSUBMITTED',
      assignedLocation: { id: shop.locations.a },
    });
  });

  it('cancellation: request, reject (still fulfillable), request again, accept (CANCELLED, the rest in a new OPEN fulfillment order)', async () => {
    const before = await committed('TEE');
    const { order, fo } = await orderAtTpl();
    await submit(fo.id);
    await ctl.fulfillmentServiceAction(fo.id, 'accept-request', { message: 'On it' });
    const tee = fo.lineItems.nodes.find((l: any) => l.lineItem.sku === 'TEE');
    const part = await q(D.FULFILLMENT_CREATE, {
      fulfillment: {
        lineItemsByFulfillmentOrder: [
          { fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: tee.id, quantity: 1 }] },
        ],
        trackingInfo: { number: 'T1' },
      },
    });
    expect(part.fulfillmentCreate.userErrors).toEqual([]);

    const c1 = await requestCancel(fo.id, 'Customer changed their mind');
    expect(c1).toEqual({
      fulfillmentOrder: { id: fo.id, status: 'IN_PROGRESS', requestStatus: 'CANCELLATION_REQUESTED' },
      userErrors: [],
    });
    expect((await requestCancel(fo.id)).userErrors[0].message).toMatch(/already been sent/);
    const cancelReq = (await q(F.MERCHANT_REQUESTS_BY_KIND, { id: fo.id, kind: 'CANCELLATION_REQUEST' }))
      .fulfillmentOrder.merchantRequests.nodes;
    expect(cancelReq).toEqual([{ kind: 'CANCELLATION_REQUEST', message: 'Customer changed their mind' }]);
    const sub = await hookFor('fulfillment_orders/cancellation_request_submitted', fo.id);
    expect(sub.json).toMatchObject({
      fulfillment_order: { id: fo.id, status: 'in_progress', request_status: 'cancellation_requested' },
      fulfillment_order_merchant_request: { message: 'Customer changed their mind' },
    });
    expect(sub.json.fulfillment_order_merchant_request.id).toMatch(
      /^gid:\/\/shopify\/FulfillmentOrderMerchantRequest\/\d+$/,
    );

    const rej = (await q(F.REJECT_CANCELLATION_REQUEST, { id: fo.id, message: 'Already packed' }))
      .fulfillmentOrderRejectCancellationRequest;
    expect(rej).toEqual({
      fulfillmentOrder: { id: fo.id, status: 'IN_PROGRESS', requestStatus: 'CANCELLATION_REJECTED' },
      userErrors: [],
    });
    expect((await hookFor('fulfillment_orders/cancellation_request_rejected', fo.id)).json).toEqual({
      fulfillment_order: { id: fo.id, status: 'in_progress', request_status: 'cancellation_rejected' },
      message: 'Already packed',
    });

    expect((await requestCancel(fo.id, 'Please, really')).userErrors).toEqual([]);
    const acc = await ctl.fulfillmentServiceAction(fo.id, 'accept-cancellation', { message: 'Not shipped yet' });
    expect(acc.order.id).toBe(order.id);
    expect(acc.fulfillmentOrder).toMatchObject({ status: 'CANCELLED', requestStatus: 'CANCELLATION_ACCEPTED' });
    expect((await hookFor('fulfillment_orders/cancellation_request_accepted', fo.id)).json).toEqual({
      fulfillment_order: { id: fo.id, status: 'cancelled' },
      message: 'Not shipped yet',
    });

    const all = await fos(order.id);
    expect(
      all.map((f: any) => [
        f.status,
        f.requestStatus,
        f.lineItems.nodes.map((l: any) => [l.lineItem.sku, l.remainingQuantity]),
      ]),
    ).toEqual([
      [
        'CANCELLED',
        'CANCELLATION_ACCEPTED',
        [
          ['TEE', 0],
          ['MUG', 0],
        ],
      ],
      [
        'OPEN',
        'UNSUBMITTED',
        [
          ['TEE', 1],
          ['MUG', 1],
        ],
      ],
    ]);
    expect(await committed('TEE')).toBe(before + 1); // one shipped, one still committed for the replacement
    expect((await q(F.ORDER_FOS, { id: order.id })).order.displayFulfillmentStatus).toBe('PARTIALLY_FULFILLED');
    expect((await submit(all[1].id)).userErrors).toEqual([]); // the merchant app can request again
  });

  it('fulfillmentOrdersSetFulfillmentDeadline sets fulfillBy; an unknown id changes nothing', async () => {
    const a = await orderAtTpl();
    const b = await orderAtTpl();
    const ok = (
      await q(F.SET_FULFILLMENT_DEADLINE, {
        fulfillmentOrderIds: [a.fo.id, b.fo.id],
        fulfillmentDeadline: '2030-05-01T12:00:00Z',
      })
    ).fulfillmentOrdersSetFulfillmentDeadline;
    expect(ok).toEqual({ success: true, userErrors: [] });
    expect((await q(F.FULFILLMENT_ORDER, { id: b.fo.id })).fulfillmentOrder.fulfillBy).toBe('2030-05-01T12:00:00Z');
    const bad = (
      await q(F.SET_FULFILLMENT_DEADLINE, {
        fulfillmentOrderIds: [a.fo.id, 'gid://shopify/FulfillmentOrder/1'],
        fulfillmentDeadline: '2031-01-01T00:00:00Z',
      })
    ).fulfillmentOrdersSetFulfillmentDeadline;
    expect(bad).toEqual({
      success: false,
      userErrors: [
        {
          field: ['fulfillmentOrderIds'],
          message: 'The fulfillment orders could not be found.',
          code: 'FULFILLMENT_ORDERS_NOT_FOUND',
        },
      ],
    });
    expect((await ctl.fulfillmentOrder(a.fo.id)).fulfillmentOrder.fulfillBy).toBe('2030-05-01T12:00:00Z');
  });

  it('webhookSubscriptionCreate takes the fulfillment_orders topics; deliveries follow the webhook behaviour (duplicates)', async () => {
    const topics = [
      'FULFILLMENT_ORDERS_FULFILLMENT_REQUEST_SUBMITTED',
      'FULFILLMENT_ORDERS_FULFILLMENT_REQUEST_ACCEPTED',
      'FULFILLMENT_ORDERS_FULFILLMENT_REQUEST_REJECTED',
      'FULFILLMENT_ORDERS_CANCELLATION_REQUEST_SUBMITTED',
      'FULFILLMENT_ORDERS_CANCELLATION_REQUEST_ACCEPTED',
      'FULFILLMENT_ORDERS_CANCELLATION_REQUEST_REJECTED',
    ];
    for (const topic of topics) {
      const r = await q(D.WEBHOOK_SUBSCRIPTION_CREATE, { topic, webhookSubscription: { uri: `${hooks.url}/fs` } });
      expect(r.webhookSubscriptionCreate.userErrors).toEqual([]);
    }
    const { fo } = await orderAtTpl();
    await submit(fo.id);
    await ctl.fulfillmentServiceAction(fo.id, 'reject-request');
    await submit(fo.id);
    await ctl.fulfillmentServiceAction(fo.id, 'accept-request');
    await requestCancel(fo.id);
    await ctl.fulfillmentServiceAction(fo.id, 'reject-cancellation');
    await control(sim, 'PUT', shop.path('/webhook-behavior'), { duplicate: 1 });
    await requestCancel(fo.id);
    await ctl.fulfillmentServiceAction(fo.id, 'accept-cancellation');
    await control(sim, 'PUT', shop.path('/webhook-behavior'), { duplicate: 0 });
    const atFs = (topic: string) =>
      hooks.byTopic(topic).filter((h) => h.path === '/fs' && h.body.includes(`"${fo.id}"`));
    const expected = { submitted: 2, accepted: 1, rejected: 1 };
    for (const [t, n] of Object.entries(expected))
      await expect.poll(() => atFs(`fulfillment_orders/fulfillment_request_${t}`).length).toBe(n);
    await expect.poll(() => atFs('fulfillment_orders/cancellation_request_submitted').length).toBe(3); // 1 + 1 sent twice
    await expect.poll(() => atFs('fulfillment_orders/cancellation_request_accepted').length).toBe(2);
    expect(atFs('fulfillment_orders/cancellation_request_rejected')).toHaveLength(1);
    const dupes = atFs('fulfillment_orders/cancellation_request_accepted');
    expect(dupes[0]!.headers['x-shopify-event-id']).toBe(dupes[1]!.headers['x-shopify-event-id']);
    for (const h of atFs('fulfillment_orders/fulfillment_request_accepted'))
      expect(h.headers['x-shopify-hmac-sha256']).toBe(
        createHmac('sha256', shop.secret).update(h.body, 'utf8').digest('base64'),
      );
  });

  it('costs merchantRequests as a connection (2 + first x node), refunded to the actual size', async () => {
    const { fo } = await orderAtTpl();
    await submit(fo.id, { message: 'one' });
    const doc =
      'query Cost($id: ID!) { fulfillmentOrder(id: $id) { id merchantRequests(first: 20) { nodes { id kind message sentAt } } } }';
    const r = await rawGraphql(sim, shop.token, doc, { id: fo.id });
    expect(r.body.data.fulfillmentOrder.merchantRequests.nodes).toHaveLength(1);
    expect(r.body.extensions.cost.requestedQueryCost).toBe(1 + 2 + 20 * 1);
    expect(r.body.extensions.cost.actualQueryCost).toBeLessThan(r.body.extensions.cost.requestedQueryCost);
  });
});

describe('simulator fulfillment services across a restart', () => {
  it('keeps the fulfillment service, its location, merchant requests and the deadline in the state file', async () => {
    const stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'oo-sim-fs-')), 'simulator.json');
    const domain = 'fs-persist.myshopify.com';
    let sim = await startSimulator({ stateFile });
    const ctl = new SimulatorControl(sim.url, domain);
    await ctl.createShop({ accessToken: 'shpat_fs_persist', webhookSecret: 's' });
    const tpl = await ctl.addFulfillmentServiceLocation({
      name: 'Persisted 3PL',
      address: {},
      fulfillmentService: { callbackUrl: 'https://p.example' },
    });
    await ctl.addProduct({ title: 'Tee', variants: [{ sku: 'TEE', price: '5.00', inventory: { [tpl.id]: 5 } }] });
    const o = await ctl.createOrder({ lineItems: [{ sku: 'TEE', quantity: 1 }] });
    const foId = (await ctl.order(o.legacyResourceId)).fulfillmentOrders[0].id;
    let client = adminClient(sim, 'shpat_fs_persist');
    expect(
      (await gql(client, F.SUBMIT_FULFILLMENT_REQUEST, { id: foId, message: 'persist me' }))
        .fulfillmentOrderSubmitFulfillmentRequest.userErrors,
    ).toEqual([]);
    await gql(client, F.SET_FULFILLMENT_DEADLINE, {
      fulfillmentOrderIds: [foId],
      fulfillmentDeadline: '2030-01-01T00:00:00Z',
    });
    await sim.close();

    sim = await startSimulator({ stateFile });
    client = adminClient(sim, 'shpat_fs_persist');
    try {
      const fo = (await gql(client, F.FULFILLMENT_ORDER, { id: foId })).fulfillmentOrder;
      expect(fo).toMatchObject({
        requestStatus: 'SUBMITTED',
        fulfillBy: '2030-01-01T00:00:00Z',
        assignedLocation: { location: { id: tpl.id, isFulfillmentService: true } },
      });
      expect(fo.merchantRequests.nodes.map((m: any) => m.message)).toEqual(['persist me']);
      expect((await gql(client, F.LOCATION_WITH_SERVICE, { id: tpl.id })).location.fulfillmentService).toMatchObject({
        id: tpl.fulfillmentServiceId,
        handle: 'persisted-3pl',
      });
      const accepted = (await gql(client, F.ACCEPT_FULFILLMENT_REQUEST, { id: foId }))
        .fulfillmentOrderAcceptFulfillmentRequest;
      expect(accepted.fulfillmentOrder).toMatchObject({ status: 'IN_PROGRESS', requestStatus: 'ACCEPTED' });
    } finally {
      await sim.close();
    }
  });
});
