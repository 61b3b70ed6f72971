import type { Pool } from 'pg';
import type { Logger } from '../logger';
import type { EdiIdentity } from '../edi';
import { planInbound, type SetPlan } from './edi-inbound';
import {
  claimInbound,
  markSent,
  recordFunctionalAck,
  settleInbound,
  unsentAcknowledgments,
  type OutboundDocument,
} from './edi-store';
import { ediIdentityFromEnv } from '../config';
import { adviseAvailability } from './vendor-catalog';
import type { Partner } from './repository';
import { deliver } from './transport';
import { OrderInboxError, type OrderInbox } from '../orders/inbox';

/**
 * Receiving one X12 file from a vendor, wherever it came from (HTTP or its
 * drop folder): every transaction set is kept in PostgreSQL before anything is
 * signalled, the order workflows get their signals, and our 997s go back over
 * the partner's transport.
 */
export interface ReceiveDeps {
  pool: Pool;
  logger: Logger;
  /** Where the order signals go; throws OrderInboxError when Temporal cannot take one. */
  orders: Pick<OrderInbox, 'send'>;
  /** Our envelope identity (the receiver every interchange must name); default: from EDI_ISA_QUALIFIER / EDI_ISA_ID / EDI_GS_APPLICATION_CODE. */
  us?: EdiIdentity;
}

export interface SetResult {
  type: string;
  interchange: string;
  group: string;
  control: string;
  outcome: string;
  detail: string | null;
}

export type Receipt =
  | { readable: false; reason: string }
  | {
      readable: true;
      sets: SetResult[];
      acknowledgments: { interchangeControl: number; sent: boolean }[];
      x12: string;
      problems: string[];
    };

export async function receiveEdi(d: ReceiveDeps, partner: Partner, text: string): Promise<Receipt> {
  const plan = await planInbound(d.pool, partner, text, d.us ?? ediIdentityFromEnv());
  if (!plan.readable) {
    d.logger.warn({ partnerId: partner.id, reason: plan.reason }, 'unreadable X12 refused');
    return plan;
  }
  const sets: SetResult[] = [];
  for (const set of plan.sets) sets.push(await applySet(d, partner, set));
  const acknowledgments = [];
  for (const doc of plan.acknowledgments)
    acknowledgments.push({
      interchangeControl: doc.interchangeControl,
      sent: await sendAcknowledgment(d, partner, doc),
    });
  // Earlier answers whose delivery failed go out now too (our 997s are owed, whatever became of the transport then).
  await resendUnsentAcknowledgments(d, partner, new Set(plan.acknowledgments.map((a) => a.docKey)));
  d.logger.info(
    { partnerId: partner.id, sets: sets.map((r) => `${r.type}:${r.control}:${r.outcome}`) },
    'X12 received',
  );
  return {
    readable: true,
    sets,
    acknowledgments,
    x12: plan.acknowledgments.map((a) => a.body).join(''),
    problems: plan.problems,
  };
}

/** Deliver one of our acknowledgments (TA1/997); kept with sent_at null when the transport fails, and sent again later. */
async function sendAcknowledgment(
  d: Pick<ReceiveDeps, 'pool' | 'logger'>,
  partner: Partner,
  doc: OutboundDocument,
): Promise<boolean> {
  try {
    await deliver(partner.transport!, {
      filename: `997-${doc.interchangeControl}.x12`,
      body: doc.body,
      contentType: 'application/edi-x12',
      idempotencyKey: `${partner.id}:${doc.docKey}`,
    });
    await markSent(d.pool, partner.id, doc.docKey);
    return true;
  } catch (err) {
    d.logger.error(
      { partnerId: partner.id, doc: doc.docKey, err: (err as Error).message },
      '997 delivery failed; it is sent again at the next poll or receipt',
    );
    return false;
  }
}

/** Our acknowledgments to this partner that never reached it, sent again (oldest first; stops at the first failure). */
export async function resendUnsentAcknowledgments(
  d: Pick<ReceiveDeps, 'pool' | 'logger'>,
  partner: Partner,
  skip: ReadonlySet<string> = new Set(),
): Promise<number> {
  if (!partner.transport) return 0;
  let sent = 0;
  for (const doc of await unsentAcknowledgments(d.pool, partner.id)) {
    if (skip.has(doc.docKey)) continue;
    if (!(await sendAcknowledgment(d, partner, doc))) break;
    sent++;
  }
  return sent;
}

async function applySet(d: ReceiveDeps, partner: Partner, set: SetPlan): Promise<SetResult> {
  const r = set.record;
  const result = (outcome: string, detail = r.detail ?? null): SetResult => ({
    type: r.type,
    interchange: r.interchangeControl,
    group: r.groupControl,
    control: r.setControl,
    outcome,
    detail,
  });
  const claim = await claimInbound(d.pool, r);
  if (claim === 'duplicate') return result('duplicate', 'received before');
  if (r.outcome !== 'pending') return result(r.outcome);
  // Effects in PostgreSQL happen after the set is kept as pending, so a failure leaves it to be retried on a resend.
  let detail: string | undefined;
  if (set.functionalAck) {
    const f = set.functionalAck;
    await recordFunctionalAck(d.pool, partner.id, f.functionalId, f.groupControl, f.status, f.detail);
  }
  if (set.inventoryAdvice) {
    const updated = await adviseAvailability(d.pool, partner.id, set.inventoryAdvice);
    detail = `${r.detail ?? 'inventory advice'}; catalog updated for ${updated.length ? updated.join(', ') : 'no SKU of its active catalog'}`;
  }
  for (const s of set.signals) {
    try {
      await d.orders.send(s);
    } catch (err) {
      if (!(err instanceof OrderInboxError && err.kind === 'gone')) throw err; // stays pending: a resend signals again
      const why = `the order's workflow ${s.workflowId} has finished`;
      await settleInbound(d.pool, r, 'unmatched', why);
      return result('unmatched', why);
    }
  }
  const outcome = set.signals.length ? 'signalled' : (set.settledAs ?? 'signalled');
  await settleInbound(d.pool, r, outcome, detail);
  return result(outcome, detail ?? r.detail ?? null);
}
