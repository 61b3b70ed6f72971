import { describe, expect, it } from 'vitest';
import { distanceKm, route, UNLIMITED, type RouteCandidate } from '../../src/routing/router';

const NEWARK = { latitude: 40.7357, longitude: -74.1724 };
const BROOKLYN = { latitude: 40.6782, longitude: -73.9442 };
const LA = { latitude: 34.0522, longitude: -118.2437 };
const CHICAGO = { latitude: 41.8781, longitude: -87.6298 };
const loc = (
  locationId: string,
  p: { latitude: number; longitude: number },
  available: Record<string, number>,
): RouteCandidate => ({ locationId, ...p, available });
const vendor = (
  locationId: string,
  p: { latitude: number; longitude: number },
  available: Record<string, number>,
): RouteCandidate => ({ ...loc(locationId, p, available), vendor: true });
const where = (plan: ReturnType<typeof route>) =>
  plan.ok ? plan.allocations.map((a) => [a.locationId, a.lines.map((l) => `${l.quantity} ${l.sku}`).join(', ')]) : plan;

describe('router', () => {
  it('prefers the nearest single location that can ship everything', () => {
    const plan = route(
      [{ lineItemId: 'L1', sku: 'TEE', quantity: 2 }],
      [loc('la', LA, { TEE: 5 }), loc('nj', NEWARK, { TEE: 5 }), loc('bk', BROOKLYN, { TEE: 1 })],
      BROOKLYN,
    );
    expect(plan).toEqual({
      ok: true,
      allocations: [{ locationId: 'nj', lines: [{ lineItemId: 'L1', sku: 'TEE', quantity: 2 }] }],
    });
  });

  it('splits across the fewest locations, the best-covering one first', () => {
    const plan = route(
      [
        { lineItemId: 'L1', sku: 'TEE', quantity: 2 },
        { lineItemId: 'L2', sku: 'MUG', quantity: 1 },
        { lineItemId: 'L3', sku: 'CAP', quantity: 1 },
      ],
      [loc('bk', BROOKLYN, { TEE: 2 }), loc('la', LA, { MUG: 1, CAP: 1, TEE: 0 }), loc('nj', NEWARK, { MUG: 1 })],
      BROOKLYN,
    );
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.allocations.map((a) => a.locationId)).toEqual(['bk', 'la']);
    expect(plan.allocations[1]!.lines.map((l) => l.sku)).toEqual(['MUG', 'CAP']);
  });

  it('splits one line across locations when no single one has the quantity', () => {
    const plan = route(
      [{ lineItemId: 'L1', sku: 'TEE', quantity: 3 }],
      [loc('a', NEWARK, { TEE: 2 }), loc('b', LA, { TEE: 2 })],
      BROOKLYN,
    );
    expect(plan.ok && plan.allocations.map((a) => [a.locationId, a.lines[0]!.quantity])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('never chooses an excluded location and reports shortages', () => {
    const plan = route(
      [{ lineItemId: 'L1', sku: 'TEE', quantity: 2 }],
      [loc('a', NEWARK, { TEE: 5 }), loc('b', LA, { TEE: 1 })],
      null,
      ['a'],
    );
    expect(plan).toEqual({ ok: false, shortages: [{ sku: 'TEE', needed: 2, available: 1 }] });
  });

  it('treats negative availability (over-reserved) as none', () => {
    const plan = route(
      [{ lineItemId: 'L1', sku: 'TEE', quantity: 1 }],
      [loc('a', NEWARK, { TEE: -3 }), loc('b', LA, { TEE: 1 })],
      null,
    );
    expect(plan.ok && plan.allocations[0]!.locationId).toBe('b');
  });

  it('measures distance in km and treats unknown points as infinitely far', () => {
    expect(Math.round(distanceKm(NEWARK, BROOKLYN))).toBeGreaterThan(15);
    expect(Math.round(distanceKm(NEWARK, BROOKLYN))).toBeLessThan(25);
    expect(distanceKm(null, BROOKLYN)).toBe(Infinity);
  });

  describe('drop-ship vendors', () => {
    it('routes a SKU that only a vendor sells to the vendor', () => {
      const plan = route(
        [{ lineItemId: 'L1', sku: 'VSKU', quantity: 4 }],
        [loc('nj', NEWARK, { TEE: 5 }), vendor('acme', CHICAGO, { VSKU: UNLIMITED })],
        BROOKLYN,
      );
      expect(plan).toEqual({
        ok: true,
        allocations: [{ locationId: 'acme', lines: [{ lineItemId: 'L1', sku: 'VSKU', quantity: 4 }] }],
      });
    });

    it('prefers a stocked location that can ship everything over a nearer vendor that can too', () => {
      const plan = route(
        [{ lineItemId: 'L1', sku: 'TEE', quantity: 2 }],
        [vendor('acme', BROOKLYN, { TEE: UNLIMITED }), loc('la', LA, { TEE: 5 })],
        BROOKLYN,
      );
      expect(where(plan)).toEqual([['la', '2 TEE']]);
    });

    it('prefers one vendor shipping everything over a split between stocked locations', () => {
      const plan = route(
        [{ lineItemId: 'L1', sku: 'TEE', quantity: 3 }],
        [loc('nj', NEWARK, { TEE: 2 }), loc('la', LA, { TEE: 2 }), vendor('acme', CHICAGO, { TEE: 3 })],
        BROOKLYN,
      );
      expect(where(plan)).toEqual([['acme', '3 TEE']]);
    });

    it('splits between a stocked location and a vendor: stock ships what it can, the vendor the rest', () => {
      const plan = route(
        [
          { lineItemId: 'L1', sku: 'TEE', quantity: 2 },
          { lineItemId: 'L2', sku: 'VSKU', quantity: 2 },
        ],
        // The vendor also sells one TEE and is nearest: the stocked location still ships the TEEs.
        [
          vendor('acme', BROOKLYN, { VSKU: UNLIMITED, TEE: 1 }),
          loc('nj', NEWARK, { TEE: 10 }),
          loc('la', LA, { TEE: 10 }),
        ],
        BROOKLYN,
      );
      expect(where(plan)).toEqual([
        ['nj', '2 TEE'],
        ['acme', '2 VSKU'],
      ]);
    });

    it('takes from a vendor with limited availability only what it has, and only what stock lacks', () => {
      const lines = [{ lineItemId: 'L1', sku: 'MUG', quantity: 5 }];
      expect(
        where(
          route(
            lines,
            [loc('nj', NEWARK, { MUG: 2 }), vendor('acme', CHICAGO, { MUG: 3 }), vendor('zeta', LA, { MUG: 10 })],
            BROOKLYN,
          ),
        ),
      ).toEqual([['zeta', '5 MUG']]);
      expect(
        where(
          route(
            lines,
            [loc('nj', NEWARK, { MUG: 2 }), vendor('acme', CHICAGO, { MUG: 2 }), vendor('zeta', LA, { MUG: 2 })],
            BROOKLYN,
          ),
        ),
      ).toEqual([
        ['nj', '2 MUG'],
        ['acme', '2 MUG'],
        ['zeta', '1 MUG'],
      ]);
      expect(route(lines, [loc('nj', NEWARK, { MUG: 1 }), vendor('acme', CHICAGO, { MUG: 3 })], BROOKLYN)).toEqual({
        ok: false,
        shortages: [{ sku: 'MUG', needed: 5, available: 4 }],
      });
    });

    it('never chooses an excluded vendor', () => {
      const plan = route(
        [{ lineItemId: 'L1', sku: 'VSKU', quantity: 1 }],
        [vendor('acme', CHICAGO, { VSKU: UNLIMITED }), vendor('zeta', LA, { VSKU: 1 })],
        BROOKLYN,
        ['acme'],
      );
      expect(where(plan)).toEqual([['zeta', '1 VSKU']]);
    });
  });
});
