import { describe, expect, it } from 'vitest';
import {
  acknowledgmentDecision,
  parseX12,
  read855,
  transactionSets,
  type Ack855,
  type OrderedLine,
} from '../../../src/edi';
import { ACME, fixture, onlySet, readable } from './fixtures';

function ack(name: string): Ack855 {
  const r = read855(onlySet(name));
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  expect(r.errors).toEqual([]);
  return r.value;
}

/** The PO we sent for fixture 855-split-acks-crlf.edi (PO100234). */
const PO100234: OrderedLine[] = [
  { lineId: '1', quantity: 3, sku: 'CAP-RED-OS' },
  { lineId: '2', quantity: 6, sku: 'MUG-12OZ-WHT' },
  { lineId: '3', quantity: 1, sku: 'HOOD-GRY-XL' },
];

describe('read855', () => {
  it('reads BAK and every ACK of every PO1 loop (split ACKs, CRLF)', () => {
    const a = ack('855-split-acks-crlf.edi');
    expect(a).toMatchObject({
      purpose: '00',
      type: 'AC',
      poNumber: 'PO100234',
      poDate: '20261120',
      vendorOrderNumber: 'ACM-SO-88123',
      acknowledgmentDate: '20261121',
      lineCount: 3,
    });
    expect(a.lines.map((l) => [l.lineId, l.quantity, l.unit, l.unitPrice])).toEqual([
      ['1', 3, 'EA', 14.5],
      ['2', 6, 'EA', 22],
      ['3', 1, 'EA', 39.95],
    ]);
    expect(a.lines[0]!.productIds).toEqual({ VN: 'ACM-CAP-RED', SK: 'CAP-RED-OS', UP: '012345678905' });
    expect(a.lines[1]!.description).toBe('Ceramic mug 12oz white');
    expect(a.lines[1]!.acks.map((k) => [k.status, k.quantity, k.dateQualifier, k.date])).toEqual([
      ['IA', 3, '068', '20261124'],
      ['IB', 2, '068', '20261209'],
      ['IR', 1, null, null],
    ]);
    expect(a.lines[2]!.acks.map((k) => [k.status, k.quantity])).toEqual([['R2', null]]);
  });

  it('reads | element and ^ component separators (BAK02 AD)', () => {
    const a = ack('855-ad-with-rejected-line.edi');
    expect(a.type).toBe('AD');
    expect(
      a.lines.map((l) => [l.lineId, l.productIds['SK'], l.acks.map((k) => `${k.status}:${k.quantity}`).join(',')]),
    ).toEqual([
      ['1', 'TOTE-NATURAL', 'IA:2'],
      ['2', 'PIN-SET-3', 'IR:1'],
    ]);
  });

  it('reports a missing BAK and bad BAK elements with AK3/AK4 codes', () => {
    const noBak = readable(parseX12(fixture('855-split-acks-crlf.edi').replace(/BAK\*[^~]*~\r\n/, '')));
    const r1 = read855(transactionSets(noBak)[0]!);
    expect(r1.ok).toBe(false);
    expect(r1.errors[0]).toMatchObject({ level: 'segment', code: '3', at: { segmentId: 'BAK' } });

    const bad = readable(
      parseX12(
        fixture('855-split-acks-crlf.edi').replace('BAK*00*AC*PO100234*20261120', 'BAK*00*XX*PO100234*20261131'),
      ),
    );
    const r2 = read855(transactionSets(bad)[0]!);
    expect(r2.ok).toBe(true);
    expect(r2.errors.map((e) => [e.level, e.code, e.at.segmentPosition, e.at.elementPosition, e.at.value])).toEqual([
      ['element', '7', 2, 2, 'XX'],
      ['element', '8', 2, 4, '20261131'],
    ]);
    expect(r2.errors[0]!.message).toBe(
      'BAK02 "XX" is not a known BAK02 acknowledgment type code — segment 2 (BAK) of transaction 0001',
    );
  });

  it('refuses a transaction set of another type', () => {
    expect(() => read855(onlySet('856-soi-shipment-ref-cn.edi'))).toThrow('expected a 855 transaction set, got 856');
  });
});

