/**
 * 997 reader: which of our groups (AK1: GS01 + GS06) and transaction sets (AK2:
 * ST01 + ST02) a partner acknowledges, accepted or rejected, with the error codes
 * — so the caller can match it to the 850/860 it sent.
 */
import { el, TransactionReader, type ReadResult } from './reading';
import type { Segment, TransactionSet } from './types';

export interface ElementNote {
  /** AK401 element position (and component position inside a composite). */
  position: number | null;
  componentPosition: number | null;
  /** AK402 data element reference number. */
  reference: string | null;
  /** AK403. */
  code: string;
  /** AK404 copy of the bad data. */
  value: string | null;
}

export interface SegmentNote {
  /** AK301, AK302, AK303, AK304. */
  segmentId: string;
  position: number | null;
  loopId: string | null;
  code: string | null;
  elements: ElementNote[];
}

export interface AcknowledgedSet {
  /** AK201 / AK202: the ST01 and ST02 we sent. */
  id: string;
  controlNumber: string;
  /** AK501: A accepted, E accepted with errors, R rejected (M/W/X also rejected). */
  status: string;
  accepted: boolean;
  /** AK502..AK506. */
  codes: string[];
  segments: SegmentNote[];
}

export interface Ack997 {
  /** ST02 / GS06 of the 997 itself. */
  controlNumber: string;
  groupControlNumber: string;
  /** AK101 / AK102: the GS01 and GS06 of our group being acknowledged. */
  functionalId: string;
  acknowledgedGroupControlNumber: string;
  /** AK901: A, E, P or R. */
  status: string;
  /** AK902 included, AK903 received, AK904 accepted. */
  included: number | null;
  received: number | null;
  accepted: number | null;
  /** AK905..AK909. */
  codes: string[];
  sets: AcknowledgedSet[];
}

const num = (s: string): number | null => (/^\d+$/.test(s) ? Number(s) : null);
const codesFrom = (seg: Segment, from: number, to: number) =>
  seg.elements
    .slice(from, to + 1)
    .map((v) => v.trim())
    .filter(Boolean);

export function read997(tx: TransactionSet): ReadResult<Ack997> {
  const r = new TransactionReader(tx, '997');
  const body = r.body;
  const ak1 = body.find((s) => s.id === 'AK1');
  const ak9 = body.find((s) => s.id === 'AK9');
  if (!ak1) r.missingSegment('AK1', 'a 997 must say which group it acknowledges');
  if (!ak9) r.missingSegment('AK9', 'a 997 must end with the group response');
  if (!ak1 || !ak9) return r.result<Ack997>(null);
  const functionalId = r.required(ak1, 1, 'functional identifier code');
  let groupControl = r.required(ak1, 2, 'group control number');
  // AK102 is GS06 of our group: N0, 1-9 digits.
  if (groupControl !== null && !/^\d{1,9}$/.test(groupControl)) {
    r.elementError(
      ak1,
      2,
      groupControl.length > 9 ? '5' : '6',
      `${JSON.stringify(groupControl)} is not a group control number (1-9 digits)`,
    );
    groupControl = null;
  }
  const status = r.code(ak9, 1, ['A', 'E', 'P', 'R'] as const, 'functional group acknowledge', true);

  const sets: AcknowledgedSet[] = [];
  let set: AcknowledgedSet | null = null;
  let segment: SegmentNote | null = null;
  for (const seg of body) {
    switch (seg.id) {
      case 'AK2':
        set = { id: el(seg, 1), controlNumber: el(seg, 2), status: '', accepted: false, codes: [], segments: [] };
        sets.push(set);
        segment = null;
        break;
      case 'AK3':
        if (!set) {
          r.segmentError(seg, '2', 'AK3 outside of an AK2 loop', 'warning');
          break;
        }
        segment = {
          segmentId: el(seg, 1),
          position: num(el(seg, 2)),
          loopId: el(seg, 3) || null,
          code: el(seg, 4) || null,
          elements: [],
        };
        set.segments.push(segment);
        break;
      case 'AK4': {
        if (!segment) {
          r.segmentError(seg, '2', 'AK4 outside of an AK3 loop', 'warning');
          break;
        }
        const [pos = '', comp = ''] = el(seg, 1).split(tx.separators.component);
        segment.elements.push({
          position: num(pos),
          componentPosition: num(comp),
          reference: el(seg, 2) || null,
          code: el(seg, 3),
          value: el(seg, 4) || null,
        });
        break;
      }
      case 'AK5':
        if (!set) {
          r.segmentError(seg, '2', 'AK5 outside of an AK2 loop', 'warning');
          break;
        }
        set.status = r.required(seg, 1, 'transaction set acknowledgment code') ?? '';
        set.accepted = set.status === 'A' || set.status === 'E';
        set.codes = codesFrom(seg, 2, 6);
        segment = null;
        break;
      default:
        break;
    }
  }
  for (const s of sets) if (s.status === '') r.missingSegment('AK5', `AK2 ${s.id} ${s.controlNumber} has no AK5`);
  if (functionalId === null || groupControl === null || status === null) return r.result<Ack997>(null);
  return r.result<Ack997>({
    controlNumber: tx.controlNumber,
    groupControlNumber: tx.groupControlNumber,
    functionalId,
    acknowledgedGroupControlNumber: groupControl,
    status,
    included: num(el(ak9, 2)),
    received: num(el(ak9, 3)),
    accepted: num(el(ak9, 4)),
    codes: codesFrom(ak9, 5, 9),
    sets,
  });
}

/**
 * Whether the 997 accepts one of our transaction sets (by ST02). A set without its
 * own AK2 takes the group's answer: accepted under AK9 A/E/P (P lists the rejected
 * sets), rejected under AK9 R.
 */
export function acknowledgedStatus(ack: Ack997, transactionControlNumber: string): 'accepted' | 'rejected' {
  const set = ack.sets.find(
    (s) => s.controlNumber === transactionControlNumber || Number(s.controlNumber) === Number(transactionControlNumber),
  );
  if (set) return set.accepted && ack.status !== 'R' ? 'accepted' : 'rejected';
  return ack.status === 'R' ? 'rejected' : 'accepted';
}
