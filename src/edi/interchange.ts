/**
 * Envelope layer: turns tokenized segments into interchanges -> functional groups
 * -> transaction sets and checks the envelope strictly (control numbers and counts
 * in IEA/GE/SE, missing trailers, segments outside their envelope).
 *
 * `readable: false` means no interchange header could be trusted (e.g. an ISA of
 * 105 characters): no 997 is possible and the caller answers HTTP 400.
 * `readable: true` may still carry errors; build997 turns them into AK3/AK4/AK5/AK9.
 */
import { tokenize, type RawSegment } from './tokenizer';
import { transactionLocation, type EdiError, type EdiLocation } from './errors';
import { isDate } from './reading';
import type { FunctionalGroup, Interchange, InterchangeHeader, Segment, TransactionSet } from './types';

export type ParseResult =
  | { readable: true; interchanges: Interchange[]; errors: EdiError[] }
  | { readable: false; reason: string; errors: EdiError[] };

const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;
const el = (s: RawSegment | Segment, n: number) => (s.elements[n] ?? '').trim();
const count = (v: string): number | null => (/^\d{1,9}$/.test(v) ? Number(v) : null);
/** GS06/GE02 and ISA13/IEA02 are numeric (N0): 0042 and 42 are the same control number. */
const sameNumber = (a: string, b: string) => a === b || (count(a) !== null && count(a) === count(b));

function header(isa: RawSegment): InterchangeHeader {
  return {
    authorizationQualifier: el(isa, 1),
    authorizationInfo: el(isa, 2),
    securityQualifier: el(isa, 3),
    securityInfo: el(isa, 4),
    senderQualifier: el(isa, 5),
    senderId: el(isa, 6),
    receiverQualifier: el(isa, 7),
    receiverId: el(isa, 8),
    date: el(isa, 9),
    time: el(isa, 10),
    standardsId: isa.elements[11] ?? '',
    version: el(isa, 12),
    controlNumber: el(isa, 13),
    acknowledgmentRequested: el(isa, 14),
    usageIndicator: el(isa, 15),
  };
}

const locI = (ic: Interchange): EdiLocation => ({
  interchangeIndex: ic.index,
  interchangeControlNumber: ic.header.controlNumber,
});
const locG = (ic: Interchange, g: FunctionalGroup): EdiLocation => ({
  ...locI(ic),
  groupIndex: g.index,
  groupControlNumber: g.controlNumber,
});
const locT = transactionLocation;

