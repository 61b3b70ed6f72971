/**
 * 997 Functional Acknowledgment generator: one 997 transaction set per inbound
 * functional group of an interchange (AK1, AK2/AK3/AK4/AK5 per transaction set,
 * AK9), all in one FA group inside our own envelope. Control numbers and the
 * date come from the caller; sender and receiver are swapped from the inbound
 * ISA and GS.
 */
import type { EdiError, Ta1Code } from './errors';
import { hhmm, writeEnvelope, yymmdd, type OutboundTransaction, type SegmentData } from './writer';
import type { EdiIdentity, FunctionalGroup, Interchange, OutboundSeparators, TransactionSet } from './types';

export type SetAckCode = 'A' | 'E' | 'R';
export type GroupAckCode = 'A' | 'E' | 'P' | 'R';

export interface Build997Options {
  /** ISA13 and GS06 of the 997 interchange, allocated by the caller. The 997s get ST02 0001, 0002, ... */
  control: { interchange: number; group: number };
  /** ISA09/10 and GS04/05 (UTC). */
  date: Date;
  /** Errors from the transaction readers (read855/read856/...) to report on top of the envelope errors. */
  additionalErrors?: readonly EdiError[];
  /** ST01 values we process; any other set is rejected with AK5 code 1. Default: all. */
  supportedTransactionSets?: readonly string[];
  /** Default: the inbound interchange's separators. */
  separators?: Partial<OutboundSeparators>;
  /** ISA15; default: the inbound ISA15. */
  usageIndicator?: 'P' | 'T';
  /** Our identity in the answer's envelope; default: the inbound ISA07/08 and GS03 (right when the receiver check passed). */
  sender?: EdiIdentity;
  /** Also acknowledge inbound 997 groups (GS01 FA). Default false: acknowledgments are not acknowledged. */
  acknowledgeAcknowledgments?: boolean;
}

export interface SetAcknowledgment {
  id: string;
  controlNumber: string;
  status: SetAckCode;
  /** AK502.. codes. */
  codes: string[];
  transaction: TransactionSet;
}

export interface GroupAcknowledgment {
  functionalId: string;
  controlNumber: string;
  status: GroupAckCode;
  /** AK905.. codes. */
  codes: string[];
  included: number;
  received: number;
  accepted: number;
  sets: SetAcknowledgment[];
}

export interface InterchangeVerdict {
  /** TA104: A accepted, R rejected (nothing in the interchange is processed). */
  status: 'A' | 'R';
  /** TA105 interchange note code ('000' when accepted). */
  code: Ta1Code;
  /** The errors behind a rejection. */
  errors: EdiError[];
}

export interface Built997 {
  /**
   * The X12 text to send: our interchange with a TA1 (when due) and the FA
   * group (unless the interchange is rejected); null when nothing is owed (only
   * 997s came, no TA1 asked for).
   */
  text: string | null;
  /** Acknowledgments of every inbound group, FA groups included (those are validated, never answered). */
  groups: GroupAcknowledgment[];
  /** The transaction sets the caller may process: accepted (A/E) in a group that is not rejected, in an interchange that is not rejected. */
  acceptedSets: TransactionSet[];
  /** Interchange-level (TA1-worthy) errors of the inbound interchange, for the caller's logs. */
  interchangeErrors: EdiError[];
  /** The interchange as a whole: accepted, or rejected with a TA1 note code. */
  interchange: InterchangeVerdict;
  /** Whether `text` carries a TA1 (ISA14 = 1, or the interchange is rejected). */
  ta1: boolean;
}

/**
 * An interchange is accepted or rejected whole: any interchange-level error
 * (IEA01 count, IEA02 vs ISA13, IEA missing, a receiver that is not us, ...)
 * rejects every group in it. The answer is then a TA1 R with the note code and
 * no 997 (nothing in it was processed, the sender resends the interchange).
 */
