import type { Pool } from 'pg';
import { createHash } from 'node:crypto';
import {
  acknowledgmentChanges,
  acknowledgmentDecision,
  build997,
  parseX12,
  read855,
  read865,
  type EdiError,
  type EdiIdentity,
  type Interchange,
  type TransactionSet,
} from '../edi';
import { findAllocation, type Partner } from './repository';
import { findPurchaseOrder, outboundDocument, type OutboundDocument } from './edi-store';
import { messageId, recordOf, unreadable, type SetPlan } from './edi-plan';
import { plan997 } from './edi-functional-ack';
import { planShipNotice } from './edi-ship-notice';
import { planInvoice } from './edi-invoice';
import { planInventoryAdvice } from './edi-inventory-advice';
import {
  cancellationAnswerSignal,
  orderSignal,
  partnerAcknowledgmentSignal,
  partnerProblemSignal,
  type CancellationAnswer,
  type PartnerAcknowledgment,
} from '../order/contract';

export type { SetPlan } from './edi-plan';

/**
 * What a vendor's X12 file means for us: per transaction set, the order
 * signals it carries (855 -> acknowledgment of the PO's allocation, 856 ->
 * ship notice, and acceptance when no 855 came first), what is recorded
 * (997 against the documents we sent), and our 997 for every group. Reads
 * PostgreSQL and stores our 997s; it does not signal (the gateway does, after
 * keeping each set).
 */

export const SUPPORTED_SETS = ['810', '846', '855', '856', '865', '997'] as const;

export type InboundPlan =
  | { readable: false; reason: string }
  | { readable: true; sets: SetPlan[]; acknowledgments: OutboundDocument[]; problems: string[] };

/** The 850 we sent this partner under `poNumber`, and the allocation (and order workflow) it was for. */
async function purchaseOrderOf(pool: Pool, partner: Partner, poNumber: string) {
  const po = await findPurchaseOrder(pool, partner.id, poNumber);
  const allocation = po?.allocationId ? await findAllocation(pool, po.allocationId) : null;
  return { po, allocation };
}

