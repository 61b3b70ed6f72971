import { distanceKm, type Point } from '../routing/router';
import type { ReturnDestinationPolicy } from './contract';

/**
 * Where a return goes back to: a small policy over the shop's locations.
 * - an in-store return: the store that took it (whatever the policy);
 * - `returns_centre`: the configured returns centre;
 * - `original`: the location that shipped most of the returned units;
 * - `nearest` (and the fallback of the others when their choice cannot take
 *   returns): the active location accepting returns nearest the customer's
 *   address, ties and unknown distances broken by name.
 * Pure: the activity reads the candidates and the order.
 */

export interface ReturnLocation {
  locationId: string;
  name: string;
  partnerId: string | null;
  active: boolean;
  acceptsReturns: boolean;
  latitude: number | null;
  longitude: number | null;
}

export interface DestinationQuestion {
  policy: ReturnDestinationPolicy;
  returnsCentreLocationId: string | null;
  inStoreLocationId: string | null;
  /** Locations that shipped the returned units, most units first. */
  shippedFrom: string[];
  /** The customer's address, if Shopify geocoded it. */
  customer: Point | null;
}

export interface Destination {
  locationId: string;
  locationName: string;
  partnerId: string | null;
  reason: string;
}

export function chooseDestination(q: DestinationQuestion, locations: ReturnLocation[]): Destination | null {
  const byId = new Map(locations.map((l) => [l.locationId, l]));
  const take = (l: ReturnLocation, reason: string): Destination => ({
    locationId: l.locationId,
    locationName: l.name,
    partnerId: l.partnerId,
    reason,
  });
  const usable = (l: ReturnLocation | undefined): l is ReturnLocation => !!l && l.active && l.acceptsReturns;

  if (q.inStoreLocationId) {
    const store = byId.get(q.inStoreLocationId);
    // The parcel is already at the store's counter: it is the destination even if the store does not take mailed returns.
    if (store?.active) return take(store, 'in-store return');
  }
  const notes: string[] = [];
  if (q.policy === 'returns_centre') {
    const centre = q.returnsCentreLocationId ? byId.get(q.returnsCentreLocationId) : undefined;
    if (usable(centre)) return take(centre, 'the returns centre');
    notes.push(q.returnsCentreLocationId ? 'the returns centre cannot take returns' : 'no returns centre is set');
  }
  if (q.policy === 'original') {
    const original = q.shippedFrom.map((id) => byId.get(id)).find(usable);
    if (original) return take(original, 'the location that shipped it');
    notes.push('no location that shipped it takes returns');
  }
  const candidates = locations
    .filter(usable)
    .map((l) => ({ l, km: distanceKm(q.customer, l) }))
    .sort((a, b) => a.km - b.km || a.l.name.localeCompare(b.l.name) || a.l.locationId.localeCompare(b.l.locationId));
  const nearest = candidates[0];
  if (!nearest) return null;
  const why = Number.isFinite(nearest.km)
    ? `nearest location accepting returns (${Math.round(nearest.km)} km)`
    : 'a location accepting returns (distance unknown)';
  return take(nearest.l, notes.length ? `${why}; ${notes.join('; ')}` : why);
}
