import { describe, expect, it } from 'vitest';
import { chooseDestination, type DestinationQuestion, type ReturnLocation } from '../../../src/returns/destination';

const loc = (id: string, lat: number | null, lon: number | null, o: Partial<ReturnLocation> = {}): ReturnLocation => ({
  locationId: `gid://shopify/Location/${id}`,
  name: `L${id}`,
  partnerId: null,
  active: true,
  acceptsReturns: true,
  latitude: lat,
  longitude: lon,
  ...o,
});
const newark = { latitude: 40.73, longitude: -74.17 };
const ask = (q: Partial<DestinationQuestion>): DestinationQuestion => ({
  policy: 'nearest',
  returnsCentreLocationId: null,
  inStoreLocationId: null,
  shippedFrom: [],
  customer: newark,
  ...q,
});
const locations = [
  loc('1', 34.05, -118.24), // Los Angeles
  loc('2', 40.71, -74.0), // New York
  loc('3', 41.88, -87.63, { acceptsReturns: false }), // Chicago, no returns
  loc('4', 39.95, -75.16, { active: false }), // Philadelphia, inactive
];

describe('where a return goes', () => {
  it('nearest: the closest active location that accepts returns', () => {
    const d = chooseDestination(ask({}), locations);
    expect(d?.locationId).toBe('gid://shopify/Location/2');
    expect(d?.reason).toMatch(/nearest location accepting returns \(\d+ km\)/);
  });

  it('original: the location that shipped it, unless it cannot take returns', () => {
    expect(
      chooseDestination(ask({ policy: 'original', shippedFrom: ['gid://shopify/Location/1'] }), locations)?.locationId,
    ).toBe('gid://shopify/Location/1');
    const fallback = chooseDestination(
      ask({ policy: 'original', shippedFrom: ['gid://shopify/Location/3'] }),
      locations,
    );
    expect(fallback?.locationId).toBe('gid://shopify/Location/2');
    expect(fallback?.reason).toMatch(/no location that shipped it takes returns/);
  });

  it('returns centre: the configured one, else the nearest with the reason', () => {
    expect(
      chooseDestination(
        ask({ policy: 'returns_centre', returnsCentreLocationId: 'gid://shopify/Location/1' }),
        locations,
      )?.locationId,
    ).toBe('gid://shopify/Location/1');
    expect(chooseDestination(ask({ policy: 'returns_centre' }), locations)?.reason).toMatch(/no returns centre is set/);
  });

  it('an in-store return stays at its store, whatever the policy', () => {
    const d = chooseDestination(
      ask({ policy: 'returns_centre', inStoreLocationId: 'gid://shopify/Location/3' }),
      locations,
    );
    expect(d).toMatchObject({ locationId: 'gid://shopify/Location/3', reason: 'in-store return' });
  });

  it('unknown distances are broken by name; no location at all is null', () => {
    expect(chooseDestination(ask({ customer: null }), locations)?.locationId).toBe('gid://shopify/Location/1');
    expect(chooseDestination(ask({}), [loc('9', 1, 1, { acceptsReturns: false })])).toBeNull();
  });
});
