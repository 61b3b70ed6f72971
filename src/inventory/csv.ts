/**
 * A streaming RFC 4180 CSV reader: feed it text in chunks of any size (a chunk
 * may end inside a field, a quote or a CRLF) and it returns the records that
 * are complete, each with the physical line it starts on (1-based).
 *
 * - fields separated by `,`; a field in double quotes may hold `,`, `"` written
 *   as `""`, and line breaks;
 * - records end at LF, CRLF or a lone CR (each counts as one physical line);
 * - a UTF-8 BOM at the very start is skipped;
 * - a blank line is skipped (no record);
 * - lenient where a person can still tell what was meant, but the record says
 *   so in `problem`: a quote inside an unquoted field, text after a closing
 *   quote, a quoted field still open at the end of the input;
 * - one record longer than `maxRecordChars` (an unclosed quote swallowing the
 *   file, or not CSV at all) throws CsvTooLongError: the reader never holds
 *   more than one record.
 */
export interface CsvRecord {
  /** The physical line the record starts on (1-based). */
  line: number;
  fields: string[];
  /** Why the record is malformed, if it is. */
  problem?: string;
}

export class CsvTooLongError extends Error {
  override name = 'CsvTooLongError';
  constructor(
    readonly line: number,
    readonly limit: number,
  ) {
    super(`line ${line}: a record longer than ${limit} characters (an unclosed quote?)`);
  }
}

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

const enum S {
  FieldStart,
  Unquoted,
  Quoted,
  /** A `"` inside a quoted field: either the first of `""` or the closing quote. */
  QuoteInQuoted,
}

export class CsvParser {
  private state = S.FieldStart;
  private fields: string[] = [];
  private field = '';
  private problem: string | undefined;
  private line = 1;
  private recordLine = 1;
  private recordChars = 0;
  private lastWasCR = false;
  private started = false;
  /** Something other than a line break since the last line break. */
  private tail = false;

  constructor(readonly maxRecordChars = 65_536) {}

  /** The number of physical lines seen so far (a final line without a line break counts). */
  get lines(): number {
    return this.tail ? this.line : this.line - 1;
  }

  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let i = 0;
    if (!this.started && text.length) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    let seg = i;
    const n = text.length;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === LF && this.lastWasCR) {
        // The LF of a CRLF: the CR already ended the line (inside quotes both stay in the field).
        this.lastWasCR = false;
        continue;
      }
      this.lastWasCR = c === CR;
      const lineBreak = c === LF || c === CR;
      this.tail = !lineBreak;
      if (!lineBreak && ++this.recordChars > this.maxRecordChars)
        throw new CsvTooLongError(this.recordLine, this.maxRecordChars);
      switch (this.state) {
        case S.FieldStart:
          if (c === QUOTE) {
            this.state = S.Quoted;
            seg = i + 1;
          } else if (c === COMMA) {
            this.fields.push('');
          } else if (lineBreak) {
            // After a comma the record has one more (empty) field; a line with nothing on it is blank.
            if (this.recordChars > 0) this.fields.push('');
            this.endRecord(out);
          } else {
            this.state = S.Unquoted;
            seg = i;
          }
          break;
        case S.Unquoted:
          if (c === COMMA) {
            this.fields.push(this.field + text.slice(seg, i));
            this.field = '';
            this.state = S.FieldStart;
          } else if (lineBreak) {
            this.fields.push(this.field + text.slice(seg, i));
            this.field = '';
            this.endRecord(out);
          } else if (c === QUOTE) {
            this.problem ??= `field ${this.fields.length + 1} has a quote inside an unquoted value`;
          }
          break;
        case S.Quoted:
          if (c === QUOTE) {
            this.field += text.slice(seg, i);
            this.state = S.QuoteInQuoted;
          } else if (lineBreak) {
            // A line break inside quotes belongs to the field; it is still a physical line.
            this.line++;
          }
          break;
        case S.QuoteInQuoted:
          if (c === QUOTE) {
            this.field += '"';
            seg = i + 1;
            this.state = S.Quoted;
          } else if (c === COMMA) {
            this.fields.push(this.field);
            this.field = '';
            this.state = S.FieldStart;
          } else if (lineBreak) {
            this.fields.push(this.field);
            this.field = '';
            this.endRecord(out);
          } else {
            this.problem ??= `field ${this.fields.length + 1} has text after its closing quote`;
            this.state = S.Unquoted;
            seg = i;
          }
          break;
      }
    }
    if (this.state === S.Unquoted || this.state === S.Quoted) this.field += text.slice(seg, n);
    return out;
  }

  /** The input has ended: the last record, if the input did not end with a line break. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.state === S.Quoted) {
      this.problem ??= `field ${this.fields.length + 1} opens a quote that is never closed`;
    }
    if (this.state !== S.FieldStart || this.fields.length || this.recordChars > 0) {
      this.fields.push(this.field);
      this.field = '';
      this.endRecord(out, false);
    }
    return out;
  }

  private endRecord(out: CsvRecord[], lineBreak = true) {
    if (this.recordChars > 0 || this.fields.length > 1) {
      out.push({ line: this.recordLine, fields: this.fields, ...(this.problem ? { problem: this.problem } : {}) });
    }
    this.fields = [];
    this.problem = undefined;
    this.recordChars = 0;
    this.state = S.FieldStart;
    if (lineBreak) {
      this.line++;
      this.recordLine = this.line;
    }
  }
}

/** Parse a whole string (tests, small inputs). */
export function parseCsv(text: string, maxRecordChars?: number): CsvRecord[] {
  const p = new CsvParser(maxRecordChars);
  return [...p.push(text), ...p.end()];
}
