/**
 * Writing X12: the ISA/GS/ST..SE/GE/IEA envelope around transaction bodies,
 * element formatting (dates, decimals, free text) and separator safety.
 * Control numbers and the date are always passed in — nothing here reads a clock.
 */
import { DEFAULT_SEPARATORS, type EdiIdentity, type OutboundSeparators, type PartnerEdiProfile } from './types';

/**
 * A segment to write: ID then elements; `undefined`/'' elements are empty, trailing
 * empties are dropped; an array is a composite, joined with the component separator.
 */
export type SegmentData = readonly [string, ...Array<string | readonly string[] | undefined>];

export interface OutboundEnvelope {
  /** Us. */
  sender: EdiIdentity;
  /** The partner. */
  receiver: EdiIdentity;
  /** ISA13 / GS06, allocated by the caller (1..999999999). */
  interchangeControlNumber: number;
  groupControlNumber: number;
  /** ISA09/ISA10 and GS04/GS05, written in UTC. */
  date: Date;
  usageIndicator?: 'P' | 'T';
  /** ISA14: ask for a TA1. Default false. */
  acknowledgmentRequested?: boolean;
  separators?: Partial<OutboundSeparators>;
}

export interface OutboundTransaction {
  /** ST01, e.g. '850'. */
  id: string;
  /** ST02 (1..999999999; written with at least 4 digits). */
  controlNumber: number;
  /** The segments between ST and SE. */
  body: SegmentData[];
}

/** Envelope settings from a partner profile plus our identity; the caller adds control numbers and the date. */
export function envelopeFor(
  profile: PartnerEdiProfile,
  us: EdiIdentity,
  control: { interchange: number; group: number },
  date: Date,
): OutboundEnvelope {
  return {
    sender: us,
    receiver: profile.identity,
    interchangeControlNumber: control.interchange,
    groupControlNumber: control.group,
    date,
    usageIndicator: profile.usageIndicator ?? 'P',
    ...(profile.separators ? { separators: profile.separators } : {}),
  };
}