async function plan855(
  pool: Pool,
  partner: Partner,
  tx: TransactionSet,
): Promise<{ plan: SetPlan; errors: EdiError[] }> {
  const read = read855(tx);
  if (!read.ok) return unreadable(partner, tx, read.errors);
  const ack = read.value;
  const { po, allocation } = await purchaseOrderOf(pool, partner, ack.poNumber);
  if (!po || !allocation) {
    return {
      plan: {
        record: recordOf(partner, tx, 'unmatched', {
          poNumber: ack.poNumber,
          detail: `no purchase order ${ack.poNumber} was sent to ${partner.id}`,
          document: ack,
        }),
        signals: [],
      },
      errors: read.errors,
    };
  }
  const decision = acknowledgmentDecision(
    ack,
    {
      allowPartialAcceptance: partner.edi?.allowPartialAcceptance ?? false,
      keepBackorders: partner.edi?.keepBackorders ?? false,
    },
    (po.lines ?? []).map((l) => ({
      lineId: l.lineId,
      quantity: l.quantity,
      sku: l.sku,
      ...(l.vendorPartNumber ? { vendorPartNumber: l.vendorPartNumber } : {}),
    })),
  );
  // BAK01 01: the vendor cancels its acknowledgment, whatever the lines say.
  if (ack.purpose === '01') {
    decision.outcome = 'rejected';
    decision.reasons.unshift('the vendor cancelled its acknowledgment (BAK01 01)');
  }
  // accepted: every unit; partially_accepted (the profile allows it): the accepted units per line, the rest rerouted.
  const accepted = decision.outcome !== 'rejected';
  const partial = decision.outcome === 'partially_accepted';
  const reason = accepted
    ? partial
      ? `vendor accepted part of PO ${ack.poNumber}: ${decision.lines.map((l) => `line ${l.lineId} ${l.accepted}/${l.ordered}`).join(', ')}`
      : null
    : `vendor rejected PO ${ack.poNumber}${decision.reasons.length ? `: ${decision.reasons.join('; ')}` : ''}`;
  const unitsPer = (count: (l: (typeof decision.lines)[number]) => number) =>
    decision.lines.flatMap((l) => {
      const sent = po.lines?.find((x) => x.lineId === l.lineId);
      return sent ? [{ lineItemId: sent.lineItemId, quantity: count(l) }] : [];
    });
  // Partially accepted: the accepted units per line. Refused whole although the vendor would ship some units
  // (no partial acceptance, or BAK01 01 after a partial one): those units, so the order withdraws the PO (an 860).
  const kept = unitsPer((l) => l.accepted + l.backordered);
  const lines = partial ? unitsPer((l) => l.accepted) : !accepted && kept.some((l) => l.quantity > 0) ? kept : null;
  const args: PartnerAcknowledgment = {
    allocationId: allocation.id,
    partnerId: partner.id,
    decision: accepted ? 'accepted' : 'rejected',
    reason,
    messageId: messageId(tx),
    ...(lines ? { lines } : {}),
  };
  // Prices, substitutions, other changes or another unit of measure: not a plain acceptance; a person decides.
  const changes = accepted ? acknowledgmentChanges(ack) : [];
  if (changes.length) {
    const problem = `${partner.name} accepted PO ${ack.poNumber} with changes: ${changes.join('; ')}`;
    return {
      plan: {
        record: recordOf(partner, tx, 'pending', {
          poNumber: ack.poNumber,
          allocationId: allocation.id,
          detail: problem,
          document: { ack, decision, changes },
        }),
        signals: [
          orderSignal(allocation.workflowId, partnerProblemSignal, {
            allocationId: allocation.id,
            partnerId: partner.id,
            problem,
            messageId: messageId(tx),
          }),
        ],
      },
      errors: read.errors,
    };
  }
  return {
    plan: {
      record: recordOf(partner, tx, 'pending', {
        poNumber: ack.poNumber,
        allocationId: allocation.id,
        detail: reason ?? 'accepted',
        document: { ack, decision },
      }),
      signals: [orderSignal(allocation.workflowId, partnerAcknowledgmentSignal, args)],
    },
    errors: read.errors,
  };
}

/** The vendor's 865 answer to our 860 cancel. */
async function plan865(
  pool: Pool,
  partner: Partner,
  tx: TransactionSet,
): Promise<{ plan: SetPlan; errors: EdiError[] }> {
  const read = read865(tx);
  if (!read.ok) return unreadable(partner, tx, read.errors);
  const answer = read.value;
  const { allocation } = await purchaseOrderOf(pool, partner, answer.poNumber);
  if (!allocation)
    return {
      plan: {
        record: recordOf(partner, tx, 'unmatched', {
          poNumber: answer.poNumber,
          detail: `no purchase order ${answer.poNumber} was sent to ${partner.id}`,
          document: answer,
        }),
        signals: [],
      },
      errors: read.errors,
    };
  const args: CancellationAnswer = {
    allocationId: allocation.id,
    partnerId: partner.id,
    accepted: answer.accepted,
    reason: answer.messages.join('; ') || (answer.type ? `BCA02 ${answer.type}` : null),
    messageId: messageId(tx),
  };
  return {
    plan: {
      record: recordOf(partner, tx, 'pending', {
        poNumber: answer.poNumber,
        allocationId: allocation.id,
        detail: answer.accepted ? 'cancellation confirmed' : 'cancellation refused',
        document: answer,
      }),
      signals: [orderSignal(allocation.workflowId, cancellationAnswerSignal, args)],
    },
    errors: read.errors,
  };
}

/** A digest of the interchange as received: a corrected resend under the same ISA13 is another interchange. */
function fingerprint(ic: Interchange): string {
  const segs = [
    ic.isa,
    ...ic.ta1s,
    ...ic.groups.flatMap((g) => [
      g.header,
      ...g.transactions.flatMap((t) => t.segments),
      ...(g.trailer ? [g.trailer] : []),
    ]),
    ...(ic.iea ? [ic.iea] : []),
  ];
  return createHash('sha256')
    .update(JSON.stringify(segs.map((x) => x.elements)))
    .digest('hex')
    .slice(0, 16);
}

