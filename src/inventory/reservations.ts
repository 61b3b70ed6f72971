import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../db/pool';
import { route, UNLIMITED, type RouteCandidate, type RouteLine, type RoutePlan, type Point } from '../routing/router';
import type { Allocation, AllocationLine } from '../order/types';

/**
 * Allocation and reservation in PostgreSQL. Reserving is atomic: the inventory
 * rows of the SKUs involved are locked (FOR UPDATE, in key order) while the
 * router decides, so two orders racing for the last unit never both get it.
 * Every function is idempotent, because Temporal retries activities.
 *
 * Two sources of units: stock held at a location (an `inventory` row:
 * available-to-sell = on_hand - safety_stock - reserved) and a drop-ship
 * vendor's catalog (a `vendor_catalog` row of an edi_vendor partner, offered
 * at the location the vendor runs; its `available` is decremented by a
 * reservation unless null = unlimited). A reservation row says which:
 * `catalog_partner_id` is null for stock, the vendor's id for its catalog.
 * No inventory row is needed at a vendor's location for what its catalog sells.
 *
 * Lock order, everywhere (deadlock-free): inventory rows by (location, SKU),
 * then catalog rows by (partner, SKU).
 */

export interface AllocateRequest {
  workflowId: string;
  shopDomain: string;
  orderId: string;
  /** Unique per routing decision of this order; a retry with the same attempt returns the same allocations. */
  routeAttempt: number;
  /** Allocation ids are `${allocationPrefix ?? orderId}-A${n}`, n counting from here. */
  firstSequence: number;
  /** An exchange run's allocations are named apart from the order's own (exchangeAllocationPrefix). */
  allocationPrefix?: string;
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
  /** The location is run by an edi_vendor with an active catalog. */
  vendor: boolean;
}

interface CatalogOfferRow {
  location_id: string;
  location_name: string;
  partner_id: string;
  sku: string;
  /** null: the vendor did not say (unlimited). */
  available: number | null;
  latitude: number | null;
  longitude: number | null;
}

/** One reservation's units: at a location's stock (catalog_partner_id null) or from a vendor's catalog. */
export interface ReservedUnits {
  shop_domain: string;
  sku: string;
  location_id: string;
  catalog_partner_id: string | null;
}

/**
 * Units routing may reserve at an inventory row (`t`: the table or its alias):
 * on hand less safety stock (the most specific override, see the migration)
 * less what is reserved. Published available-to-sell also takes off the
 * brokering threshold (src/inventory/available-to-sell.ts).
 */
export const routableSql = (t: string) =>
  `(${t}.on_hand - inventory_safety_stock(${t}.shop_domain, ${t}.sku, ${t}.location_id, ${t}.safety_stock) - ${t}.reserved)`;

/** The order in which reservation rows are walked, so their stock or catalog rows are locked in the global lock order. */
const LOCK_ORDER = `catalog_partner_id IS NOT NULL, coalesce(catalog_partner_id, location_id), sku`;

/** A location run by an edi_vendor partner that has an active catalog (a vendor location, for the router). */
const VENDOR_LOCATION = `EXISTS (SELECT 1 FROM vendor_catalog vc JOIN partners p ON p.id = vc.partner_id
                                  WHERE vc.partner_id = l.partner_id AND vc.active AND p.kind = 'edi_vendor')`;

/**
 * Take `quantity` units for a reservation, if they are there: off the
 * location's available-to-sell, or off the vendor catalog's `available`
 * (always there when it is null). True when taken.
 */
async function takeUnits(c: PoolClient, r: ReservedUnits, quantity: number): Promise<boolean> {
  const updated = r.catalog_partner_id
    ? await c.query(
        `UPDATE vendor_catalog SET available = available - $3
          WHERE partner_id = $1 AND sku = $2 AND active AND (available IS NULL OR available >= $3)`,
        [r.catalog_partner_id, r.sku, quantity],
      )
    : await c.query(
        `UPDATE inventory SET reserved = reserved + $4, updated_at = now()
          WHERE shop_domain = $1 AND sku = $2 AND location_id = $3 AND ${routableSql('inventory')} >= $4`,
        [r.shop_domain, r.sku, r.location_id, quantity],
      );
  return updated.rowCount === 1;
}

