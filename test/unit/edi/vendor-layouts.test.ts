import { describe, expect, it } from 'vitest';
import {
  acknowledgmentChanges,
  build997,
  parseX12,
  read810,
  read855,
  read856,
  read997,
  shipmentCarrier,
  transactionSets,
  type Asn856,
} from '../../../src/edi';
import { matchPoLine } from '../../../src/partner/edi-ship-notice';
import { vendorInterchange } from '../../support/x12';
import { readable } from './fixtures';

/**
 * 856s as other trading partners lay them out (004010): items named only by
 * UP / VN / BP without LIN01, HL02 0 on the top level, tracking in REF*CN,
 * MAN*CP, MAN*GM + REF*2I, REF*BM, TD3 or nowhere, several cartons, other
 * separators, cancellation purpose codes.
 */
const PROFILE = { tracking: 'REF_CN', hierarchy: 'SOPI' } as const;

function read(
  segments: string[],
  seps?: Parameters<typeof vendorInterchange>[0]['separators'],
): { asn: Asn856; errors: string[] } {
  const text = vendorInterchange(
    { sender: 'VENDOR', control: 7001, functionalId: 'SH', ...(seps ? { separators: seps } : {}) },
    [{ id: '856', segments }],
  );
  const parsed = readable(parseX12(text));
  expect(parsed.errors).toEqual([]);
  const r = read856(transactionSets(parsed)[0]!, PROFILE);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return { asn: r.value, errors: r.errors.map((e) => e.message) };
}

const PO_LINES = [
  {
    lineId: '1',
    lineItemId: 'gid://shopify/LineItem/1',
    sku: 'MUG',
    quantity: 2,
    upc: '012345678905',
    vendorPartNumber: 'V-MUG',
  },
  { lineId: '2', lineItemId: 'gid://shopify/LineItem/2', sku: 'CAP', quantity: 1 },
];

