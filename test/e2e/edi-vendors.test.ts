import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPartner } from '../../src/partner/repository';
import { replaceVendorCatalog, vendorCatalog } from '../../src/partner/vendor-catalog';
import { Harness, PARTNER_TOKENS } from '../support/harness';
import { DocumentListener, postEdi as post } from '../support/edi-vendor';
import { functionalAck997, poAck855, vendorInterchange } from '../support/x12';

/**
 * X12 as other trading partners send it: the receiver check and
 * the test indicator, inbound 997s checked like any interchange, 856s in other
 * vendors' layouts, partial acceptance that tells the vendor, and our 997s
 * delivered even when the first delivery fails. Brooklyn Store plays the
 * vendor; its documents come in at POST /partners/{id}/edi.
 */
describe('EDI from other vendors', () => {
  let h: Harness;
  const listener = new DocumentListener();
  let vendor: string;
  let control = 3000;

  beforeAll(async () => {
    await listener.start();
    h = await Harness.start('edi-vendors');
    vendor = h.partnerId('bk-store');
    await setVendor({});
  });
  afterAll(async () => {
    await h?.close();
    await listener.close();
  });

  const postEdi = (body: string) => post(h.gatewayUrl, vendor, PARTNER_TOKENS['bk-store'], body);
  const waitForDocument = (prefix: string, containing: string) => listener.waitFor(prefix, containing);
  const accept = (po: string, quantity: number) =>
    poAck855(po, [{ lineId: '1', sku: 'MUG', quantity, acks: [['IA', quantity]] }]);

  async function setVendor(options: { allowPartialAcceptance?: boolean; url?: string }) {
    await upsertPartner(h.pool, {
      id: vendor,
      shopDomain: h.shopDomain,
      name: 'Brooklyn Store',
      kind: 'edi_vendor',
      token: PARTNER_TOKENS['bk-store'],
      requiresAcceptance: true,
      acceptanceWindowSeconds: 3600,
      edi: {
        isaQualifier: 'ZZ',
        isaId: 'BKVENDOR',
        gsApplicationCode: 'BKVENDOR',
        tracking: 'REF_CN',
        hierarchy: 'SOPI',
        allowPartialAcceptance: options.allowPartialAcceptance ?? false,
        usageIndicator: 'P',
      },
      transport: { kind: 'http', url: options.url ?? listener.url },
    });
  }

  /** Plenty of MUG at Brooklyn and LA, whatever earlier tests used. */
  async function restockMugs() {
    await h.pool.query(
      `UPDATE inventory i SET on_hand = i.reserved + 10 FROM locations l
        WHERE l.shop_domain = i.shop_domain AND l.id = i.location_id AND i.shop_domain = $1 AND i.sku = 'MUG' AND l.name IN ('Brooklyn Store', 'LA Warehouse')`,
      [h.shopDomain],
    );
  }

  async function orderAtVendor(quantity: number) {
    await restockMugs();
    const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity }]);
    const asked = await h.waitForStage(orderId, 'awaiting_acceptance');
    const po = asked.allocations[0]!.id;
    const sent = await waitForDocument('850-', po);
    return { orderId, po, group: Number(/GS\*PO\*[^*]*\*[^*]*\*\d+\*\d+\*(\d+)\*/.exec(sent.body)![1]) };
  }

  async function shippable(quantity: number) {
    const o = await orderAtVendor(quantity);
    expect(
      (
        await postEdi(
          vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'PR' }, [accept(o.po, quantity)]),
        )
      ).status,
    ).toBe(202);
    await h.waitForStage(o.orderId, 'awaiting_shipment');
    return o;
  }

  const timelineHas = (orderId: string, text: string, what: string) =>
    h.waitFor(orderId, (x) => x.timeline.some((t) => t.event.includes(text)), what);

  it('an interchange for another receiver (ISA08 or GS03) is refused whole; a test interchange (ISA15 T) is acknowledged and never acted on', async () => {
    const { orderId, po } = await orderAtVendor(1);
    const first = control + 1;
    const elsewhere = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', receiver: 'SOMEONEELSE', control: ++control, functionalId: 'PR' }, [
        accept(po, 1),
      ]),
    );
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error).toMatch(/ISA08 SOMEONEELSE is not us \(ORDERORCH\)/);
    expect(elsewhere.body.x12).toMatch(new RegExp(`TA1\\*0*${control}\\*261123\\*1200\\*R\\*008~`));
    expect(elsewhere.body.sets).toEqual([expect.objectContaining({ type: '855', outcome: 'rejected' })]);
    const otherApp = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', gsReceiver: 'OTHERAPP', control: ++control, functionalId: 'PR' }, [
        accept(po, 1),
      ]),
    );
    expect(otherApp.status).toBe(400);
    expect(otherApp.body.x12).toMatch(/TA1\*\d{9}\*261123\*1200\*R\*024~/);

    const test = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', usage: 'T', control: ++control, functionalId: 'PR' }, [accept(po, 1)]),
    );
    expect(test.status).toBe(202);
    expect(test.body.sets).toEqual([expect.objectContaining({ type: '855', outcome: 'test' })]);
    expect(test.body.x12).toMatch(/\*0\*T\*>~/); // our 997 is a test interchange too
    expect(test.body.x12).toContain('AK5*A');
    // None of the three reached the order: the production 855 is the first acknowledgment it sees.
    // ISA14 = 1 asks for a TA1: A 000 before our 997 group.
    const live = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', acknowledgmentRequested: '1', control: ++control, functionalId: 'PR' }, [
        accept(po, 1),
      ]),
    );
    expect(live.body.sets[0].outcome).toBe('signalled');
    expect(live.body.x12).toMatch(new RegExp(`~\\nTA1\\*0*${control}\\*261123\\*1200\\*A\\*000~\\nGS\\*FA\\*`));
    const shipped = await h.waitForStage(orderId, 'awaiting_shipment');
    expect(shipped.timeline.filter((t) => /accepted/.test(t.event) && t.event.includes(po))).toHaveLength(1);
    const controls = [first, first + 1, first + 2, first + 3].map((n) => String(n).padStart(9, '0'));
    const { rows } = await h.pool.query(
      `SELECT outcome FROM edi_inbound WHERE partner_id = $1 AND interchange_control = ANY($2) ORDER BY id`,
      [vendor, controls],
    );
    expect(rows.map((r) => r.outcome)).toEqual(['rejected', 'rejected', 'test', 'signalled']);
  });

  it('inbound 997s are checked (functional id, AK102, envelope) and answered 4xx, never 500; a rejection reaches a person with its AK3/AK4 detail', async () => {
    const { orderId, group } = await orderAtVendor(1);
    // A 997 for group N of another functional id acknowledges nothing we sent.
    const otherId = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'FA' }, [
        functionalAck997('PR', group, false),
      ]),
    );
    expect(otherId.status).toBe(202);
    expect(otherId.body.sets[0]).toMatchObject({
      outcome: 'unmatched',
      detail: expect.stringMatching(new RegExp(`acknowledges PR group ${group}, which we never sent`)),
    });
    for (const bad of ['ABC', '99999999999']) {
      const r = await postEdi(
        vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'FA' }, [
          { id: '997', segments: [`AK1*PO*${bad}`, 'AK2*850*0001', 'AK5*R*5', 'AK9*R*1*1*0'] },
        ]),
      );
      expect(r.status).toBe(400);
      expect(r.body.sets[0].outcome).toBe('rejected');
    }
    const miscounted = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'FA', seCountOffset: 2 }, [
        functionalAck997('PO', group, false),
      ]),
    );
    expect(miscounted.status).toBe(400);
    expect(miscounted.body.sets[0].outcome).toBe('rejected');
    const noAk5 = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'FA' }, [
        { id: '997', segments: [`AK1*PO*${group}`, 'AK2*850*0001', 'AK9*R*1*1*0'] },
      ]),
    );
    expect(noAk5.status).toBe(400);
    const { rows } = await h.pool.query(
      `SELECT ack_status FROM edi_outbound WHERE partner_id = $1 AND type = '850' AND group_control = $2`,
      [vendor, group],
    );
    expect(rows).toEqual([{ ack_status: null }]);

    // A well-formed rejection with segment and element detail: the person sees where our 850 was wrong.
    const detailed = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'FA' }, [
        {
          id: '997',
          segments: [`AK1*PO*${group}`, 'AK2*850*0001', 'AK3*PO1*9**8', 'AK4*4*212*7*15.00', 'AK5*R*5', 'AK9*R*1*1*0'],
        },
      ]),
    );
    expect(detailed.body.sets[0].outcome).toBe('signalled');
    const stuck = await h.waitFor(orderId, (x) => !!x.attention, 'attention on the rejected 850');
    expect(stuck.attention!.reason).toContain('850 0001: R (5) — PO1 at segment 9 (AK304 8), element 4 code 7 "15.00"');
    expect(
      stuck.timeline.filter(
        (t) => t.event.includes('rejected our purchase order') && !t.event.startsWith('Needs attention'),
      ),
    ).toHaveLength(1);
  });

  it('856s as other vendors lay them out: HL02 0, no LIN01 (BP), one MAN*CP per carton, pipe separators; every tracking number reaches Shopify with the carrier from the SCAC', async () => {
    const { orderId, po } = await shippable(2);
    const asn = vendorInterchange(
      {
        sender: 'BKVENDOR',
        control: ++control,
        functionalId: 'SH',
        separators: { element: '|', component: '^', segment: '\n', lineBreak: '' },
      },
      [
        {
          id: '856',
          segments: [
            'BSN*00*CARTONS-1*20261124*0930*0001',
            'HL*1*0*S',
            'TD5**2*FDEG*U*FEDEX GROUND',
            'HL*2*1*O',
            `PRF*${po}`,
            'HL*3*2*P',
            'MAN*CP*612999AA0000001',
            'HL*4*3*I',
            'LIN**BP*MUG',
            'SN1**1*EA',
            'HL*5*2*P',
            'MAN*CP*612999AA0000002',
            'HL*6*5*I',
            'LIN**BP*MUG',
            'SN1**1*EA',
            'CTT*6',
          ],
        },
      ],
    );
    const r = await postEdi(asn);
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.sets[0].outcome).toBe('signalled');
    expect((await h.result(orderId)).stage).toBe('completed');
    const sim = await h.sim.order(orderId);
    const tracking = sim.fulfillments.flatMap((f: any) => f.trackingInfo);
    expect(tracking.map((t: any) => t.number).sort()).toEqual(['612999AA0000001', '612999AA0000002']);
    expect(tracking.every((t: any) => t.company === 'FedEx' && /^https:\/\/www\.fedex\.com\//.test(t.url))).toBe(true);
  });

  it('an ASN without any tracking still ships (without tracking); a cancellation ASN never ships; an ASN line matching no PO line ships nothing for it and is raised', async () => {
    const untracked = await shippable(1);
    const bare = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'SH' }, [
        {
          id: '856',
          segments: [
            'BSN*00*NOTRACK-1*20261124',
            'HL*1**S',
            'HL*2*1*O',
            `PRF*${untracked.po}`,
            'HL*3*2*I',
            'LIN*1*SK*MUG',
            'SN1**1*EA',
          ],
        },
      ]),
    );
    expect(bare.body.sets[0]).toMatchObject({
      outcome: 'signalled',
      detail: expect.stringContaining('fulfilled without tracking'),
    });
    expect((await h.result(untracked.orderId)).stage).toBe('completed');
    expect((await h.sim.order(untracked.orderId)).fulfillments).toHaveLength(1);

    const { orderId, po } = await shippable(2);
    const cancelled = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'SH' }, [
        {
          id: '856',
          segments: [
            'BSN*01*CANCEL-1*20261124',
            'HL*1**S',
            'REF*CN*1ZCANCELLED',
            'HL*2*1*O',
            `PRF*${po}`,
            'HL*3*2*I',
            'LIN*1*SK*MUG',
            'SN1**2*EA',
          ],
        },
      ]),
    );
    expect(cancelled.status).toBe(202);
    expect(cancelled.body.sets[0]).toMatchObject({
      outcome: 'recorded',
      detail: expect.stringContaining('nothing ships'),
    });
    const mixed = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'SH' }, [
        {
          id: '856',
          segments: [
            'BSN*00*MIXED-1*20261124',
            'HL*1**S',
            'TD5**2*UPSN*U*UPS GROUND',
            'REF*CN*1ZMIXED0001',
            'HL*2*1*O',
            `PRF*${po}`,
            'HL*3*2*I',
            'LIN*1*SK*MUG',
            'SN1**1*EA',
            'HL*4*2*I',
            'LIN**UP*000000000017',
            'SN1**1*EA',
          ],
        },
      ]),
    );
    expect(mixed.body.sets[0]).toMatchObject({
      outcome: 'signalled',
      detail: expect.stringContaining('matching no line of the PO: UP 000000000017'),
    });
    const part = await timelineHas(orderId, 'matching no line of the PO', 'the unmatched ASN line raised');
    await h.waitFor(
      orderId,
      (x) => (x.allocations[0]!.shipped ?? []).reduce((n, l) => n + l.quantity, 0) === 1,
      'one unit shipped',
    );
    expect(part.stage).not.toBe('completed');
    const sim = await h.sim.order(orderId);
    expect(sim.fulfillments.flatMap((f: any) => f.trackingInfo.map((t: any) => t.number))).toEqual(['1ZMIXED0001']);
    expect(JSON.stringify(sim.fulfillments)).not.toContain('1ZCANCELLED');
    // A ship notice that shipped nothing (its only item matched no PO line) does not block its corrected resend.
    const fix = (lin: string) =>
      postEdi(
        vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'SH' }, [
          {
            id: '856',
            segments: [
              'BSN*00*FIX-1*20261124',
              'HL*1**S',
              'REF*CN*1ZFIX0001',
              'HL*2*1*O',
              `PRF*${po}`,
              'HL*3*2*I',
              lin,
              'SN1**1*EA',
            ],
          },
        ]),
      );
    expect((await fix('LIN**UP*000000000024')).body.sets[0].detail).toContain('nothing ships');
    expect((await fix('LIN*1*SK*MUG')).body.sets[0].outcome).toBe('signalled');
    expect((await h.result(orderId)).stage).toBe('completed');
  });

  it('two partial ASNs without tracking for one PO are two shipments (told apart by their BSN02), each fulfilled and taken off hand once', async () => {
    const { orderId, po } = await shippable(2);
    const onHand = async () => (await h.inventory('MUG'))['Brooklyn Store']!.onHand;
    const before = await onHand();
    const asn = (bsn02: string) =>
      postEdi(
        vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'SH' }, [
          {
            id: '856',
            segments: [
              `BSN*00*${bsn02}*20261124`,
              'HL*1**S',
              'HL*2*1*O',
              `PRF*${po}`,
              'HL*3*2*I',
              'LIN*1*SK*MUG',
              'SN1**1*EA',
            ],
          },
        ]),
      );
    expect((await asn('UNTRACKED-A')).body.sets[0].outcome).toBe('signalled');
    await h.waitFor(
      orderId,
      (x) => (x.allocations[0]!.shipped ?? []).reduce((n, l) => n + l.quantity, 0) === 1,
      'the first unit shipped',
    );
    expect((await asn('UNTRACKED-B')).body.sets[0].outcome).toBe('signalled');
    expect((await h.result(orderId)).stage).toBe('completed');
    const sim = await h.sim.order(orderId);
    expect(sim.fulfillments).toHaveLength(2);
    expect(
      sim.fulfillments.reduce((n: number, f: any) => n + f.lines.reduce((m: number, l: any) => m + l.quantity, 0), 0),
    ).toBe(2);
    expect(await onHand()).toBe(before - 2);
  });

  it('units taken from a vendor get an 860: a change for a partial acceptance, a cancel when the profile refuses part; its later ASN is delivered to the order', async () => {
    await setVendor({ allowPartialAcceptance: true });
    try {
      const { orderId: partialId, po } = await orderAtVendor(3);
      await postEdi(
        vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'PR' }, [
          poAck855(
            po,
            [
              {
                lineId: '1',
                sku: 'MUG',
                quantity: 3,
                acks: [
                  ['IA', 2],
                  ['IB', 1],
                ],
              },
            ],
            'AK',
          ),
        ]),
      );
      const change = await waitForDocument('860-', `BCH*04*DS*${po}`);
      expect(change.body).toMatch(/POC\*1\*QD\*2\*2\*EA/);
      // The vendor ships its two, LA the backordered one: the order completes (kept as a replay fixture of this path).
      const split = await h.waitForStage(partialId, 'awaiting_shipment');
      await postEdi(
        vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'SH' }, [
          {
            id: '856',
            segments: [
              'BSN*00*PARTIAL-1*20261124',
              'HL*1**S',
              'REF*CN*1ZPARTIAL01',
              'HL*2*1*O',
              `PRF*${po}`,
              'HL*3*2*I',
              'LIN*1*SK*MUG',
              'SN1**2*EA',
            ],
          },
        ]),
      );
      await h.ship('la-wh', split.allocations.find((a) => a.locationName === 'LA Warehouse')!.id, '1ZLAPARTIAL');
      expect((await h.result(partialId)).stage).toBe('completed');
      await h.recordHistory(partialId, 'edi-partial-860');
    } finally {
      await setVendor({});
    }
    const { orderId, po } = await orderAtVendor(2);
    const partly = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'PR' }, [
        poAck855(
          po,
          [
            {
              lineId: '1',
              sku: 'MUG',
              quantity: 2,
              acks: [
                ['IA', 1],
                ['IB', 1],
              ],
            },
          ],
          'AK',
        ),
      ]),
    );
    expect(partly.body.sets[0].outcome).toBe('signalled');
    await h.waitFor(orderId, (x) => x.allocations.some((a) => a.locationName === 'LA Warehouse'), 'rerouted');
    const cancel = await waitForDocument('860-', `BCH*01*DS*${po}`);
    expect(cancel.body).toContain(`BCH*01*DS*${po}`);
    // The vendor ships its accepted unit anyway: the ship notice reaches the order (which asks a person), never "unmatched".
    const late = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'SH' }, [
        {
          id: '856',
          segments: [
            'BSN*00*LATE-1*20261124',
            'HL*1**S',
            'REF*CN*1ZLATE0001',
            'HL*2*1*O',
            `PRF*${po}`,
            'HL*3*2*I',
            'LIN*1*SK*MUG',
            'SN1**1*EA',
          ],
        },
      ]),
    );
    expect(late.body.sets[0].outcome).toBe('signalled');
    await timelineHas(orderId, 'Ship notice for ' + po, 'the late ship notice on the order');
  });

  it('also: an 855 with a price change (IP) or in another unit of measure is put to a person, not counted as acceptance', async () => {
    const { orderId, po } = await orderAtVendor(2);
    const priced = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'PR' }, [
        { id: '855', segments: [`BAK*00*AC*${po}*20261123`, 'PO1*1*2*EA*17.25**SK*MUG', 'ACK*IP*2*EA', 'CTT*1'] },
      ]),
    );
    expect(priced.body.sets[0]).toMatchObject({
      outcome: 'signalled',
      detail: expect.stringContaining('line 1: IP price changed (PO104 17.25)'),
    });
    const stuck = await h.waitFor(orderId, (x) => !!x.attention, 'attention on the changed acknowledgment');
    expect(stuck.attention!.reason).toContain('accepted PO');
    expect(stuck.allocations[0]!.state).toBe('awaiting_acceptance');

    const other = await orderAtVendor(1);
    const cases = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'PR' }, [
        { id: '855', segments: [`BAK*00*AC*${other.po}*20261123`, 'PO1*1*1*CA*15**SK*MUG', 'ACK*IA*1*CA', 'CTT*1'] },
      ]),
    );
    expect(cases.body.sets[0].detail).toContain('unit of measure CA where we ordered EA');
    expect(
      (await h.waitFor(other.orderId, (x) => !!x.attention, 'attention on the unit of measure')).allocations[0]!.state,
    ).toBe('awaiting_acceptance');
  });

  it('also: an 810 invoice is recorded for the merchant against what shipped, and acknowledged with our 997', async () => {
    const { orderId, po } = await shippable(2);
    await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'SH' }, [
        {
          id: '856',
          segments: [
            'BSN*00*INV-SHIP-1*20261124',
            'HL*1**S',
            'REF*CN*1ZINVOICE01',
            'HL*2*1*O',
            `PRF*${po}`,
            'HL*3*2*I',
            'LIN*1*SK*MUG',
            'SN1**2*EA',
          ],
        },
      ]),
    );
    expect((await h.result(orderId)).stage).toBe('completed');
    const invoice = (number: string, quantity: number, cents: number) =>
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'IN' }, [
        {
          id: '810',
          segments: [
            `BIG*20261125*${number}*20261123*${po}`,
            `IT1*1*${quantity}*EA*15**SK*MUG`,
            `TDS*${cents}`,
            'CTT*1',
          ],
        },
      ]);
    const right = await postEdi(invoice('INV-1', 2, 3000));
    expect(right.status).toBe(202);
    expect(right.body.x12).toMatch(new RegExp(`AK1\\*IN\\*${control}~\\nAK2\\*810\\*0001~\\nAK5\\*A~`));
    expect(right.body.sets[0]).toMatchObject({
      type: '810',
      outcome: 'recorded',
      detail: `invoice INV-1 for PO ${po}, 30.00: matches what shipped`,
    });
    const wrong = await postEdi(invoice('INV-2', 3, 4500));
    expect(wrong.body.sets[0].detail).toBe(
      `invoice INV-2 for PO ${po}, 45.00: differs from what shipped: line 1 (MUG): invoiced 3, shipped 2`,
    );
  });

  it("also: an 846 inventory advice feeds the vendor catalog's available (by part number or SKU), minus what is reserved", async () => {
    await replaceVendorCatalog(h.pool, vendor, [
      { sku: 'LAMP-846', vendorPartNumber: 'BK-LMP-1', unitCost: 10, available: 5 },
      { sku: 'SHADE-846', unitCost: 4, available: 1 },
    ]);
    const advice = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'IB' }, [
        {
          id: '846',
          segments: [
            'BIA*00*DD*STOCK-1*20261124',
            'LIN**VN*BK-LMP-1',
            'QTY*33*12*EA',
            'LIN**SK*SHADE-846',
            'QTY*17*3*EA',
            'LIN**SK*NOT-LISTED',
            'QTY*33*9*EA',
            'CTT*3',
          ],
        },
      ]),
    );
    expect(advice.status).toBe(202);
    expect(advice.body.x12).toContain('AK2*846*0001');
    expect(advice.body.sets[0]).toMatchObject({
      type: '846',
      outcome: 'recorded',
      detail: expect.stringContaining('catalog updated for LAMP-846, SHADE-846'),
    });
    const rows = await vendorCatalog(h.pool, vendor);
    expect(rows.filter((r) => r.sku.endsWith('-846')).map((r) => [r.sku, r.available])).toEqual([
      ['LAMP-846', 12],
      ['SHADE-846', 3],
    ]);
    await replaceVendorCatalog(h.pool, vendor, []); // an active catalog makes Brooklyn a vendor location for later orders
  });

  it('a 997 whose delivery failed is sent again with the next receipt', async () => {
    await setVendor({ url: 'http://127.0.0.1:9/unreachable' });
    const c = ++control;
    const first = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: c, functionalId: 'PR' }, [accept('NO-SUCH-PO-7', 1)]),
    );
    expect(first.body.acknowledgments).toEqual([expect.objectContaining({ sent: false })]);
    await setVendor({});
    await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'PR' }, [accept('NO-SUCH-PO-8', 1)]),
    );
    await waitForDocument('997-', `AK1*PR*${c}~`);
    const { rows } = await h.pool.query(
      `SELECT count(*)::int AS n FROM edi_outbound WHERE partner_id = $1 AND type = '997' AND sent_at IS NULL`,
      [vendor],
    );
    expect(rows[0].n).toBe(0);
  });
});
