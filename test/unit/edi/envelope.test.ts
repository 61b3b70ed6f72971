import { describe, expect, it } from 'vitest';
import { errorsOf, parseX12, transactionSets } from '../../../src/edi';
import { readIsa, tokenize } from '../../../src/edi/tokenizer';
import { fixture, readable } from './fixtures';

const ISA =
  'ISA*00*          *00*          *ZZ*ACMEDROPSHIP   *ZZ*ORDERORCH      *261123*1402*U*00401*000000042*0*P*>~';

describe('ISA and separators', () => {
  it('reads the separators from ISA offsets 3, 104 and 105', () => {
    expect(ISA.length).toBe(106);
    const isa = readIsa(ISA, 0);
    expect(isa.ok && isa.separators).toEqual({ element: '*', component: '>', segment: '~', repetition: null });
    expect(isa.ok && isa.elements[13]).toBe('000000042');
  });

  it('reads | and ^ and a second interchange with other separators (two interchanges in one file)', () => {
    const parsed = readable(parseX12(fixture('two-interchanges.edi')));
    expect(parsed.errors).toEqual([]);
    expect(parsed.interchanges.map((i) => i.separators.element)).toEqual(['*', '|']);
    expect(parsed.interchanges.map((i) => i.separators.component)).toEqual(['>', '^']);
    expect(parsed.interchanges.map((i) => i.header.controlNumber)).toEqual(['000004740', '000004742']);
    expect(parsed.interchanges[0]!.groups.map((g) => [g.functionalId, g.controlNumber, g.transactions.length])).toEqual(
      [
        ['PR', '4740', 2],
        ['SH', '4741', 1],
      ],
    );
    const sets = transactionSets(parsed);
    expect(sets.map((t) => `${t.interchangeIndex}/${t.groupIndex}/${t.id}/${t.controlNumber}`)).toEqual([
      '0/0/855/0001',
      '0/0/855/0002',
      '0/1/856/0001',
      '1/0/855/0001',
    ]);
    // Elements of the |-separated interchange are split correctly.
    expect(sets[3]!.segments[1]!.elements).toEqual(['BAK', '00', 'RJ', 'PO100302', '20261126']);
  });

  it('tolerates a BOM, CRLF after terminators and trailing whitespace', () => {
    const text = fixture('855-ac-no-detail-bom.edi');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('~\r\n');
    const parsed = readable(parseX12(text));
    expect(parsed.errors).toEqual([]);
    const [tx] = transactionSets(parsed);
    expect(tx!.segments.map((s) => s.id)).toEqual(['ST', 'BAK', 'SE']);
    expect(parsed.interchanges[0]!.separators.component).toBe(':');
    expect(tx!.segments[1]!.line).toBe(4);
  });

  it('reads a newline used as the segment terminator', () => {
    const parsed = readable(parseX12(fixture('855-rj-no-detail-newline-terminator.edi')));
    expect(parsed.errors).toEqual([]);
    expect(parsed.interchanges[0]!.separators.segment).toBe('\n');
    expect(transactionSets(parsed)[0]!.segments.map((s) => s.id)).toEqual(['ST', 'BAK', 'REF', 'CTT', 'SE']);
  });

  it('reads a newline terminator with CRLF line ends and leading whitespace', () => {
    const isa = ISA.slice(0, 105) + '\n';
    const text = `\r\n  ${isa}\r\nGS*PR*A*B*20261123*1402*42*X*004010\r\nST*855*0001\r\nBAK*00*AC*PO1*20261123\r\nSE*3*0001\r\nGE*1*42\r\nIEA*1*000000042\r\n`;
    const parsed = readable(parseX12(text));
    expect(parsed.errors).toEqual([]);
    expect(transactionSets(parsed)[0]!.segments[1]!.elements).toEqual(['BAK', '00', 'AC', 'PO1', '20261123']);
  });

  it('reports an ISA of 105 characters as unreadable, naming the short field', () => {
    const parsed = parseX12(fixture('isa-105-chars.edi'));
    expect(parsed.readable).toBe(false);
    if (parsed.readable) return;
    expect(parsed.reason).toContain('ISA06 is 14 characters, must be 15');
    expect(parsed.reason).toContain('the ISA is 105 characters, must be exactly 106');
    expect(parsed.errors[0]).toMatchObject({ level: 'interchange', code: '005' });
  });

  it('reports a document that does not start with ISA, an empty one and a cut-off ISA as unreadable', () => {
    const notIsa = parseX12('GS*PR*A*B*20261123*1402*1*X*004010~');
    expect(notIsa.readable === false && notIsa.reason).toContain('does not start with an ISA segment');
    expect(parseX12(' \r\n').readable).toBe(false);
    const cut = parseX12(ISA.slice(0, 60));
    expect(cut.readable === false && cut.reason).toMatch(/ISA has \d+ of its 16 elements/);
  });

  it('reports a second unreadable ISA as unreadable, naming the interchange', () => {
    const second = fixture('855-ac-no-detail-bom.edi')
      .replace(/^\uFEFF/, '')
      .replace('ACMEDROPSHIP   ', 'ACMEDROPSHIP');
    const parsed = parseX12(fixture('855-rj-no-detail-newline-terminator.edi') + second);
    expect(parsed.readable).toBe(false);
    expect(parsed.readable === false && parsed.reason).toMatch(/^interchange 2 \(line 10\): ISA06 is 12 characters/);
  });

  it('keeps segment positions inside the transaction set (ST = 1) and element 0 as the segment ID', () => {
    const tokens = tokenize(fixture('855-split-acks-crlf.edi'));
    expect(tokens.ok).toBe(true);
    const parsed = readable(parseX12(fixture('855-split-acks-crlf.edi')));
    const tx = transactionSets(parsed)[0]!;
    const acks = tx.segments.filter((s) => s.id === 'ACK');
    expect(acks.map((s) => s.position)).toEqual([9, 12, 13, 14, 16]);
    expect(acks[3]!.elements[1]).toBe('IR');
    expect(tx.trailer!.position).toBe(tx.segments.length);
  });
});

