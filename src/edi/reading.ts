/**
 * Helpers shared by the transaction readers (855, 856, 997): element access,
 * typed checks that record AK3/AK4-coded errors at the right segment and element.
 */
import { elementName, transactionLocation as locT, type Ak3Code, type Ak4Code, type EdiError } from './errors';
import type { Segment, TransactionSet } from './types';

/** A reader's answer: `ok: false` when the set cannot be used at all; `errors` feed build997 either way. */
export type ReadResult<T> = { ok: true; value: T; errors: EdiError[] } | { ok: false; errors: EdiError[] };

/** Element `n` of a segment, trimmed ('' when absent). */
export const el = (seg: Segment, n: number): string => (seg.elements[n] ?? '').trim();

export class TransactionReader {
  readonly errors: EdiError[] = [];
  constructor(
    readonly tx: TransactionSet,
    expectedId: string,
  ) {
    if (tx.id !== expectedId)
      throw new Error(
        `expected a ${expectedId} transaction set, got ${tx.id || '(no ST01)'} (ST02 ${tx.controlNumber})`,
      );
  }

  /** Segments between ST and SE. */
  get body(): Segment[] {
    return this.tx.segments.filter((s) => s.id !== 'ST' && s.id !== 'SE');
  }

  private where(seg: Segment) {
    return `segment ${seg.position} (${seg.id}) of transaction ${this.tx.controlNumber}`;
  }

  segmentError(seg: Segment, code: Ak3Code, message: string, severity: 'error' | 'warning' = 'error'): void {
    this.errors.push({
      level: 'segment',
      code,
      severity,
      message: `${message} — ${this.where(seg)}`,
      at: { ...locT(this.tx), segmentId: seg.id, segmentPosition: seg.position, line: seg.line },
    });
  }

  missingSegment(id: string, message: string): void {
    const anchor = this.tx.trailer ?? this.tx.segments[this.tx.segments.length - 1]!;
    this.errors.push({
      level: 'segment',
      code: '3',
      severity: 'error',
      message: `${id} missing: ${message} (transaction ${this.tx.controlNumber})`,
      at: { ...locT(this.tx), segmentId: id, segmentPosition: anchor.position },
    });
  }

  elementError(seg: Segment, n: number, code: Ak4Code, message: string, severity: 'error' | 'warning' = 'error'): void {
    const value = el(seg, n);
    this.errors.push({
      level: 'element',
      code,
      severity,
      message: `${elementName(seg.id, n)} ${message} — ${this.where(seg)}`,
      at: {
        ...locT(this.tx),
        segmentId: seg.id,
        segmentPosition: seg.position,
        elementPosition: n,
        ...(value ? { value } : {}),
        line: seg.line,
      },
    });
  }

  /** A mandatory element; records AK4 1 and returns null when empty. */
  required(seg: Segment, n: number, what: string): string | null {
    const v = el(seg, n);
    if (v === '') {
      this.elementError(seg, n, '1', `(${what}) is missing`);
      return null;
    }
    return v;
  }

  /** A code from a list; records AK4 7 for an unknown code (AK4 1 if mandatory and missing). */
  code<C extends string>(
    seg: Segment,
    n: number,
    allowed: readonly C[],
    what: string,
    mandatory: boolean,
    severity: 'error' | 'warning' = 'error',
  ): C | null {
    const v = mandatory ? this.required(seg, n, what) : el(seg, n) || null;
    if (v === null) return null;
    if (!(allowed as readonly string[]).includes(v)) {
      this.elementError(seg, n, '7', `${JSON.stringify(v)} is not a known ${what} code`, severity);
      return null;
    }
    return v as C;
  }

  /** A CCYYMMDD date (AK4 8 when invalid). */
  date(seg: Segment, n: number, what: string, mandatory: boolean): string | null {
    const v = mandatory ? this.required(seg, n, what) : el(seg, n) || null;
    if (v === null) return null;
    if (!isDate(v)) {
      this.elementError(seg, n, '8', `${JSON.stringify(v)} is not a valid CCYYMMDD ${what}`);
      return null;
    }
    return v;
  }

  /** A decimal number (AK4 6 when it has other characters). */
  number(seg: Segment, n: number, what: string, mandatory: boolean): number | null {
    const v = mandatory ? this.required(seg, n, what) : el(seg, n) || null;
    if (v === null) return null;
    if (!/^-?(\d+\.?\d*|\.\d+)$/.test(v)) {
      this.elementError(seg, n, '6', `${JSON.stringify(v)} is not a number (${what})`);
      return null;
    }
    return Number(v);
  }

  /** Qualifier/ID pairs from element `from` on (PO106/PO107, LIN02/LIN03, ...). */
  pairs(seg: Segment, from: number): Record<string, string> {
    const out: Record<string, string> = {};
    for (let i = from; i + 1 < seg.elements.length; i += 2) {
      const q = el(seg, i);
      const id = el(seg, i + 1);
      if (q && id && !(q in out)) out[q] = id;
    }
    return out;
  }

  result<T>(value: T | null): ReadResult<T> {
    const fatal = value === null;
    return fatal ? { ok: false, errors: this.errors } : { ok: true, value, errors: this.errors };
  }
}

export function isDate(v: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}
