import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignPartnerToLocation, importLocationsAndInventory } from '../../src/inventory/import-from-shopify';
import { upsertPartner } from '../../src/partner/repository';
import * as D from '../../src/shopify/documents';
import { Harness } from '../support/harness';

/**
 * A 3PL that is a Shopify fulfillment service: once an allocation is paid and
 * released, the engine submits a fulfillment request in Shopify; the 3PL's
 * answers come as fulfillment_orders/* webhooks (no order id in them), and it
 * fulfills in Shopify itself.
 */
describe('Shopify fulfillment service (3PL)', () => {
  let h: Harness;
  let threePl: string;

  beforeAll(async () => {
    h = await Harness.start('3pl');
    // Next door to the customers in Elizabeth, NJ: routing prefers it.
    await h.sim.addFulfillmentServiceLocation({
      name: 'ShipFast NJ',
      address: {
        city: 'Elizabeth',
        provinceCode: 'NJ',
        countryCode: 'US',
        zip: '07201',
        latitude: 40.6639,
        longitude: -74.2107,
      },
      fulfillsOnlineOrders: true,
      fulfillmentService: { serviceName: 'ShipFast NJ', callbackUrl: 'https://shipfast.example/callback' },
    });
    const locations: any[] = (await h.shopify.request<any>('Locations', D.LOCATIONS, {})).locations.nodes;
    const at = (name: string) => locations.find((l) => l.name === name)!.id;
    await h.sim.addProduct({
      title: 'Gadget',
      variants: [{ sku: 'GADGET', price: '40.00', inventory: { [at('ShipFast NJ')]: 10, [at('LA Warehouse')]: 4 } }],
    });
    await importLocationsAndInventory(h.pool, h.shopify, h.shopDomain);
    threePl = `shipfast-${h.shopDomain.split('.')[0]}`.slice(0, 63);
    await upsertPartner(h.pool, {
      id: threePl,
      shopDomain: h.shopDomain,
      name: 'ShipFast NJ',
      kind: 'shopify_fulfillment_service',
      token: 'token-shipfast',
      acceptanceWindowSeconds: 60,
    });
    await assignPartnerToLocation(h.pool, h.shopDomain, 'ShipFast NJ', threePl);
  });
  afterAll(async () => h?.close());

  async function released(orderId: string) {
    const s = await h.waitFor(
      orderId,
      (x) =>
        x.stage === 'awaiting_shipment' &&
        x.allocations.some((a) => a.locationName === 'ShipFast NJ' && a.state === 'released_to_ship'),
      'released to the 3PL',
    );
    const a = s.allocations.find((x) => x.locationName === 'ShipFast NJ')!;
    const fo = await h.sim.fulfillmentOrder(a.fulfillmentOrderIds[0]!);
    return { s, a, fo: fo.fulfillmentOrder };
  }

  it('paid first, then the request: the 3PL accepts and fulfills in Shopify; the order completes with its tracking', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'GADGET', quantity: 2 }]);
    const { a, fo } = await released(orderId);
    expect(fo.requestStatus).toBe('SUBMITTED');
    const sim = await h.sim.order(orderId);
    expect(sim.transactions.filter((t: any) => t.kind === 'CAPTURE' && t.status === 'SUCCESS')).toHaveLength(1); // captured before the request
    await h.sim.fulfillmentServiceAction(fo.id, 'accept-request', { message: 'on it' });
    await h.waitFor(
      orderId,
      (x) => x.timeline.some((t) => t.event.includes('accepted the fulfillment request')),
      'acceptance noted',
    );
    await h.shopify.mutate('FulfillmentCreate', 'fulfillmentCreate', D.FULFILLMENT_CREATE, {
      fulfillment: {
        lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }],
        trackingInfo: { number: '1Z3PL0001', company: 'UPS' },
        notifyCustomer: true,
      },
    });
    const done = await h.result(orderId);
    expect(done.stage).toBe('completed');
    expect(done.allocations.find((x) => x.id === a.id)).toMatchObject({
      state: 'shipped',
      tracking: expect.objectContaining({ number: '1Z3PL0001' }),
    });
    expect((await h.inventory('GADGET'))['ShipFast NJ']).toEqual({ onHand: 8, reserved: 0 });
    await h.recordHistory(orderId, '3pl-fulfilled');
  });

  it('a rejected request is routed elsewhere without capturing again', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'GADGET', quantity: 1 }]);
    const { fo } = await released(orderId);
    await h.sim.fulfillmentServiceAction(fo.id, 'reject-request', { message: 'out of stock at the dock' });
    const moved = await h.waitFor(
      orderId,
      (x) =>
        x.stage === 'awaiting_shipment' &&
        x.allocations.some((a) => a.locationName === 'LA Warehouse' && a.state === 'released_to_ship'),
      'rerouted to LA',
    );
    expect(moved.allocations.find((a) => a.locationName === 'ShipFast NJ')).toMatchObject({
      state: 'rejected',
      rejectionReason: 'out of stock at the dock',
    });
    await h.shipAllReleased(orderId);
    expect((await h.result(orderId)).stage).toBe('completed');
    const sim = await h.sim.order(orderId);
    expect(sim.transactions.filter((t: any) => t.kind === 'CAPTURE' && t.status === 'SUCCESS')).toHaveLength(1);
  });

  it('cancelling after the 3PL accepted asks it to cancel and waits for its answer', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'GADGET', quantity: 1 }]);
    const { fo } = await released(orderId);
    await h.sim.fulfillmentServiceAction(fo.id, 'accept-request');
    await h.waitFor(
      orderId,
      (x) => x.timeline.some((t) => t.event.includes('accepted the fulfillment request')),
      'acceptance noted',
    );
    expect((await h.ops(orderId, 'cancel', { reason: 'customer changed their mind' })).status).toBe(200);
    await h.waitFor(orderId, (x) => x.stage === 'cancelling' && !!x.waiting, 'waiting for the 3PL');
    expect((await h.sim.fulfillmentOrder(fo.id)).fulfillmentOrder.requestStatus).toBe('CANCELLATION_REQUESTED');
    await h.sim.fulfillmentServiceAction(fo.id, 'accept-cancellation', { message: 'pulled from the line' });
    const done = await h.result(orderId);
    expect(done.stage).toBe('cancelled');
    expect(done.timeline.some((t) => t.event.includes('confirmed the cancellation'))).toBe(true);
    await h.recordHistory(orderId, '3pl-cancelled');
  });
});
