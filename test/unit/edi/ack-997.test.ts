import { describe, expect, it } from 'vitest';
import {
  acknowledgedStatus,
  build997,
  parseX12,
  read855,
  read997,
  transactionSets,
  type Built997,
} from '../../../src/edi';
import { fixture, onlySet, readable } from './fixtures';

const AT = new Date('2026-11-23T14:05:09Z');
const CONTROL = { interchange: 901, group: 901 };

function ack(
  text: string,
  extra: Parameters<typeof build997>[2] = { control: CONTROL, date: AT },
): Built997 & { text: string } {
  const parsed = readable(parseX12(text));
  const built = build997(parsed.interchanges[0]!, parsed.errors, extra);
  if (built.text === null) throw new Error('no 997 built');
  return built as Built997 & { text: string };
}

/** The 997's segments between ST and SE, as lines. */
const body = (x12: string) => x12.split('~\n').filter((s) => /^AK\d/.test(s));

describe('build997', () => {
  it('acknowledges an accepted group, sender and receiver swapped, control numbers and date as given', () => {
    const built = ack(fixture('855-split-acks-crlf.edi'));
    expect(built.text).toBe(
      [
        'ISA*00*          *00*          *ZZ*ORDERORCH      *ZZ*ACMEDROPSHIP   *261123*1405*U*00401*000000901*0*P*>',
        'GS*FA*ORDERORCH*ACMEDROPSHIP*20261123*1405*901*X*004010',
        'ST*997*0001',
        'AK1*PR*4711',
        'AK2*855*0001',
        'AK5*A',
        'AK9*A*1*1*1',
        'SE*6*0001',
        'GE*1*901',
        'IEA*1*000000901',
        '',
      ].join('~\n'),
    );
    expect(built.groups[0]).toMatchObject({ status: 'A', included: 1, received: 1, accepted: 1, codes: [] });
    expect(built.acceptedSets.map((t) => t.controlNumber)).toEqual(['0001']);
  });

  it('rejects one transaction set of a group (reader errors -> AK3/AK4/AK5), the group is partially accepted', () => {
    const text = fixture('two-interchanges.edi').replace('BAK*00*AE*PO100301*20261125', 'BAK*00*XX*PO100301*20261399');
    const parsed = readable(parseX12(text));
    const sets = transactionSets(parsed);
    const readerErrors = sets.filter((t) => t.id === '855').flatMap((t) => read855(t).errors);
    expect(readerErrors).toHaveLength(2);
    const built = build997(parsed.interchanges[0]!, parsed.errors, {
      control: CONTROL,
      date: AT,
      additionalErrors: readerErrors,
    });
    expect(body(built.text!)).toEqual([
      'AK1*PR*4740',
      'AK2*855*0001',
      'AK5*A',
      'AK2*855*0002',
      'AK3*BAK*2**8',
      'AK4*2**7*XX',
      'AK4*4**8*20261399',
      'AK5*R*5',
      'AK9*P*2*2*1',
      'AK1*SH*4741',
      'AK2*856*0001',
      'AK5*A',
      'AK9*A*1*1*1',
    ]);
    expect(built.text!).toContain('ST*997*0002~');
    expect(built.groups.map((g) => g.status)).toEqual(['P', 'A']);
    expect(built.acceptedSets.map((t) => `${t.id}/${t.controlNumber}`)).toEqual(['855/0001', '856/0001']);
  });

  it('notes warnings as AK5 E / AK9 E (accepted with errors): an unknown ACK01 code', () => {
    const text = fixture('855-split-acks-crlf.edi').replace('ACK*IR*1*EA', 'ACK*QQ*1*EA');
    const parsed = readable(parseX12(text));
    const tx = transactionSets(parsed)[0]!;
    const r = read855(tx);
    expect(r.errors.map((e) => [e.severity, e.code, e.message])).toEqual([
      ['warning', '7', 'ACK01 "QQ" is not a known line item status code — segment 14 (ACK) of transaction 0001'],
    ]);
    const built = build997(parsed.interchanges[0]!, parsed.errors, {
      control: CONTROL,
      date: AT,
      additionalErrors: r.errors,
    });
    expect(body(built.text!)).toEqual([
      'AK1*PR*4711',
      'AK2*855*0001',
      'AK3*ACK*14**8',
      'AK4*1**7*QQ',
      'AK5*E*5',
      'AK9*E*1*1*1',
    ]);
    expect(built.acceptedSets).toEqual([tx]);
  });

  // Group and set errors inside an intact interchange (IEA01 and IEA02 put right): the 997 says which.
  const intactCounts = () => fixture('wrong-counts.edi').replace('IEA*2*', 'IEA*1*');
  it('maps envelope count errors to AK5 code 4 and AK9 code 5 (group rejected, so every set in it is AK5 R)', () => {
    const built = ack(intactCounts());
    expect(body(built.text)).toEqual([
      'AK1*PR*4750',
      'AK2*855*0001',
      'AK5*R*4',
      'AK2*855*0002',
      'AK5*R',
      'AK9*R*3*2*0*5',
    ]);
    expect(built.acceptedSets).toEqual([]);
    expect(built.interchange).toMatchObject({ status: 'A', code: '000' });
  });

  it('maps control number mismatches to AK5 code 3 and AK9 code 4', () => {
    const text = fixture('mismatched-control-numbers.edi').replace('IEA*1*000004769', 'IEA*1*000004760');
    expect(body(ack(text).text)).toEqual(['AK1*PR*4760', 'AK2*855*0001', 'AK5*R*3', 'AK9*R*1*1*0*4']);
  });

  it('rejects an interchange whole on an interchange-level error: a TA1 R with the note code, no 997, nothing accepted', () => {
    const cases: [string, string][] = [
      [fixture('wrong-counts.edi'), '021'], // IEA01 counts 2 groups, there is 1
      [fixture('mismatched-control-numbers.edi'), '001'], // IEA02 is not ISA13
      [fixture('truncated-no-trailers.edi'), '023'], // no IEA
    ];
    for (const [text, code] of cases) {
      const built = ack(text);
      expect(built.interchange).toMatchObject({ status: 'R', code });
      expect(built.acceptedSets).toEqual([]);
      expect(built.text).not.toContain('GS*FA');
      const isa13 = /\*(\d{9})\*0\*P\*>~/.exec(text)![1];
      expect(built.text).toMatch(
        new RegExp(`~\\nTA1\\*${isa13}\\*261123\\*1402\\*R\\*${code}~\\nIEA\\*0\\*000000901~\\n$`),
      );
      expect(readable(parseX12(built.text)).errors).toEqual([]);
    }
  });

  it('a TA1 never echoes an ISA13 that is not 9 digits (it could hold our separators)', () => {
    const text = fixture('855-split-acks-crlf.edi').replace('*000004711*0*P*>', '*0000>4711*0*P*>');
    const built = ack(text);
    expect(built.interchange).toMatchObject({ status: 'R', code: '018' });
    expect(built.text).toContain('TA1*000000000*261123*1402*R*018~');
  });

  it('answers ISA14 = 1 with a TA1 A 000 before the 997 group; a 005010 group gets AK5 R inside AK9 R', () => {
    const asked = fixture('855-split-acks-crlf.edi').replace(/\*0\*P\*>/, '*1*P*>');
    const built = ack(asked);
    expect(built.text.split('~\n').slice(1, 3)).toEqual([
      'TA1*000004711*261123*1402*A*000',
      'GS*FA*ORDERORCH*ACMEDROPSHIP*20261123*1405*901*X*004010',
    ]);
    expect(built.acceptedSets).toHaveLength(1);
    const v5010 = fixture('855-split-acks-crlf.edi').replace('*X*004010', '*X*005010');
    const rejected = ack(v5010);
    expect(body(rejected.text)).toEqual(['AK1*PR*4711', 'AK2*855*0001', 'AK5*R', 'AK9*R*1*1*0*2']);
    expect(rejected.acceptedSets).toEqual([]);
  });

  it('rejects unsupported transaction sets with AK5 code 1 and reports unknown segment IDs with AK3 code 1', () => {
    const built = ack(fixture('856-soi-shipment-ref-cn.edi'), {
      control: CONTROL,
      date: AT,
      supportedTransactionSets: ['855', '997'],
    });
    expect(body(built.text)).toEqual(['AK1*SH*4721', 'AK2*856*0001', 'AK5*R*1', 'AK9*R*1*1*0']);
    const odd = fixture('855-ad-with-rejected-line.edi').replace('PO1|2|', 'P@1|2|');
    expect(
      body(
        ack(odd, { control: CONTROL, date: AT, separators: { element: '*', component: '>' } }).text.replace(
          /~\r?\n?/g,
          '~\n',
        ),
      ),
    ).toEqual(['AK1*PR*4712', 'AK2*855*0001', 'AK3*P@1*5**1', 'AK5*R*5', 'AK9*R*1*1*0']);
  });

  it('answers in the inbound separators by default (| and ^, newline terminator has no extra line break)', () => {
    const bar = ack(fixture('855-ad-with-rejected-line.edi')).text;
    expect(bar.slice(0, 106)).toMatch(
      /^ISA\|00\|.{10}\|00\|.{10}\|ZZ\|ORDERORCH {6}\|ZZ\|ACMEDROPSHIP {3}\|261123\|1405\|U\|00401\|000000901\|0\|P\|\^~$/,
    );
    const nl = ack(fixture('855-rj-no-detail-newline-terminator.edi')).text;
    expect(nl.split('\n').slice(2, 7)).toEqual(['ST*997*0001', 'AK1*PR*4713', 'AK2*855*0001', 'AK5*A', 'AK9*A*1*1*1']);
  });

  it('does not acknowledge 997s, but validates their envelope (a bad GE count rejects the 997 group)', () => {
    const parsed = readable(parseX12(fixture('997-from-vendor.edi')));
    const built = build997(parsed.interchanges[0]!, parsed.errors, { control: CONTROL, date: AT });
    expect(built.text).toBeNull();
    expect(built.acceptedSets).toHaveLength(transactionSets(parsed).length);
    const bad = readable(
      parseX12(fixture('997-from-vendor.edi').replace(/GE\*(\d+)\*/, (_m, n) => `GE*${Number(n) + 1}*`)),
    );
    const refused = build997(bad.interchanges[0]!, bad.errors, { control: CONTROL, date: AT });
    expect(refused.text).toBeNull();
    expect(refused.acceptedSets).toEqual([]);
  });

  it('round trip: our 997 reads back with read997', () => {
    const built = ack(intactCounts());
    const back = readable(parseX12(built.text));
    expect(back.errors).toEqual([]);
    const r = read997(transactionSets(back)[0]!);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      functionalId: 'PR',
      acknowledgedGroupControlNumber: '4750',
      status: 'R',
      included: 3,
      received: 2,
      accepted: 0,
      codes: ['5'],
    });
    expect(r.value.sets.map((s) => [s.controlNumber, s.status, s.codes])).toEqual([
      ['0001', 'R', ['4']],
      ['0002', 'R', []],
    ]);
  });
});

