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
  /** The line's place in its request (0-based). */
  lineNo: number;
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
  | {
      ok: false;
      code: 'idempotency_conflict' | 'unknown_location' | 'negative_on_hand' | 'out_of_range';
      message: string;
    };

/** An inventory_adjustments row as pg reads it (bigserial id as a string, timestamptz as a Date). */
interface AdjustmentRow {
  id: string;
  line_no: number;
  sku: string;
  location_id: string;
  reason: string;
  kind: LedgerEntry['kind'];
  quantity: number;
  on_hand_before: number;
  on_hand_after: number;
  created_at: Date | string;
}

const toEntry = (r: AdjustmentRow): LedgerEntry => ({
  id: Number(r.id),
  lineNo: r.line_no,
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
  return createHash('sha256')
    .update(
      JSON.stringify([
        req.reason,
        req.reference ?? null,
        req.lines.map((l) => [l.sku, l.locationId, l.kind, l.quantity]),
      ]),
    )
    .digest('hex');
}

/** Apply a request in its own transaction. */
export function applyAdjustments(pool: Pool, req: AdjustmentRequest): Promise<AdjustmentResult> {
  return inTransaction(pool, (c) => applyAdjustmentsIn(c, req)).catch((err) => {
    if (err instanceof Refused) return { ok: false as const, code: err.code, message: err.message };
    throw err;
  });
}

class Refused extends Error {
  constructor(
    readonly code: 'unknown_location' | 'negative_on_hand' | 'out_of_range',
    message: string,
  ) {
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
  const prior = await c.query(
    `SELECT * FROM inventory_adjustments WHERE shop_domain = $1 AND idempotency_key = $2 ORDER BY line_no`,
    [req.shopDomain, req.idempotencyKey],
  );
  if (prior.rows.length) {
    if (prior.rows[0].request_hash !== hash) {
      return {
        ok: false,
        code: 'idempotency_conflict',
        message: `idempotency key ${req.idempotencyKey} was used for a different request`,
      };
    }
    return { ok: true, replayed: true, entries: prior.rows.map(toEntry) };
  }
  const locations = [...new Set(req.lines.map((l) => l.locationId))];
  const known = await c.query(`SELECT id FROM locations WHERE shop_domain = $1 AND id = ANY($2)`, [
    req.shopDomain,
    locations,
  ]);
  const knownIds = new Set(known.rows.map((r) => r.id));
  const unknown = req.lines.findIndex((l) => !knownIds.has(l.locationId));
  if (unknown >= 0)
    throw new Refused('unknown_location', `line ${unknown + 1}: unknown location ${req.lines[unknown]!.locationId}`);
  // Applied in the global lock order, (location, SKU), across chunks too, so a large request never waits
  // on a row while holding one that sorts after it: no deadlock with reservations or other adjusters.
  // Lines of one pair keep their order (a delta after a count stays after it).
  const sorted = req.lines
    .map((line, lineNo) => ({ line, lineNo }))
    .sort((a, b) =>
      a.line.locationId < b.line.locationId
        ? -1
        : a.line.locationId > b.line.locationId
          ? 1
          : a.line.sku < b.line.sku
            ? -1
            : a.line.sku > b.line.sku
              ? 1
              : a.lineNo - b.lineNo,
    );
  const entries: LedgerEntry[] = [];
  for (let from = 0; from < sorted.length; from += CHUNK)
    entries.push(...(await applyChunk(c, req, hash, sorted.slice(from, from + CHUNK))));
  return { ok: true, replayed: false, entries: entries.sort((a, b) => a.lineNo - b.lineNo) };
}

/** Shopify's ceiling for a quantity, and well inside PostgreSQL's integer. */
const MAX_ON_HAND = 1_000_000_000;

/** Lines written per round of statements (a 1-million-line ERP feed is 200 rounds, not 5 million statements). */
const CHUNK = 5000;

/** One chunk of a request: a constant number of statements, whatever its size. */
async function applyChunk(
  c: PoolClient,
  req: AdjustmentRequest,
  hash: string,
  chunk: { line: AdjustmentLine; lineNo: number }[],
): Promise<LedgerEntry[]> {
  const lines = chunk.map((x) => x.line);
  const pairs = [...new Map(lines.map((l) => [`${l.locationId}\u0000${l.sku}`, l])).values()];
  const skus = pairs.map((l) => l.sku);
  const locs = pairs.map((l) => l.locationId);
  await c.query(
    `INSERT INTO inventory (shop_domain, sku, location_id, on_hand) SELECT $1, u.sku, u.loc, 0 FROM unnest($2::text[], $3::text[]) AS u(sku, loc) ON CONFLICT DO NOTHING`,
    [req.shopDomain, skus, locs],
  );
  // Locked in the global lock order (location, SKU), so adjusters and reservers never deadlock.
  const { rows } = await c.query(
    `SELECT i.sku, i.location_id, i.on_hand FROM inventory i JOIN unnest($2::text[], $3::text[]) AS u(sku, loc) ON i.sku = u.sku AND i.location_id = u.loc
      WHERE i.shop_domain = $1 ORDER BY i.location_id, i.sku FOR UPDATE OF i`,
    [req.shopDomain, skus, locs],
  );
  const onHand = new Map<string, number>(rows.map((r) => [`${r.location_id}\u0000${r.sku}`, Number(r.on_hand)]));
  const start = new Map(onHand);
  const before: number[] = [];
  const after: number[] = [];
  lines.forEach((l, k) => {
    const key = `${l.locationId}\u0000${l.sku}`;
    const b = onHand.get(key)!;
    const a = Math.max(l.kind === 'set' ? l.quantity : b + l.quantity, req.floorAtZero ? 0 : -Infinity);
    if (a > MAX_ON_HAND)
      throw new Refused(
        'out_of_range',
        `line ${chunk[k]!.lineNo + 1}: ${l.sku} at ${l.locationId} would hold ${a}, above ${MAX_ON_HAND}`,
      );
    if (a < 0)
      throw new Refused(
        'negative_on_hand',
        `line ${chunk[k]!.lineNo + 1}: ${l.sku} at ${l.locationId} has ${b} on hand; ${l.quantity} would take it below zero`,
      );
    onHand.set(key, a);
    before.push(b);
    after.push(a);
  });
  const changed = [...onHand].filter(([k, v]) => start.get(k) !== v);
  if (changed.length) {
    await c.query(
      `UPDATE inventory i SET on_hand = u.on_hand, updated_at = now() FROM unnest($2::text[], $3::text[], $4::int[]) AS u(loc, sku, on_hand)
        WHERE i.shop_domain = $1 AND i.location_id = u.loc AND i.sku = u.sku`,
      [
        req.shopDomain,
        changed.map(([k]) => k.split('\u0000')[0]),
        changed.map(([k]) => k.split('\u0000')[1]),
        changed.map(([, v]) => v),
      ],
    );
  }
  const ins = await c.query(
    `INSERT INTO inventory_adjustments (shop_domain, sku, location_id, reason, kind, quantity, on_hand_before, on_hand_after, idempotency_key, line_no, request_hash, reference, actor)
     SELECT $1, u.sku, u.loc, $2, u.kind, u.quantity, u.before, u.after, $3, u.line_no, $4, $5, $6
       FROM unnest($7::text[], $8::text[], $9::text[], $10::int[], $11::int[], $12::int[], $13::int[]) AS u(sku, loc, kind, quantity, before, after, line_no)
     RETURNING *`,
    [
      req.shopDomain,
      req.reason,
      req.idempotencyKey,
      hash,
      req.reference ?? null,
      req.actor ?? null,
      lines.map((l) => l.sku),
      lines.map((l) => l.locationId),
      lines.map((l) => l.kind),
      lines.map((l) => l.quantity),
      before,
      after,
      chunk.map((x) => x.lineNo),
    ],
  );
  return ins.rows.map(toEntry);
}

/** The ledger of one SKU (optionally at one location), newest first. */
export async function ledgerOf(
  pool: Pool,
  shopDomain: string,
  sku: string,
  locationId?: string,
  limit = 100,
): Promise<LedgerEntry[]> {
  const { rows } = await pool.query(
    `SELECT * FROM inventory_adjustments WHERE shop_domain = $1 AND sku = $2 AND ($3::text IS NULL OR location_id = $3) ORDER BY id DESC LIMIT $4`,
    [shopDomain, sku, locationId ?? null, limit],
  );
  return rows.map(toEntry);
}