export function interchangeVerdict(errors: readonly EdiError[]): InterchangeVerdict {
  const fatal = errors.filter((e) => e.level === 'interchange' && e.severity === 'error');
  if (!fatal.length) return { status: 'A', code: '000', errors: [] };
  return { status: 'R', code: fatal[0]!.code as Ta1Code, errors: fatal };
}

export function build997(inbound: Interchange, parseErrors: readonly EdiError[], options: Build997Options): Built997 {
  const all = [...parseErrors, ...(options.additionalErrors ?? [])].filter(
    (e) => e.at.interchangeIndex === inbound.index,
  );
  const verdict = interchangeVerdict(all);
  const acks = inbound.groups.map((g) =>
    acknowledgeGroup(g, all, options.supportedTransactionSets, verdict.status === 'R'),
  );
  const answered = inbound.groups
    .map((g, i) => ({ g, ack: acks[i]! }))
    .filter(({ g }) => options.acknowledgeAcknowledgments || g.functionalId !== 'FA');
  const ta1 = verdict.status === 'R' || inbound.header.acknowledgmentRequested === '1';
  const with997 = verdict.status === 'A' && answered.length > 0;
  const result = {
    groups: acks,
    acceptedSets: verdict.status === 'R' ? [] : accepted(acks),
    interchangeErrors: all.filter((e) => e.level === 'interchange'),
    interchange: verdict,
    ta1,
  };
  if (!ta1 && !with997) return { text: null, ...result };
  const seps: OutboundSeparators = {
    element: inbound.separators.element,
    component: inbound.separators.component,
    segment: inbound.separators.segment,
    lineBreak: /[\r\n]/.test(inbound.separators.segment) ? '' : '\n',
    ...(options.separators ?? {}),
  };
  const transactions: OutboundTransaction[] = answered.map(({ g, ack }, i) => ({
    id: '997',
    controlNumber: i + 1,
    body: segmentsFor(g, ack, all, seps),
  }));
  const first = answered[0]?.g ?? inbound.groups[0];
  const h = inbound.header;
  // TA101-03 echo ISA13/09/10; values that are not what they should be (the reason for a 018/014/015) are not echoed.
  const ta1Segment: SegmentData = [
    'TA1',
    /^\d{9}$/.test(h.controlNumber) ? h.controlNumber : '000000000',
    /^\d{6}$/.test(h.date) ? h.date : yymmdd(options.date),
    /^\d{4}$/.test(h.time) ? h.time : hhmm(options.date),
    verdict.status,
    verdict.code,
  ];
  const text = writeEnvelope(
    {
      sender: options.sender ?? {
        isaQualifier: h.receiverQualifier,
        isaId: h.receiverId,
        gsApplicationCode: first?.receiverCode || h.receiverId,
      },
      receiver: {
        isaQualifier: h.senderQualifier,
        isaId: h.senderId,
        gsApplicationCode: first?.senderCode || h.senderId,
      },
      interchangeControlNumber: options.control.interchange,
      groupControlNumber: options.control.group,
      date: options.date,
      usageIndicator: options.usageIndicator ?? (h.usageIndicator === 'T' ? 'T' : 'P'),
      separators: seps,
    },
    ta1 ? [ta1Segment] : [],
    with997 ? { functionalId: 'FA', transactions } : null,
  );
  return { text, ...result };
}

const accepted = (acks: GroupAcknowledgment[]) =>
  acks.filter((g) => g.status !== 'R').flatMap((g) => g.sets.filter((s) => s.status !== 'R').map((s) => s.transaction));

const inGroup = (e: EdiError, g: FunctionalGroup) => e.at.groupIndex === g.index;
const inSet = (e: EdiError, t: TransactionSet) =>
  e.at.groupIndex === t.groupIndex && e.at.transactionIndex === t.transactionIndex;

/**
 * A group's answer. A rejected group (AK9 R: bad GE, unsupported version such
 * as 005010, or a rejected interchange) rejects every set in it (AK5 R), so the
 * AK5s never say "accepted" inside a rejected group.
 */