export function parseX12(input: string): ParseResult {
  const tokens = tokenize(input);
  if (!tokens.ok) {
    const e = tokens.error;
    return {
      readable: false,
      reason: e.message,
      errors: [{ level: 'interchange', code: e.code, severity: 'error', message: e.message, at: { line: e.line } }],
    };
  }
  const errors: EdiError[] = [];
  const interchanges: Interchange[] = [];
  let ic: Interchange | null = null; // open interchange (no IEA yet)
  let group: FunctionalGroup | null = null;
  let tx: TransactionSet | null = null;
  let strayRun = false;
  let position = 0;

  const txName = (t: TransactionSet) => `transaction ${t.controlNumber || '?'} (${t.id || '?'})`;
  const closeTx = (reason: string) => {
    if (!tx) return;
    errors.push({
      level: 'transaction',
      code: '2',
      severity: 'error',
      at: locT(tx),
      message: `SE missing for ${txName(tx)}: ${reason}`,
    });
    tx = null;
  };
  const closeGroup = (reason: string) => {
    if (!group || !ic) return;
    closeTx(reason);
    errors.push({
      level: 'group',
      code: '3',
      severity: 'error',
      at: locG(ic, group),
      message: `GE missing for group ${group.controlNumber || '?'} (${group.functionalId}): ${reason}`,
    });
    group = null;
  };
  const closeInterchange = (reason: string) => {
    if (!ic) return;
    closeGroup(reason);
    errors.push({
      level: 'interchange',
      code: '023',
      severity: 'error',
      at: locI(ic),
      message: `IEA missing for interchange ${ic.header.controlNumber}: ${reason}`,
    });
    ic = null;
  };

  for (const raw of tokens.segments) {
    position++;
    const seg: Segment = { id: raw.id, elements: raw.elements, position, line: raw.line, offset: raw.offset };
    if (raw.id === 'ISA') {
      closeInterchange(`another ISA starts at line ${raw.line}`);
      const opened: Interchange = {
        header: header(raw),
        isa: seg,
        iea: null,
        separators: raw.separators,
        ta1s: [],
        groups: [],
        index: interchanges.length,
      };
      interchanges.push(opened);
      ic = opened;
      strayRun = false;
      checkIsa(opened, errors);
      continue;
    }
    if (!ic) {
      // Outside every interchange: the transmission is at fault, not the interchange before it (which stands).
      if (!strayRun)
        errors.push({
          level: 'interchange',
          code: '024',
          severity: 'error',
          at: { segmentId: raw.id, line: raw.line },
          message: `${raw.id} at line ${raw.line} is after IEA and before any ISA; ignored`,
        });
      strayRun = true;
      continue;
    }
    const cur: Interchange = ic;
    switch (raw.id) {
      case 'IEA': {
        closeGroup(`IEA at line ${raw.line} came first`);
        cur.iea = seg;
        const declared = count(el(raw, 1));
        if (declared !== cur.groups.length) {
          errors.push({
            level: 'interchange',
            code: '021',
            severity: 'error',
            at: { ...locI(cur), segmentId: 'IEA', elementPosition: 1, value: el(raw, 1), line: raw.line },
            message: `IEA01 says ${el(raw, 1) || '(empty)'} functional groups, counted ${cur.groups.length} (interchange ${cur.header.controlNumber})`,
          });
        }
        if (!sameNumber(el(raw, 2), cur.header.controlNumber)) {
          errors.push({
            level: 'interchange',
            code: '001',
            severity: 'error',
            at: { ...locI(cur), segmentId: 'IEA', elementPosition: 2, value: el(raw, 2), line: raw.line },
            message: `IEA02 ${el(raw, 2) || '(empty)'} does not match ISA13 ${cur.header.controlNumber}`,
          });
        }
        ic = null;
        continue;
      }
      case 'TA1': {
        // An interchange acknowledgment sits between ISA and the first GS.
        if (group || cur.groups.length) {
          errors.push({
            level: 'interchange',
            code: '024',
            severity: 'error',
            at: { ...locI(cur), segmentId: 'TA1', line: raw.line },
            message: `TA1 at line ${raw.line} after a GS; a TA1 must come before the first functional group`,
          });
          continue;
        }
        cur.ta1s.push(seg);
        continue;
      }
      case 'GS': {
        closeGroup(`a new GS starts at line ${raw.line}`);
        const g: FunctionalGroup = {
          functionalId: el(raw, 1),
          senderCode: el(raw, 2),
          receiverCode: el(raw, 3),
          date: el(raw, 4),
          time: el(raw, 5),
          controlNumber: el(raw, 6),
          version: el(raw, 8),
          header: seg,
          trailer: null,
          transactions: [],
          index: cur.groups.length,
        };
        cur.groups.push(g);
        group = g;
        strayRun = false;
        if (!/^\d{1,9}$/.test(g.controlNumber)) {
          errors.push({
            level: 'group',
            code: '6',
            severity: 'error',
            at: { ...locG(cur, g), segmentId: 'GS', elementPosition: 6, value: g.controlNumber, line: raw.line },
            message: `GS06 group control number ${JSON.stringify(g.controlNumber)} must be 1-9 digits`,
          });
        }
        if (!g.version.startsWith('004010')) {
          errors.push({
            level: 'group',
            code: '2',
            severity: 'error',
            at: { ...locG(cur, g), segmentId: 'GS', elementPosition: 8, value: g.version, line: raw.line },
            message: `GS08 version ${JSON.stringify(g.version)} is not supported (expected 004010)`,
          });
        }
        continue;
      }
      case 'GE': {
        if (!group) {
          errors.push({
            level: 'interchange',
            code: '024',
            severity: 'error',
            at: { ...locI(cur), segmentId: 'GE', line: raw.line },
            message: `GE at line ${raw.line} without a GS`,
          });
          continue;
        }
        const g: FunctionalGroup = group;
        closeTx(`GE at line ${raw.line} came first`);
        g.trailer = seg;
        const declared = count(el(raw, 1));
        if (declared !== g.transactions.length) {
          errors.push({
            level: 'group',
            code: '5',
            severity: 'error',
            at: { ...locG(cur, g), segmentId: 'GE', elementPosition: 1, value: el(raw, 1), line: raw.line },
            message: `GE01 says ${el(raw, 1) || '(empty)'} transaction sets, counted ${g.transactions.length} (group ${g.controlNumber})`,
          });
        }
        if (!sameNumber(el(raw, 2), g.controlNumber)) {
          errors.push({
            level: 'group',
            code: '4',
            severity: 'error',
            at: { ...locG(cur, g), segmentId: 'GE', elementPosition: 2, value: el(raw, 2), line: raw.line },
            message: `GE02 ${el(raw, 2) || '(empty)'} does not match GS06 ${g.controlNumber}`,
          });
        }
        group = null;
        continue;
      }
      case 'ST': {
        if (!group) {
          errors.push({
            level: 'interchange',
            code: '024',
            severity: 'error',
            at: { ...locI(cur), segmentId: 'ST', line: raw.line },
            message: `ST at line ${raw.line} is outside of a functional group (no GS); ignored up to the next GS`,
          });
          strayRun = true;
          continue;
        }
        const g: FunctionalGroup = group;
        closeTx(`a new ST starts at line ${raw.line}`);
        const stSeg: Segment = { ...seg, position: 1 };
        const t: TransactionSet = {
          id: el(raw, 1),
          controlNumber: el(raw, 2),
          segments: [stSeg],
          header: stSeg,
          trailer: null,
          separators: raw.separators,
          interchangeIndex: cur.index,
          groupIndex: g.index,
          transactionIndex: g.transactions.length,
          groupControlNumber: g.controlNumber,
          interchangeControlNumber: cur.header.controlNumber,
        };
        if (g.transactions.some((o) => o.controlNumber === t.controlNumber)) {
          errors.push({
            level: 'transaction',
            code: '23',
            severity: 'error',
            at: locT(t),
            message: `ST02 ${t.controlNumber} is used twice in group ${g.controlNumber}`,
          });
        }
        g.transactions.push(t);
        tx = t;
        strayRun = false;
        if (!/^\d{3}$/.test(t.id))
          errors.push({
            level: 'transaction',
            code: '6',
            severity: 'error',
            at: { ...locT(t), segmentId: 'ST', elementPosition: 1, value: t.id },
            message: `ST01 ${JSON.stringify(t.id)} is not a transaction set identifier`,
          });
        if (!/^[A-Za-z0-9]{4,9}$/.test(t.controlNumber))
          errors.push({
            level: 'transaction',
            code: '7',
            severity: 'error',
            at: { ...locT(t), segmentId: 'ST', elementPosition: 2, value: t.controlNumber },
            message: `ST02 ${JSON.stringify(t.controlNumber)} must be 4-9 characters`,
          });
        continue;
      }
      case 'SE': {
        if (!tx) {
          errors.push({
            level: 'interchange',
            code: '024',
            severity: 'error',
            at: { ...locI(cur), segmentId: 'SE', line: raw.line },
            message: `SE at line ${raw.line} without an ST`,
          });
          continue;
        }
        const t: TransactionSet = tx;
        const seSeg: Segment = { ...seg, position: t.segments.length + 1 };
        t.segments.push(seSeg);
        t.trailer = seSeg;
        const declared = count(el(raw, 1));
        if (declared !== t.segments.length) {
          errors.push({
            level: 'transaction',
            code: '4',
            severity: 'error',
            at: {
              ...locT(t),
              segmentId: 'SE',
              segmentPosition: seSeg.position,
              elementPosition: 1,
              value: el(raw, 1),
              line: raw.line,
            },
            message: `SE01 says ${el(raw, 1) || '(empty)'} segments, counted ${t.segments.length} (${txName(t)})`,
          });
        }
        if (el(raw, 2) !== t.controlNumber) {
          errors.push({
            level: 'transaction',
            code: '3',
            severity: 'error',
            at: {
              ...locT(t),
              segmentId: 'SE',
              segmentPosition: seSeg.position,
              elementPosition: 2,
              value: el(raw, 2),
              line: raw.line,
            },
            message: `SE02 ${el(raw, 2) || '(empty)'} does not match ST02 ${t.controlNumber}`,
          });
        }
        tx = null;
        continue;
      }
      default: {
        if (!tx) {
          if (!strayRun)
            errors.push({
              level: 'interchange',
              code: '024',
              severity: 'error',
              at: { ...locI(cur), segmentId: raw.id, line: raw.line },
              message: `${raw.id} at line ${raw.line} is outside of a transaction set; ignored`,
            });
          strayRun = true;
          continue;
        }
        const t: TransactionSet = tx;
        const inner: Segment = { ...seg, position: t.segments.length + 1 };
        t.segments.push(inner);
        if (!SEGMENT_ID.test(raw.id)) {
          errors.push({
            level: 'segment',
            code: '1',
            severity: 'error',
            at: { ...locT(t), segmentId: raw.id, segmentPosition: inner.position, line: raw.line },
            message: `segment ${inner.position} of ${txName(t)}: ${JSON.stringify(raw.id)} is not a segment ID`,
          });
        }
      }
    }
  }
  closeInterchange('the document ends (truncated)');
  return { readable: true, interchanges, errors };
}

