/**
 * The routing decision, as a pure function: which locations ship which lines.
 * Policy (simplest sound one; later issues deepen it):
 *   1. one location that can ship everything, nearest to the ship-to address;
 *   2. else split across as few locations as possible (greedy: the location
 *      covering the most remaining units first, nearest on ties).
 * Excluded locations (rejections, ops) are never chosen.
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
  /** Available-to-sell per SKU at this location. */
  available: Record<string, number>;
}

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

export function route(lines: RouteLine[], candidates: RouteCandidate[], shipTo: Point | null, exclude: string[] = []): RoutePlan {
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

  const whole = pool.find((c) => [...need].every(([sku, q]) => (c.available[sku] ?? 0) >= q));
  if (whole) return { ok: true, allocations: [{ locationId: whole.locationId, lines: lines.map((l) => ({ ...l })) }] };

  // Greedy split: units per SKU taken from each chosen location.
  const remaining = new Map(need);
  const taken: { locationId: string; units: Map<string, number> }[] = [];
  const unused = [...pool];
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
    if (best < 0) break; // unreachable: shortages were checked above
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
