import { describe, expect, it } from 'vitest';
import { build850, build860, envelopeFor, parseX12, transactionSets, type PurchaseOrder } from '../../../src/edi';
import { ACME, readable, US } from './fixtures';

const SENT = new Date('2026-11-23T21:07:45Z');

const PO: PurchaseOrder = {
  poNumber: 'PO100234',
  poDate: new Date('2026-11-20T16:30:00Z'),
  references: [
    { qualifier: 'CO', value: '#1042' },
    { qualifier: 'IA', value: 'V-00417' },
  ],
  contact: { function: 'BD', name: 'Order Desk', email: 'edi@shop.example' },
  service: { scac: 'UPSN', routing: 'UPS Ground', serviceLevel: 'G2' },
  shipTo: {
    name: 'Dana Whitfield',
    lines: ['2210 W Fullerton Ave', 'Apt 3R'],
    city: 'Chicago',
    state: 'IL',
    postalCode: '60647',
    country: 'US',
    phone: '312-555-0148',
  },
  lines: [
    {
      lineId: '1',
      quantity: 3,
      unitPrice: '14.50',
      vendorPartNumber: 'ACM-CAP-RED',
      sku: 'CAP-RED-OS',
      upc: '012345678905',
      description: 'Trucker cap, red, one size',
    },
    { lineId: '2', quantity: 6, unitPrice: '22.00', sku: 'MUG-12OZ-WHT' },
  ],
};

const env = (over: Partial<Parameters<typeof envelopeFor>[0]> = {}) =>
  envelopeFor({ ...ACME, ...over }, US, { interchange: 1201, group: 1201 }, SENT);

describe('build850', () => {
  it('writes a drop-ship PO with the envelope, identities, control numbers and date given', () => {
    expect(build850(PO, env())).toBe(
      [
        'ISA*00*          *00*          *ZZ*ORDERORCH      *ZZ*ACMEDROPSHIP   *261123*2107*U*00401*000001201*0*P*>',
        'GS*PO*ORDERORCH*ACMEDROPSHIP*20261123*2107*1201*X*004010',
        'ST*850*0001',
        'BEG*00*DS*PO100234**20261120',
        'REF*CO*#1042',
        'REF*IA*V-00417',
        'PER*BD*Order Desk*EM*edi@shop.example',
        'TD5**2*UPSN**UPS Ground*******G2',
        'N1*ST*Dana Whitfield',
        'N3*2210 W Fullerton Ave*Apt 3R',
        'N4*Chicago*IL*60647*US',
        'PER*IC*Dana Whitfield*TE*312-555-0148',
        'PO1*1*3*EA*14.5*PE*VN*ACM-CAP-RED*SK*CAP-RED-OS*UP*012345678905',
        'PID*F****Trucker cap, red, one size',
        'PO1*2*6*EA*22*PE*SK*MUG-12OZ-WHT',
        'CTT*2*9',
        'SE*15*0001',
        'GE*1*1201',
        'IEA*1*000001201',
        '',
      ].join('~\n'),
    );
  });

  it('round trip: build850 -> parseX12 -> the fields as given, with the partner separators', () => {
    const text = build850(
      PO,
      env({ separators: { element: '|', component: '^', segment: '~', lineBreak: '\r\n' }, usageIndicator: 'T' }),
      7,
    );
    expect(text).toContain('~\r\n');
    const parsed = readable(parseX12(text));
    expect(parsed.errors).toEqual([]);
    const ic = parsed.interchanges[0]!;
    expect(ic.separators).toEqual({ element: '|', component: '^', segment: '~', repetition: null });
    expect(ic.header).toMatchObject({
      senderQualifier: 'ZZ',
      senderId: 'ORDERORCH',
      receiverId: 'ACMEDROPSHIP',
      controlNumber: '000001201',
      usageIndicator: 'T',
      date: '261123',
      time: '2107',
      version: '00401',
    });
    expect(ic.groups[0]).toMatchObject({
      functionalId: 'PO',
      senderCode: 'ORDERORCH',
      receiverCode: 'ACMEDROPSHIP',
      controlNumber: '1201',
      version: '004010',
      date: '20261123',
    });
    const tx = transactionSets(parsed)[0]!;
    expect(tx).toMatchObject({ id: '850', controlNumber: '0007' });
    const seg = (id: string) => tx.segments.filter((s) => s.id === id).map((s) => s.elements.slice(1));
    expect(seg('BEG')).toEqual([['00', 'DS', 'PO100234', '', '20261120']]);
    expect(seg('N4')).toEqual([['Chicago', 'IL', '60647', 'US']]);
    expect(seg('PO1').map((e) => [e[0], Number(e[1]), e[2], Number(e[3]), e.slice(5)])).toEqual(
      PO.lines.map((l) => [
        l.lineId,
        l.quantity,
        'EA',
        Number(l.unitPrice),
        [...(l.vendorPartNumber ? ['VN', l.vendorPartNumber] : []), 'SK', l.sku, ...(l.upc ? ['UP', l.upc] : [])],
      ]),
    );
    expect(seg('CTT')).toEqual([['2', '9']]);
  });

  it('cleans customer text (separators, accents, length) but refuses identifiers it cannot write', () => {
    const text = build850(
      { ...PO, shipTo: { ...PO.shipTo, name: 'Zoë *Brontë~ & Co', lines: ['Straße 5>6', ''], city: 'M'.repeat(40) } },
      env(),
    );
    expect(text).toContain('N1*ST*Zoe Bronte & Co~');
    expect(text).toContain('N3*Strasse 5 6~');
    expect(text).toContain(`N4*${'M'.repeat(30)}*IL`);
    expect(() => build850({ ...PO, poNumber: 'PO*1' }, env())).toThrow(
      'BEG03 "PO*1" contains the element separator "*"',
    );
    expect(() => build850({ ...PO, lines: [{ ...PO.lines[0]!, sku: 'CAP>RED' }] }, env())).toThrow(
      'PO109 "CAP>RED" contains the component separator ">"',
    );
    expect(() => build850({ ...PO, lines: [{ ...PO.lines[0]!, lineId: '1'.repeat(21) }] }, env())).toThrow(
      'PO101 line ID "111111111111111111111" is longer than 20 characters',
    );
    expect(() => build850({ ...PO, lines: [PO.lines[0]!, { ...PO.lines[1]!, lineId: '1' }] }, env())).toThrow(
      'line ID 1 is used twice',
    );
    expect(() => build850({ ...PO, lines: [{ ...PO.lines[0]!, unitPrice: '12,50' }] }, env())).toThrow(
      'PO104 (line 1) "12,50" is not a decimal number',
    );
    expect(() => build850(PO, { ...env(), interchangeControlNumber: 0 })).toThrow(
      'interchange control number 0 must be an integer from 1 to 999999999',
    );
    expect(() => build850(PO, env({ separators: { element: '*', component: '*' } }))).toThrow('invalid separators');
  });
});

