import type { Pool } from 'pg';
import { read846, type EdiError, type TransactionSet } from '../edi';
import { recordOf, type SetPlan } from './edi-plan';
import type { Partner } from './repository';

/**
 * A vendor's 846 inventory advice: its count per item (by SKU / BP, or by its
 * part number VN) feeds its catalog's `available` once the set is kept.
 */
export async function planInventoryAdvice(
  _pool: Pool,
  partner: Partner,
  tx: TransactionSet,
): Promise<{ plan: SetPlan; errors: EdiError[] }> {
  const read = read846(tx);
  const record = recordOf(partner, tx, 'pending');
  if (!read.ok)
    return {
      plan: {
        record: { ...record, outcome: 'rejected', detail: read.errors.map((e) => e.message).join('; ') },
        signals: [],
      },
      errors: read.errors,
    };
  const advice = read.value;
  const counts = advice.items.map((i) => ({
    ...(i.productIds.SK || i.productIds.BP ? { sku: i.productIds.SK ?? i.productIds.BP } : {}),
    ...(i.productIds.VN ? { vendorPartNumber: i.productIds.VN } : {}),
    available: i.available,
  }));
  const detail = `inventory advice${advice.reference ? ` ${advice.reference}` : ''}: ${advice.items.length} item(s)${advice.skipped.length ? `; without a quantity: ${advice.skipped.join(', ')}` : ''}`;
  return {
    plan: {
      record: { ...record, reference: advice.reference, detail, document: advice },
      signals: [],
      inventoryAdvice: counts,
      settledAs: 'recorded',
    },
    errors: read.errors,
  };
}
