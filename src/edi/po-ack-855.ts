/**
 * 855 Purchase Order Acknowledgment reader (004010): BAK header and, per PO1
 * loop, the echoed line ID, quantities, product IDs and every ACK segment.
 * What the acknowledgment means for our order is decided in ack-decision.ts.
 */
import { el, TransactionReader, type ReadResult } from './reading';
import type { Segment, TransactionSet } from './types';

/** BAK02 acknowledgment type codes (element 587) seen from drop-ship vendors. */
export const ACK_TYPES = ['AC', 'AD', 'AE', 'AH', 'AK', 'AP', 'AT', 'NA', 'RD', 'RF', 'RJ', 'RN', 'RO', 'ZZ'] as const;
export type AcknowledgmentType = (typeof ACK_TYPES)[number];

/** BAK01 transaction set purpose codes (element 353) accepted on an 855. */
export const ACK_PURPOSES = ['00', '01', '04', '05', '06', '07', '18', '19', '22'] as const;

/** ACK01 line item status codes (element 668). */
export const LINE_STATUS_CODES = [
  'AC',
  'AR',
  'BP',
  'DR',
  'IA',
  'IB',
  'IC',
  'ID',
  'IE',
  'IF',
  'IH',
  'IP',
  'IQ',
  'IR',
  'IS',
  'IW',
  'R1',
  'R2',
  'R3',
  'R4',
  'R5',
  'R6',
  'R7',
  'R8',
  'SP',
] as const;
export type LineStatusCode = (typeof LINE_STATUS_CODES)[number];

export interface LineAck {
  /** ACK01; an unknown code is kept as written (and reported). */
  status: string;
  /** ACK02; null when the vendor gives no quantity (the status then covers the rest of the line). */
  quantity: number | null;
  /** ACK03. */
  unit: string;
  /** ACK04 date/time qualifier and ACK05 date (e.g. 068 current schedule ship, 067 current schedule delivery). */
  dateQualifier: string | null;
  date: string | null;
  segmentPosition: number;
}

export interface Ack855Line {
  /** PO101, the line ID we sent in the 850 (may be '' if the vendor does not echo it). */
  lineId: string;
  /** PO102 / PO103 / PO104 as echoed (or changed) by the vendor. */
  quantity: number | null;
  unit: string;
  unitPrice: number | null;
  /** PO106/PO107.. qualifier -> ID, e.g. { VN: 'ACM-CAP-01', SK: 'CAP-RED', UP: '012345678905' }. */
  productIds: Record<string, string>;
  /** PID05 descriptions, if any. */
  description: string | null;
  acks: LineAck[];
  segmentPosition: number;
}

export interface Ack855 {
  /** ST02 / GS06, to tie the 997 we send back to this document. */
  controlNumber: string;
  groupControlNumber: string;
  /** BAK01. */
  purpose: string;
  /** BAK02 (null when missing or unknown — see errors). */
  type: AcknowledgmentType | null;
  /** BAK03, our PO number. */
  poNumber: string;
  /** BAK04 (CCYYMMDD), the PO date. */
  poDate: string | null;
  /** BAK08, the vendor's own order number. */
  vendorOrderNumber: string | null;
  /** BAK09 acknowledgment date. */
  acknowledgmentDate: string | null;
  lines: Ack855Line[];
  /** CTT01 when present. */
  lineCount: number | null;
}

export function read855(tx: TransactionSet): ReadResult<Ack855> {
  const r = new TransactionReader(tx, '855');
  const body = r.body;
  const bak = body.find((s) => s.id === 'BAK');
  if (!bak) {
    r.missingSegment('BAK', 'an 855 must start with BAK');
    return r.result<Ack855>(null);
  }
  if (body[0] !== bak) r.segmentError(bak, '7', 'BAK must be the first segment after ST', 'warning');
  r.code(bak, 1, ACK_PURPOSES, 'BAK01 transaction set purpose', true);
  const type = r.code(bak, 2, ACK_TYPES, 'BAK02 acknowledgment type', true);
  const poNumber = r.required(bak, 3, 'purchase order number');
  const poDate = r.date(bak, 4, 'purchase order date', true);

  const lines: Ack855Line[] = [];
  let current: Ack855Line | null = null;
  let lineCount: number | null = null;
  for (const seg of body) {
    switch (seg.id) {
      case 'PO1':
        current = readPo1(r, seg);
        lines.push(current);
        break;
      case 'PID':
        if (current) current.description = [current.description, el(seg, 5)].filter(Boolean).join(' ') || null;
        break;
      case 'ACK':
        if (!current) {
          r.segmentError(seg, '2', 'ACK before any PO1 does not belong to a line; ignored', 'warning');
          break;
        }
        current.acks.push(readAck(r, seg));
        break;
      case 'CTT':
        current = null;
        lineCount = r.number(seg, 1, 'number of line items', true);
        break;
      default:
        break;
    }
  }
  if (lineCount !== null && lineCount !== lines.length) {
    const ctt = body.find((s) => s.id === 'CTT')!;
    r.elementError(ctt, 1, '7', `says ${lineCount} line items, counted ${lines.length} PO1 segments`, 'warning');
  }
  if (poNumber === null) return r.result<Ack855>(null);
  return r.result<Ack855>({
    controlNumber: tx.controlNumber,
    groupControlNumber: tx.groupControlNumber,
    purpose: el(bak, 1),
    type,
    poNumber,
    poDate,
    vendorOrderNumber: el(bak, 8) || null,
    acknowledgmentDate: el(bak, 9) || null,
    lines,
    lineCount,
  });
}

function readPo1(r: TransactionReader, seg: Segment): Ack855Line {
  const qty = r.number(seg, 2, 'quantity ordered', false);
  return {
    lineId: el(seg, 1),
    quantity: qty,
    unit: el(seg, 3),
    unitPrice: r.number(seg, 4, 'unit price', false),
    productIds: r.pairs(seg, 6),
    description: null,
    acks: [],
    segmentPosition: seg.position,
  };
}

function readAck(r: TransactionReader, seg: Segment): LineAck {
  const status = r.required(seg, 1, 'line item status') ?? '';
  if (status !== '' && !(LINE_STATUS_CODES as readonly string[]).includes(status)) {
    r.elementError(seg, 1, '7', `${JSON.stringify(status)} is not a known line item status code`, 'warning');
  }
  const quantity = r.number(seg, 2, 'quantity', false);
  if (quantity !== null && quantity < 0) r.elementError(seg, 2, '6', 'is negative');
  const dateQualifier = el(seg, 4) || null;
  const date = dateQualifier ? r.date(seg, 5, 'date', false) : null;
  return {
    status,
    quantity: quantity === null ? null : Math.max(0, quantity),
    unit: el(seg, 3),
    dateQualifier,
    date,
    segmentPosition: seg.position,
  };
}
