import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseX12, transactionSets } from '../../src/edi';
import { importLocationsAndInventory } from '../../src/inventory/import-from-shopify';
import { allocateAndReserve, releaseReservation, type AllocateRequest } from '../../src/inventory/reservations';
import { applyPartnerSeed, parsePartnerSeed } from '../../src/partner/seed';
import { vendorCatalog } from '../../src/partner/vendor-catalog';
import { Harness, SHIP_TO } from '../support/harness';
import { DocumentListener, postEdi as post } from '../support/edi-vendor';
import { poAck855, shipNotice856, vendorInterchange } from '../support/x12';

/**
 * A drop-ship vendor routed to by SKU: Acme Dropship (a fourth location, in
 * Chicago) is an edi_vendor whose catalog sells LAMP, which no location
 * stocks. An order for a TEE and LAMPs splits between NJ Warehouse (stock)
 * and Acme (its catalog): Acme's 850 carries the catalog's cost and part
 * number, the reservation is taken off the catalog, and cancelling gives it back.
 */
describe('routing by vendor catalog', () => {
  let h: Harness;
  const listener = new DocumentListener();
  let vendor: string;
  let control = 700;
  const ACME_TOKEN = 'token-acme-dropship';
  const ACME = {
    name: 'Acme Dropship',
    address: {
      city: 'Chicago',
      provinceCode: 'IL',
      countryCode: 'US',
      zip: '60606',
      latitude: 41.8781,
      longitude: -87.6298,
    },
  };

  const seed = (catalog: unknown[]) =>
    parsePartnerSeed({
      partners: [
        {
          id: vendor,
          name: 'Acme Dropship',
          kind: 'edi_vendor',
          token: ACME_TOKEN,
          requiresAcceptance: true,
          acceptanceWindowSeconds: 3600,
          locations: ['Acme Dropship'],
          // A cancelled order waits at most a second for the vendor's answer to our 860 (none comes here).
          edi: {
            isaQualifier: 'ZZ',
            isaId: 'ACMEDROPSHIP',
            gsApplicationCode: 'ACMEDROPSHIP',
            tracking: 'REF_CN',
            hierarchy: 'SOPI',
            allowPartialAcceptance: false,
            usageIndicator: 'P',
            cancelAnswerWindowSeconds: 1,
          },
          transport: { kind: 'http', url: listener.url },
          catalog,
        },
      ],
    });
  const CATALOG = [
    { sku: 'LAMP', vendorPartNumber: 'ACME-LMP-7', unitCost: '18.40', currency: 'USD', available: 5, leadTimeDays: 3 },
    { sku: 'SHADE', unitCost: 4 },
  ];

  beforeAll(async () => {
    await listener.start();
    h = await Harness.start('vendor-routing');
    vendor = `acme-${h.shopDomain.split('.')[0]}`.slice(0, 63);
    // The vendor's location in Shopify stocks LAMP at 0 (Shopify moves fulfillment orders only to a
    // location that stocks the item); the merchant holds none anywhere.
    const acme = await h.sim.addLocation({ ...ACME, fulfillsOnlineOrders: true });
    await h.sim.addProduct({ title: 'LAMP', variants: [{ sku: 'LAMP', price: '40.00', inventory: { [acme.id]: 0 } }] });
    await importLocationsAndInventory(h.pool, h.shopify, h.shopDomain);
    await applyPartnerSeed(h.pool, h.shopDomain, seed(CATALOG));
  });
  afterAll(async () => {
    await h?.close();
    await listener.close();
  });

  const postEdi = (body: string) => post(h.gatewayUrl, vendor, ACME_TOKEN, body);
  const waitForDocument = (prefix: string, containing: string) => listener.waitFor(prefix, containing);

  async function reservations(orderId: string) {
    const { rows } = await h.pool.query(
      `SELECT l.name AS location, r.sku, r.quantity, r.status, r.catalog_partner_id
         FROM reservations r JOIN allocations a ON a.id = r.allocation_id
         JOIN locations l ON l.shop_domain = a.shop_domain AND l.id = r.location_id
        WHERE a.workflow_id = $1 ORDER BY r.sku`,
      [h.workflowId(orderId)],
    );
    return rows;
  }

  async function lampAvailable() {
    return (await vendorCatalog(h.pool, vendor)).find((r) => r.sku === 'LAMP')?.available;
  }

  const placement = (s: { allocations: { locationName: string; lines: { sku: string; quantity: number }[] }[] }) =>
    s.allocations.map((a) => [a.locationName, a.lines.map((l) => `${l.quantity} ${l.sku}`).join(', ')]).sort();

  it('the seed stores the catalog; only an edi_vendor may have one', async () => {
    expect(await vendorCatalog(h.pool, vendor)).toEqual([
      {
        partnerId: vendor,
        sku: 'LAMP',
        vendorPartNumber: 'ACME-LMP-7',
        unitCost: '18.40',
        currency: 'USD',
        available: 5,
        leadTimeDays: 3,
        active: true,
      },
      {
        partnerId: vendor,
        sku: 'SHADE',
        vendorPartNumber: null,
        unitCost: '4.00',
        currency: 'USD',
        available: null,
        leadTimeDays: null,
        active: true,
      },
    ]);
    expect(() =>
      parsePartnerSeed({
        partners: [{ id: 'wh-x', name: 'X', token: 'token-xxxxxxxx', catalog: [{ sku: 'A', unitCost: 1 }] }],
      }),
    ).toThrow(/catalog: only an edi_vendor has a catalog/);
    expect(() => seed([{ sku: 'A', unitCost: 'cheap' }])).toThrow(/catalog\.0\.unitCost/);
  });

  it('an order split between a stocked location and an EDI vendor: 850 at catalog cost, reservations against stock and catalog, all given back on cancel', async () => {
    const { orderId } = await h.placeOrder([
      { sku: 'TEE', quantity: 1 },
      { sku: 'LAMP', quantity: 2 },
    ]);
    const asked = await h.waitForStage(orderId, 'awaiting_acceptance');
    expect(placement(asked)).toEqual([
      ['Acme Dropship', '2 LAMP'],
      ['NJ Warehouse', '1 TEE'],
    ]);
    const atAcme = asked.allocations.find((a) => a.locationName === 'Acme Dropship')!;
    expect(atAcme).toMatchObject({ partnerId: vendor, state: 'awaiting_acceptance' });
    expect(asked.allocations.find((a) => a.locationName === 'NJ Warehouse')!.state).toBe('accepted');

    // Shopify: the LAMP line's fulfillment order was moved to the vendor's location.
    const sim = await h.sim.order(orderId);
    const lampFo = sim.fulfillmentOrders.find(
      (f: any) => f.status !== 'CLOSED' && f.lines.some((l: any) => l.sku === 'LAMP'),
    );
    expect(lampFo.locationName).toBe('Acme Dropship');

    // The 850: PO1 priced at the catalog's cost (not the 40.00 the customer pays), with the vendor's part number.
    const sent = await waitForDocument('850-', atAcme.id);
    const parsed = parseX12(sent.body);
    expect(parsed.readable && parsed.errors).toEqual([]);
    const po1 = transactionSets(parsed)[0]!
      .segments.map((s) => s.elements.join('*'))
      .filter((x) => x.startsWith('PO1*'));
    expect(po1).toHaveLength(1);
    expect(po1[0]).toMatch(/^PO1\*1\*2\*EA\*18\.40?\*PE\*VN\*ACME-LMP-7\*SK\*LAMP$/);

    // PostgreSQL: TEE reserved against NJ's stock, LAMP against Acme's catalog (no inventory row touched).
    expect(await reservations(orderId)).toEqual([
      { location: 'Acme Dropship', sku: 'LAMP', quantity: 2, status: 'active', catalog_partner_id: vendor },
      { location: 'NJ Warehouse', sku: 'TEE', quantity: 1, status: 'active', catalog_partner_id: null },
    ]);
    expect(await lampAvailable()).toBe(3);
    expect((await h.inventory('TEE'))['NJ Warehouse']).toEqual({ onHand: 10, reserved: 1 });
    expect((await h.inventory('LAMP'))['Acme Dropship']).toEqual({ onHand: 0, reserved: 0 });

    await h.sim.orderAction(orderId, 'cancel');
    expect((await h.result(orderId)).stage).toBe('cancelled');
    expect((await waitForDocument('860-', atAcme.id)).body).toContain(`BCH*01*DS*${atAcme.id}`);
    expect((await reservations(orderId)).map((r) => [r.sku, r.status])).toEqual([
      ['LAMP', 'released'],
      ['TEE', 'released'],
    ]);
    expect(await lampAvailable()).toBe(5);
    expect((await h.inventory('TEE'))['NJ Warehouse']).toEqual({ onHand: 10, reserved: 0 });
  });

  it('a vendor that ships keeps its units consumed; no stock is taken off hand anywhere', async () => {
    const { orderId } = await h.placeOrder([{ sku: 'LAMP', quantity: 1 }]);
    const asked = await h.waitForStage(orderId, 'awaiting_acceptance');
    expect(placement(asked)).toEqual([['Acme Dropship', '1 LAMP']]);
    const po = asked.allocations[0]!.id;
    await waitForDocument('850-', po);
    expect(await lampAvailable()).toBe(4);

    const ack = await postEdi(
      vendorInterchange({ sender: 'ACMEDROPSHIP', control: ++control, functionalId: 'PR' }, [
        poAck855(po, [{ lineId: '1', sku: 'LAMP', quantity: 1, acks: [['IA', 1]] }]),
      ]),
    );
    expect(ack.body.sets).toEqual([expect.objectContaining({ type: '855', outcome: 'signalled' })]);
    await h.waitForStage(orderId, 'awaiting_shipment');
    const asn = await postEdi(
      vendorInterchange({ sender: 'ACMEDROPSHIP', control: ++control, functionalId: 'SH' }, [
        shipNotice856('ACME-SHIP-1', po, '1ZACME0001', [{ lineId: '1', sku: 'LAMP', quantity: 1 }]),
      ]),
    );
    expect(asn.body.sets).toEqual([expect.objectContaining({ type: '856', outcome: 'signalled' })]);
    expect((await h.result(orderId)).stage).toBe('completed');

    expect(await reservations(orderId)).toEqual([
      { location: 'Acme Dropship', sku: 'LAMP', quantity: 1, status: 'consumed', catalog_partner_id: vendor },
    ]);
    expect(await lampAvailable()).toBe(4);
    expect((await h.inventory('LAMP'))['Acme Dropship']).toEqual({ onHand: 0, reserved: 0 });
  });

  it("re-applying the seed: the vendor's new count minus what is reserved; unlisted SKUs inactive and no longer routed", async () => {
    const { orderId } = await h.placeOrder([{ sku: 'LAMP', quantity: 2 }]);
    await h.waitForStage(orderId, 'awaiting_acceptance');
    expect(await lampAvailable()).toBe(2);

    await applyPartnerSeed(h.pool, h.shopDomain, seed([{ ...CATALOG[0], unitCost: '19.00', available: 10 }]));
    await applyPartnerSeed(h.pool, h.shopDomain, seed([{ ...CATALOG[0], unitCost: '19.00', available: 10 }])); // idempotent
    const rows = await vendorCatalog(h.pool, vendor);
    expect(rows.map((r) => [r.sku, r.unitCost, r.available, r.active])).toEqual([
      ['LAMP', '19.00', 8, true],
      ['SHADE', '4.00', null, false],
    ]);

    await h.sim.orderAction(orderId, 'cancel');
    expect((await h.result(orderId)).stage).toBe('cancelled');
    expect(await lampAvailable()).toBe(10);

    // SHADE is no longer sold by anyone: the order waits for a person, naming the shortage.
    await h.sim.addProduct({ title: 'SHADE', variants: [{ sku: 'SHADE', price: '9.00', inventory: {} }] });
    const shade = await h.placeOrder([{ sku: 'SHADE', quantity: 1 }]);
    const stuck = await h.waitFor(shade.orderId, (s) => !!s.attention, 'attention');
    expect(stuck.attention!.reason).toMatch(/No inventory to route: SHADE needs 1, 0 available/);
    await h.sim.orderAction(shade.orderId, 'cancel');
    expect((await h.result(shade.orderId)).stage).toBe('cancelled');
  });

  it('the same decision again (a retry, or a replay after a reset) returns the same allocations and takes released catalog units again, or reports the shortage', async () => {
    const req: AllocateRequest = {
      workflowId: `direct-${h.shopDomain}`,
      shopDomain: h.shopDomain,
      orderId: `direct-${h.shopDomain.split('.')[0]}`,
      routeAttempt: 1,
      firstSequence: 1,
      lines: [
        { lineItemId: 'x1', sku: 'TEE', quantity: 1 },
        { lineItemId: 'x2', sku: 'LAMP', quantity: 3 },
      ],
      shipTo: { latitude: SHIP_TO.latitude, longitude: SHIP_TO.longitude },
      exclude: [],
    };
    expect(await lampAvailable()).toBe(10);
    const first = await allocateAndReserve(h.pool, req);
    if (!first.ok) throw new Error(`not routed: ${JSON.stringify(first)}`);
    expect(
      first.allocations.map((a) => [a.locationName, a.lines.map((l) => `${l.quantity} ${l.sku}`).join(', ')]),
    ).toEqual([
      ['NJ Warehouse', '1 TEE'],
      ['Acme Dropship', '3 LAMP'],
    ]);
    expect(await lampAvailable()).toBe(7);
    expect(await allocateAndReserve(h.pool, req)).toEqual(first);
    expect(await lampAvailable()).toBe(7);

    // Released (the order moved on), then the decision replayed after a reset: the units are taken again.
    for (const a of first.allocations) expect(await releaseReservation(h.pool, a.id)).toBe(1);
    expect(await releaseReservation(h.pool, first.allocations[1]!.id)).toBe(0);
    expect(await lampAvailable()).toBe(10);
    expect(await allocateAndReserve(h.pool, req)).toEqual(first);
    expect(await lampAvailable()).toBe(7);
    expect((await h.inventory('TEE'))['NJ Warehouse']).toEqual({ onHand: 10, reserved: 1 });

    // Released again while the vendor's count dropped to 2: the replay reports the shortage and takes nothing.
    for (const a of first.allocations) await releaseReservation(h.pool, a.id);
    await applyPartnerSeed(h.pool, h.shopDomain, seed([{ ...CATALOG[0], available: 2 }]));
    expect(await allocateAndReserve(h.pool, req)).toEqual({
      ok: false,
      shortages: [{ sku: 'LAMP', needed: 3, available: 2 }],
    });
    expect(await lampAvailable()).toBe(2);
    expect((await h.inventory('TEE'))['NJ Warehouse']).toEqual({ onHand: 10, reserved: 0 });
  });
});
