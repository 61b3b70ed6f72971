import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../db/pool';
import { route, type RouteLine, type RoutePlan, type Point } from '../routing/router';
import type { Allocation, AllocationLine } from '../order/types';

/**
 * Allocation and reservation in PostgreSQL. Reserving is atomic: the inventory
 * rows of the SKUs involved are locked (FOR UPDATE, in key order) while the
 * router decides, so two orders racing for the last unit never both get it.
 * Every function is idempotent, because Temporal retries activities.
 */

export interface AllocateRequest {
  workflowId: string;
  shopDomain: string;
  orderId: string;
  /** Unique per routing decision of this order; a retry with the same attempt returns the same allocations. */
  routeAttempt: number;
  /** Allocation ids are `${orderId}-A${n}`, n counting from here. */
  firstSequence: number;
  lines: RouteLine[];
  shipTo: Point | null;
  /** Locations never to choose: their Shopify ids, names, or the ids of the partners that run them. */
  exclude: string[];
  /** Route only to this location (id, name or partner id), as an operator asked. */
  only?: string;
}

export type AllocateResult =
  | { ok: true; allocations: Allocation[] }
  | { ok: false; shortages: Extract<RoutePlan, { ok: false }>['shortages']; unknownLocation?: string };

interface StockRow {
  location_id: string;
  location_name: string;
  partner_id: string | null;
  sku: string;
  available: number;
  latitude: number | null;
  longitude: number | null;
}

const ALLOCATION_SELECT = `
  SELECT a.id, a.location_id, a.partner_id, a.route_attempt, a.lines,
         l.name AS location_name, p.name AS partner_name,
         coalesce(p.requires_acceptance, false) AS requires_acceptance,
         coalesce(p.acceptance_window_seconds, 0) AS acceptance_window_seconds
    FROM allocations a
    JOIN locations l ON l.shop_domain = a.shop_domain AND l.id = a.location_id
    LEFT JOIN partners p ON p.id = a.partner_id`;

function toAllocation(r: any): Allocation {
  return {
    id: r.id,
    locationId: r.location_id,
    locationName: r.location_name,
    partnerId: r.partner_id,
    partnerName: r.partner_name,
    requiresAcceptance: r.requires_acceptance,
    acceptanceWindowSeconds: r.acceptance_window_seconds,
    lines: r.lines as AllocationLine[],
    state: 'reserved',
    routeAttempt: r.route_attempt,
    fulfillmentOrderIds: [],
    captureAmount: null,
    captured: false,
    tracking: null,
    rejectionReason: null,
  };
}

async function existingAllocations(c: PoolClient, workflowId: string, attempt: number) {
  const { rows } = await c.query(`${ALLOCATION_SELECT} WHERE a.workflow_id = $1 AND a.route_attempt = $2 ORDER BY a.id`, [
    workflowId,
    attempt,
  ]);
  return rows.map(toAllocation);
}

/** Re-activate the released reservations of one routing decision, if the stock is still there (locked, key order). */
async function reReserveReleased(c: PoolClient, workflowId: string, attempt: number) {
  const { rows } = await c.query<{ allocation_id: string; shop_domain: string; sku: string; location_id: string; quantity: number }>(
    `SELECT r.allocation_id, r.shop_domain, r.sku, r.location_id, r.quantity
       FROM reservations r JOIN allocations a ON a.id = r.allocation_id
      WHERE a.workflow_id = $1 AND a.route_attempt = $2 AND a.status = 'released' AND r.status = 'released'
      ORDER BY r.location_id, r.sku`,
    [workflowId, attempt],
  );
  const shortages: { sku: string; needed: number; available: number }[] = [];
  for (const r of rows) {
    const updated = await c.query(
      `UPDATE inventory SET reserved = reserved + $4, updated_at = now()
        WHERE shop_domain = $1 AND sku = $2 AND location_id = $3 AND on_hand - safety_stock - reserved >= $4
        RETURNING 1`,
      [r.shop_domain, r.sku, r.location_id, r.quantity],
    );
    if (!updated.rowCount) {
      const { rows: left } = await c.query(`SELECT greatest(on_hand - safety_stock - reserved, 0) AS available FROM inventory WHERE shop_domain = $1 AND sku = $2 AND location_id = $3`, [r.shop_domain, r.sku, r.location_id]);
      shortages.push({ sku: r.sku, needed: r.quantity, available: Number(left[0]?.available ?? 0) });
      continue;
    }
    await c.query(`UPDATE reservations SET status = 'active', updated_at = now() WHERE allocation_id = $1 AND sku = $2`, [r.allocation_id, r.sku]);
  }
  if (shortages.length) throw new ShortageRollback(shortages);
  await c.query(`UPDATE allocations SET status = 'reserved', updated_at = now() WHERE workflow_id = $1 AND route_attempt = $2 AND status = 'released'`, [workflowId, attempt]);
}

/** Undo a partial re-reservation: the transaction rolls back, the caller reports the shortages. */
class ShortageRollback extends Error {
  constructor(readonly shortages: { sku: string; needed: number; available: number }[]) {
    super('shortage while re-reserving');
  }
}

/** An operator named a location: by its id, its name or its partner's id. */
async function locationExists(c: PoolClient, shopDomain: string, ref: string): Promise<boolean> {
  const { rowCount } = await c.query(`SELECT 1 FROM locations WHERE shop_domain = $1 AND active AND (id = $2 OR name = $2 OR partner_id = $2)`, [shopDomain, ref]);
  return !!rowCount;
}