describe('acknowledgmentDecision', () => {
  it('derives accepted / backordered / rejected per line from split ACKs', () => {
    const d = acknowledgmentDecision(ack('855-split-acks-crlf.edi'), ACME, PO100234);
    expect(d.lines.map((l) => [l.lineId, l.ordered, l.accepted, l.backordered, l.rejected])).toEqual([
      ['1', 3, 3, 0, 0],
      ['2', 6, 3, 2, 1],
      ['3', 1, 0, 0, 1],
    ]);
    expect(d.lines[1]!.statuses).toEqual(['IA', 'IB', 'IR']);
    expect(d.outcome).toBe('partially_accepted');
    expect(d.reasons).toContain('line 2: 3 accepted, 2 backordered, 1 rejected of 6');
  });

  it('keeps backordered units with the vendor when the profile says so (they are not taken away)', () => {
    const d = acknowledgmentDecision(ack('855-split-acks-crlf.edi'), { ...ACME, keepBackorders: true }, PO100234);
    expect(d.lines.map((l) => [l.lineId, l.accepted, l.backordered, l.rejected])).toEqual([
      ['1', 3, 0, 0],
      ['2', 5, 0, 1],
      ['3', 0, 0, 1],
    ]);
    expect(d.lines[1]!.notes).toContain('2 backordered unit(s) stay with the vendor (keepBackorders)');
    // Line 2 ordered as 5: IA 3 + IB 2. Kept, the PO is accepted whole even without partial acceptance; else refused.
    const line2 = [{ lineId: '2', quantity: 5 }];
    expect(
      acknowledgmentDecision(
        ack('855-split-acks-crlf.edi'),
        { allowPartialAcceptance: false, keepBackorders: true },
        line2,
      ).outcome,
    ).toBe('accepted');
    expect(
      acknowledgmentDecision(ack('855-split-acks-crlf.edi'), { allowPartialAcceptance: false }, line2).outcome,
    ).toBe('rejected');
  });

  it('rejects the whole PO when the profile does not allow partial acceptance', () => {
    const d = acknowledgmentDecision(
      ack('855-split-acks-crlf.edi'),
      { ...ACME, allowPartialAcceptance: false },
      PO100234,
    );
    expect(d.outcome).toBe('rejected');
    expect(d.reasons[0]).toBe(
      'the partner profile does not allow partial acceptance, so the whole PO counts as rejected',
    );
    // The per-line breakdown still says what the vendor answered.
    expect(d.lines[0]!.accepted).toBe(3);
  });

  it('BAK02 AD with a rejected line is not an acceptance of everything', () => {
    const ordered = [
      { lineId: '1', quantity: 2 },
      { lineId: '2', quantity: 1 },
    ];
    const a = ack('855-ad-with-rejected-line.edi');
    expect(acknowledgmentDecision(a, ACME, ordered)).toMatchObject({
      outcome: 'partially_accepted',
      lines: [
        { lineId: '1', accepted: 2, rejected: 0 },
        { lineId: '2', accepted: 0, rejected: 1 },
      ],
    });
    expect(acknowledgmentDecision(a, { allowPartialAcceptance: false }, ordered).outcome).toBe('rejected');
  });

  it('BAK02 RJ without any line detail rejects everything', () => {
    const d = acknowledgmentDecision(ack('855-rj-no-detail-newline-terminator.edi'), ACME, [
      { lineId: '1', quantity: 2 },
      { lineId: '2', quantity: 1 },
    ]);
    expect(d.outcome).toBe('rejected');
    expect(d.lines.map((l) => [l.accepted, l.rejected])).toEqual([
      [0, 2],
      [0, 1],
    ]);
  });

  it('BAK02 AC without line detail accepts everything as ordered, even without partial acceptance', () => {
    const d = acknowledgmentDecision(ack('855-ac-no-detail-bom.edi'), { allowPartialAcceptance: false }, [
      { lineId: '1', quantity: 2 },
      { lineId: '2', quantity: 5 },
    ]);
    expect(d.outcome).toBe('accepted');
    expect(d.lines.map((l) => [l.accepted, l.backordered, l.rejected])).toEqual([
      [2, 0, 0],
      [5, 0, 0],
    ]);
  });

  it('BAK02 AE lists only exceptions: unlisted lines are accepted, a backordered line is not', () => {
    const parsed = readable(parseX12(fixture('two-interchanges.edi')));
    const r = read855(transactionSets(parsed)[1]!);
    expect(r.ok && r.value.type).toBe('AE');
    if (!r.ok) return;
    const d = acknowledgmentDecision(r.value, ACME, [
      { lineId: '1', quantity: 1 },
      { lineId: '2', quantity: 2 },
    ]);
    expect(d.lines.map((l) => [l.lineId, l.accepted, l.backordered])).toEqual([
      ['1', 1, 0],
      ['2', 0, 2],
    ]);
    expect(d.outcome).toBe('partially_accepted');
  });

  it('counts units no ACK covers as rejected, and as backordered under BP; caps over-acknowledgment', () => {
    const base = ack('855-ad-with-rejected-line.edi');
    const line = (acks: Array<[string, number | null]>) => ({
      ...base,
      lines: [
        {
          ...base.lines[0]!,
          acks: acks.map(([status, quantity]) => ({
            status,
            quantity,
            unit: 'EA',
            dateQualifier: null,
            date: null,
            segmentPosition: 3,
          })),
        },
      ],
    });
    const ordered = [{ lineId: '1', quantity: 5 }];
    expect(acknowledgmentDecision(line([['IA', 3]]), ACME, ordered).lines[0]).toMatchObject({
      accepted: 3,
      rejected: 2,
      backordered: 0,
    });
    expect(acknowledgmentDecision(line([['BP', 3]]), ACME, ordered).lines[0]).toMatchObject({
      accepted: 3,
      rejected: 0,
      backordered: 2,
    });
    expect(
      acknowledgmentDecision(
        line([
          ['IA', 4],
          ['IB', null],
        ]),
        ACME,
        ordered,
      ).lines[0],
    ).toMatchObject({ accepted: 4, backordered: 1 });
    const over = acknowledgmentDecision(
      line([
        ['IA', 5],
        ['IB', 2],
      ]),
      ACME,
      ordered,
    ).lines[0]!;
    expect(over).toMatchObject({ accepted: 5, backordered: 0 });
    expect(over.notes[0]).toContain('capped');
    const unknown = acknowledgmentDecision(line([['ZZ', 5]]), ACME, ordered).lines[0]!;
    expect(unknown).toMatchObject({ accepted: 0, rejected: 5 });
    expect(acknowledgmentDecision(line([['IA', 5]]), ACME, ordered).outcome).toBe('accepted');
  });

  it('adds up a line the vendor split into two PO1 loops, and matches by SKU when PO101 is not echoed', () => {
    const base = ack('855-split-acks-crlf.edi');
    const mug = base.lines[1]!;
    const a = {
      ...base,
      lines: [
        { ...mug, acks: [mug.acks[0]!] },
        { ...mug, lineId: '', acks: [mug.acks[1]!, mug.acks[2]!] },
      ],
    };
    const d = acknowledgmentDecision(a, ACME, [{ lineId: '2', quantity: 6, sku: 'MUG-12OZ-WHT' }]);
    expect(d.lines).toEqual([
      {
        lineId: '2',
        ordered: 6,
        accepted: 3,
        backordered: 2,
        rejected: 1,
        statuses: ['IA', 'IB', 'IR'],
        substituted: false,
        notes: [],
      },
    ]);
  });

  it('matches zero-padded line IDs and reports lines we never ordered', () => {
    const base = ack('855-ad-with-rejected-line.edi');
    const a = {
      ...base,
      lines: [
        { ...base.lines[0]!, lineId: '001' },
        { ...base.lines[1]!, lineId: '9' },
      ],
    };
    const d = acknowledgmentDecision(a, ACME, [{ lineId: '1', quantity: 2 }]);
    expect(d.lines[0]).toMatchObject({ lineId: '1', accepted: 2 });
    expect(d.unknownLines).toEqual(['9']);
    expect(d.outcome).toBe('accepted');
  });
});
