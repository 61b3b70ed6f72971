import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseX12, transactionSets } from '../../src/edi';
import { upsertPartner } from '../../src/partner/repository';
import { Harness, PARTNER_TOKENS } from '../support/harness';
import { DocumentListener, postEdi as post } from '../support/edi-vendor';
import { changeAck865, functionalAck997, poAck855, shipNotice856, vendorInterchange } from '../support/x12';

/**
 * Brooklyn Store played as a drop-ship vendor speaking X12: our 850 and 860
 * go to its transport (a test listener), its 855 and 856 come in at
 * POST /partners/{id}/edi, and every group gets our 997.
 */
describe('EDI drop-ship vendor', () => {
  let h: Harness;
  const listener = new DocumentListener();
  const received = listener.received;
  let vendor: string;
  let control = 500;

  beforeAll(async () => {
    await listener.start();
    h = await Harness.start('edi');
    vendor = h.partnerId('bk-store');
    await setVendor({});
  });
  afterAll(async () => {
    await h?.close();
    await listener.close();
  });

  const postEdi = (body: string, token: string = PARTNER_TOKENS['bk-store']) => post(h.gatewayUrl, vendor, token, body);
  const waitForDocument = (prefix: string, containing: string) => listener.waitFor(prefix, containing);

  it("850 out, 855 and 856 in: the order completes with the vendor's tracking; duplicates signal once; every group gets a 997", async () => {
    const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity: 2 }]);
    const asked = await h.waitForStage(orderId, 'awaiting_acceptance');
    const po = asked.allocations[0]!.id;
    const sent = await waitForDocument('850-', po);
    const parsed = parseX12(sent.body);
    expect(parsed.readable && parsed.errors).toEqual([]);
    const segs = transactionSets(parsed)[0]!.segments.map((s) => s.elements.join('*'));
    expect(segs.find((x) => x.startsWith('BEG'))).toMatch(new RegExp(`^BEG\\*00\\*DS\\*${po}\\*\\*\\d{8}$`));
    expect(segs).toContain('REF*CO*' + asked.orderName);
    expect(segs.find((x) => x.startsWith('N1*ST'))).toBeTruthy();
    expect(segs.find((x) => x.startsWith('N4*'))).toMatch(/^N4\*Elizabeth\*NJ\*07201\*US/);
    expect(segs.find((x) => x.startsWith('PO1*'))).toMatch(/^PO1\*1\*2\*EA\*15(\.00)?\*/);
    expect(segs.find((x) => x.startsWith('PO1*'))).toContain('SK*MUG');

    const ack = vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'PR' }, [
      poAck855(po, [{ lineId: '1', sku: 'MUG', quantity: 2, acks: [['IA', 2]] }]),
    ]);
    const accepted = await postEdi(ack);
    expect(accepted.status).toBe(202);
    expect(accepted.body.sets).toEqual([expect.objectContaining({ type: '855', outcome: 'signalled' })]);
    expect(accepted.body.x12).toContain(`AK1*PR*${control}`);
    expect(accepted.body.x12).toMatch(/AK5\*A/);
    await waitForDocument('997-', `AK1*PR*${control}`);
    expect((await postEdi(ack)).body.sets[0].outcome).toBe('duplicate');

    await h.waitForStage(orderId, 'awaiting_shipment');
    const asn = vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'SH' }, [
      shipNotice856('SHIP-1', po, '1ZEDI0001', [{ lineId: '1', sku: 'MUG', quantity: 2 }]),
    ]);
    const shipped = await postEdi(asn);
    expect(shipped).toMatchObject({ status: 202, body: { sets: [{ type: '856', outcome: 'signalled' }] } });
    const done = await h.result(orderId);
    expect(done.stage).toBe('completed');
    // The carrier is TD503's SCAC (UPSN: UPS, with its tracking URL); TD505 "UPS GROUND" is the service.
    expect(done.allocations[0]!.tracking).toMatchObject({
      number: '1ZEDI0001',
      company: 'UPS',
      url: 'https://www.ups.com/track?tracknum=1ZEDI0001',
    });
    // orders/updated echoes of our own writes (metafield, tags) changed no line: the order was read once.
    const events = (await h.client.workflow.getHandle(h.workflowId(orderId)).fetchHistory()).events ?? [];
    expect(done.timeline.some((t) => t.event === 'Shopify orders/updated')).toBe(true);
    expect(
      events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'loadOrder'),
    ).toHaveLength(1);
    const sim = await h.sim.order(orderId);
    expect(JSON.stringify(sim.fulfillments)).toContain('1ZEDI0001');
    // The same ASN in a new envelope (same PO + BSN02) is recognised too.
    const again = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'SH' }, [
        shipNotice856('SHIP-1', po, '1ZEDI0001', [{ lineId: '1', sku: 'MUG', quantity: 2 }]),
      ]),
    );
    expect(again.body.sets[0]).toMatchObject({ outcome: 'duplicate' });
  });

  it('an 855 rejecting the line reroutes; a cancelled order sends an 860 for a PO that went out', async () => {
    const first = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
    const asked = await h.waitForStage(first.orderId, 'awaiting_acceptance');
    const po = asked.allocations[0]!.id;
    await waitForDocument('850-', po);
    const rejected = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'PR' }, [
        poAck855(po, [{ lineId: '1', sku: 'MUG', quantity: 1, acks: [['IR', 1]] }], 'RD'),
      ]),
    );
    expect(rejected.status).toBe(202);
    const moved = await h.waitFor(
      first.orderId,
      (x) => x.allocations.some((a) => a.locationName === 'LA Warehouse'),
      'rerouted to LA',
    );
    expect(moved.allocations[0]).toMatchObject({
      state: 'rejected',
      rejectionReason: expect.stringMatching(/^vendor rejected PO /),
    });

    const second = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
    const waiting = await h.waitForStage(second.orderId, 'awaiting_acceptance');
    const po2 = waiting.allocations[0]!.id;
    await waitForDocument('850-', po2);
    await h.sim.orderAction(second.orderId, 'cancel');
    expect((await h.result(second.orderId)).stage).toBe('cancelled');
    const change = await waitForDocument('860-', po2);
    expect(change.body).toContain(`BCH*01*DS*${po2}`);
  });

  /** Plenty of MUG at Brooklyn and LA, whatever earlier tests used. */
  async function restockMugs() {
    await h.pool.query(
      `UPDATE inventory i SET on_hand = i.reserved + 10 FROM locations l
        WHERE l.shop_domain = i.shop_domain AND l.id = i.location_id AND i.shop_domain = $1 AND i.sku = 'MUG' AND l.name IN ('Brooklyn Store', 'LA Warehouse')`,
      [h.shopDomain],
    );
  }

  async function setVendor(options: {
    allowPartialAcceptance?: boolean;
    acceptanceWindowSeconds?: number;
    cancelAnswerWindowSeconds?: number;
    functionalAckWindowSeconds?: number;
  }) {
    await upsertPartner(h.pool, {
      id: vendor,
      shopDomain: h.shopDomain,
      name: 'Brooklyn Store',
      kind: 'edi_vendor',
      token: PARTNER_TOKENS['bk-store'],
      requiresAcceptance: true,
      acceptanceWindowSeconds: options.acceptanceWindowSeconds ?? 3600,
      edi: {
        isaQualifier: 'ZZ',
        isaId: 'BKVENDOR',
        gsApplicationCode: 'BKVENDOR',
        tracking: 'REF_CN',
        hierarchy: 'SOPI',
        allowPartialAcceptance: options.allowPartialAcceptance ?? false,
        usageIndicator: 'P',
        cancelAnswerWindowSeconds: options.cancelAnswerWindowSeconds ?? 2,
        functionalAckWindowSeconds: options.functionalAckWindowSeconds ?? 3600,
      },
      transport: { kind: 'http', url: listener.url },
    });
  }

  it('an 855 with mixed line statuses keeps the accepted units at the vendor and reroutes the rest; partial ASNs fulfill in parts', async () => {
    await setVendor({ allowPartialAcceptance: true });
    await restockMugs();
    try {
      const before = await h.inventory('MUG');
      const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity: 3 }]);
      const asked = await h.waitForStage(orderId, 'awaiting_acceptance');
      const po = asked.allocations[0]!.id;
      expect(asked.allocations[0]!.locationName).toBe('Brooklyn Store');
      await waitForDocument('850-', po);
      // Two units accepted, one backordered: the backordered one goes to LA.
      const ack = await postEdi(
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
      expect(ack.body.sets[0]).toMatchObject({
        outcome: 'signalled',
        detail: expect.stringMatching(/vendor accepted part of PO .*line 1 2\/3/),
      });
      const split = await h.waitForStage(orderId, 'awaiting_shipment');
      expect(split.allocations.map((a) => [a.locationName, a.state, a.lines.map((l) => l.quantity)])).toEqual([
        ['Brooklyn Store', 'released_to_ship', [2]],
        ['LA Warehouse', 'released_to_ship', [1]],
      ]);
      const held = await h.inventory('MUG');
      expect(held['Brooklyn Store']!.reserved).toBe(before['Brooklyn Store']!.reserved + 2);
      expect(held['LA Warehouse']!.reserved).toBe(before['LA Warehouse']!.reserved + 1);

      // The vendor ships its two units in two ASNs; LA ships its one.
      const asn = (n: number, tracking: string) =>
        postEdi(
          vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'SH' }, [
            shipNotice856(`SHIP-P${n}`, po, tracking, [{ lineId: '1', sku: 'MUG', quantity: 1 }]),
          ]),
        );
      expect((await asn(1, '1ZPART1')).body.sets[0].outcome).toBe('signalled');
      await h.waitFor(orderId, (x) => x.allocations[0]!.shipped?.length === 1, 'first partial shipment');
      let sim = await h.sim.order(orderId);
      expect(sim.fulfillments).toHaveLength(1);
      expect((await h.inventory('MUG'))['Brooklyn Store']).toEqual({
        onHand: before['Brooklyn Store']!.onHand - 1,
        reserved: before['Brooklyn Store']!.reserved + 1,
      });
      expect((await asn(2, '1ZPART2')).body.sets[0].outcome).toBe('signalled');
      await h.waitFor(orderId, (x) => x.allocations[0]!.state === 'shipped', 'vendor allocation shipped');
      const la = split.allocations[1]!;
      await h.ship('la-wh', la.id, '1ZLA0001');
      expect((await h.result(orderId)).stage).toBe('completed');
      sim = await h.sim.order(orderId);
      expect(sim.fulfillments).toHaveLength(3);
      expect((await h.inventory('MUG'))['Brooklyn Store']).toEqual({
        onHand: before['Brooklyn Store']!.onHand - 2,
        reserved: before['Brooklyn Store']!.reserved,
      });
      await h.recordHistory(orderId, 'edi-partial');
    } finally {
      await setVendor({});
    }
  });

  it('an ASN before any 855 accepts and ships; silence past the window reroutes', async () => {
    await restockMugs();
    const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
    const asked = await h.waitForStage(orderId, 'awaiting_acceptance');
    const po = asked.allocations[0]!.id;
    await waitForDocument('850-', po);
    const asn = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'SH' }, [
        shipNotice856('SHIP-EARLY', po, '1ZEARLY', [{ lineId: '1', sku: 'MUG', quantity: 1 }]),
      ]),
    );
    expect(asn.body.sets[0].outcome).toBe('signalled');
    const done = await h.result(orderId);
    expect(done.stage).toBe('completed');
    expect(done.allocations[0]).toMatchObject({
      locationName: 'Brooklyn Store',
      state: 'shipped',
      tracking: expect.objectContaining({ number: '1ZEARLY' }),
    });

    await setVendor({ acceptanceWindowSeconds: 2 });
    try {
      const late = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
      const moved = await h.waitFor(
        late.orderId,
        (x) => x.allocations.some((a) => a.locationName === 'LA Warehouse'),
        'rerouted after the window',
        30_000,
      );
      expect(moved.allocations[0]).toMatchObject({
        locationName: 'Brooklyn Store',
        state: 'rejected',
        rejectionReason: 'no answer within 2s',
      });
    } finally {
      await setVendor({});
    }
  });

  it("a cancelled order waits for the vendor's 865: confirmed, it ends; refused, a person decides", async () => {
    await restockMugs();
    await setVendor({ cancelAnswerWindowSeconds: 120 });
    const first = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
    const po = (await h.waitForStage(first.orderId, 'awaiting_acceptance', 15_000)).allocations[0]!.id;
    await waitForDocument('850-', po);
    await h.sim.orderAction(first.orderId, 'cancel');
    const waiting = await h.waitFor(
      first.orderId,
      (x) => x.stage === 'cancelling' && !!x.waiting,
      'waiting for the 865',
      20_000,
    );
    expect(waiting.waiting!.what).toMatch(/^Brooklyn Store to confirm the cancellation of /);
    await waitForDocument('860-', po);
    const answer = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'PR' }, [changeAck865(po, 'AC')]),
    );
    expect(answer.body, JSON.stringify(answer.body)).toMatchObject({ sets: [{ type: '865', outcome: 'signalled' }] });
    expect((await h.result(first.orderId)).stage).toBe('cancelled');

    const second = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
    const po2 = (await h.waitForStage(second.orderId, 'awaiting_acceptance')).allocations[0]!.id;
    await waitForDocument('850-', po2);
    await h.sim.orderAction(second.orderId, 'cancel');
    await waitForDocument('860-', po2);
    await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'PR' }, [
        changeAck865(po2, 'RJ', 'ALREADY SHIPPED'),
      ]),
    );
    const stuck = await h.waitFor(second.orderId, (x) => !!x.attention, 'attention on the refusal');
    expect(stuck.attention).toMatchObject({
      reason: expect.stringMatching(/refused to cancel .*ALREADY SHIPPED/),
      actions: ['skip'],
    });
    await h.client.workflow.getHandle(h.workflowId(second.orderId)).signal('skip', {});
    expect((await h.result(second.orderId)).stage).toBe('cancelled');
    await setVendor({});
  });

  it('a 997 rejecting our 850 asks a person, whose retry sends it again; an unanswered request is withdrawn with an 860', async () => {
    await restockMugs();
    const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
    const po = (await h.waitForStage(orderId, 'awaiting_acceptance')).allocations[0]!.id;
    const sent = await waitForDocument('850-', po);
    const group = Number(/GS\*PO\*[^*]*\*[^*]*\*\d+\*\d+\*(\d+)\*/.exec(sent.body)![1]);
    const rejected = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'FA' }, [
        functionalAck997('PO', group, false),
      ]),
    );
    expect(rejected.body.sets[0]).toMatchObject({ type: '997', outcome: 'signalled' });
    const stuck = await h.waitFor(orderId, (x) => !!x.attention, 'attention on the rejected 850');
    expect(stuck.attention!.reason).toMatch(/rejected our purchase order .* in its 997/);
    expect(stuck.attention!.actions).toEqual(['retry', 'reroute', 'cancel']);
    const copies = () => received.filter((d) => d.filename.startsWith('850-') && d.body.includes(po)).length;
    expect(copies()).toBe(1);
    await h.ops(orderId, 'retry');
    await h.waitFor(orderId, (x) => !x.attention && x.stage === 'awaiting_acceptance', 'back to waiting');
    await expect.poll(copies, { timeout: 10_000 }).toBe(2);
    // The rejection detail (AK3/AK4 when the vendor gives them) is on the order; the resend is a new
    // document with new control numbers, since vendors drop a known ISA13/GS06 as a duplicate.
    const { rows } = await h.pool.query(
      `SELECT ack_status, interchange_control, group_control FROM edi_outbound WHERE partner_id = $1 AND po_number = $2 AND type = '850' ORDER BY created_at`,
      [vendor, po],
    );
    expect(rows.map((r) => r.ack_status)).toEqual(['R', null]);
    expect(Number(rows[1].interchange_control)).not.toBe(Number(rows[0].interchange_control));
    expect(Number(rows[1].group_control)).not.toBe(Number(rows[0].group_control));
    const resent = received
      .filter((d) => d.filename.startsWith('850-') && d.body.includes(po))
      .map((d) => /\*U\*00401\*(\d{9})\*/.exec(d.body)![1]);
    expect(new Set(resent).size).toBe(2);

    await setVendor({ acceptanceWindowSeconds: 2 });
    try {
      const late = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
      const po3 = (await h.waitForStage(late.orderId, 'awaiting_acceptance')).allocations[0]!.id;
      await h.waitFor(
        late.orderId,
        (x) => x.allocations.some((a) => a.locationName === 'LA Warehouse'),
        'rerouted after the window',
        30_000,
      );
      const withdrawn = await waitForDocument('860-', po3);
      expect(withdrawn.body).toContain(`BCH*01*DS*${po3}`);
    } finally {
      await setVendor({});
    }
  });

  it('no 997 for our 850 in time asks a person; an accepted 997 after the resend lets the order go on', async () => {
    await restockMugs();
    await setVendor({ functionalAckWindowSeconds: 2 });
    try {
      const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
      const po = (await h.waitForStage(orderId, 'awaiting_acceptance')).allocations[0]!.id;
      await waitForDocument('850-', po);
      const stuck = await h.waitFor(orderId, (x) => !!x.attention, 'attention on the missing 997', 30_000);
      expect(stuck.attention!.reason).toMatch(
        /^No 997 from Brooklyn Store for our purchase order .*; retry to send it again$/,
      );
      await h.ops(orderId, 'retry');
      const copies = () => received.filter((d) => d.filename.startsWith('850-') && d.body.includes(po));
      await expect.poll(() => copies().length, { timeout: 10_000 }).toBe(2);
      const group = Number(/GS\*PO\*[^*]*\*[^*]*\*\d+\*\d+\*(\d+)\*/.exec(copies()[1]!.body)![1]);
      expect(
        (
          await postEdi(
            vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'FA' }, [
              functionalAck997('PO', group, true),
            ]),
          )
        ).body.sets[0].outcome,
      ).toBe('signalled');
      await postEdi(
        vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'PR' }, [
          poAck855(po, [{ lineId: '1', sku: 'MUG', quantity: 1, acks: [['IA', 1]] }]),
        ]),
      );
      const shipped = await h.waitForStage(orderId, 'awaiting_shipment');
      expect(shipped.attention).toBeNull();
      expect(shipped.timeline.filter((t) => t.event.startsWith('Needs attention: No 997'))).toHaveLength(1);
    } finally {
      await setVendor({});
    }
  });

  it('an order edit while the vendor decides sends an 860 change and shrinks the reservation; the capture follows the edited total', async () => {
    await restockMugs();
    const before = await h.inventory('MUG');
    const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity: 3 }]);
    const po = (await h.waitForStage(orderId, 'awaiting_acceptance')).allocations[0]!.id;
    await waitForDocument('850-', po);
    await h.sim.orderAction(orderId, 'edit', { lines: [{ sku: 'MUG', quantity: 1 }] });
    const change = await waitForDocument('860-', `BCH*04*DS*${po}`);
    expect(change.body).toMatch(/POC\*1\*QD\*1\*/);
    const edited = await h.waitFor(orderId, (x) => x.allocations[0]!.lines[0]!.quantity === 1, 'allocation shrunk');
    expect(edited.stage).toBe('awaiting_acceptance');
    expect((await h.inventory('MUG'))['Brooklyn Store']!.reserved).toBe(before['Brooklyn Store']!.reserved + 1);
    await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'PR' }, [
        poAck855(po, [{ lineId: '1', sku: 'MUG', quantity: 1, acks: [['IA', 1]] }]),
      ]),
    );
    await h.waitForStage(orderId, 'awaiting_shipment');
    const sim = await h.sim.order(orderId);
    expect(
      sim.transactions.filter((t: any) => t.kind === 'CAPTURE' && t.status === 'SUCCESS').map((t: any) => t.amount),
    ).toEqual(['15.00']);
  });

  it("an ops edit removing a unit from the vendor's PO sends an 860 change, keeps the rest with the vendor and captures the edited total", async () => {
    await restockMugs();
    const before = await h.inventory('MUG');
    const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity: 3 }]);
    const po = (await h.waitForStage(orderId, 'awaiting_acceptance')).allocations[0]!.id;
    await waitForDocument('850-', po);
    const res = await h.ops(orderId, 'edit', { set: [{ line: 'MUG', quantity: 2 }], by: 'ann' });
    expect(res.status).toBe(200);
    const change = await waitForDocument('860-', `BCH*04*DS*${po}`);
    expect(change.body).toMatch(/POC\*1\*QD\*2\*/);
    const edited = await h.waitFor(orderId, (x) => x.allocations[0]!.lines[0]!.quantity === 2, 'the PO shrunk');
    expect(edited.allocations).toHaveLength(1); // nothing rerouted: only the removed unit moved
    expect((await h.inventory('MUG'))['Brooklyn Store']!.reserved).toBe(before['Brooklyn Store']!.reserved + 2);
    const sim = await h.sim.order(orderId);
    expect(sim.fulfillmentOrders.flatMap((fo: any) => fo.lines).map((l: any) => l.remainingQuantity)).toEqual([2]);
    await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'PR' }, [
        poAck855(po, [{ lineId: '1', sku: 'MUG', quantity: 2, acks: [['IA', 2]] }]),
      ]),
    );
    await h.waitForStage(orderId, 'awaiting_shipment');
    expect(
      (await h.sim.order(orderId)).transactions
        .filter((t: any) => t.kind === 'CAPTURE' && t.status === 'SUCCESS')
        .map((t: any) => t.amount),
    ).toEqual(['30.00']);
    await h.recordHistory(orderId, 'ops-edit-860-change');
  });

  it('bad interchanges: 400 with the reason and, when the envelope is readable, a 997 with the error codes; unknown POs are kept', async () => {
    const unreadable = await postEdi('ISA*00*short~');
    expect(unreadable.status).toBe(400);
    expect(unreadable.body.error).toMatch(/^Unreadable X12: /);

    const c = ++control;
    const miscounted = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: c, functionalId: 'PR', seCountOffset: 1 }, [
        poAck855('NO-SUCH-PO', [{ lineId: '1', sku: 'MUG', quantity: 1, acks: [['IA', 1]] }]),
      ]),
    );
    expect(miscounted.status).toBe(400);
    expect(miscounted.body.error).toMatch(/^X12 rejected: /);
    expect(miscounted.body.x12).toMatch(/AK5\*R\*4/); // number of included segments does not match
    expect(miscounted.body.sets[0]).toMatchObject({ outcome: 'rejected' });
    await waitForDocument('997-', `AK1*PR*${c}`);

    const truncated = vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'PR' }, [
      poAck855('NO-SUCH-PO', [{ lineId: '1', sku: 'MUG', quantity: 1, acks: [['IA', 1]] }]),
    ])
      .split('\n')
      .slice(0, -3)
      .join('\n');
    const cut = await postEdi(truncated);
    expect(cut.status).toBe(400);
    // No IEA: the interchange is rejected whole with a TA1 (023 premature end of file), nothing in it is acknowledged as accepted.
    expect(cut.body.x12).toMatch(/~\nTA1\*\d{9}\*261123\*1200\*R\*023~/);
    expect(cut.body.x12).not.toContain('GS*FA');

    const unknown = await postEdi(
      vendorInterchange({ sender: 'BKVENDOR', control: ++control, functionalId: 'PR' }, [
        poAck855('NO-SUCH-PO', [{ lineId: '1', sku: 'MUG', quantity: 1, acks: [['IA', 1]] }]),
      ]),
    );
    expect(unknown.status).toBe(202);
    expect(unknown.body.sets[0]).toMatchObject({
      outcome: 'unmatched',
      detail: expect.stringMatching(/no purchase order NO-SUCH-PO/),
    });
    const { rows } = await h.pool.query(
      `SELECT outcome, po_number FROM edi_inbound WHERE partner_id = $1 AND po_number = 'NO-SUCH-PO' ORDER BY id`,
      [vendor],
    );
    expect(rows.map((r) => r.outcome)).toContain('unmatched');

    expect((await postEdi('ISA', 'wrong-token')).status).toBe(401);

    // Another sender's envelope under this vendor's token: refused, and kept for ops.
    const foreign = await postEdi(
      vendorInterchange({ sender: 'SOMEONEELSE', control: ++control, functionalId: 'PR' }, [
        poAck855('NO-SUCH-PO', [{ lineId: '1', sku: 'MUG', quantity: 1, acks: [['IA', 1]] }]),
      ]),
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.error).toMatch(/ISA05\/06 ZZ\/SOMEONEELSE is not .*'s identity \(ZZ\/BKVENDOR\)/);
    expect(foreign.body.sets[0]).toMatchObject({ outcome: 'unmatched' });
  });
});