export async function allocateAndReserve(pool: Pool, req: AllocateRequest): Promise<AllocateResult> {
  try {
    return await allocateInTransaction(pool, req);
  } catch (err) {
    if (err instanceof ShortageRollback) return { ok: false, shortages: err.shortages };
    throw err;
  }
}

function allocateInTransaction(pool: Pool, req: AllocateRequest): Promise<AllocateResult> {
  return inTransaction(pool, async (c) => {
    const prior = await existingAllocations(c, req.workflowId, req.routeAttempt);
    if (prior.length) {
      // A retry gets the same allocations. After a workflow reset to before this
      // decision, some may have been released since: they hold stock again, or
      // the order is told what is short.
      await reReserveReleased(c, req.workflowId, req.routeAttempt);
      return { ok: true, allocations: prior };
    }

    const skus = [...new Set(req.lines.map((l) => l.sku))].sort();
    const { rows } = await c.query<StockRow>(
      `SELECT i.location_id, l.name AS location_name, l.partner_id, i.sku, (i.on_hand - i.safety_stock - i.reserved) AS available, l.latitude, l.longitude
         FROM inventory i
         JOIN locations l ON l.shop_domain = i.shop_domain AND l.id = i.location_id
        WHERE i.shop_domain = $1 AND i.sku = ANY($2::text[]) AND l.active
        ORDER BY i.location_id, i.sku
          FOR UPDATE OF i`,
      [req.shopDomain, skus],
    );
    if (req.only && !(await locationExists(c, req.shopDomain, req.only))) return { ok: false, shortages: [], unknownLocation: req.only };
    const names = (r: StockRow) => [r.location_id, r.location_name, r.partner_id];
    const byLocation = new Map<string, { locationId: string; latitude: number | null; longitude: number | null; available: Record<string, number> }>();
    for (const r of rows) {
      if (names(r).some((n) => n && req.exclude.includes(n))) continue;
      if (req.only && !names(r).includes(req.only)) continue;
      const c0 = byLocation.get(r.location_id) ?? { locationId: r.location_id, latitude: r.latitude, longitude: r.longitude, available: {} };
      c0.available[r.sku] = Number(r.available);
      byLocation.set(r.location_id, c0);
    }
    const plan = route(req.lines, [...byLocation.values()], req.shipTo, req.exclude);
    if (!plan.ok) return plan;

    let seq = req.firstSequence;
    for (const planned of plan.allocations) {
      const id = `${req.orderId}-A${seq++}`;
      await c.query(
        `INSERT INTO allocations (id, workflow_id, shop_domain, order_id, location_id, partner_id, route_attempt, status, lines)
         SELECT $1, $2, $3, $4, $5, l.partner_id, $6, 'reserved', $7::jsonb
           FROM locations l WHERE l.shop_domain = $3 AND l.id = $5`,
        [id, req.workflowId, req.shopDomain, req.orderId, planned.locationId, req.routeAttempt, JSON.stringify(planned.lines)],
      );
      const units = new Map<string, number>();
      for (const l of planned.lines) units.set(l.sku, (units.get(l.sku) ?? 0) + l.quantity);
      for (const [sku, quantity] of units) {
        const updated = await c.query(
          `UPDATE inventory SET reserved = reserved + $4, updated_at = now()
            WHERE shop_domain = $1 AND sku = $2 AND location_id = $3 AND on_hand - safety_stock - reserved >= $4`,
          [req.shopDomain, sku, planned.locationId, quantity],
        );
        if (updated.rowCount !== 1) throw new Error(`Reservation of ${quantity} ${sku} at ${planned.locationId} lost a race`);
        await c.query(
          `INSERT INTO reservations (allocation_id, shop_domain, sku, location_id, quantity) VALUES ($1, $2, $3, $4, $5)`,
          [id, req.shopDomain, sku, planned.locationId, quantity],
        );
      }
    }
    return { ok: true, allocations: await existingAllocations(c, req.workflowId, req.routeAttempt) };
  });
}

/**
 * End an allocation's reservations: 'released' gives the units back to
 * available-to-sell; 'consumed' (shipped) takes them off hand as well.
 * Only active reservations change, so repeating it changes nothing.
 */
async function settleReservations(pool: Pool, allocationId: string, outcome: 'released' | 'consumed') {
  return inTransaction(pool, async (c) => {
    const { rows } = await c.query<{ shop_domain: string; sku: string; location_id: string; quantity: number }>(
      `UPDATE reservations SET status = $2, updated_at = now()
        WHERE allocation_id = $1 AND status = 'active'
        RETURNING shop_domain, sku, location_id, quantity`,
      [allocationId, outcome],
    );
    for (const r of rows) {
      await c.query(
        `UPDATE inventory
            SET reserved = greatest(reserved - $4, 0),
                on_hand = on_hand - CASE WHEN $5 THEN $4 ELSE 0 END,
                updated_at = now()
          WHERE shop_domain = $1 AND sku = $2 AND location_id = $3`,
        [r.shop_domain, r.sku, r.location_id, r.quantity, outcome === 'consumed'],
      );
    }
    await c.query(`UPDATE allocations SET status = $2, updated_at = now() WHERE id = $1 AND status = 'reserved'`, [
      allocationId,
      outcome === 'consumed' ? 'shipped' : 'released',
    ]);
    return rows.length;
  });
}

export const releaseAllocation = (pool: Pool, allocationId: string) => settleReservations(pool, allocationId, 'released');
export const consumeAllocation = (pool: Pool, allocationId: string) => settleReservations(pool, allocationId, 'consumed');
