import type { Pool } from 'pg';
import { allocateAndReserve, consumeAllocation, releaseAllocation, type AllocateRequest } from '../inventory/reservations';

/** Routing with atomic reservation, and the two ways a reservation ends. */
export function inventoryActivities(pool: Pool) {
  return {
    async allocate(req: AllocateRequest) {
      return allocateAndReserve(pool, req);
    },
    async releaseReservation(allocationId: string) {
      return { released: await releaseAllocation(pool, allocationId) };
    },
    async consumeReservation(allocationId: string) {
      return { consumed: await consumeAllocation(pool, allocationId) };
    },
  };
}