/** What is left where `takeUnits` found too little (for the shortage report). */
async function unitsLeft(c: PoolClient, r: ReservedUnits): Promise<number> {
  const { rows } = r.catalog_partner_id
    ? await c.query(
        `SELECT CASE WHEN active THEN coalesce(available, $3) ELSE 0 END AS available FROM vendor_catalog WHERE partner_id = $1 AND sku = $2`,
        [r.catalog_partner_id, r.sku, UNLIMITED],
      )
    : await c.query(
        `SELECT greatest(${routableSql('inventory')}, 0) AS available FROM inventory WHERE shop_domain = $1 AND sku = $2 AND location_id = $3`,
        [r.shop_domain, r.sku, r.location_id],
      );
  return Number(rows[0]?.available ?? 0);
}

/**
 * End `quantity` units of a reservation. Stock: 'released' gives them back to
 * available-to-sell; 'consumed' (shipped) takes them off hand as well. Vendor
 * catalog: 'released' gives them back to its `available` (when it counts);
 * 'consumed' keeps them taken (the vendor shipped them). Exported for the
 * other ways a reservation shrinks; the caller walks rows in LOCK_ORDER.
 */
export async function settleUnits(
  c: PoolClient,
  r: ReservedUnits,
  quantity: number,
  outcome: 'released' | 'consumed',
): Promise<void> {
  if (r.catalog_partner_id) {
    if (outcome === 'released') {
      await c.query(
        `UPDATE vendor_catalog SET available = available + $3 WHERE partner_id = $1 AND sku = $2 AND available IS NOT NULL`,
        [r.catalog_partner_id, r.sku, quantity],
      );
    }
    return;
  }
  await c.query(
    `UPDATE inventory
        SET reserved = greatest(reserved - $4, 0),
            on_hand = on_hand - CASE WHEN $5 THEN $4 ELSE 0 END,
            updated_at = now()
      WHERE shop_domain = $1 AND sku = $2 AND location_id = $3`,
    [r.shop_domain, r.sku, r.location_id, quantity, outcome === 'consumed'],
  );
}

const ALLOCATION_SELECT = `
  SELECT a.id, a.location_id, a.partner_id, a.route_attempt, a.lines,
         l.name AS location_name, p.name AS partner_name,
         coalesce(p.requires_acceptance, false) AS requires_acceptance,
         coalesce(p.acceptance_window_seconds, 0) AS acceptance_window_seconds,
         p.ship_by_seconds, p.ship_by_policy, p.kind AS partner_kind
    FROM allocations a
    JOIN locations l ON l.shop_domain = a.shop_domain AND l.id = a.location_id
    LEFT JOIN partners p ON p.id = a.partner_id`;

/** A row of ALLOCATION_SELECT as pg reads it (lines jsonb parsed). */
interface AllocationRow {
  id: string;
  location_id: string;
  location_name: string;
  partner_id: string | null;
  partner_name: string | null;
  requires_acceptance: boolean;
  acceptance_window_seconds: number;
  lines: unknown;
  route_attempt: number;
  ship_by_seconds: number | null;
  ship_by_policy: string | null;
  partner_kind: string | null;
}

function toAllocation(r: AllocationRow): Allocation {
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
    ...(r.ship_by_seconds ? { shipBySeconds: r.ship_by_seconds } : {}),
    ...(r.ship_by_seconds && r.ship_by_policy === 'reroute' ? { shipByPolicy: 'reroute' as const } : {}),
    ...(r.partner_kind === 'shopify_fulfillment_service' ? { partnerKind: r.partner_kind } : {}),
  };
}

async function existingAllocations(c: PoolClient, workflowId: string, attempt: number) {
  const { rows } = await c.query(
    `${ALLOCATION_SELECT} WHERE a.workflow_id = $1 AND a.route_attempt = $2 ORDER BY a.id`,
    [workflowId, attempt],
  );
  return rows.map(toAllocation);
}

