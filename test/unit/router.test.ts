import { describe, expect, it } from 'vitest';
import { distanceKm, route, type RouteCandidate } from '../../src/routing/router';

const NEWARK = { latitude: 40.7357, longitude: -74.1724 };
const BROOKLYN = { latitude: 40.6782, longitude: -73.9442 };
const LA = { latitude: 34.0522, longitude: -118.2437 };
const loc = (locationId: string, p: { latitude: number; longitude: number }, available: Record<string, number>): RouteCandidate => ({ locationId, ...p, available });

describe('router', () => {
  it('prefers the nearest single location that can ship everything', () => {
    const plan = route(
      [{ lineItemId: 'L1', sku: 'TEE', quantity: 2 }],
      [loc('la', LA, { TEE: 5 }), loc('nj', NEWARK, { TEE: 5 }), loc('bk', BROOKLYN, { TEE: 1 })],
      BROOKLYN,
    );
    expect(plan).toEqual({ ok: true, allocations: [{ locationId: 'nj', lines: [{ lineItemId: 'L1', sku: 'TEE', quantity: 2 }] }] });
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
    const plan = route([{ lineItemId: 'L1', sku: 'TEE', quantity: 3 }], [loc('a', NEWARK, { TEE: 2 }), loc('b', LA, { TEE: 2 })], BROOKLYN);
    expect(plan.ok && plan.allocations.map((a) => [a.locationId, a.lines[0]!.quantity])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('never chooses an excluded location and reports shortages', () => {
    const plan = route([{ lineItemId: 'L1', sku: 'TEE', quantity: 2 }], [loc('a', NEWARK, { TEE: 5 }), loc('b', LA, { TEE: 1 })], null, ['a']);
    expect(plan).toEqual({ ok: false, shortages: [{ sku: 'TEE', needed: 2, available: 1 }] });
  });

  it('treats negative availability (over-reserved) as none', () => {
    const plan = route([{ lineItemId: 'L1', sku: 'TEE', quantity: 1 }], [loc('a', NEWARK, { TEE: -3 }), loc('b', LA, { TEE: 1 })], null);
    expect(plan.ok && plan.allocations[0]!.locationId).toBe('b');
  });

  it('measures distance in km and treats unknown points as infinitely far', () => {
    expect(Math.round(distanceKm(NEWARK, BROOKLYN))).toBeGreaterThan(15);
    expect(Math.round(distanceKm(NEWARK, BROOKLYN))).toBeLessThan(25);
    expect(distanceKm(null, BROOKLYN)).toBe(Infinity);
  });
});
