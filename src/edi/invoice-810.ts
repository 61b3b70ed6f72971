/**
 * 810 Invoice reader (004010), drop-ship shape: BIG (invoice date and number,
 * PO date and number), one IT1 per invoiced line (IT101 our PO101 when echoed,
 * quantity, unit, unit price, product IDs), TDS01 the total (N2: cents).
 */
import { el, TransactionReader, type ReadResult } from './reading';
import type { TransactionSet } from './types';

export interface Invoice810Line {
  /** IT101, '' when the vendor does not echo our PO101. */
  lineId: string;
  quantity: number;
  unit: string;
  unitPrice: number | null;
  productIds: Record<string, string>;
}

export interface Invoice810 {
  /** BIG02, BIG01. */
  invoiceNumber: string;
  invoiceDate: string;
  /** BIG04 (the PO we sent). */
  poNumber: string;
  lines: Invoice810Line[];
  /** TDS01 in currency units (TDS01 is N2: implied two decimals). */
  total: number | null;
}

export function read810(tx: TransactionSet): ReadResult<Invoice810> {
  const r = new TransactionReader(tx, '810');
  const body = r.body;
  const big = body.find((s) => s.id === 'BIG');
  if (!big) {
    r.missingSegment('BIG', 'an 810 must start with BIG');
    return r.result<Invoice810>(null);
  }
  const invoiceDate = r.date(big, 1, 'invoice date', true);
  const invoiceNumber = r.required(big, 2, 'invoice number');
  // BIG04 is optional in 004010; a drop-ship invoice without it cannot be matched to anything we sent.
  const poNumber = el(big, 4) || body.find((s) => s.id === 'REF' && el(s, 1) === 'PO')?.elements[2]?.trim() || '';
  if (!poNumber) r.elementError(big, 4, '2', '(purchase order number) is missing and no REF*PO names the PO');
  const lines: Invoice810Line[] = [];
  for (const seg of body.filter((s) => s.id === 'IT1')) {
    const quantity = r.number(seg, 2, 'quantity invoiced', true);
    lines.push({
      lineId: el(seg, 1),
      quantity: quantity ?? 0,
      unit: el(seg, 3),
      unitPrice: r.number(seg, 4, 'unit price', false),
      productIds: r.pairs(seg, 6),
    });
  }
  if (!lines.length) r.missingSegment('IT1', 'an invoice needs at least one IT1 line');
  const tds = body.find((s) => s.id === 'TDS');
  const cents = tds ? r.number(tds, 1, 'total invoice amount', true) : null;
  if (invoiceDate === null || invoiceNumber === null || !poNumber || !lines.length) return r.result<Invoice810>(null);
  return r.result<Invoice810>({
    invoiceNumber,
    invoiceDate,
    poNumber,
    lines,
    total: cents === null ? null : cents / 100,
  });
}
