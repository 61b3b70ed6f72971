import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/shopify/documents';
import { control, gql, startSimulator, testShop, type Simulator } from './support';

/** Fulfillment orders: holds, moves (whole and split), releases, fulfillments, and the stock they commit. */
describe('simulator fulfillment orders', () => {
  let sim: Simulator;
  let shop: Awaited<ReturnType<typeof testShop>>;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    shop = await testShop(sim, 'fo-test.myshopify.com');
  });
  afterAll(() => sim?.close());

  const fos = async (id: string) =>
    (await gql(shop.client, D.ORDER_FULFILLMENT_ORDERS, { id })).order.fulfillmentOrders.nodes;
  const hold = (id: string, handle: string) =>
    gql(shop.client, D.FULFILLMENT_ORDER_HOLD, { id, fulfillmentHold: { reason: 'OTHER', handle } }).then(
      (d) => d.fulfillmentOrderHold,
    );
  const move = (id: string, newLocationId: string, fulfillmentOrderLineItems?: unknown) =>
    gql(shop.client, D.FULFILLMENT_ORDER_MOVE, { id, newLocationId, fulfillmentOrderLineItems }).then(
      (d) => d.fulfillmentOrderMove,
    );
  const fulfill = (lineItemsByFulfillmentOrder: unknown, extra: Record<string, unknown> = {}) =>
    gql(shop.client, D.FULFILLMENT_CREATE, { fulfillment: { lineItemsByFulfillmentOrder, ...extra } }).then(
      (d) => d.fulfillmentCreate,
    );
  const stock = async (sku: string, location: string) => {
    const s = await control(sim, 'GET', shop.path(''));
    return s.variants.find((v: any) => v.sku === sku).inventory[location];
  };

  it('holds once per handle, refuses to fulfill a held order, releases to OPEN', async () => {
    const o = await shop.order();
    const [fo] = await fos(o.id);
    expect(fo).toMatchObject({
      status: 'OPEN',
      requestStatus: 'UNSUBMITTED',
      assignedLocation: { location: { id: shop.locations.a } },
    });
    const h1 = await hold(fo.id, 'payment');
    expect(h1.fulfillmentOrder.status).toBe('ON_HOLD');
    const dup = await hold(fo.id, 'payment');
    expect(dup.userErrors[0]).toMatchObject({ code: 'DUPLICATE_FULFILLMENT_HOLD_HANDLE' });
    const h2 = await hold(fo.id, 'fraud');
    expect(h2.userErrors).toEqual([]);
    const held = await fulfill([{ fulfillmentOrderId: fo.id }]);
    expect(held.fulfillment).toBeNull();
    expect(held.userErrors[0].message).toMatch(/on hold/);
    const r1 = await gql(shop.client, D.FULFILLMENT_ORDER_RELEASE_HOLD, {
      id: fo.id,
      holdIds: [h1.fulfillmentHold.id],
    });
    expect(r1.fulfillmentOrderReleaseHold.fulfillmentOrder.status).toBe('ON_HOLD'); // the fraud hold remains
    const r2 = await gql(shop.client, D.FULFILLMENT_ORDER_RELEASE_HOLD, { id: fo.id });
    expect(r2.fulfillmentOrderReleaseHold.fulfillmentOrder.status).toBe('OPEN');
    expect((await fos(o.id))[0].fulfillmentHolds).toEqual([]);
  });

  it('moves a whole fulfillment order (holds and commitment go along)', async () => {
    const atA = (await stock('TEE', shop.locations.a)).committed;
    const atB = (await stock('TEE', shop.locations.b)).committed ?? 0;
    const o = await shop.order({ lineItems: [{ sku: 'TEE', quantity: 3 }] });
    const [fo] = await fos(o.id);
    expect((await stock('TEE', shop.locations.a)).committed).toBe(atA + 3);
    await hold(fo.id, 'engine');
    const m = await move(fo.id, shop.locations.b);
    expect(m.userErrors).toEqual([]);
    expect(m.movedFulfillmentOrder).toMatchObject({
      id: fo.id,
      status: 'ON_HOLD',
      assignedLocation: { location: { id: shop.locations.b } },
    });
    expect((await stock('TEE', shop.locations.b)).committed).toBe(atB + 3);
    expect((await stock('TEE', shop.locations.a)).committed).toBe(atA);
    const same = await move(fo.id, shop.locations.b);
    expect(same.userErrors[0].field).toEqual(['newLocationId']);
  });

  it('splits on a subset move: a new OPEN fulfillment order without the holds; refuses a location that does not stock the item', async () => {
    const o = await shop.order();
    const [fo] = await fos(o.id);
    await hold(fo.id, 'engine');
    const tee = fo.lineItems.nodes.find((l: any) => l.lineItem.sku === 'TEE');
    const mug = fo.lineItems.nodes.find((l: any) => l.lineItem.sku === 'MUG');
    const noStock = await move(fo.id, shop.locations.b, [{ id: mug.id, quantity: 1 }]);
    expect(noStock.userErrors[0].message).toMatch(/doesn't stock the requested inventory item MUG/);
    const tooMany = await move(fo.id, shop.locations.b, [{ id: tee.id, quantity: 3 }]);
    expect(tooMany.userErrors).toHaveLength(1);
    const m = await move(fo.id, shop.locations.b, [{ id: tee.id, quantity: 1 }]);
    expect(m.movedFulfillmentOrder.id).not.toBe(fo.id);
    expect(m.movedFulfillmentOrder).toMatchObject({
      status: 'OPEN',
      assignedLocation: { location: { id: shop.locations.b } },
    });
    expect(m.originalFulfillmentOrder).toMatchObject({ id: fo.id, status: 'ON_HOLD' });
    const after = await fos(o.id);
    expect(
      after.map((f: any) => ({
        status: f.status,
        holds: f.fulfillmentHolds.length,
        lines: f.lineItems.nodes.map((l: any) => [l.lineItem.sku, l.remainingQuantity]),
      })),
    ).toEqual([
      {
        status: 'ON_HOLD',
        holds: 1,
        lines: [
          ['TEE', 1],
          ['MUG', 1],
        ],
      },
      { status: 'OPEN', holds: 0, lines: [['TEE', 1]] },
    ]);
  });

  it('fulfills: partial then rest, tracking and notifyCustomer recorded, statuses follow, stock ships', async () => {
    const o = await shop.order({ lineItems: [{ sku: 'MUG', quantity: 3 }] });
    const [fo] = await fos(o.id);
    const before = await stock('MUG', shop.locations.a);
    const line = fo.lineItems.nodes[0];
    const tooMany = await fulfill([
      { fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: line.id, quantity: 4 }] },
    ]);
    expect(tooMany.userErrors).toHaveLength(1);
    const part = await fulfill(
      [{ fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: line.id, quantity: 1 }] }],
      { trackingInfo: { number: 'T1', company: 'USPS' }, notifyCustomer: false },
    );
    expect(part.fulfillment.status).toBe('SUCCESS');
    expect((await fos(o.id))[0].status).toBe('IN_PROGRESS');
    expect((await gql(shop.client, D.ORDER_FOR_ORCHESTRATION, { id: o.id })).order.displayFulfillmentStatus).toBe(
      'PARTIALLY_FULFILLED',
    );
    await fulfill([{ fulfillmentOrderId: fo.id }], {
      trackingInfo: { number: 'T2', company: 'UPS', url: 'https://t/2' },
      notifyCustomer: true,
    });
    expect((await fos(o.id))[0].status).toBe('CLOSED');
    expect((await gql(shop.client, D.ORDER_FOR_ORCHESTRATION, { id: o.id })).order.displayFulfillmentStatus).toBe(
      'FULFILLED',
    );
    const state = await shop.state(o.legacyResourceId);
    expect(state.fulfillments.map((f: any) => [f.notifyCustomer, f.trackingInfo])).toEqual([
      [false, [{ company: 'USPS', number: 'T1', url: null }]],
      [true, [{ company: 'UPS', number: 'T2', url: 'https://t/2' }]],
    ]);
    const after = await stock('MUG', shop.locations.a);
    expect(after.on_hand).toBe(before.on_hand - 3);
    expect(after.committed).toBe(before.committed - 3);
    const closed = await fulfill([{ fulfillmentOrderId: fo.id }]);
    expect(closed.userErrors[0].message).toMatch(/closed/);
    const cancel = await gql(shop.client, D.ORDER_CANCEL, { orderId: o.id, reason: 'OTHER', restock: true });
    expect(cancel.orderCancel.orderCancelUserErrors).toHaveLength(1);
  });

  it('refuses to fulfill fulfillment orders at different locations in one call', async () => {
    const o = await shop.order();
    const [fo] = await fos(o.id);
    const tee = fo.lineItems.nodes.find((l: any) => l.lineItem.sku === 'TEE');
    await move(fo.id, shop.locations.b, [{ id: tee.id, quantity: 2 }]);
    const both = (await fos(o.id)).map((f: any) => ({ fulfillmentOrderId: f.id }));
    const r = await fulfill(both);
    expect(r.userErrors[0].message).toMatch(/same location/);
  });
});
