/**
 * The routing decision, as a pure function: which locations ship which lines.
 * Candidates are of two kinds: stocked locations (the merchant's own stock,
 * available-to-sell from PostgreSQL's inventory) and vendor locations (a
 * drop-ship vendor's location, offering the SKUs of its catalog; `vendor: true`).
 * Policy (simple and sound; later issues deepen it):
 *   1. one stocked location that can ship everything, nearest to the ship-to address;
 *   2. else one vendor that can ship everything, nearest (one shipment beats a split);
 *   3. else split across as few locations as possible, the merchant's own stock
 *      first: greedy over stocked locations (the one covering the most remaining
 *      units first, nearest on ties) as long as one covers anything, then the
 *      same greedy over vendors for what no stocked location can ship.
 * So a vendor ships a line only when the stocked locations cannot (all of it,
 * or the units they lack), or when it is the only way to ship everything from
 * one place. Excluded locations (rejections, ops) are never chosen. Distances
 * are to each location's coordinates (a vendor's are those of its location in Shopify).
 */

export interface RouteLine {
  lineItemId: string;
  sku: string;
  quantity: number;
}

export interface RouteCandidate {
  locationId: string;
  latitude: number | null;
  longitude: number | null;
  /** Available-to-sell per SKU at this location (a vendor: what its catalog offers; UNLIMITED when it did not say). */
  available: Record<string, number>;
  /** A drop-ship vendor's location: chosen only as the policy above says. */
  vendor?: boolean;
}

/** Availability of a vendor catalog row that gives no number: more than any order needs. */
export const UNLIMITED = 1_000_000_000;

export interface Point {
  latitude: number;
  longitude: number;
}

export interface PlannedAllocation {
  locationId: string;
  lines: RouteLine[];
}

export type RoutePlan =
  | { ok: true; allocations: PlannedAllocation[] }
  | { ok: false; shortages: { sku: string; needed: number; available: number }[] };

const EARTH_RADIUS_KM = 6371;

/** Great-circle distance in km; Infinity when either point is unknown. */
export function distanceKm(a: Point | null, b: { latitude?: number | null; longitude?: number | null } | null): number {
  if (!a || !b || b.latitude == null || b.longitude == null) return Infinity;
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function unitsBySku(lines: RouteLine[]): Map<string, number> {
  const need = new Map<string, number>();
  for (const l of lines) need.set(l.sku, (need.get(l.sku) ?? 0) + l.quantity);
  return need;
}

export function route(
  lines: RouteLine[],
  candidates: RouteCandidate[],
  shipTo: Point | null,
  exclude: string[] = [],
): RoutePlan {
  const need = unitsBySku(lines);
  const pool = candidates
    .filter((c) => !exclude.includes(c.locationId))
    .map((c) => ({ ...c, distance: distanceKm(shipTo, c) }))
    .sort((a, b) => a.distance - b.distance || a.locationId.localeCompare(b.locationId));

  const shortages = [...need].flatMap(([sku, needed]) => {
    const available = pool.reduce((sum, c) => sum + Math.max(0, c.available[sku] ?? 0), 0);
    return available < needed ? [{ sku, needed, available }] : [];
  });
  if (shortages.length) return { ok: false, shortages };
  if (need.size === 0) return { ok: true, allocations: [] };

  const canShipAll = (c: RouteCandidate) => [...need].every(([sku, q]) => (c.available[sku] ?? 0) >= q);
  const stocked = pool.filter((c) => !c.vendor);
  const vendors = pool.filter((c) => c.vendor);
  const whole = stocked.find(canShipAll) ?? vendors.find(canShipAll);
  if (whole) return { ok: true, allocations: [{ locationId: whole.locationId, lines: lines.map((l) => ({ ...l })) }] };

  // Greedy split, stocked locations first, then vendors for what is left: units per SKU taken from each chosen location.
  const remaining = new Map(need);
  const taken = [...greedy(stocked, remaining), ...greedy(vendors, remaining)];

  // Map units back onto order lines, in line order.
  const allocations: PlannedAllocation[] = taken.map((t) => ({ locationId: t.locationId, lines: [] }));
  for (const line of lines) {
    let left = line.quantity;
    taken.forEach((t, i) => {
      const units = t.units.get(line.sku) ?? 0;
      const q = Math.min(left, units);
      if (q > 0) {
        allocations[i]!.lines.push({ ...line, quantity: q });
        t.units.set(line.sku, units - q);
        left -= q;
      }
    });
  }
  return { ok: true, allocations: allocations.filter((a) => a.lines.length > 0) };
}

/** Take units from `candidates` (nearest first) until none covers any of `remaining`; the best-covering one each time. */
function greedy(
  candidates: RouteCandidate[],
  remaining: Map<string, number>,
): { locationId: string; units: Map<string, number> }[] {
  const taken: { locationId: string; units: Map<string, number> }[] = [];
  const unused = [...candidates];
  while ([...remaining.values()].some((q) => q > 0)) {
    let best = -1;
    let bestUnits = 0;
    unused.forEach((c, i) => {
      const units = [...remaining].reduce((s, [sku, q]) => s + Math.min(q, Math.max(0, c.available[sku] ?? 0)), 0);
      if (units > bestUnits) {
        best = i;
        bestUnits = units;
      }
    });
    if (best < 0) break; // nothing here covers what is left
    const c = unused.splice(best, 1)[0]!;
    const units = new Map<string, number>();
    for (const [sku, q] of remaining) {
      const take = Math.min(q, Math.max(0, c.available[sku] ?? 0));
      if (take > 0) {
        units.set(sku, take);
        remaining.set(sku, q - take);
      }
    }
    taken.push({ locationId: c.locationId, units });
  }
  return taken;
}