/** Re-activate the released reservations of one routing decision, if the units are still there (locked, in lock order). */
async function reReserveReleased(c: PoolClient, workflowId: string, attempt: number) {
  const { rows } = await c.query<ReservedUnits & { allocation_id: string; quantity: number }>(
    `SELECT r.allocation_id, r.shop_domain, r.sku, r.location_id, r.quantity, r.catalog_partner_id
       FROM reservations r JOIN allocations a ON a.id = r.allocation_id
      WHERE a.workflow_id = $1 AND a.route_attempt = $2 AND a.status = 'released' AND r.status = 'released'
      ORDER BY r.catalog_partner_id IS NOT NULL, coalesce(r.catalog_partner_id, r.location_id), r.sku`,
    [workflowId, attempt],
  );
  const shortages: { sku: string; needed: number; available: number }[] = [];
  for (const r of rows) {
    if (!(await takeUnits(c, r, r.quantity))) {
      shortages.push({ sku: r.sku, needed: r.quantity, available: await unitsLeft(c, r) });
      continue;
    }
    await c.query(
      `UPDATE reservations SET status = 'active', updated_at = now() WHERE allocation_id = $1 AND sku = $2`,
      [r.allocation_id, r.sku],
    );
  }
  if (shortages.length) throw new ShortageRollback(shortages);
  await c.query(
    `UPDATE allocations SET status = 'reserved', updated_at = now() WHERE workflow_id = $1 AND route_attempt = $2 AND status = 'released'`,
    [workflowId, attempt],
  );
}

/** Undo a partial re-reservation: the transaction rolls back, the caller reports the shortages. */
class ShortageRollback extends Error {
  constructor(readonly shortages: { sku: string; needed: number; available: number }[]) {
    super('shortage while re-reserving');
  }
}

/** An operator named a location: by its id, its name or its partner's id. */
async function locationExists(c: PoolClient, shopDomain: string, ref: string): Promise<boolean> {
  const { rowCount } = await c.query(
    `SELECT 1 FROM locations WHERE shop_domain = $1 AND active AND (id = $2 OR name = $2 OR partner_id = $2)`,
    [shopDomain, ref],
  );
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
    // (An exchange's replacement is reserved by its return workflow under the exchange run's id and
    // attempt 1; the run, once started, finds that reservation here as its own first decision.)
    if (prior.length) {
      // A retry gets the same allocations. After a workflow reset to before this
      // decision, some may have been released since: they hold stock again, or
      // the order is told what is short.
      await reReserveReleased(c, req.workflowId, req.routeAttempt);
      return { ok: true, allocations: prior };
    }

    const skus = [...new Set(req.lines.map((l) => l.sku))].sort();
    const { rows } = await c.query<StockRow>(
      `SELECT i.location_id, l.name AS location_name, l.partner_id, i.sku, ${routableSql('i')} AS available, l.latitude, l.longitude,
              ${VENDOR_LOCATION} AS vendor
         FROM inventory i
         JOIN locations l ON l.shop_domain = i.shop_domain AND l.id = i.location_id
        WHERE i.shop_domain = $1 AND i.sku = ANY($2::text[]) AND l.active AND l.sells_online
        ORDER BY i.location_id, i.sku
          FOR UPDATE OF i`,
      [req.shopDomain, skus],
    );
    // What vendors offer: their active catalog rows for these SKUs, locked after the inventory rows.
    // A vendor running several locations offers its catalog at one of them (the lowest id).
    const { rows: offered } = await c.query<CatalogOfferRow>(
      `SELECT l.id AS location_id, l.name AS location_name, vc.partner_id, vc.sku, vc.available, l.latitude, l.longitude
         FROM vendor_catalog vc
         JOIN partners p ON p.id = vc.partner_id
         JOIN locations l ON l.shop_domain = $1 AND l.partner_id = vc.partner_id
        WHERE p.kind = 'edi_vendor' AND vc.active AND vc.sku = ANY($2::text[]) AND l.active AND l.sells_online
        ORDER BY vc.partner_id, vc.sku, l.id
          FOR UPDATE OF vc`,
      [req.shopDomain, skus],
    );
    if (req.only && !(await locationExists(c, req.shopDomain, req.only)))
      return { ok: false, shortages: [], unknownLocation: req.only };
    const names = (r: { location_id: string; location_name: string; partner_id: string | null }) => [
      r.location_id,
      r.location_name,
      r.partner_id,
    ];
    const allowed = (r: { location_id: string; location_name: string; partner_id: string | null }) =>
      !names(r).some((n) => n && req.exclude.includes(n)) && (!req.only || names(r).includes(req.only));
    const byLocation = new Map<string, RouteCandidate>();
    const candidate = (
      r: { location_id: string; latitude: number | null; longitude: number | null },
      vendor: boolean,
    ) => {
      const c0 = byLocation.get(r.location_id) ?? {
        locationId: r.location_id,
        latitude: r.latitude,
        longitude: r.longitude,
        available: {},
        vendor,
      };
      byLocation.set(r.location_id, c0);
      return c0;
    };
    for (const r of rows) {
      if (allowed(r)) candidate(r, r.vendor).available[r.sku] = Number(r.available);
    }
    /** location -> SKU -> the vendor whose catalog gives the units there (instead of an inventory row). */
    const fromCatalog = new Map<string, Map<string, string>>();
    const offeringLocation = new Map<string, string>();
    for (const r of offered) {
      if ((offeringLocation.get(r.partner_id) ?? r.location_id) !== r.location_id) continue;
      offeringLocation.set(r.partner_id, r.location_id);
      if (!allowed(r)) continue;
      const c0 = candidate(r, true);
      c0.vendor = true;
      c0.available[r.sku] = r.available == null ? UNLIMITED : Number(r.available);
      fromCatalog.set(r.location_id, (fromCatalog.get(r.location_id) ?? new Map()).set(r.sku, r.partner_id));
    }
    const plan = route(req.lines, [...byLocation.values()], req.shipTo, req.exclude);
    if (!plan.ok) return plan;

    let seq = req.firstSequence;
    for (const planned of plan.allocations) {
      const id = `${req.allocationPrefix ?? req.orderId}-A${seq++}`;
      await c.query(
        `INSERT INTO allocations (id, workflow_id, shop_domain, order_id, location_id, partner_id, route_attempt, status, lines)
         SELECT $1, $2, $3, $4, $5, l.partner_id, $6, 'reserved', $7::jsonb
           FROM locations l WHERE l.shop_domain = $3 AND l.id = $5`,
        [
          id,
          req.workflowId,
          req.shopDomain,
          req.orderId,
          planned.locationId,
          req.routeAttempt,
          JSON.stringify(planned.lines),
        ],
      );
      const units = new Map<string, number>();
      for (const l of planned.lines) units.set(l.sku, (units.get(l.sku) ?? 0) + l.quantity);
      for (const [sku, quantity] of units) {
        // Every row taken here was locked above, so the order of these updates takes no new lock.
        const from: ReservedUnits = {
          shop_domain: req.shopDomain,
          sku,
          location_id: planned.locationId,
          catalog_partner_id: fromCatalog.get(planned.locationId)?.get(sku) ?? null,
        };
        if (!(await takeUnits(c, from, quantity)))
          throw new Error(`Reservation of ${quantity} ${sku} at ${planned.locationId} lost a race`);
        await c.query(
          `INSERT INTO reservations (allocation_id, shop_domain, sku, location_id, quantity, catalog_partner_id) VALUES ($1, $2, $3, $4, $5, $6)`,
          [id, req.shopDomain, sku, planned.locationId, quantity, from.catalog_partner_id],
        );
      }
    }
    return { ok: true, allocations: await existingAllocations(c, req.workflowId, req.routeAttempt) };
  });
}

