import type { Pool } from 'pg';
import { inTransaction } from '../db/pool';

/**
 * A drop-ship vendor's catalog (table vendor_catalog): the SKUs an `edi_vendor`
 * partner sells us, at what cost, and how many it can still ship. Routing
 * offers these SKUs at the vendor's location (src/inventory/reservations.ts);
 * the 850 prices its lines with the cost and names the vendor's part number.
 */

export interface CatalogItem {
  sku: string;
  vendorPartNumber?: string | null;
  /** Per unit, a decimal string ("7.25") or number. */
  unitCost: string | number;
  /** ISO 4217; USD when not given. */
  currency?: string;
  /** Units the vendor can ship for us; null or absent: it did not say (unlimited). */
  available?: number | null;
  leadTimeDays?: number | null;
}

export interface CatalogRow {
  partnerId: string;
  sku: string;
  vendorPartNumber: string | null;
  /** As PostgreSQL's numeric(12,2) reads: "7.25". */
  unitCost: string;
  currency: string;
  available: number | null;
  leadTimeDays: number | null;
  active: boolean;
}

/** A vendor_catalog row as pg reads it (numeric as a string). */
interface VendorCatalogRow {
  partner_id: string;
  sku: string;
  vendor_part_number: string | null;
  unit_cost: string | number;
  currency: string;
  available: number | string | null;
  lead_time_days: number | string | null;
  active: boolean;
}

function toRow(r: VendorCatalogRow): CatalogRow {
  return {
    partnerId: r.partner_id,
    sku: r.sku,
    vendorPartNumber: r.vendor_part_number,
    unitCost: String(r.unit_cost),
    currency: r.currency,
    available: r.available == null ? null : Number(r.available),
    leadTimeDays: r.lead_time_days == null ? null : Number(r.lead_time_days),
    active: r.active,
  };
}

/** SQL: the vendor's count stored as what is left after the units still reserved against the row (never below 0). */
const availableNow = (count: string, partner: string, sku: string) =>
  `CASE WHEN ${count}::integer IS NULL THEN NULL ELSE greatest(${count}::integer - coalesce((
             SELECT sum(r.quantity) FROM reservations r
              WHERE r.catalog_partner_id = ${partner} AND r.sku = ${sku} AND r.status = 'active'), 0), 0) END`;

/**
 * Make the vendor's catalog what `items` says (idempotent): each listed SKU is
 * inserted or updated and active; SKUs no longer listed become inactive (kept,
 * since reservations point at them). `available` is the vendor's count now:
 * it is stored minus the units still reserved against the row and not yet
 * shipped (released reservations give their units back onto it; shipped ones
 * keep them taken). Locks the partner's rows in SKU order, as routing does.
 */
export async function replaceVendorCatalog(pool: Pool, partnerId: string, items: CatalogItem[]): Promise<number> {
  const seen = new Set<string>();
  for (const i of items) {
    if (seen.has(i.sku)) throw new Error(`Catalog of ${partnerId} lists ${i.sku} twice`);
    seen.add(i.sku);
  }
  const sorted = [...items].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  return inTransaction(pool, async (c) => {
    await c.query(`SELECT 1 FROM vendor_catalog WHERE partner_id = $1 ORDER BY sku FOR UPDATE`, [partnerId]);
    for (const i of sorted) {
      await c.query(
        `INSERT INTO vendor_catalog (partner_id, sku, vendor_part_number, unit_cost, currency, available, lead_time_days, active, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, true, now())
         ON CONFLICT (partner_id, sku) DO UPDATE SET
           vendor_part_number = $3, unit_cost = $4, currency = $5, lead_time_days = $7, active = true, updated_at = now(),
           available = ${availableNow('$6', '$1', '$2')}`,
        [
          partnerId,
          i.sku,
          i.vendorPartNumber ?? null,
          String(i.unitCost),
          i.currency ?? 'USD',
          i.available ?? null,
          i.leadTimeDays ?? null,
        ],
      );
    }
    await c.query(
      `UPDATE vendor_catalog SET active = false, updated_at = now() WHERE partner_id = $1 AND active AND NOT (sku = ANY($2::text[]))`,
      [partnerId, sorted.map((i) => i.sku)],
    );
    return sorted.length;
  });
}

/** The vendor's catalog rows (inactive ones too), by SKU. */
export async function vendorCatalog(pool: Pool, partnerId: string): Promise<CatalogRow[]> {
  const { rows } = await pool.query(`SELECT * FROM vendor_catalog WHERE partner_id = $1 ORDER BY sku`, [partnerId]);
  return rows.map(toRow);
}

/** What the 850 says per SKU: the vendor's cost and part number, for the SKUs its active catalog lists. */
export async function purchaseTerms(
  pool: Pool,
  partnerId: string,
  skus: string[],
): Promise<Map<string, { unitCost: string; vendorPartNumber: string | null }>> {
  const { rows } = await pool.query(
    `SELECT sku, unit_cost, vendor_part_number FROM vendor_catalog WHERE partner_id = $1 AND sku = ANY($2::text[]) AND active`,
    [partnerId, skus],
  );
  return new Map(
    rows.map((r) => [
      r.sku as string,
      { unitCost: String(r.unit_cost), vendorPartNumber: r.vendor_part_number as string | null },
    ]),
  );
}

/**
 * The vendor's own count of what it can ship (an EDI 846), per SKU or per its
 * part number: stored like a catalog apply does, minus what is still reserved.
 * Only active catalog rows change; returns the SKUs updated.
 */
export async function adviseAvailability(
  pool: Pool,
  partnerId: string,
  counts: { sku?: string; vendorPartNumber?: string; available: number }[],
): Promise<string[]> {
  return inTransaction(pool, async (c) => {
    const { rows } = await c.query(
      `SELECT sku, vendor_part_number FROM vendor_catalog WHERE partner_id = $1 AND active ORDER BY sku FOR UPDATE`,
      [partnerId],
    );
    const updated: string[] = [];
    for (const n of counts) {
      const row = rows.find(
        (r) =>
          (n.sku !== undefined && r.sku === n.sku) ||
          (n.vendorPartNumber !== undefined && r.vendor_part_number === n.vendorPartNumber),
      );
      if (!row || updated.includes(row.sku)) continue;
      await c.query(
        `UPDATE vendor_catalog SET available = ${availableNow('$3', '$1', '$2')}, updated_at = now() WHERE partner_id = $1 AND sku = $2`,
        [partnerId, row.sku, n.available],
      );
      updated.push(row.sku);
    }
    return updated;
  });
}