describe('856 from other vendors', () => {
  it('LIN01 is optional: items named only by UP, VN or BP match the PO line by that qualifier; HL02 0 means no parent', () => {
    const { asn, errors } = read([
      'BSN*00*SHP-UP*20261124*0930',
      'HL*1*0*S',
      'TD5**2*UPSN*U*UPS GROUND',
      'REF*CN*1ZUPONLY0001',
      'HL*2*1*O',
      'PRF*PO-1',
      'HL*3*2*I',
      'LIN**UP*012345678905',
      'SN1**2*EA',
      'HL*4*2*I',
      'LIN**BP*CAP',
      'SN1**1*EA',
    ]);
    expect(errors).toEqual([]);
    const lines = asn.orders[0]!.lines;
    expect(lines.map((l) => [l.lineId, l.productIds, l.shippedQuantity])).toEqual([
      ['', { UP: '012345678905' }, 2],
      ['', { BP: 'CAP' }, 1],
    ]);
    expect(lines.map((l) => matchPoLine(l, PO_LINES)?.lineId)).toEqual(['1', '2']);
    expect(matchPoLine({ lineId: '', productIds: { VN: 'V-MUG' } }, PO_LINES)?.lineId).toBe('1');
    expect(matchPoLine({ lineId: '', productIds: { UP: '999999999999' } }, PO_LINES)).toBeNull();
    expect(matchPoLine({ lineId: '7', productIds: { SK: 'CAP' } }, PO_LINES)?.lineId).toBe('2');
  });

  it('reads tracking in every layout the standard allows, whatever the profile: MAN*CP cartons, MAN*GM + REF*2I, REF*BM, TD3', () => {
    // Two cartons, one MAN*CP each (pipe-separated, newline-terminated vendor).
    const cartons = read(
      [
        'BSN*00*SHP-CP*20261124',
        'HL*1**S',
        'TD5**2*FDEG*U*FEDEX GROUND',
        'HL*2*1*O',
        'PRF*PO-2',
        'HL*3*2*P',
        'MAN*CP*612999AA0000001',
        'HL*4*3*I',
        'LIN*1*SK*MUG',
        'SN1**1*EA',
        'HL*5*2*P',
        'MAN*CP*612999AA0000002',
        'HL*6*5*I',
        'LIN*1*SK*MUG',
        'SN1**1*EA',
      ],
      { element: '|', component: '^', segment: '\n', lineBreak: '' },
    );
    expect(cartons.asn.orders[0]!.trackingNumbers).toEqual(['612999AA0000001', '612999AA0000002']);
    const sscc = read([
      'BSN*00*SHP-GM*20261124',
      'HL*1**S',
      'HL*2*1*O',
      'PRF*PO-3',
      'HL*3*2*P',
      'MAN*GM*00012345678901234567',
      'REF*2I*7845120099',
      'HL*4*3*I',
      'LIN*1*SK*MUG',
      'SN1**2*EA',
    ]);
    expect(sscc.asn.orders[0]!.trackingNumbers).toEqual(['7845120099']);
    const freight = read([
      'BSN*00*SHP-BM*20261124',
      'HL*1**S',
      'TD5**2*ODFL*M*OLD DOMINION',
      'REF*BM*BOL-554433',
      'HL*2*1*O',
      'PRF*PO-4',
      'HL*3*2*I',
      'LIN*1*SK*MUG',
      'SN1**2*EA',
    ]);
    expect(freight.asn.orders[0]!.trackingNumbers).toEqual(['BOL-554433']);
    const trailer = read([
      'BSN*00*SHP-TD3*20261124',
      'HL*1**S',
      'TD3*TL*ABCD*778899',
      'HL*2*1*O',
      'PRF*PO-5',
      'HL*3*2*I',
      'LIN*1*SK*MUG',
      'SN1**2*EA',
    ]);
    expect(trailer.asn.orders[0]!.trackingNumbers).toEqual(['ABCD778899']);
  });

  it('an ASN without any tracking still reads (no error), with a note; BSN01 01 is read as a cancellation', () => {
    const { asn, errors } = read([
      'BSN*01*SHP-NONE*20261124',
      'HL*1**S',
      'HL*2*1*O',
      'PRF*PO-6',
      'HL*3*2*I',
      'LIN*1*SK*MUG',
      'SN1**2*EA',
    ]);
    expect(errors).toEqual([]);
    expect(asn.purpose).toBe('01');
    expect(asn.orders[0]!.trackingNumbers).toEqual([]);
    expect(asn.notes.join('; ')).toContain('no tracking number in any layout');
  });

  it('the carrier is the SCAC (TD503) with TD505 as the service; known carriers get a tracking URL', () => {
    const ups = shipmentCarrier({ scac: 'UPSN', name: 'UPS GROUND', method: 'U', serviceLevel: null });
    expect([ups.company, ups.service, ups.urlFor('1Z999')]).toEqual([
      'UPS',
      'UPS GROUND',
      'https://www.ups.com/track?tracknum=1Z999',
    ]);
    expect(shipmentCarrier({ scac: 'FDEG', name: null, method: null, serviceLevel: null }).urlFor('6129')).toBe(
      'https://www.fedex.com/fedextrack/?trknbr=6129',
    );
    const other = shipmentCarrier({ scac: 'ODFL', name: 'OLD DOMINION', method: 'M', serviceLevel: null });
    expect([other.company, other.urlFor('BOL-1')]).toEqual(['OLD DOMINION', null]);
  });
});

