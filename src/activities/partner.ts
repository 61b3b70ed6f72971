import { ApplicationFailure } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { EdiIdentity } from '../edi';
import { getPartner } from '../partner/repository';
import type { ShopifyAdmin } from '../shopify/client';
import { ediActivities } from './edi';
import { fulfillmentServiceActivities } from './fulfillment-service';
import { postSigned } from '../partner/outbound';
import type { Allocation, ShipTo } from '../order/types';
import { FailureType } from '../order/failure-types';

export type PartnerMessageKind =
  'allocation.requested' | 'allocation.released' | 'allocation.changed' | 'allocation.cancelled';

/** What telling a partner did, and what the order should expect back. */
export interface PartnerMessageResult {
  sent: boolean;
  /** An X12 document: its interchange control number. */
  interchangeControl?: number;
  /** An 850: the vendor's 997 is due within this. */
  functionalAckWindowSeconds?: number;
  /** A cancellation the partner answers (860 -> 865, a 3PL's cancellation request): the answer is due within this. */
  answerWindowSeconds?: number;
  /** A 3PL: fulfillment requests submitted now. */
  submitted?: number;
}

/**
 * Messages to the partner that runs an allocation's location: an EDI vendor
 * gets an 850 when asked and an 860 cancel when withdrawn (it ships on its own
 * once it accepted, so a release means nothing to it); a JSON partner gets
 * signed messages at its outbound URL. A partner with neither pulls or is
 * driven by its own integration; then this is a no-op.
 */
export function partnerActivities(pool: Pool, shopify: ShopifyAdmin, ediIdentity: EdiIdentity) {
  const edi = ediActivities(pool, shopify, ediIdentity);
  const fulfillmentService = fulfillmentServiceActivities(pool, shopify);
  return {
    fulfilledByPartner: fulfillmentService.fulfilledByPartner,
    async sendPartnerMessage(input: {
      kind: PartnerMessageKind;
      allocation: Pick<Allocation, 'id' | 'partnerId' | 'locationId' | 'lines'> & { fulfillmentOrderIds?: string[] };
      orderName: string | null;
      /** The order in Shopify (absent in histories recorded before EDI: then derived from the allocation id). */
      orderGid?: string;
      shipTo?: ShipTo | null;
      respondBy?: string | null;
    }): Promise<PartnerMessageResult> {
      if (!input.allocation.partnerId) return { sent: false };
      const partner = await getPartner(pool, input.allocation.partnerId);
      // Allocation ids are `${orderId}-A${n}` (src/inventory/reservations.ts).
      const orderGid = input.orderGid ?? `gid://shopify/Order/${input.allocation.id.replace(/-A\d+$/, '')}`;
      if (partner?.kind === 'shopify_fulfillment_service') {
        // A 3PL is asked through Shopify once the allocation is paid and released; it answers by webhook.
        const allocation = { id: input.allocation.id, fulfillmentOrderIds: input.allocation.fulfillmentOrderIds ?? [] };
        if (input.kind === 'allocation.released')
          return fulfillmentService.requestFulfillment(partner, allocation, orderGid, input.orderName);
        if (input.kind === 'allocation.cancelled')
          return fulfillmentService.requestCancellation(partner, allocation, orderGid);
        return { sent: false };
      }
      if (partner?.kind === 'edi_vendor' && partner.edi && partner.transport) {
        if (input.kind === 'allocation.requested') return edi.sendPurchaseOrder(partner, input.allocation, orderGid);
        if (input.kind === 'allocation.cancelled') return edi.sendPurchaseOrderCancel(partner, input.allocation);
        if (input.kind === 'allocation.changed') return edi.sendPurchaseOrderChange(partner, input.allocation);
        return { sent: false };
      }
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
