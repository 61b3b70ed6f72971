import type { Pool } from 'pg';
import { acknowledgedStatus, read997, type Ack997, type EdiError, type TransactionSet } from '../edi';
import {
  functionalAckSignal,
  orderSignal,
  partnerProblemSignal,
  type OrderSignal,
  type PartnerProblem,
} from '../order/contract';
import { documentsOfGroup } from './edi-store';
import { messageId, recordOf, unreadable, type SetPlan } from './edi-plan';
import { findAllocation, type Partner } from './repository';

/** A 997's detail for a person: the group's answer, then each rejected set with its AK3/AK4 segment and element errors. */
export function describe997(ack: Ack997): string {
  const sets = ack.sets
    .filter((x) => !x.accepted || x.segments.length)
    .map((x) => {
      const segs = x.segments.map(
        (g) =>
          `${g.segmentId} at segment ${g.position ?? '?'}${g.code ? ` (AK304 ${g.code})` : ''}${g.elements.map((e) => `, element ${e.position ?? '?'}${e.componentPosition ? `-${e.componentPosition}` : ''} code ${e.code}${e.value ? ` "${e.value}"` : ''}`).join('')}`,
      );
      return `${x.id} ${x.controlNumber}: ${x.status}${x.codes.length ? ` (${x.codes.join(',')})` : ''}${segs.length ? ` — ${segs.join('; ')}` : ''}`;
    });
  return `${ack.functionalId} group ${ack.acknowledgedGroupControlNumber}: ${ack.status}${ack.codes.length ? ` (${ack.codes.join(',')})` : ''}${sets.length ? `; ${sets.join('; ')}` : ''}`;
}

/**
 * The vendor's 997 for a group we sent (AK101 functional id and AK102 group
 * control number must both be ours): recorded; a rejected purchase order asks
 * a person on its order, with the AK3/AK4 detail.
 */
export async function plan997(
  pool: Pool,
  partner: Partner,
  tx: TransactionSet,
): Promise<{ plan: SetPlan; errors: EdiError[] }> {
  const read = read997(tx);
  if (!read.ok) return unreadable(partner, tx, read.errors);
  const ack = read.value;
  const detail = describe997(ack);
  const groupControl = Number(ack.acknowledgedGroupControlNumber);
  const docs = await documentsOfGroup(pool, partner.id, ack.functionalId, groupControl);
  if (!docs.length) {
    const why = `the 997 acknowledges ${ack.functionalId} group ${ack.acknowledgedGroupControlNumber}, which we never sent ${partner.id}`;
    return {
      plan: {
        record: recordOf(partner, tx, 'unmatched', {
          reference: ack.acknowledgedGroupControlNumber,
          detail: `${why}; ${detail}`,
          document: ack,
        }),
        signals: [],
      },
      errors: read.errors,
    };
  }
  const signals: OrderSignal[] = [];
  for (const doc of docs.filter((d) => d.type === '850' && d.allocationId)) {
    const allocation = await findAllocation(pool, doc.allocationId!);
    if (!allocation) continue;
    // Each of our groups holds one transaction set (ST02 0001).
    if (acknowledgedStatus(ack, '0001') === 'rejected') {
      const args: PartnerProblem = {
        allocationId: allocation.id,
        partnerId: partner.id,
        problem: `${partner.name} rejected our purchase order ${doc.poNumber} in its 997 (${detail})`,
        messageId: messageId(tx),
      };
      signals.push(orderSignal(allocation.workflowId, partnerProblemSignal, args));
    } else
      signals.push(
        orderSignal(allocation.workflowId, functionalAckSignal, {
          allocationId: allocation.id,
          partnerId: partner.id,
          messageId: messageId(tx),
        }),
      );
  }
  return {
    plan: {
      record: recordOf(partner, tx, 'pending', {
        reference: ack.acknowledgedGroupControlNumber,
        detail,
        document: ack,
      }),
      signals,
      settledAs: 'recorded',
      functionalAck: { functionalId: ack.functionalId, groupControl, status: ack.status, detail },
    },
    errors: read.errors,
  };
}
