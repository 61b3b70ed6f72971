import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../db/pool';

/**
 * The adjustment ledger: every on-hand change that does not come from the
 * order flow (receipts, transfers, returns to stock, damaged and found units,
 * cycle counts, ERP feeds, POS sales) goes through here and is kept in
 * `inventory_adjustments` with its reason, reference and who did it.
 * (Order-flow changes are traced by `reservations`: reserved, released,
 * consumed on shipment.)
 *
 * One request applies atomically and once: it is keyed by (shop,
 * idempotency key); the same key again returns what it did the first time,
 * the same key with a different body is refused.
 */
export const ADJUSTMENT_REASONS = {
  received: 'units received against a purchase order',
  transfer_in: 'units arrived from another location',
  transfer_out: 'units sent to another location',
  return_restock: 'a customer return put back to stock',
  damaged: 'units found damaged and taken out of stock',
  found: 'units found that were not counted',
  lost: 'units missing (shrinkage)',
  cycle_count: 'a counted on-hand quantity',
  erp_feed: "the ERP's on-hand quantity",
  pos_sale: 'sold at the point of sale',
  correction: 'a manual correction',
} as const;
export type AdjustmentReason = keyof typeof ADJUSTMENT_REASONS;

export interface AdjustmentLine {
  sku: string;
  /** The engine's location id (the Shopify location GID). */
  locationId: string;
  /** delta: on_hand += quantity; set: on_hand := quantity (a count). */
  kind: 'delta' | 'set';
  quantity: number;
}

export interface AdjustmentRequest {
  shopDomain: string;
  idempotencyKey: string;
  reason: AdjustmentReason;
  reference?: string | null;
  actor?: string | null;
  lines: AdjustmentLine[];
  /** Take on hand to 0 rather than refuse a delta that would go below (a sale that happened: the count was wrong). */
  floorAtZero?: boolean;
}

export interface LedgerEntry {
  id: number;
  sku: string;
  locationId: string;
  reason: string;
  kind: 'delta' | 'set';
  quantity: number;
  onHandBefore: number;
  onHandAfter: number;
  createdAt: string;
}

export type AdjustmentResult =
  | { ok: true; replayed: boolean; entries: LedgerEntry[] }
  | { ok: false; code: 'idempotency_conflict' | 'unknown_location' | 'negative_on_hand'; message: string };

const toEntry = (r: any): LedgerEntry => ({
  id: Number(r.id),
  sku: r.sku,
  locationId: r.location_id,
  reason: r.reason,
  kind: r.kind,
  quantity: r.quantity,
  onHandBefore: r.on_hand_before,
  onHandAfter: r.on_hand_after,
  createdAt: new Date(r.created_at).toISOString(),
});

export function requestHash(req: Pick<AdjustmentRequest, 'reason' | 'lines' | 'reference'>): string {
  return createHash('sha256').update(JSON.stringify([req.reason, req.reference ?? null, req.lines.map((l) => [l.sku, l.locationId, l.kind, l.quantity])])).digest('hex');
}

/** Apply a request in its own transaction. */
export function applyAdjustments(pool: Pool, req: AdjustmentRequest): Promise<AdjustmentResult> {
  return inTransaction(pool, (c) => applyAdjustmentsIn(c, req)).catch((err) => {
    if (err instanceof Refused) return { ok: false as const, code: err.code, message: err.message };
    throw err;
  });
}

class Refused extends Error {
  constructor(readonly code: 'unknown_location' | 'negative_on_hand', message: string) {
    super(message);
  }
}

/**
 * Apply a request inside the caller's transaction (the ERP import applies a
 * whole location this way). Throws Refused (rolls the caller back) for an
 * unknown location or a delta that would take on hand below zero.
 */
export async function applyAdjustmentsIn(c: PoolClient, req: AdjustmentRequest): Promise<AdjustmentResult> {
  const hash = requestHash(req);
  // Two deliveries of one key at once: the second waits here and then finds the first's entries.
  await c.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${req.shopDomain}|${req.idempotencyKey}`]);
  const prior = await c.query(`SELECT * FROM inventory_adjustments WHERE shop_domain = $1 AND idempotency_key = $2 ORDER BY line_no`, [req.shopDomain, req.idempotencyKey]);
  if (prior.rows.length) {
    if (prior.rows[0].request_hash !== hash) {
      return { ok: false, code: 'idempotency_conflict', message: `idempotency key ${req.idempotencyKey} was used for a different request` };
    }
    return { ok: true, replayed: true, entries: prior.rows.map(toEntry) };
  }
  // Lock rows in the global lock order (location, SKU) so concurrent adjusters and reservers never deadlock.
  const order = req.lines.map((l, i) => ({ l, i })).sort((a, b) => a.l.locationId.localeCompare(b.l.locationId) || a.l.sku.localeCompare(b.l.sku) || a.i - b.i);
  const entries: LedgerEntry[] = [];
  for (const { l, i } of order) {
    const loc = await c.query(`SELECT 1 FROM locations WHERE shop_domain = $1 AND id = $2`, [req.shopDomain, l.locationId]);
    if (!loc.rowCount) throw new Refused('unknown_location', `line ${i + 1}: unknown location ${l.locationId}`);
    await c.query(`INSERT INTO inventory (shop_domain, sku, location_id, on_hand) VALUES ($1, $2, $3, 0) ON CONFLICT DO NOTHING`, [req.shopDomain, l.sku, l.locationId]);
    const { rows } = await c.query(`SELECT on_hand FROM inventory WHERE shop_domain = $1 AND sku = $2 AND location_id = $3 FOR UPDATE`, [req.shopDomain, l.sku, l.locationId]);
    const before = Number(rows[0].on_hand);
    const after = Math.max(l.kind === 'set' ? l.quantity : before + l.quantity, req.floorAtZero ? 0 : -Infinity);
    if (after < 0) throw new Refused('negative_on_hand', `line ${i + 1}: ${l.sku} at ${l.locationId} has ${before} on hand; ${l.quantity} would take it below zero`);
    if (after !== before) {
      await c.query(`UPDATE inventory SET on_hand = $4, updated_at = now() WHERE shop_domain = $1 AND sku = $2 AND location_id = $3`, [req.shopDomain, l.sku, l.locationId, after]);
    }
    const ins = await c.query(
      `INSERT INTO inventory_adjustments (shop_domain, sku, location_id, reason, kind, quantity, on_hand_before, on_hand_after, idempotency_key, line_no, request_hash, reference, actor)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
      [req.shopDomain, l.sku, l.locationId, req.reason, l.kind, l.quantity, before, after, req.idempotencyKey, i, hash, req.reference ?? null, req.actor ?? null],
    );
    entries[i] = toEntry(ins.rows[0]);
  }
  return { ok: true, replayed: false, entries };
}

/** The ledger of one SKU (optionally at one location), newest first. */
export async function ledgerOf(pool: Pool, shopDomain: string, sku: string, locationId?: string, limit = 100): Promise<LedgerEntry[]> {
  const { rows } = await pool.query(
    `SELECT * FROM inventory_adjustments WHERE shop_domain = $1 AND sku = $2 AND ($3::text IS NULL OR location_id = $3) ORDER BY id DESC LIMIT $4`,
    [shopDomain, sku, locationId ?? null, limit],
  );
  return rows.map(toEntry);
}
