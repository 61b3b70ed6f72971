import type { Pool } from 'pg';
import {
  allocateAndReserve,
  consumeReservation,
  releaseReservation,
  type AllocateRequest,
} from '../inventory/reservations';
import { consumeShipped, shrinkReservation } from '../inventory/allocation-changes';
import type { AllocationLine } from '../order/types';

/** Routing with atomic reservation, and the two ways a reservation ends. */
export function inventoryActivities(pool: Pool) {
  return {
    async allocate(req: AllocateRequest) {
      return allocateAndReserve(pool, req);
    },
    async releaseReservation(allocationId: string) {
      return { released: await releaseReservation(pool, allocationId) };
    },
    /** A partner accepted part of the allocation: keep that reserved, release the rest. */
    async shrinkReservation(input: { allocationId: string; keep: AllocationLine[] }) {
      return { released: await shrinkReservation(pool, input.allocationId, input.keep) };
    },
    /** A partial shipment: its units come off hand, once per shipment key. */
    async consumeShipped(input: { allocationId: string; shipmentKey: string; lines: AllocationLine[] }) {
      return { consumed: await consumeShipped(pool, input.allocationId, input.shipmentKey, input.lines) };
    },
    async consumeReservation(allocationId: string) {
      return { consumed: await consumeReservation(pool, allocationId) };
    },
  };
}