/**
 * End an allocation's reservations: 'released' gives the units back (to
 * available-to-sell, or to the vendor catalog's `available`); 'consumed'
 * (shipped) takes stock off hand as well, and keeps a catalog's units taken.
 * Only active reservations change, so repeating it changes nothing.
 */
async function settleReservations(pool: Pool, allocationId: string, outcome: 'released' | 'consumed') {
  return inTransaction(pool, async (c) => {
    const { rows } = await c.query<ReservedUnits & { quantity: number }>(
      `WITH settled AS (
         UPDATE reservations SET status = $2, updated_at = now()
          WHERE allocation_id = $1 AND status = 'active'
          RETURNING shop_domain, sku, location_id, quantity, catalog_partner_id)
       SELECT * FROM settled ORDER BY ${LOCK_ORDER}`,
      [allocationId, outcome],
    );
    for (const r of rows) await settleUnits(c, r, r.quantity, outcome);
    await c.query(`UPDATE allocations SET status = $2, updated_at = now() WHERE id = $1 AND status = 'reserved'`, [
      allocationId,
      outcome === 'consumed' ? 'shipped' : 'released',
    ]);
    return rows.length;
  });
}

export const releaseReservation = (pool: Pool, allocationId: string) =>
  settleReservations(pool, allocationId, 'released');
export const consumeReservation = (pool: Pool, allocationId: string) =>
  settleReservations(pool, allocationId, 'consumed');