describe('build860', () => {
  it('writes a cancellation: BCH01 01 with PO date and change date, no POC', () => {
    const text = build860({ kind: 'cancel', poNumber: 'PO100234', poDate: PO.poDate, changeDate: SENT }, env(), 2);
    const lines = text.split('~\n');
    expect(lines.slice(1, 5)).toEqual([
      'GS*PC*ORDERORCH*ACMEDROPSHIP*20261123*2107*1201*X*004010',
      'ST*860*0002',
      'BCH*01*DS*PO100234***20261120*****20261123',
      'SE*3*0002',
    ]);
    expect(readable(parseX12(text)).errors).toEqual([]);
  });

  it('writes line changes: POC with line ID, change type, quantity ordered and left to receive, CTT', () => {
    const text = build860(
      {
        kind: 'change',
        poNumber: 'PO100234',
        poDate: PO.poDate,
        changeDate: SENT,
        changeSequence: '1',
        lines: [
          { lineId: '1', type: 'DI', quantityOrdered: 0, sku: 'CAP-RED-OS' },
          {
            lineId: '2',
            type: 'QD',
            quantityOrdered: 4,
            quantityLeftToReceive: 4,
            unitPrice: '22.00',
            sku: 'MUG-12OZ-WHT',
          },
        ],
      },
      env(),
    );
    const parsed = readable(parseX12(text));
    expect(parsed.errors).toEqual([]);
    const tx = transactionSets(parsed)[0]!;
    expect(tx.segments.slice(1, -1).map((s) => s.elements.join('*'))).toEqual([
      'BCH*04*DS*PO100234**1*20261120*****20261123',
      'POC*1*DI*0*0*EA***SK*CAP-RED-OS',
      'POC*2*QD*4*4*EA*22*PE*SK*MUG-12OZ-WHT',
      'CTT*2*4',
    ]);
    expect(() =>
      build860(
        {
          kind: 'change',
          poNumber: 'PO1',
          poDate: SENT,
          changeDate: SENT,
          lines: [{ lineId: '1', type: 'DI', quantityOrdered: 2 }],
        },
        env(),
      ),
    ).toThrow('DI (delete item) must set quantityOrdered to 0');
    expect(() =>
      build860({ kind: 'change', poNumber: 'PO1', poDate: SENT, changeDate: SENT, lines: [] }, env()),
    ).toThrow('needs at least one POC line');
  });
});
