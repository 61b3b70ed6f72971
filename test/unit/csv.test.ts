import { describe, expect, it } from 'vitest';
import { CsvParser, CsvTooLongError, parseCsv } from '../../src/inventory/csv';

/** Feed the text in pieces of `size` characters (every split point gets exercised with size 1). */
function chunked(text: string, size: number) {
  const p = new CsvParser();
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(...p.push(text.slice(i, i + size)));
  out.push(...p.end());
  return { records: out, lines: p.lines };
}

describe('streaming CSV reader (RFC 4180)', () => {
  const sample =
    '\uFEFFsku,location,on_hand\r\n"TEE, black","NJ ""North"" Warehouse",5\r\nMUG,"multi\r\nline",3\r\n\r\nCAP,LA,7';

  it('reads quoted fields with commas, "" escapes and line breaks, CRLF, a BOM, and numbers records by their first physical line', () => {
    expect(parseCsv(sample)).toEqual([
      { line: 1, fields: ['sku', 'location', 'on_hand'] },
      { line: 2, fields: ['TEE, black', 'NJ "North" Warehouse', '5'] },
      { line: 3, fields: ['MUG', 'multi\r\nline', '3'] },
      // line 5 is blank and skipped
      { line: 6, fields: ['CAP', 'LA', '7'] },
    ]);
  });

  it('gives the same records whatever the chunk boundaries (inside quotes, "" and CRLF)', () => {
    const whole = parseCsv(sample);
    for (const size of [1, 2, 3, 7]) expect(chunked(sample, size).records).toEqual(whole);
  });

  it('LF, CRLF and a lone CR each end one line; the line count matches', () => {
    expect(parseCsv('a\nb\r\nc\rd').map((r) => [r.line, r.fields[0]])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ]);
    expect(chunked('a\nb\n', 1).lines).toBe(2);
    expect(chunked('a\nb', 1).lines).toBe(2);
    expect(chunked('a\r\nb\r\n', 1).lines).toBe(2);
    expect(chunked('', 1)).toEqual({ records: [], lines: 0 });
  });

  it('keeps empty fields, and a line of only a quoted empty field is a record, not a blank line', () => {
    expect(parseCsv('a,,c\n,\n""\n')).toEqual([
      { line: 1, fields: ['a', '', 'c'] },
      { line: 2, fields: ['', ''] },
      { line: 3, fields: [''] },
    ]);
  });

  it('marks malformed records without losing the next ones', () => {
    const r = parseCsv('ok,1\nab"c,2\n"x"y,3\nfine,4\n"open,5\nstill open');
    expect(r[0]).toEqual({ line: 1, fields: ['ok', '1'] });
    expect(r[1]).toMatchObject({ line: 2, problem: 'field 1 has a quote inside an unquoted value' });
    expect(r[2]).toMatchObject({ line: 3, problem: 'field 1 has text after its closing quote' });
    expect(r[3]).toEqual({ line: 4, fields: ['fine', '4'] });
    expect(r[4]).toMatchObject({ line: 5, problem: 'field 1 opens a quote that is never closed' });
    expect(r).toHaveLength(5);
  });

  it('refuses a record longer than the limit (an unclosed quote would otherwise swallow the file)', () => {
    const p = new CsvParser(100);
    expect(p.push('a,b\n')).toHaveLength(1);
    expect(() => p.push(`"${'x'.repeat(200)}`)).toThrow(CsvTooLongError);
    expect(() => new CsvParser(100).push(`a\n${'y'.repeat(101)}`)).toThrow(
      /line 2: a record longer than 100 characters/,
    );
  });

  it('streams a million lines without holding them', () => {
    const p = new CsvParser();
    let count = 0;
    let last = 0;
    const block = Array.from({ length: 1000 }, (_, i) => `SKU-${i},"Loc, ${i % 4}",${i}`).join('\n') + '\n';
    for (let b = 0; b < 1000; b++) {
      for (const r of p.push(block)) {
        count++;
        last = r.line;
        if (r.fields.length !== 3) throw new Error(`bad record at ${r.line}`);
      }
    }
    p.end();
    expect(count).toBe(1_000_000);
    expect(last).toBe(1_000_000);
    expect(p.lines).toBe(1_000_000);
  });
});
