import type { Pool } from 'pg';
import { read810, type Asn856, type EdiError, type TransactionSet } from '../edi';
import { findPurchaseOrder, shipNoticesOf } from './edi-store';
import { matchPoLine } from './edi-ship-notice';
import { recordOf, type SetPlan } from './edi-plan';
import type { Partner } from './repository';

/**
 * A vendor's 810 invoice: recorded for the merchant (edi_inbound, outcome
 * `recorded`) with how it compares to what the vendor's ship notices for that
 * PO shipped, per PO line; nothing is signalled (our 997 acknowledges it).
 */
export async function planInvoice(
  pool: Pool,
  partner: Partner,
  tx: TransactionSet,
): Promise<{ plan: SetPlan; errors: EdiError[] }> {
  const read = read810(tx);
  if (!read.ok)
    return {
      plan: {
        record: recordOf(partner, tx, 'rejected', { detail: read.errors.map((e) => e.message).join('; ') }),
        signals: [],
      },
      errors: read.errors,
    };
  const invoice = read.value;
  const po = await findPurchaseOrder(pool, partner.id, invoice.poNumber);
  const base = { poNumber: invoice.poNumber, reference: invoice.invoiceNumber };
  if (!po?.lines)
    return {
      plan: {
        record: recordOf(partner, tx, 'unmatched', {
          ...base,
          detail: `invoice ${invoice.invoiceNumber}: no purchase order ${invoice.poNumber} was sent to ${partner.id}`,
          document: { invoice },
        }),
        signals: [],
      },
      errors: read.errors,
    };

  const shipped = new Map<string, number>();
  for (const doc of (await shipNoticesOf(pool, partner.id, invoice.poNumber)) as Asn856[]) {
    for (const line of (doc.orders ?? []).filter((o) => o.poNumber === invoice.poNumber).flatMap((o) => o.lines)) {
      const l = matchPoLine(line, po.lines);
      if (l) shipped.set(l.lineId, (shipped.get(l.lineId) ?? 0) + line.shippedQuantity);
    }
  }
  const invoiced = new Map<string, number>();
  const differences: string[] = [];
  for (const line of invoice.lines) {
    const l = matchPoLine(line, po.lines);
    if (!l)
      differences.push(
        `invoiced item ${
          line.lineId ||
          Object.entries(line.productIds)
            .map(([q, v]) => `${q} ${v}`)
            .join(' ')
        } is on no PO line`,
      );
    else invoiced.set(l.lineId, (invoiced.get(l.lineId) ?? 0) + line.quantity);
  }
  for (const l of po.lines) {
    const i = invoiced.get(l.lineId) ?? 0;
    const s = shipped.get(l.lineId) ?? 0;
    if (i !== s) differences.push(`line ${l.lineId} (${l.sku}): invoiced ${i}, shipped ${s}`);
  }
  const sum = invoice.lines.reduce((n, l) => n + l.quantity * (l.unitPrice ?? 0), 0);
  if (invoice.total !== null && Math.abs(sum - invoice.total) >= 0.005)
    differences.push(`TDS01 total ${invoice.total.toFixed(2)} is not the sum of its lines ${sum.toFixed(2)}`);
  const detail = `invoice ${invoice.invoiceNumber} for PO ${invoice.poNumber}, ${(invoice.total ?? sum).toFixed(2)}: ${differences.length ? `differs from what shipped: ${differences.join('; ')}` : 'matches what shipped'}`;
  return {
    plan: {
      record: recordOf(partner, tx, 'recorded', {
        ...base,
        allocationId: po.allocationId,
        detail,
        document: { invoice, matches: !differences.length, differences },
      }),
      signals: [],
    },
    errors: read.errors,
  };
}
