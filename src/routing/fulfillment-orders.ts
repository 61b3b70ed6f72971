import type { AllocationLine, FulfillmentOrderSnapshot } from '../order/types';

/**
 * Mapping a routing decision onto Shopify fulfillment orders, as pure
 * functions. The activity re-reads the order, asks `nextMove` what to move,
 * moves it, and repeats until nothing is left to move: convergent, so a retry
 * after a lost response never moves twice.
 */
export interface AllocationPlacement {
  id: string;
  locationId: string;
  lines: AllocationLine[];
}

export interface PlannedMove {
  fulfillmentOrderId: string;
  newLocationId: string;
  /** null = the whole fulfillment order moves. */
  lines: { id: string; quantity: number }[] | null;
}

const ACTIVE = new Set(['OPEN', 'ON_HOLD', 'SCHEDULED']);
export const isActive = (fo: FulfillmentOrderSnapshot) => ACTIVE.has(fo.status);

function neededAt(allocations: AllocationPlacement[]): Map<string, Map<string, number>> {
  const need = new Map<string, Map<string, number>>();
  for (const a of allocations) {
    const m = need.get(a.locationId) ?? new Map<string, number>();
    for (const l of a.lines) m.set(l.lineItemId, (m.get(l.lineItemId) ?? 0) + l.quantity);
    need.set(a.locationId, m);
  }
  return need;
}

function heldAt(fos: FulfillmentOrderSnapshot[], locationId: string, lineItemId: string): number {
  return fos
    .filter((fo) => isActive(fo) && fo.locationId === locationId)
    .flatMap((fo) => fo.lines)
    .filter((l) => l.lineItemId === lineItemId)
    .reduce((s, l) => s + l.remainingQuantity, 0);
}

/** The next move that brings Shopify closer to the allocations, or null when they match. */
export function nextMove(fos: FulfillmentOrderSnapshot[], allocations: AllocationPlacement[]): PlannedMove | null {
  const need = neededAt(allocations);
  for (const [locationId, lines] of need) {
    for (const [lineItemId, quantity] of lines) {
      const deficit = quantity - heldAt(fos, locationId, lineItemId);
      if (deficit <= 0) continue;
      // Take from a fulfillment order elsewhere whose location has more of this line than it needs.
      for (const fo of fos.filter(
        (f) => isActive(f) && f.locationId !== locationId && f.requestStatus === 'UNSUBMITTED',
      )) {
        const surplusHere =
          heldAt(fos, fo.locationId ?? '', lineItemId) - (need.get(fo.locationId ?? '')?.get(lineItemId) ?? 0);
        const line = fo.lines.find((l) => l.lineItemId === lineItemId && l.remainingQuantity > 0);
        if (!line || surplusHere <= 0) continue;
        // Move everything this location should get from this fulfillment order in one call.
        const moving = fo.lines
          .map((l) => {
            const want = (need.get(locationId)?.get(l.lineItemId) ?? 0) - heldAt(fos, locationId, l.lineItemId);
            const spare =
              heldAt(fos, fo.locationId ?? '', l.lineItemId) - (need.get(fo.locationId ?? '')?.get(l.lineItemId) ?? 0);
            return { id: l.id, quantity: Math.min(l.remainingQuantity, Math.max(0, want), Math.max(0, spare)) };
          })
          .filter((l) => l.quantity > 0);
        const whole = fo.lines.every((l) => l.remainingQuantity === (moving.find((m) => m.id === l.id)?.quantity ?? 0));
        return { fulfillmentOrderId: fo.id, newLocationId: locationId, lines: whole ? null : moving };
      }
    }
  }
  return null;
}

/** Active fulfillment orders at the allocation's location that carry its lines. */
export function fulfillmentOrderIdsHolding(fos: FulfillmentOrderSnapshot[], allocation: AllocationPlacement): string[] {
  const items = new Set(allocation.lines.map((l) => l.lineItemId));
  return fos
    .filter(
      (fo) =>
        fo.locationId === allocation.locationId &&
        fo.status !== 'CANCELLED' &&
        fo.lines.some((l) => items.has(l.lineItemId)),
    )
    .map((fo) => fo.id);
}