describe('inbound 997 checks', () => {
  it('a non-numeric or over-long AK102 is an element error (997 rejected), never a number we look up', () => {
    for (const bad of ['ABC', '1234567890']) {
      const text = vendorInterchange({ sender: 'VENDOR', control: 7101, functionalId: 'FA' }, [
        { id: '997', segments: [`AK1*PO*${bad}`, 'AK2*850*0001', 'AK5*A', 'AK9*A*1*1*1'] },
      ]);
      const parsed = readable(parseX12(text));
      const r = read997(transactionSets(parsed)[0]!);
      expect(r.ok).toBe(false);
      expect(r.errors.map((e) => [e.level, e.code, e.at.segmentId, e.at.elementPosition])).toEqual([
        ['element', bad.length > 9 ? '5' : '6', 'AK1', 2],
      ]);
      expect(
        build997(parsed.interchanges[0]!, parsed.errors, {
          control: { interchange: 1, group: 1 },
          date: new Date(),
          additionalErrors: r.errors,
        }).acceptedSets,
      ).toEqual([]);
    }
  });

  it('a 997 whose AK2 has no AK5, or whose envelope counts are wrong, is not accepted', () => {
    const noAk5 = readable(
      parseX12(
        vendorInterchange({ sender: 'VENDOR', control: 7102, functionalId: 'FA' }, [
          { id: '997', segments: ['AK1*PO*12', 'AK2*850*0001', 'AK9*A*1*1*1'] },
        ]),
      ),
    );
    const r = read997(transactionSets(noAk5)[0]!);
    expect(r.errors.map((e) => e.message).join()).toContain('has no AK5');
    expect(
      build997(noAk5.interchanges[0]!, noAk5.errors, {
        control: { interchange: 1, group: 1 },
        date: new Date(),
        additionalErrors: r.errors,
      }).acceptedSets,
    ).toEqual([]);
    const badSe = readable(
      parseX12(
        vendorInterchange({ sender: 'VENDOR', control: 7103, functionalId: 'FA', seCountOffset: 1 }, [
          { id: '997', segments: ['AK1*PO*12', 'AK2*850*0001', 'AK5*A', 'AK9*A*1*1*1'] },
        ]),
      ),
    );
    expect(
      build997(badSe.interchanges[0]!, badSe.errors, { control: { interchange: 1, group: 1 }, date: new Date() })
        .acceptedSets,
    ).toEqual([]);
  });
});

describe('855 changes that are not a plain acceptance (also in scope)', () => {
  it('IC, IP and IS lines and a unit of measure other than ours are listed for a person', () => {
    const text = vendorInterchange({ sender: 'VENDOR', control: 7201, functionalId: 'PR' }, [
      {
        id: '855',
        segments: [
          'BAK*00*AC*PO-9*20261123',
          'PO1*1*2*EA*14.50**SK*MUG',
          'ACK*IP*2*EA',
          'PO1*2*1*EA*4**VN*CAP-BLUE',
          'ACK*IS*1*EA',
          'PO1*3*6*PC*1**SK*PEN',
          'ACK*IA*6*PC',
          'PO1*4*1*EA*9**SK*TEE',
          'ACK*IA*1*EA',
          'CTT*4',
        ],
      },
    ]);
    const r = read855(transactionSets(readable(parseX12(text)))[0]!);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(acknowledgmentChanges(r.value)).toEqual([
      'line 1: IP price changed (PO104 14.5)',
      'line 2: IS substitution made (VN CAP-BLUE)',
      'line 3: unit of measure PC where we ordered EA',
    ]);
  });
});

describe('810 invoice (also in scope)', () => {
  it('reads BIG, IT1 lines and TDS01 as cents; without a PO number it cannot be used', () => {
    const tx = (segments: string[]) =>
      transactionSets(
        readable(
          parseX12(
            vendorInterchange({ sender: 'VENDOR', control: 7301, functionalId: 'IN' }, [{ id: '810', segments }]),
          ),
        ),
      )[0]!;
    const r = read810(tx(['BIG*20261125*INV-9*20261123*PO-9', 'IT1**2*EA*15**UP*012345678905', 'TDS*3000']));
    expect(r.ok && r.value).toEqual({
      invoiceNumber: 'INV-9',
      invoiceDate: '20261125',
      poNumber: 'PO-9',
      total: 30,
      lines: [{ lineId: '', quantity: 2, unit: 'EA', unitPrice: 15, productIds: { UP: '012345678905' } }],
    });
    const none = read810(tx(['BIG*20261125*INV-10', 'IT1*1*2*EA*15**SK*MUG', 'TDS*3000']));
    expect(none.ok).toBe(false);
    expect(none.errors.map((e) => [e.code, e.at.segmentId, e.at.elementPosition])).toEqual([['2', 'BIG', 4]]);
  });
});