describe('envelope checks', () => {
  it('reports wrong SE01, GE01 and IEA01 counts with the 997/TA1 codes', () => {
    const parsed = readable(parseX12(fixture('wrong-counts.edi')));
    const summary = parsed.errors.map((e) => [e.level, e.code, e.message]);
    expect(summary).toEqual([
      ['transaction', '4', 'SE01 says 12 segments, counted 6 (transaction 0001 (855))'],
      ['group', '5', 'GE01 says 3 transaction sets, counted 2 (group 4750)'],
      ['interchange', '021', 'IEA01 says 2 functional groups, counted 1 (interchange 000004750)'],
    ]);
    const [first, second] = transactionSets(parsed);
    expect(errorsOf(first!, parsed.errors)).toHaveLength(1);
    expect(errorsOf(second!, parsed.errors)).toHaveLength(0);
    expect(parsed.errors[0]!.at).toMatchObject({
      groupControlNumber: '4750',
      transactionControlNumber: '0001',
      segmentId: 'SE',
      segmentPosition: 6,
      elementPosition: 1,
      value: '12',
    });
  });

  it('reports mismatched control numbers in SE02, GE02 and IEA02', () => {
    const parsed = readable(parseX12(fixture('mismatched-control-numbers.edi')));
    expect(parsed.errors.map((e) => [e.level, e.code, e.message])).toEqual([
      ['transaction', '3', 'SE02 0002 does not match ST02 0001'],
      ['group', '4', 'GE02 4761 does not match GS06 4760'],
      ['interchange', '001', 'IEA02 000004769 does not match ISA13 000004760'],
    ]);
  });

  it('reports a truncated file: SE, GE and IEA missing, the segments read so far kept', () => {
    const parsed = readable(parseX12(fixture('truncated-no-trailers.edi')));
    expect(parsed.errors.map((e) => [e.level, e.code])).toEqual([
      ['transaction', '2'],
      ['group', '3'],
      ['interchange', '023'],
    ]);
    expect(parsed.errors[0]!.message).toBe('SE missing for transaction 0001 (855): the document ends (truncated)');
    const tx = transactionSets(parsed)[0]!;
    expect(tx.trailer).toBeNull();
    expect(tx.segments.map((s) => s.id)).toEqual(['ST', 'BAK', 'PO1', 'ACK']);
  });

  it('closes an open transaction when the next ST starts (SE missing) and when GE comes', () => {
    const text = `${ISA}\nGS*PR*A*B*20261123*1402*42*X*004010~\nST*855*0001~\nBAK*00*AC*PO1*20261123~\nST*855*0002~\nBAK*00*AC*PO2*20261123~\nSE*3*0002~\nST*855*0003~\nBAK*00*AC*PO3*20261123~\nGE*3*42~\nIEA*1*000000042~`;
    const parsed = readable(parseX12(text));
    expect(parsed.errors.map((e) => [e.code, e.at.transactionControlNumber, e.message])).toEqual([
      ['2', '0001', 'SE missing for transaction 0001 (855): a new ST starts at line 5'],
      ['2', '0003', 'SE missing for transaction 0003 (855): GE at line 10 came first'],
    ]);
    expect(transactionSets(parsed)).toHaveLength(3);
  });

  it('flags segments outside a transaction, unknown segment IDs, duplicate ST02 and a non-004010 group', () => {
    const text = [
      ISA,
      'GS*PR*A*B*20261123*1402*42*X*005010~',
      'ST*855*0001~',
      'bak*00*AC*PO1*20261123~',
      'SE*3*0001~',
      'REF*ZZ*STRAY~',
      'ST*855*0001~',
      'BAK*00*AC*PO2*20261123~',
      'SE*3*0001~',
      'GE*2*42~',
      'IEA*1*000000042~',
    ].join('\n');
    const parsed = readable(parseX12(text));
    expect(parsed.errors.map((e) => [e.level, e.code])).toEqual([
      ['group', '2'],
      ['segment', '1'],
      ['interchange', '024'],
      ['transaction', '23'],
    ]);
    expect(parsed.errors[1]!.message).toContain('"bak" is not a segment ID');
    expect(parsed.errors[2]!.message).toBe('REF at line 6 is outside of a transaction set; ignored');
  });

  it('tolerates a missing final terminator and CR/LF inside a segment of a wrapped file', () => {
    const text = `${ISA}\r\nGS*PR*A*B*20261123*1402*42*X*004010~ST*855*0001~BAK*00*AC*PO1\r\n*20261123~SE*3*0001~GE*1*42~IEA*1*000000042  \r\n`;
    const parsed = readable(parseX12(text));
    expect(parsed.errors).toEqual([]);
    expect(transactionSets(parsed)[0]!.segments[1]!.elements).toEqual(['BAK', '00', 'AC', 'PO1', '20261123']);
    expect(parsed.interchanges[0]!.iea!.elements).toEqual(['IEA', '1', '000000042']);
  });

  it('reports an ST outside any group and segments after the IEA, keeping the valid interchange', () => {
    const text = `${ISA}ST*855*0009~BAK*00*AC*PO9*20261123~SE*3*0009~GS*PR*A*B*20261123*1402*42*X*004010~ST*855*0001~BAK*00*AC*PO1*20261123~SE*3*0001~GE*1*42~IEA*1*000000042~GS*PR*A*B*20261123*1402*43*X*004010~`;
    const parsed = readable(parseX12(text));
    expect(parsed.errors.map((e) => [e.level, e.code, e.at.segmentId])).toEqual([
      ['interchange', '024', 'ST'],
      ['interchange', '024', 'SE'],
      ['interchange', '024', 'GS'],
    ]);
    expect(parsed.errors[2]!.message).toBe('GS at line 1 is after IEA and before any ISA; ignored');
    // ... which is outside every interchange: the one before it is not at fault.
    expect(parsed.errors[2]!.at.interchangeIndex).toBeUndefined();
    expect(transactionSets(parsed).map((t) => t.controlNumber)).toEqual(['0001']);
  });

  it('compares the numeric control numbers GS06/GE02 and ISA13/IEA02 by value', () => {
    const text = `${ISA}GS*PR*A*B*20261123*1402*000000042*X*004010~ST*855*0001~BAK*00*AC*PO1*20261123~SE*3*0001~GE*1*42~IEA*1*000000042~`;
    expect(readable(parseX12(text)).errors).toEqual([]);
    expect(readable(parseX12(text.replace('GE*1*42', 'GE*1*420'))).errors.map((e) => e.code)).toEqual(['4']);
  });

  it('checks ISA13, ISA09 and ISA10 syntax without making the interchange unreadable', () => {
    const bad = ISA.replace('261123*1402', '261399*2575').replace('000000042', '00000004X');
    const parsed = readable(
      parseX12(
        `${bad}GS*PR*A*B*20261123*1402*42*X*004010~ST*855*0001~BAK*00*AC*PO1*20261123~SE*3*0001~GE*1*42~IEA*1*00000004X~`,
      ),
    );
    expect(parsed.errors.map((e) => [e.code, e.at.elementPosition])).toEqual([
      ['018', 13],
      ['014', 9],
      ['015', 10],
    ]);
  });
});
