import type { EdiError, TransactionSet } from '../edi';
import type { OrderSignal } from '../order/contract';
import type { InboundRecord } from './edi-store';
import type { Partner } from './repository';

/**
 * What one received transaction set means, before anything happens: the
 * record kept in edi_inbound, the order signals it carries, and the effects
 * in PostgreSQL applied once it is kept (src/partner/edi-receive.ts).
 */
export interface SetPlan {
  record: InboundRecord;
  signals: OrderSignal[];
  /** A vendor's 997: recorded against the documents of the group it acknowledges, once the set is kept. */
  functionalAck?: { functionalId: string; groupControl: number; status: string; detail: string };
  /** What a pending set becomes once applied when it signals nothing (its effects are in PostgreSQL): default `signalled`. */
  settledAs?: InboundRecord['outcome'];
  /** A vendor's 846: its counts, applied to its catalog once the set is kept. */
  inventoryAdvice?: { sku?: string; vendorPartNumber?: string; available: number }[];
}

export const messageId = (tx: TransactionSet) =>
  `x12:${tx.interchangeControlNumber}:${tx.groupControlNumber}:${tx.controlNumber}`;

export function recordOf(
  partner: Partner,
  tx: TransactionSet,
  outcome: InboundRecord['outcome'],
  extra: Partial<InboundRecord> = {},
): InboundRecord {
  return {
    partnerId: partner.id,
    interchangeControl: tx.interchangeControlNumber,
    groupControl: tx.groupControlNumber,
    setControl: tx.controlNumber,
    type: tx.id,
    outcome,
    ...extra,
  };
}

/** A set the reader could not make sense of: kept as rejected, its errors go into our 997. */
export function unreadable(
  partner: Partner,
  tx: TransactionSet,
  errors: EdiError[],
): { plan: SetPlan; errors: EdiError[] } {
  return {
    plan: {
      record: recordOf(partner, tx, 'rejected', { detail: errors.map((e) => e.message).join('; ') }),
      signals: [],
    },
    errors,
  };
}
