import { describe, expect, it } from 'vitest';
import { parseX12, read856, transactionSets, type Asn856, type PartnerEdiProfile } from '../../../src/edi';
import { fixture, onlySet, readable } from './fixtures';

type Shape = Pick<PartnerEdiProfile, 'tracking' | 'hierarchy'>;

function asn(name: string, profile: Shape): Asn856 {
  const r = read856(onlySet(name), profile);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  expect(r.errors).toEqual([]);
  return r.value;
}

describe('read856', () => {
  it('S/O/P/I with REF*CN per pack: carrier, packages, lines per package', () => {
    const a = asn('856-sopi-ref-cn.edi', { tracking: 'REF_CN', hierarchy: 'SOPI' });
    expect(a).toMatchObject({
      purpose: '00',
      shipmentId: 'ASN-778812',
      date: '20261124',
      time: '1630',
      structureCode: '0001',
    });
    expect(a.carrier).toEqual({ scac: 'UPSN', name: 'UPS GROUND', method: 'U', serviceLevel: 'GR' });
    expect(a.orders).toHaveLength(1);
    const o = a.orders[0]!;
    expect(o.poNumber).toBe('PO100234');
    expect(o.packages).toEqual([
      { hl: '3', trackingNumbers: ['1Z999AA10123456784'], sscc: '012345670000012345' },
      { hl: '6', trackingNumbers: ['1Z999AA10123456795'], sscc: null },
    ]);
    expect(o.trackingNumbers).toEqual(['1Z999AA10123456784', '1Z999AA10123456795']);
    expect(o.lines.map((l) => [l.hl, l.lineId, l.shippedQuantity, l.unit, l.packageHls, l.trackingNumbers])).toEqual([
      ['4', '1', 3, 'EA', ['3'], ['1Z999AA10123456784']],
      ['5', '2', 1, 'EA', ['3'], ['1Z999AA10123456784']],
      ['7', '2', 2, 'EA', ['6'], ['1Z999AA10123456795']],
    ]);
    expect(o.lines[0]!.productIds).toEqual({ VN: 'ACM-CAP-RED', SK: 'CAP-RED-OS', UP: '012345678905' });
    expect(a.notes).toEqual([]);
  });

  it('S/O/I without packs: the shipment-level REF*CN tracks every line', () => {
    const a = asn('856-soi-shipment-ref-cn.edi', { tracking: 'REF_CN', hierarchy: 'SOI' });
    expect(a.carrier).toMatchObject({ scac: 'FDEG', name: 'FEDEX GROUND' });
    expect(a.shipmentTracking).toEqual(['612999AA1012345']);
    expect(a.orders).toEqual([
      {
        hl: '2',
        poNumber: 'PO100240',
        trackingNumbers: ['612999AA1012345'],
        packages: [],
        lines: [
          {
            hl: '3',
            lineId: '1',
            shippedQuantity: 2,
            unit: 'EA',
            productIds: { VN: 'ACM-TOTE-NAT', SK: 'TOTE-NATURAL' },
            packageHls: [],
            trackingNumbers: ['612999AA1012345'],
          },
        ],
      },
    ]);
    expect(a.notes).toEqual([]);
  });

  it('builds the tree from HL01/HL02 when HL segments come out of order (MAN*CP tracking)', () => {
    const a = asn('856-out-of-order-man-cp.edi', { tracking: 'MAN_CP', hierarchy: 'SOPI' });
    expect(a.carrier?.scac).toBe('USPS');
    const o = a.orders[0]!;
    expect(o.poNumber).toBe('PO100234');
    expect(o.packages.map((p) => [p.hl, p.trackingNumbers])).toEqual([
      ['3', ['9400111899223344556677']],
      ['5', ['9400111899223344556684']],
    ]);
    expect(o.lines.map((l) => [l.lineId, l.shippedQuantity, l.packageHls[0], l.trackingNumbers[0]])).toEqual([
      ['2', 3, '3', '9400111899223344556677'],
      ['3', 1, '5', '9400111899223344556684'],
    ]);
  });

  it('MAN*GM (SSCC-18) identifies the pack and REF*2I carries the tracking number', () => {
    const a = asn('856-man-gm-ref-2i.edi', { tracking: 'MAN_GM_REF_2I', hierarchy: 'SOPI' });
    expect(a.carrier).toMatchObject({ scac: 'ODFL', method: 'M' });
    expect(a.orders[0]!.packages).toEqual([
      { hl: '3', trackingNumbers: ['7845120033'], sscc: '000123456789012345' },
      { hl: '5', trackingNumbers: ['7845120034'], sscc: '000123456789012352' },
    ]);
    expect(a.orders[0]!.lines.map((l) => [l.lineId, l.shippedQuantity, l.trackingNumbers])).toEqual([
      ['1', 1, ['7845120033']],
      ['1', 1, ['7845120034']],
    ]);
  });

  it('reads tracking in any layout the standard allows, whatever the profile says, and notes the mismatch', () => {
    const a = asn('856-out-of-order-man-cp.edi', { tracking: 'REF_CN', hierarchy: 'SOPI' });
    expect(a.orders[0]!.trackingNumbers).toEqual(['9400111899223344556677', '9400111899223344556684']);
    expect(a.notes).toContain(
      "pack HL 3 has no tracking in the profile's style REF_CN but has MAN*CP; read anyway, check the partner profile",
    );
  });

  it('notes an item path that differs from the profile hierarchy', () => {
    const a = asn('856-soi-shipment-ref-cn.edi', { tracking: 'REF_CN', hierarchy: 'SOPI' });
    expect(a.notes).toEqual(['item HL 3 sits in a S/O/I hierarchy, the profile expects S/O/P/I']);
  });

  it('reads a pack under the item (S/O/I/P) and an order above the shipment (O/S/I)', () => {
    const soip = fixture('856-man-gm-ref-2i.edi')
      .replace('HL|3|2|P', 'HL|3|4|P')
      .replace('HL|4|3|I', 'HL|4|2|I')
      .replace('HL|5|2|P', 'HL|5|6|P')
      .replace('HL|6|5|I', 'HL|6|2|I');
    const tx = transactionSets(readable(parseX12(soip)))[0]!;
    const r = read856(tx, { tracking: 'MAN_GM_REF_2I', hierarchy: 'SOIP' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.notes).toEqual([]);
    expect(r.value.orders[0]!.lines.map((l) => [l.hl, l.packageHls, l.trackingNumbers])).toEqual([
      ['4', ['3'], ['7845120033']],
      ['6', ['5'], ['7845120034']],
    ]);

    const osi = fixture('856-soi-shipment-ref-cn.edi')
      .replace('HL*1**S', 'HL*1*2*S')
      .replace('HL*2*1*O', 'HL*2**O')
      .replace('HL*3*2*I', 'HL*3*1*I');
    const r2 = read856(transactionSets(readable(parseX12(osi)))[0]!, { tracking: 'REF_CN', hierarchy: 'OSI' });
    expect(r2.ok && r2.value.orders.map((o) => [o.poNumber, o.lines.length, o.trackingNumbers])).toEqual([
      ['PO100240', 1, ['612999AA1012345']],
    ]);
    expect(r2.ok && r2.value.notes).toEqual([]);
  });

  it('reports a missing PRF, an unknown parent, an item outside any order and a missing SN102', () => {
    const broken = fixture('856-sopi-ref-cn.edi')
      .replace('PRF*PO100234***20261120~\r\n', '')
      .replace('SN1**1*EA', 'SN1***EA')
      .replace('HL*7*6*I', 'HL*7*9*I');
    const tx = transactionSets(readable(parseX12(broken.replace('SE*30*0001', 'SE*29*0001'))))[0]!;
    const r = read856(tx, { tracking: 'REF_CN', hierarchy: 'SOPI' });
    expect(r.errors.map((e) => [e.level, e.code, e.at.segmentId, e.at.elementPosition ?? null])).toEqual([
      ['element', '7', 'HL', 2],
      ['segment', '3', 'HL', null],
      ['element', '1', 'SN1', 2],
      ['element', '7', 'HL', 2],
    ]);
    expect(r.errors[0]!.message).toContain('HL02 parent HL "9" does not exist (HL 7)');
    expect(r.errors[1]!.message).toContain('order level HL 2 has no PRF');
    expect(r.errors[3]!.message).toContain('item HL 7 is not under an order (O) level');
  });
});
