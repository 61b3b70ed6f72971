/**
 * 846 Inventory Inquiry/Advice reader (004010), as drop-ship vendors send
 * their stock: BIA header, then per item a LIN (product IDs: SK / BP our SKU,
 * VN its part number, UP) with QTY segments; QTY01 33 (quantity available for
 * sale) is the vendor's count, else 17 (quantity on hand).
 */
import { el, TransactionReader, type ReadResult } from './reading';
import type { TransactionSet } from './types';

export interface InventoryAdviceItem {
  productIds: Record<string, string>;
  /** The vendor's count (QTY02 of QTY*33, else QTY*17). */
  available: number;
}

export interface InventoryAdvice846 {
  /** BIA01 purpose, BIA03 reference, BIA04 date. */
  purpose: string;
  reference: string | null;
  date: string | null;
  items: InventoryAdviceItem[];
  /** LINs without a usable quantity. */
  skipped: string[];
}

export function read846(tx: TransactionSet): ReadResult<InventoryAdvice846> {
  const r = new TransactionReader(tx, '846');
  const body = r.body;
  const bia = body.find((s) => s.id === 'BIA');
  if (!bia) {
    r.missingSegment('BIA', 'an 846 must start with BIA');
    return r.result<InventoryAdvice846>(null);
  }
  const date = r.date(bia, 4, 'date', false);
  const items: InventoryAdviceItem[] = [];
  const skipped: string[] = [];
  let current: { ids: Record<string, string>; qty: Record<string, number> } | null = null;
  const close = () => {
    if (!current) return;
    const available = current.qty['33'] ?? current.qty['17'];
    if (available === undefined || Object.keys(current.ids).length === 0)
      skipped.push(
        Object.entries(current.ids)
          .map(([q, v]) => `${q} ${v}`)
          .join(' ') || 'a LIN without product IDs',
      );
    else items.push({ productIds: current.ids, available: Math.max(0, Math.floor(available)) });
    current = null;
  };
  for (const seg of body) {
    if (seg.id === 'LIN') {
      close();
      current = { ids: r.pairs(seg, 2), qty: {} };
    } else if (seg.id === 'QTY' && current) {
      const n = r.number(seg, 2, 'quantity', true);
      if (n !== null && !(el(seg, 1) in current.qty)) current.qty[el(seg, 1)] = n;
    } else if (seg.id === 'CTT') close();
  }
  close();
  return r.result<InventoryAdvice846>({ purpose: el(bia, 1), reference: el(bia, 3) || null, date, items, skipped });
}
