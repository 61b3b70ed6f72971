import type { Pool } from 'pg';
import { z } from 'zod';
import { orderSignal, partnerAcknowledgmentSignal, shipmentSignal, type OrderSignal } from '../order/contract';
import type { OrderInbox } from '../orders/inbox';
import { findAllocation, type Partner } from './repository';

/**
 * A partner's JSON events about its allocations (POST /partners/{id}/
 * acknowledgments and /shipments): the message shapes, and how one reaches
 * the order's workflow. The allocation must exist and be the partner's own.
 */

const lineQuantities = z
  .array(z.object({ lineItemId: z.string().trim().min(1).max(200), quantity: z.number().int().min(0) }))
  .min(1)
  .max(250);

export const acknowledgmentMessage = z.object({
  allocationId: z.string().trim().min(1).max(200),
  decision: z.enum(['accepted', 'rejected']),
  reason: z.string().max(1000).nullish(),
  messageId: z.string().max(200).nullish(),
  /** With `accepted`, the units accepted per line item when only part is (the rest is routed elsewhere). */
  lines: lineQuantities.nullish(),
});

export const shipmentMessage = z.object({
  allocationId: z.string().trim().min(1).max(200),
  tracking: z.object({
    number: z.string().trim().min(1).max(200),
    company: z.string().max(200).nullish(),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullish(),
  }),
  messageId: z.string().max(200).nullish(),
  /** Units shipped per line item, for a partial shipment. */
  lines: lineQuantities.nullish(),
});

export type PartnerEvent =
  | { kind: 'acknowledgment'; message: z.infer<typeof acknowledgmentMessage> }
  | { kind: 'shipment'; message: z.infer<typeof shipmentMessage> };

/** Why a partner event was not delivered (the message is safe to return to the partner). */
export class PartnerEventError extends Error {
  override name = 'PartnerEventError';
  constructor(
    readonly kind: 'unknown_allocation' | 'foreign_allocation' | 'unavailable',
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

/** The signal the event means for the order whose workflow holds the allocation. */
function partnerEventSignal(partner: Partner, e: PartnerEvent, workflowId: string): OrderSignal {
  const m = e.message;
  const common = {
    allocationId: m.allocationId,
    partnerId: partner.id,
    messageId: m.messageId ?? null,
    ...(m.lines ? { lines: m.lines } : {}),
  };
  if (e.kind === 'acknowledgment') {
    return orderSignal(workflowId, partnerAcknowledgmentSignal, {
      ...common,
      decision: e.message.decision,
      reason: e.message.reason ?? null,
    });
  }
  const t = e.message.tracking;
  return orderSignal(workflowId, shipmentSignal, {
    ...common,
    tracking: { number: t.number, company: t.company ?? null, url: t.url ?? null },
  });
}

/**
 * Hand a partner's event to the order's workflow; resolves with its workflow
 * id once the signal is durable. PartnerEventError for an allocation that is
 * not there or not the partner's, or a lookup the database could not answer;
 * OrderInboxError when Temporal did not take the signal.
 */
export async function deliverPartnerEvent(
  d: { pool: Pool; orders: Pick<OrderInbox, 'send'> },
  partner: Partner,
  e: PartnerEvent,
): Promise<string> {
  const id = e.message.allocationId;
  const allocation = await findAllocation(d.pool, id).catch((err) => {
    throw new PartnerEventError('unavailable', 'Allocation lookup is unavailable (database), try again', err);
  });
  if (!allocation) throw new PartnerEventError('unknown_allocation', `Unknown allocation ${id}`);
  if (allocation.partnerId !== partner.id)
    throw new PartnerEventError('foreign_allocation', `Allocation ${id} does not belong to partner ${partner.id}`);
  await d.orders.send(partnerEventSignal(partner, e, allocation.workflowId));
  return allocation.workflowId;
}
