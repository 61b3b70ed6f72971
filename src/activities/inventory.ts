import type { Pool } from 'pg';
import { allocateAndReserve, consumeAllocation, releaseAllocation, type AllocateRequest } from '../inventory/reservations';
import { consumePartially, shrinkAllocation } from '../inventory/allocation-changes';
import type { AllocationLine } from '../order/types';

/** Routing with atomic reservation, and the two ways a reservation ends. */
export function inventoryActivities(pool: Pool) {
  return {
    async allocate(req: AllocateRequest) {
      return allocateAndReserve(pool, req);
    },
    async releaseReservation(allocationId: string) {
      return { released: await releaseAllocation(pool, allocationId) };
    },
    /** A partner accepted part of the allocation: keep that reserved, release the rest. */
    async shrinkReservation(input: { allocationId: string; keep: AllocationLine[] }) {
      return { released: await shrinkAllocation(pool, input.allocationId, input.keep) };
    },
    /** A partial shipment: its units come off hand, once per shipment key. */
    async consumeShipped(input: { allocationId: string; shipmentKey: string; lines: AllocationLine[] }) {
      return { consumed: await consumePartially(pool, input.allocationId, input.shipmentKey, input.lines) };
    },
    async consumeReservation(allocationId: string) {
      return { consumed: await consumeAllocation(pool, allocationId) };
    },
  };
}
