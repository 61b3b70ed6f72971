/**
 * 997 Functional Acknowledgment generator: one 997 transaction set per inbound
 * functional group of an interchange (AK1, AK2/AK3/AK4/AK5 per transaction set,
 * AK9), all in one FA group inside our own envelope. Control numbers and the
 * date come from the caller; sender and receiver are swapped from the inbound
 * ISA and GS.
 */
import type { EdiError } from './errors';
import { writeInterchange, type OutboundTransaction, type SegmentData } from './writer';
import type { FunctionalGroup, Interchange, OutboundSeparators, TransactionSet } from './types';

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

export interface Built997 {
  /** The X12 text to send. */
  text: string;
  groups: GroupAcknowledgment[];
  /** The transaction sets the caller may process: accepted (A/E) in a group that is not rejected. */
  acceptedSets: TransactionSet[];
  /** Interchange-level (TA1-worthy) errors of the inbound interchange, for the caller's logs. */
  interchangeErrors: EdiError[];
}

/** Returns null when the interchange holds nothing to acknowledge (only 997s, or no groups). */
export function build997(inbound: Interchange, parseErrors: readonly EdiError[], options: Build997Options): Built997 | null {
  const all = [...parseErrors, ...(options.additionalErrors ?? [])].filter((e) => e.at.interchangeIndex === inbound.index);
  const groups = inbound.groups.filter((g) => options.acknowledgeAcknowledgments || g.functionalId !== 'FA');
  if (groups.length === 0) return null;
  const seps: OutboundSeparators = {
    element: inbound.separators.element,
    component: inbound.separators.component,
    segment: inbound.separators.segment,
    lineBreak: /[\r\n]/.test(inbound.separators.segment) ? '' : '\n',
    ...(options.separators ?? {}),
  };
  const acks = groups.map((g) => acknowledgeGroup(g, all, options.supportedTransactionSets));
  const transactions: OutboundTransaction[] = acks.map((ack, i) => ({ id: '997', controlNumber: i + 1, body: segmentsFor(groups[i]!, ack, all, seps) }));
  const first = groups[0]!;
  const text = writeInterchange(
    {
      sender: { isaQualifier: inbound.header.receiverQualifier, isaId: inbound.header.receiverId, gsApplicationCode: first.receiverCode },
      receiver: { isaQualifier: inbound.header.senderQualifier, isaId: inbound.header.senderId, gsApplicationCode: first.senderCode },
      interchangeControlNumber: options.control.interchange,
      groupControlNumber: options.control.group,
      date: options.date,
      usageIndicator: options.usageIndicator ?? (inbound.header.usageIndicator === 'T' ? 'T' : 'P'),
      separators: seps,
    },
    'FA',
    transactions,
  );
  return {
    text,
    groups: acks,
    acceptedSets: acks.filter((g) => g.status !== 'R').flatMap((g) => g.sets.filter((s) => s.status !== 'R').map((s) => s.transaction)),
    interchangeErrors: all.filter((e) => e.level === 'interchange'),
  };
}

const inGroup = (e: EdiError, g: FunctionalGroup) => e.at.groupIndex === g.index;
const inSet = (e: EdiError, t: TransactionSet) => e.at.groupIndex === t.groupIndex && e.at.transactionIndex === t.transactionIndex;

function acknowledgeGroup(g: FunctionalGroup, errors: readonly EdiError[], supported?: readonly string[]): GroupAcknowledgment {
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
    const status: SetAckCode = rejected ? 'R' : mine.length ? 'E' : 'A';
    return { id: t.id, controlNumber: t.controlNumber, status, codes: codes.slice(0, 5), transaction: t };
  });
  const groupErrors = errors.filter((e) => e.level === 'group' && inGroup(e, g));
  const codes = [...new Set(groupErrors.map((e) => e.code))].slice(0, 5);
  const received = g.transactions.length;
  const declared = g.trailer && /^\d+$/.test((g.trailer.elements[1] ?? '').trim()) ? Number(g.trailer.elements[1]) : received;
  const groupRejected = groupErrors.some((e) => e.severity === 'error');
  const accepted = groupRejected ? 0 : sets.filter((s) => s.status !== 'R').length;
  let status: GroupAckCode;
  if (groupRejected || (received > 0 && accepted === 0)) status = 'R';
  else if (accepted < received) status = 'P';
  else if (sets.some((s) => s.status === 'E') || groupErrors.length) status = 'E';
  else status = 'A';
  return { functionalId: g.functionalId, controlNumber: g.controlNumber, status, codes, included: declared, received, accepted, sets };
}

function segmentsFor(g: FunctionalGroup, ack: GroupAcknowledgment, errors: readonly EdiError[], seps: OutboundSeparators): SegmentData[] {
  // Values copied from the inbound document must not break our own separators.
  const safe = (v: string) => [...v].map((c) => ([seps.element, seps.component, seps.segment, '\r', '\n'].includes(c) ? '?' : c)).join('');
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
        const position = e.at.componentPosition !== undefined ? [String(e.at.elementPosition ?? 0), String(e.at.componentPosition)] : String(e.at.elementPosition ?? 0);
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