function acknowledgeGroup(
  g: FunctionalGroup,
  errors: readonly EdiError[],
  supported: readonly string[] | undefined,
  interchangeRejected: boolean,
): GroupAcknowledgment {
  const groupErrors = errors.filter((e) => e.level === 'group' && inGroup(e, g));
  const groupRejected = interchangeRejected || groupErrors.some((e) => e.severity === 'error');
  const sets = g.transactions.map((t): SetAcknowledgment => {
    const mine = errors.filter((e) => inSet(e, t));
    const codes = [...new Set(mine.flatMap((e) => (e.level === 'transaction' ? [e.code] : [])))];
    let rejected = mine.some((e) => e.severity === 'error');
    if (supported && !supported.includes(t.id)) {
      codes.unshift('1');
      rejected = true;
    }
    const segmentLevel = mine.some((e) => e.level === 'segment' || e.level === 'element');
    if (segmentLevel && !codes.includes('5')) codes.push('5');
    const status: SetAckCode = rejected || groupRejected ? 'R' : mine.length ? 'E' : 'A';
    return { id: t.id, controlNumber: t.controlNumber, status, codes: codes.slice(0, 5), transaction: t };
  });
  const codes = [...new Set(groupErrors.map((e) => e.code))].slice(0, 5);
  const received = g.transactions.length;
  const declared =
    g.trailer && /^\d+$/.test((g.trailer.elements[1] ?? '').trim()) ? Number(g.trailer.elements[1]) : received;
  const accepted = groupRejected ? 0 : sets.filter((s) => s.status !== 'R').length;
  let status: GroupAckCode;
  if (groupRejected || (received > 0 && accepted === 0)) status = 'R';
  else if (accepted < received) status = 'P';
  else if (sets.some((s) => s.status === 'E') || groupErrors.length) status = 'E';
  else status = 'A';
  return {
    functionalId: g.functionalId,
    controlNumber: g.controlNumber,
    status,
    codes,
    included: declared,
    received,
    accepted,
    sets,
  };
}

function segmentsFor(
  g: FunctionalGroup,
  ack: GroupAcknowledgment,
  errors: readonly EdiError[],
  seps: OutboundSeparators,
): SegmentData[] {
  // Values copied from the inbound document must not break our own separators.
  const safe = (v: string) =>
    [...v].map((c) => ([seps.element, seps.component, seps.segment, '\r', '\n'].includes(c) ? '?' : c)).join('');
  const out: SegmentData[] = [['AK1', safe(g.functionalId), safe(g.controlNumber)]];
  for (const set of ack.sets) {
    out.push(['AK2', safe(set.id), safe(set.controlNumber)]);
    const mine = errors.filter((e) => inSet(e, set.transaction) && (e.level === 'segment' || e.level === 'element'));
    const positions = [...new Set(mine.map((e) => e.at.segmentPosition ?? 0))].sort((a, b) => a - b);
    for (const pos of positions) {
      const here = mine.filter((e) => (e.at.segmentPosition ?? 0) === pos);
      const segErr = here.find((e) => e.level === 'segment');
      const segmentId = here[0]!.at.segmentId ?? '';
      out.push(['AK3', safe(segmentId), String(pos), undefined, segErr ? segErr.code : '8']);
      for (const e of here) {
        if (e.level !== 'element') continue;
        const position =
          e.at.componentPosition !== undefined
            ? [String(e.at.elementPosition ?? 0), String(e.at.componentPosition)]
            : String(e.at.elementPosition ?? 0);
        out.push(['AK4', position, undefined, e.code, copyOf(e.at.value, seps)]);
      }
    }
    out.push(['AK5', set.status, ...set.codes]);
  }
  out.push(['AK9', ack.status, String(ack.included), String(ack.received), String(ack.accepted), ...ack.codes]);
  return out;
}

/** AK404: the bad value, unless it cannot be written safely. */
function copyOf(value: string | undefined, seps: OutboundSeparators): string | undefined {
  if (!value) return undefined;
  if ([seps.element, seps.component, seps.segment, '\r', '\n'].some((c) => value.includes(c))) return undefined;
  return value.slice(0, 99);
}
