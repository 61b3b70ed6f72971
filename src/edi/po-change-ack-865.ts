/**
 * 865 Purchase Order Change Acknowledgment (004010): the vendor's answer to
 * our 860. BCA01 purpose, BCA02 acknowledgment type, BCA03 our PO number,
 * BCA04 release number, BCA05 change order sequence, BCA06 PO date; optional
 * POC loops with an ACK per changed line. For a cancel (860 BCH01 = 01) only
 * the header matters: AC/AT (accepted) or RJ/RD (rejected, e.g. it shipped).
 */
import { el, TransactionReader, type ReadResult } from './reading';
import type { TransactionSet } from './types';

const ACCEPTED = ['AC', 'AT', 'AK', 'AD', 'AE'] as const;
const REJECTED = ['RJ', 'RD', 'RF', 'RN', 'RO'] as const;
const TYPES = [...ACCEPTED, ...REJECTED] as const;

export interface ChangeAck865 {
  controlNumber: string;
  groupControlNumber: string;
  purpose: string;
  type: (typeof TYPES)[number] | null;
  poNumber: string;
  /** The vendor accepts the change (for a cancel: the PO is cancelled). */
  accepted: boolean;
  /** Free text the vendor sent (MSG segments), e.g. why it refuses. */
  messages: string[];
}

export function read865(tx: TransactionSet): ReadResult<ChangeAck865> {
  const r = new TransactionReader(tx, '865');
  const bca = r.body.find((s) => s.id === 'BCA');
  if (!bca) {
    r.missingSegment('BCA', 'an 865 begins with BCA');
    return r.result<ChangeAck865>(null);
  }
  const purpose = r.required(bca, 1, 'transaction set purpose code');
  const type = r.code(bca, 2, TYPES, 'acknowledgment type', true);
  const poNumber = r.required(bca, 3, 'purchase order number');
  if (purpose === null || poNumber === null) return r.result<ChangeAck865>(null);
  return r.result<ChangeAck865>({
    controlNumber: tx.controlNumber,
    groupControlNumber: tx.groupControlNumber,
    purpose,
    type,
    poNumber,
    accepted: type !== null && (ACCEPTED as readonly string[]).includes(type),
    messages: r.body
      .filter((s) => s.id === 'MSG')
      .map((s) => el(s, 1))
      .filter(Boolean),
  });
}