function checkIsa(ic: Interchange, errors: EdiError[]): void {
  const h = ic.header;
  const at = (n: number, value: string): EdiLocation => ({
    ...locI(ic),
    segmentId: 'ISA',
    elementPosition: n,
    value,
    line: ic.isa.line,
  });
  if (!/^\d{9}$/.test(h.controlNumber))
    errors.push({
      level: 'interchange',
      code: '018',
      severity: 'error',
      at: at(13, h.controlNumber),
      message: `ISA13 ${JSON.stringify(h.controlNumber)} must be 9 digits`,
    });
  if (!/^\d{6}$/.test(h.date) || !isDate(`20${h.date}`))
    errors.push({
      level: 'interchange',
      code: '014',
      severity: 'error',
      at: at(9, h.date),
      message: `ISA09 ${JSON.stringify(h.date)} is not a YYMMDD date`,
    });
  if (!/^([01]\d|2[0-3])[0-5]\d$/.test(h.time))
    errors.push({
      level: 'interchange',
      code: '015',
      severity: 'error',
      at: at(10, h.time),
      message: `ISA10 ${JSON.stringify(h.time)} is not an HHMM time`,
    });
  if (h.acknowledgmentRequested !== '0' && h.acknowledgmentRequested !== '1')
    errors.push({
      level: 'interchange',
      code: '019',
      severity: 'error',
      at: at(14, h.acknowledgmentRequested),
      message: `ISA14 ${JSON.stringify(h.acknowledgmentRequested)} must be 0 or 1`,
    });
  if (h.usageIndicator !== 'P' && h.usageIndicator !== 'T')
    errors.push({
      level: 'interchange',
      code: '020',
      severity: 'error',
      at: at(15, h.usageIndicator),
      message: `ISA15 ${JSON.stringify(h.usageIndicator)} must be P (production) or T (test)`,
    });
  if (!/^\d{5}$/.test(h.version))
    errors.push({
      level: 'interchange',
      code: '017',
      severity: 'error',
      at: at(12, h.version),
      message: `ISA12 ${JSON.stringify(h.version)} is not an interchange version`,
    });
}

/** All transaction sets of a readable parse, in document order. */
export function transactionSets(result: ParseResult): TransactionSet[] {
  if (!result.readable) return [];
  return result.interchanges.flatMap((i) => i.groups.flatMap((g) => g.transactions));
}

/** The errors located in one transaction set (transaction, segment and element level). */
export function errorsOf(tx: TransactionSet, errors: readonly EdiError[]): EdiError[] {
  return errors.filter(
    (e) =>
      e.at.interchangeIndex === tx.interchangeIndex &&
      e.at.groupIndex === tx.groupIndex &&
      e.at.transactionIndex === tx.transactionIndex,
  );
}