/**
 * The receiver check: ISA07/08 and every GS03 must name us. Anything else is
 * an interchange for someone else: rejected whole (TA1 008 / 007 / 024).
 */
function receiverErrors(ic: Interchange, us: EdiIdentity): EdiError[] {
  const same = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();
  const h = ic.header;
  const at = { interchangeIndex: ic.index, interchangeControlNumber: h.controlNumber };
  const errors: EdiError[] = [];
  if (!same(h.receiverQualifier, us.isaQualifier))
    errors.push({
      level: 'interchange',
      code: '007',
      severity: 'error',
      at: { ...at, segmentId: 'ISA', elementPosition: 7, value: h.receiverQualifier },
      message: `ISA07 ${h.receiverQualifier} is not our qualifier ${us.isaQualifier}: interchange ${h.controlNumber} is not addressed to us`,
    });
  else if (!same(h.receiverId, us.isaId))
    errors.push({
      level: 'interchange',
      code: '008',
      severity: 'error',
      at: { ...at, segmentId: 'ISA', elementPosition: 8, value: h.receiverId },
      message: `ISA08 ${h.receiverId} is not us (${us.isaId}): interchange ${h.controlNumber} is not addressed to us`,
    });
  for (const g of ic.groups) {
    if (!same(g.receiverCode, us.gsApplicationCode))
      errors.push({
        level: 'interchange',
        code: '024',
        severity: 'error',
        at: { ...at, segmentId: 'GS', elementPosition: 3, value: g.receiverCode },
        message: `GS03 ${g.receiverCode} of group ${g.controlNumber} is not us (${us.gsApplicationCode}): interchange ${h.controlNumber} is not addressed to us`,
      });
  }
  return errors;
}

/**
 * Our answer to one inbound interchange (TA1 and/or 997), stored under a key
 * of its envelope and content: the same interchange again gets the same answer
 * with the same control numbers; a corrected resend under the same ISA13 gets
 * its own. Which sets it accepts does not depend on the control numbers, so a
 * probe build tells.
 */
async function acknowledge(
  pool: Pool,
  partner: Partner,
  ic: Interchange,
  envelopeErrors: EdiError[],
  readerErrors: EdiError[],
  us: EdiIdentity,
) {
  const options = (control: { interchange: number; group: number }) => ({
    control,
    date: new Date(),
    additionalErrors: readerErrors,
    supportedTransactionSets: [...SUPPORTED_SETS],
    sender: us,
  });
  const probe = build997(ic, envelopeErrors, options({ interchange: 1, group: 1 }));
  if (probe.text === null) return { doc: null, probe };
  const key = `997:${ic.header.senderQualifier}:${ic.header.senderId}:${ic.header.controlNumber}:${fingerprint(ic)}`;
  const doc = await outboundDocument(pool, partner.id, key, '997', (control) => ({
    body: build997(ic, envelopeErrors, options(control)).text!,
  }));
  return { doc, probe };
}

/**
 * Plan one X12 file from a vendor. Per interchange: the sender must be the
 * partner, the receiver us; an interchange-level error (IEA01 count, IEA02 vs
 * ISA13, IEA missing, receiver) rejects it whole (TA1 R, nothing applied); a
 * test interchange (ISA15 T) is acknowledged and, unless the partner's
 * `testInterchanges` is `apply`, never acted on.
 */
