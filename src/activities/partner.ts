import { ApplicationFailure } from '@temporalio/activity';
import type { Pool } from 'pg';
import { getPartner } from '../partner/repository';
import { postSigned } from '../partner/outbound';
import type { Allocation, ShipTo } from '../order/types';
import { FailureType } from './failures';

export type PartnerMessageKind = 'allocation.requested' | 'allocation.released' | 'allocation.cancelled';

/**
 * Messages to the partner that runs an allocation's location. A partner with
 * no outbound URL pulls or is driven by its own integration; then this is a no-op.
 */
export function partnerActivities(pool: Pool) {
  return {
    async sendPartnerMessage(input: {
      kind: PartnerMessageKind;
      allocation: Pick<Allocation, 'id' | 'partnerId' | 'locationId' | 'lines'>;
      orderName: string | null;
      shipTo?: ShipTo | null;
      respondBy?: string | null;
    }) {
      if (!input.allocation.partnerId) return { sent: false };
      const partner = await getPartner(pool, input.allocation.partnerId);
      if (!partner?.outboundUrl) return { sent: false };
      try {
        await postSigned(
          partner.outboundUrl,
          {
            type: input.kind,
            allocationId: input.allocation.id,
            orderName: input.orderName,
            locationId: input.allocation.locationId,
            lines: input.allocation.lines,
            shipTo: input.shipTo ?? null,
            respondBy: input.respondBy ?? null,
          },
          { secret: partner.outboundSecret, idempotencyKey: `${input.kind}:${input.allocation.id}` },
        );
      } catch (err) {
        if ((err as { permanent?: boolean }).permanent) {
          throw ApplicationFailure.nonRetryable((err as Error).message, FailureType.PartnerUnreachable);
        }
        throw err;
      }
      return { sent: true };
    },
  };
}
