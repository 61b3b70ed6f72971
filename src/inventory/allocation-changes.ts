import type { Pool } from 'pg';
import { inTransaction } from '../db/pool';
import type { AllocationLine } from '../order/types';
import { settleUnits, type ReservedUnits } from './reservations';

/**
 * An allocation a partner accepted only in part keeps `keep` reserved; the rest
 * of its units go back to available-to-sell. The target is absolute, so a
 * retry changes nothing. Returns the units released.
 */
export async function shrinkReservation(pool: Pool, allocationId: string, keep: AllocationLine[]): Promise<number> {
  const want = new Map<string, number>();
  for (const l of keep) want.set(l.sku, (want.get(l.sku) ?? 0) + l.quantity);
  return inTransaction(pool, async (c) => {
    const { rows } = await c.query<ReservedUnits & { quantity: number }>(
      `SELECT shop_domain, sku, location_id, catalog_partner_id, quantity FROM reservations WHERE allocation_id = $1 AND status = 'active' ORDER BY catalog_partner_id IS NOT NULL, sku FOR UPDATE`,
      [allocationId],
    );
    let released = 0;
    for (const r of rows) {
      const target = want.get(r.sku) ?? 0;
      if (r.quantity <= target) continue;
      const diff = r.quantity - target;
      await settleUnits(c, r, diff, 'released');
      if (target === 0) {
        await c.query(
          `UPDATE reservations SET status = 'released', updated_at = now() WHERE allocation_id = $1 AND sku = $2`,
          [allocationId, r.sku],
        );
      } else {
        await c.query(
          `UPDATE reservations SET quantity = $3, updated_at = now() WHERE allocation_id = $1 AND sku = $2`,
          [allocationId, r.sku, target],
        );
      }
      released += diff;
    }
    await c.query(`UPDATE allocations SET lines = $2::jsonb, updated_at = now() WHERE id = $1`, [
      allocationId,
      JSON.stringify(keep),
    ]);
    return released;
  });
}

/**
 * One partial shipment of an allocation: its units come off hand and out of
 * the reservation, once per shipment key (a retry finds the key and changes
 * nothing). Returns the units consumed now.
 */
export async function consumeShipped(
  pool: Pool,
  allocationId: string,
  shipmentKey: string,
  shipped: AllocationLine[],
): Promise<number> {
  const units = new Map<string, number>();
  for (const l of shipped) units.set(l.sku, (units.get(l.sku) ?? 0) + l.quantity);
  return inTransaction(pool, async (c) => {
    let consumed = 0;
    for (const [sku, quantity] of [...units].sort(([a], [b]) => a.localeCompare(b))) {
      if (quantity <= 0) continue;
      const fresh = await c.query(
        `INSERT INTO reservation_consumptions (allocation_id, shipment_key, sku, quantity) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [allocationId, shipmentKey, sku, quantity],
      );
      if (!fresh.rowCount) continue;
      const { rows } = await c.query<ReservedUnits & { quantity: number }>(
        `SELECT shop_domain, sku, location_id, catalog_partner_id, quantity FROM reservations WHERE allocation_id = $1 AND sku = $2 AND status = 'active' FOR UPDATE`,
        [allocationId, sku],
      );
      const r = rows[0];
      if (!r) continue;
      const take = Math.min(quantity, r.quantity);
      await settleUnits(c, r, take, 'consumed');
      if (take >= r.quantity) {
        await c.query(
          `UPDATE reservations SET status = 'consumed', updated_at = now() WHERE allocation_id = $1 AND sku = $2`,
          [allocationId, sku],
        );
      } else {
        await c.query(
          `UPDATE reservations SET quantity = quantity - $3, updated_at = now() WHERE allocation_id = $1 AND sku = $2`,
          [allocationId, sku, take],
        );
      }
      consumed += take;
    }
    const { rowCount: active } = await c.query(
      `SELECT 1 FROM reservations WHERE allocation_id = $1 AND status = 'active'`,
      [allocationId],
    );
    if (!active)
      await c.query(
        `UPDATE allocations SET status = 'shipped', updated_at = now() WHERE id = $1 AND status = 'reserved'`,
        [allocationId],
      );
    return consumed;
  });
}