export function resolveSeparators(partial?: Partial<OutboundSeparators>): OutboundSeparators {
  const s = { ...DEFAULT_SEPARATORS, ...(partial ?? {}) };
  const chars = [s.element, s.component, s.segment];
  if (chars.some((c) => c.length !== 1 || /[A-Za-z0-9 ]/.test(c)) || new Set(chars).size !== 3) {
    throw new Error(
      `invalid separators ${JSON.stringify(chars)}: three different single non-alphanumeric characters are needed`,
    );
  }
  return s;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const valid = (d: Date) => {
  if (Number.isNaN(d.getTime())) throw new Error('invalid Date passed to the X12 writer');
  return d;
};
/** CCYYMMDD in UTC. */
export const ccyymmdd = (d: Date) => `${valid(d).getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}`;
/** YYMMDD in UTC (ISA09). */
export const yymmdd = (d: Date) => ccyymmdd(d).slice(2);
/** HHMM in UTC. */
export const hhmm = (d: Date) => `${pad2(valid(d).getUTCHours())}${pad2(d.getUTCMinutes())}`;

/** A decimal for an R element: '12.50' -> '12.5', '3' -> '3'; numbers are written with at most 4 decimals. */
export function decimal(value: string | number, name: string): string {
  const s = typeof value === 'number' ? (Number.isFinite(value) ? value.toFixed(4) : 'NaN') : value.trim();
  if (!/^-?\d+(\.\d+)?$/.test(s)) throw new Error(`${name} ${JSON.stringify(value)} is not a decimal number`);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** A positive whole quantity for an N0/R quantity element. */
export function quantity(value: number, name: string): string {
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} ${value} must be a whole number >= 0`);
  return String(value);
}

const TRANSLITERATE: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  ø: 'o',
  Ø: 'O',
  œ: 'oe',
  Œ: 'OE',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
};

/**
 * Customer-entered text (names, addresses, descriptions): accents removed, anything
 * outside printable ASCII or equal to a separator becomes a space, cut to `max`.
 */
export function freeText(value: string, max: number, seps: OutboundSeparators): string {
  const ascii = value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßæÆøØœŒłŁđĐ]/g, (c) => TRANSLITERATE[c] ?? ' ');
  let out = '';
  for (const ch of ascii) {
    out += ch < ' ' || ch > '~' || ch === seps.element || ch === seps.component || ch === seps.segment ? ' ' : ch;
  }
  return out.replace(/\s+/g, ' ').trim().slice(0, max).trim();
}

/** An identifier (PO number, SKU, line ID): must fit and must not contain a separator. */
export function identifier(value: string, max: number, name: string): string {
  const v = value.trim();
  if (v === '') throw new Error(`${name} is empty`);
  if (v.length > max) throw new Error(`${name} ${JSON.stringify(v)} is longer than ${max} characters`);
  if (/[^\x20-\x7e]/.test(v))
    throw new Error(`${name} ${JSON.stringify(v)} contains characters outside printable ASCII`);
  return v;
}

function controlNumber(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 1 || n > 999_999_999)
    throw new Error(`${name} ${n} must be an integer from 1 to 999999999`);
  return n;
}

function serialize(seg: SegmentData, seps: OutboundSeparators): string {
  const forbidden: Array<[string, string]> = [
    [seps.element, 'element separator'],
    [seps.segment, 'segment terminator'],
    ['\n', 'newline'],
    ['\r', 'carriage return'],
  ];
  // ISA16 *is* the component separator; everywhere else it may only join composites.
  if (seg[0] !== 'ISA') forbidden.push([seps.component, 'component separator']);
  const check = (v: string, name: string) => {
    for (const [c, what] of forbidden)
      if (v.includes(c)) throw new Error(`${name} ${JSON.stringify(v)} contains the ${what} ${JSON.stringify(c)}`);
    return v;
  };
  const values = seg.map((v, i) => {
    const name = `${seg[0]}${pad2(i)}`;
    if (i === 0 || v === undefined) return v ?? '';
    if (typeof v === 'string') return check(v, name);
    const parts = [...v];
    while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    return parts.map((p, j) => check(p, `${name}-${pad2(j + 1)}`)).join(seps.component);
  });
  while (values.length > 1 && values[values.length - 1] === '') values.pop();
  return values.join(seps.element) + seps.segment + seps.lineBreak;
}

const isaField = (value: string, width: number, name: string) => {
  if (value.length > width) throw new Error(`${name} ${JSON.stringify(value)} is longer than ${width} characters`);
  return value.padEnd(width, ' ');
};

/** One interchange with one functional group holding the given transaction sets. */
export function writeInterchange(
  env: OutboundEnvelope,
  functionalId: string,
  transactions: readonly OutboundTransaction[],
): string {
  return writeEnvelope(env, [], { functionalId, transactions });
}

/**
 * One interchange: interchange-level segments first (a TA1, which sits between
 * ISA and the first GS), then at most one functional group. IEA01 counts the
 * groups, so an interchange holding only a TA1 ends with IEA*0.
 */
export function writeEnvelope(
  env: OutboundEnvelope,
  leading: readonly SegmentData[],
  group: { functionalId: string; transactions: readonly OutboundTransaction[] } | null,
): string {
  const seps = resolveSeparators(env.separators);
  const isa13 = String(controlNumber(env.interchangeControlNumber, 'interchange control number')).padStart(9, '0');
  const gs06 = String(controlNumber(env.groupControlNumber, 'group control number'));
  const isa: SegmentData = [
    'ISA',
    '00',
    ' '.repeat(10),
    '00',
    ' '.repeat(10),
    isaField(env.sender.isaQualifier, 2, 'ISA05'),
    isaField(env.sender.isaId, 15, 'ISA06'),
    isaField(env.receiver.isaQualifier, 2, 'ISA07'),
    isaField(env.receiver.isaId, 15, 'ISA08'),
    yymmdd(env.date),
    hhmm(env.date),
    'U',
    '00401',
    isa13,
    env.acknowledgmentRequested ? '1' : '0',
    env.usageIndicator ?? 'P',
    seps.component,
  ];
  const out: string[] = [serialize(isa, seps)];
  for (const seg of leading) out.push(serialize(seg, seps));
  if (!group) {
    out.push(serialize(['IEA', '0', isa13], seps));
    return out.join('');
  }
  const { functionalId, transactions } = group;
  out.push(
    serialize(
      [
        'GS',
        functionalId,
        env.sender.gsApplicationCode,
        env.receiver.gsApplicationCode,
        ccyymmdd(env.date),
        hhmm(env.date),
        gs06,
        'X',
        '004010',
      ],
      seps,
    ),
  );
  const seen = new Set<number>();
  for (const t of transactions) {
    const st02 = String(controlNumber(t.controlNumber, 'transaction set control number')).padStart(4, '0');
    if (seen.has(t.controlNumber)) throw new Error(`ST02 ${st02} is used twice in one group`);
    seen.add(t.controlNumber);
    out.push(serialize(['ST', t.id, st02], seps));
    for (const seg of t.body) out.push(serialize(seg, seps));
    out.push(serialize(['SE', String(t.body.length + 2), st02], seps));
  }
  out.push(serialize(['GE', String(transactions.length), gs06], seps));
  out.push(serialize(['IEA', '1', isa13], seps));
  return out.join('');
}