export async function planInbound(pool: Pool, partner: Partner, text: string, us: EdiIdentity): Promise<InboundPlan> {
  const parsed = parseX12(text);
  if (!parsed.readable) return { readable: false, reason: parsed.reason };
  const sets: SetPlan[] = [];
  const acknowledgments: OutboundDocument[] = [];
  const problems: string[] = [];
  const edi = partner.edi!;
  for (const ic of parsed.interchanges) {
    // The envelope must be the partner's own: a document from another sender is kept for ops, not acted on.
    if (
      ic.header.senderQualifier.trim() !== edi.isaQualifier ||
      ic.header.senderId.trim().toUpperCase() !== edi.isaId.trim().toUpperCase()
    ) {
      const why = `ISA05/06 ${ic.header.senderQualifier.trim()}/${ic.header.senderId.trim()} is not ${partner.id}'s identity (${edi.isaQualifier}/${edi.isaId})`;
      problems.push(`interchange ${ic.header.controlNumber}: ${why}`);
      for (const tx of ic.groups.flatMap((g) => g.transactions))
        sets.push({ record: recordOf(partner, tx, 'unmatched', { detail: why }), signals: [] });
      continue;
    }
    const envelopeErrors = [
      ...parsed.errors.filter((e) => e.at.interchangeIndex === ic.index),
      ...receiverErrors(ic, us),
    ];
    const all = ic.groups.flatMap((g) => g.transactions);
    const rejectedWhole = envelopeErrors.some((e) => e.level === 'interchange' && e.severity === 'error');
    const planned: { tx: TransactionSet; plan: SetPlan }[] = [];
    const readerErrors: EdiError[] = [];
    // A rejected interchange is not read any further: nothing in it is applied.
    for (const tx of rejectedWhole ? [] : all) {
      const plan = {
        '810': planInvoice,
        '846': planInventoryAdvice,
        '855': plan855,
        '856': planShipNoticeOf,
        '865': plan865,
        '997': plan997,
      }[tx.id];
      const r = plan ? await plan(pool, partner, tx) : null;
      if (!r) {
        planned.push({
          tx,
          plan: {
            record: recordOf(partner, tx, 'rejected', { detail: `transaction set ${tx.id} is not supported` }),
            signals: [],
          },
        });
        continue;
      }
      readerErrors.push(...r.errors);
      planned.push({ tx, plan: r.plan });
    }
    const { doc, probe } = await acknowledge(pool, partner, ic, envelopeErrors, readerErrors, us);
    if (doc) acknowledgments.push(doc);
    const test = ic.header.usageIndicator === 'T' && edi.testInterchanges !== 'apply';
    if (probe.interchange.status === 'R') {
      const why = `interchange ${ic.header.controlNumber} rejected whole (TA1 ${probe.interchange.code}): ${probe.interchange.errors.map((e) => e.message).join('; ')}`;
      problems.push(why);
      for (const tx of all) sets.push({ record: recordOf(partner, tx, 'rejected', { detail: why }), signals: [] });
      continue;
    }
    for (const e of envelopeErrors.filter((x) => x.severity === 'error')) problems.push(e.message);
    for (const g of probe.groups)
      if (g.status === 'R' || g.sets.some((x) => x.status === 'R'))
        problems.push(
          `group ${g.controlNumber} (${g.functionalId}): ${g.status}${g.codes.length ? ` codes ${g.codes.join(',')}` : ''}`,
        );
    const accepted = new Set(probe.acceptedSets);
    for (const { tx, plan } of planned) {
      if (!accepted.has(tx))
        sets.push({
          record: {
            ...plan.record,
            outcome: 'rejected',
            detail: [plan.record.detail, 'rejected in our 997'].filter(Boolean).join('; '),
          },
          signals: [],
        });
      else if (test)
        sets.push({
          record: {
            ...plan.record,
            outcome: 'test',
            detail: [plan.record.detail, 'test interchange (ISA15 T): acknowledged, not acted on']
              .filter(Boolean)
              .join('; '),
          },
          signals: [],
        });
      else sets.push(plan);
    }
  }
  // Segments outside every interchange (after an IEA, before the next ISA) belong to none: reported, nothing else.
  for (const e of parsed.errors.filter((x) => x.at.interchangeIndex === undefined && x.severity === 'error'))
    problems.push(e.message);
  return { readable: true, sets, acknowledgments, problems };
}

const planShipNoticeOf = (pool: Pool, partner: Partner, tx: TransactionSet) =>
  planShipNotice(pool, partner, tx, messageId(tx));