describe('read997', () => {
  it('reads which of our groups and sets a vendor accepts or rejects, with AK3/AK4 detail', () => {
    const parsed = readable(parseX12(fixture('997-from-vendor.edi')));
    expect(parsed.errors).toEqual([]);
    const [first, second] = transactionSets(parsed).map((t) => read997(t));
    expect(first!.ok && first!.value).toMatchObject({
      functionalId: 'PO',
      acknowledgedGroupControlNumber: '1201',
      status: 'A',
      accepted: 1,
    });
    expect(second!.ok).toBe(true);
    if (!second!.ok || !first!.ok) return;
    expect(second!.value.sets).toEqual([
      {
        id: '860',
        controlNumber: '0001',
        status: 'R',
        accepted: false,
        codes: ['5'],
        segments: [
          {
            segmentId: 'POC',
            position: 3,
            loopId: null,
            code: '8',
            elements: [{ position: 2, componentPosition: null, reference: null, code: '7', value: 'XX' }],
          },
        ],
      },
    ]);
    expect(acknowledgedStatus(first!.value, '0001')).toBe('accepted');
    expect(acknowledgedStatus(second!.value, '1')).toBe('rejected');
    // A set without its own AK2 takes the group's answer.
    expect(acknowledgedStatus(first!.value, '0002')).toBe('accepted');
    expect(acknowledgedStatus({ ...second!.value, sets: [] }, '0001')).toBe('rejected');
  });

  it('reports a 997 without AK9 as unusable', () => {
    const parsed = readable(
      parseX12(fixture('997-from-vendor.edi').replace('AK9*A*1*1*1~\n', '').replace('SE*6*0001', 'SE*5*0001')),
    );
    expect(parsed.errors).toEqual([]);
    const r = read997(transactionSets(parsed)[0]!);
    expect(r.ok).toBe(false);
    expect(r.errors[0]!.message).toBe('AK9 missing: a 997 must end with the group response (transaction 0001)');
  });

  it('reads a composite AK401 with the interchange component separator', () => {
    const tx = onlySet('855-ac-no-detail-bom.edi');
    const fake = {
      ...tx,
      id: '997',
      segments: [
        tx.segments[0]!,
        { ...tx.segments[1]!, id: 'AK1', elements: ['AK1', 'PO', '7'] },
        { ...tx.segments[1]!, id: 'AK2', elements: ['AK2', '850', '0001'] },
        { ...tx.segments[1]!, id: 'AK3', elements: ['AK3', 'TD5', '4'] },
        { ...tx.segments[1]!, id: 'AK4', elements: ['AK4', '3:1', '', '4'] },
        { ...tx.segments[1]!, id: 'AK5', elements: ['AK5', 'R', '5'] },
        { ...tx.segments[1]!, id: 'AK9', elements: ['AK9', 'R', '1', '1', '0'] },
        tx.segments[2]!,
      ],
    };
    const r = read997(fake);
    expect(r.ok && r.value.sets[0]!.segments[0]!.elements[0]).toMatchObject({
      position: 3,
      componentPosition: 1,
      code: '4',
    });
  });
});
