import type { Pool } from 'pg';
import {
  acknowledgedStatus, acknowledgmentDecision, build997, parseX12, read855, read856, read865, read997,
  type EdiError, type Interchange, type TransactionSet,
} from '../edi';
import { findAllocation, type Partner } from './repository';
import { findPurchaseOrder, outboundDocument, recordFunctionalAck, seenShipNotice, type InboundRecord, type OutboundDocument } from './edi-store';
import type { CancellationAnswer, PartnerAcknowledgment, PartnerProblem, ShipmentNotice } from '../workflows/order/definitions';

/**
 * What a vendor's X12 file means for us: per transaction set, the order
 * signals it carries (855 -> acknowledgment of the PO's allocation, 856 ->
 * ship notice, and acceptance when no 855 came first), what is recorded
 * (997 against the documents we sent), and our 997 for every group. Reads
 * PostgreSQL and stores our 997s; it does not signal (the gateway does, after
 * keeping each set).
 */

export const SUPPORTED_SETS = ['855', '856', '865', '997'] as const;

export type PlannedSignal =
  | { workflowId: string; name: 'partnerAcknowledgment'; args: PartnerAcknowledgment }
  | { workflowId: string; name: 'shipment'; args: ShipmentNotice }
  | { workflowId: string; name: 'cancellationAnswer'; args: CancellationAnswer }
  | { workflowId: string; name: 'partnerProblem'; args: PartnerProblem }
  | { workflowId: string; name: 'functionalAck'; args: { allocationId: string; partnerId: string; messageId: string } };

export interface SetPlan {
  record: InboundRecord;
  signals: PlannedSignal[];
}

export type InboundPlan =
  | { readable: false; reason: string }
  | { readable: true; sets: SetPlan[]; acknowledgments: OutboundDocument[]; problems: string[] };

const messageId = (tx: TransactionSet) => `x12:${tx.interchangeControlNumber}:${tx.groupControlNumber}:${tx.controlNumber}`;

function recordOf(partner: Partner, tx: TransactionSet, outcome: InboundRecord['outcome'], extra: Partial<InboundRecord> = {}): InboundRecord {
  return { partnerId: partner.id, interchangeControl: tx.interchangeControlNumber, groupControl: tx.groupControlNumber, setControl: tx.controlNumber, type: tx.id, outcome, ...extra };
}

/** A set the reader could not make sense of: kept as rejected, its errors go into our 997. */
function unreadable(partner: Partner, tx: TransactionSet, errors: EdiError[]): { plan: SetPlan; errors: EdiError[] } {
  return { plan: { record: recordOf(partner, tx, 'rejected', { detail: errors.map((e) => e.message).join('; ') }), signals: [] }, errors };
}

/** The 850 we sent this partner under `poNumber`, and the allocation (and order workflow) it was for. */
async function purchaseOrderOf(pool: Pool, partner: Partner, poNumber: string) {
  const po = await findPurchaseOrder(pool, partner.id, poNumber);
  const allocation = po?.allocationId ? await findAllocation(pool, po.allocationId) : null;
  return { po, allocation };
}

async function plan855(pool: Pool, partner: Partner, tx: TransactionSet): Promise<{ plan: SetPlan; errors: EdiError[] }> {
  const read = read855(tx);
  if (!read.ok) return unreadable(partner, tx, read.errors);
  const ack = read.value;
  const { po, allocation } = await purchaseOrderOf(pool, partner, ack.poNumber);
  if (!po || !allocation) {
    return { plan: { record: recordOf(partner, tx, 'unmatched', { poNumber: ack.poNumber, detail: `no purchase order ${ack.poNumber} was sent to ${partner.id}`, document: ack }), signals: [] }, errors: read.errors };
  }
  const decision = acknowledgmentDecision(ack, { allowPartialAcceptance: partner.edi?.allowPartialAcceptance ?? false }, (po.lines ?? []).map((l) => ({ lineId: l.lineId, quantity: l.quantity, sku: l.sku })));
  // accepted: every unit; partially_accepted (the profile allows it): the accepted units per line, the rest rerouted.
  const accepted = decision.outcome !== 'rejected';
  const partial = decision.outcome === 'partially_accepted';
  const reason = accepted
    ? partial
      ? `vendor accepted part of PO ${ack.poNumber}: ${decision.lines.map((l) => `line ${l.lineId} ${l.accepted}/${l.ordered}`).join(', ')}`
      : null
    : `vendor rejected PO ${ack.poNumber}${decision.reasons.length ? `: ${decision.reasons.join('; ')}` : ''}`;
  const lines = partial
    ? decision.lines.flatMap((l) => {
        const sent = po.lines?.find((x) => x.lineId === l.lineId);
        return sent ? [{ lineItemId: sent.lineItemId, quantity: l.accepted }] : [];
      })
    : null;
  const args: PartnerAcknowledgment = { allocationId: allocation.id, partnerId: partner.id, decision: accepted ? 'accepted' : 'rejected', reason, messageId: messageId(tx), ...(lines ? { lines } : {}) };
  return {
    plan: {
      record: recordOf(partner, tx, 'pending', { poNumber: ack.poNumber, allocationId: allocation.id, detail: reason ?? 'accepted', document: { ack, decision } }),
      signals: [{ workflowId: allocation.workflowId, name: 'partnerAcknowledgment', args }],
    },
    errors: read.errors,
  };
}

async function plan856(pool: Pool, partner: Partner, tx: TransactionSet): Promise<{ plan: SetPlan; errors: EdiError[] }> {
  const edi = partner.edi!;
  const read = read856(tx, { tracking: edi.tracking, hierarchy: edi.hierarchy });
  if (!read.ok) return unreadable(partner, tx, read.errors);
  const asn = read.value;
  const signals: PlannedSignal[] = [];
  const notes: string[] = [];
  for (const order of asn.orders) {
    const { po, allocation } = await purchaseOrderOf(pool, partner, order.poNumber);
    if (!allocation) {
      notes.push(`no purchase order ${order.poNumber}`);
      continue;
    }
    if (await seenShipNotice(pool, partner.id, order.poNumber, asn.shipmentId)) {
      notes.push(`PO ${order.poNumber} shipment ${asn.shipmentId} already received`);
      continue;
    }
    const number = order.trackingNumbers[0] ?? asn.shipmentTracking[0];
    if (!number) {
      notes.push(`PO ${order.poNumber}: no tracking number where the profile says (${edi.tracking})`);
      continue;
    }
    const company = asn.carrier?.name ?? asn.carrier?.scac ?? null;
    // An ASN before the 855 accepts what it ships; the workflow keeps the first answer it gets.
    signals.push({ workflowId: allocation.workflowId, name: 'partnerAcknowledgment', args: { allocationId: allocation.id, partnerId: partner.id, decision: 'accepted', reason: 'ship notice received', messageId: `${messageId(tx)}:ack` } });
    // Shipped quantities per PO line (LIN01 echoes PO101); the workflow fulfills part when they fall short.
    const sameLine = (a: string, b: string) => a === b || (/^\d+$/.test(a) && /^\d+$/.test(b) && Number(a) === Number(b));
    const lines = order.lines.flatMap((l) => {
      const sent = po!.lines?.find((x) => sameLine(x.lineId, l.lineId) || (!!l.productIds.SK && x.sku === l.productIds.SK));
      return sent ? [{ lineItemId: sent.lineItemId, quantity: l.shippedQuantity }] : [];
    });
    signals.push({
      workflowId: allocation.workflowId,
      name: 'shipment',
      args: { allocationId: allocation.id, partnerId: partner.id, tracking: { number, company, url: null }, messageId: messageId(tx), ...(lines.length ? { lines } : {}) },
    });
  }
  const outcome: InboundRecord['outcome'] = signals.length ? 'pending' : asn.orders.length && notes.every((n) => n.includes('already received')) ? 'duplicate' : 'unmatched';
  return {
    plan: { record: recordOf(partner, tx, outcome, { poNumber: asn.orders.map((o) => o.poNumber).join(','), reference: asn.shipmentId, detail: notes.join('; ') || null, document: asn }), signals },
    errors: read.errors,
  };
}

/** The vendor's 997 for a group we sent: recorded; a rejected purchase order asks a person on its order. */
async function plan997(pool: Pool, partner: Partner, tx: TransactionSet): Promise<{ plan: SetPlan; errors: EdiError[] }> {
  const read = read997(tx);
  if (!read.ok) return unreadable(partner, tx, read.errors);
  const ack = read.value;
  const detail = `${ack.functionalId} group ${ack.acknowledgedGroupControlNumber}: ${ack.status}${ack.codes.length ? ` (${ack.codes.join(',')})` : ''}`;
  const docs = await recordFunctionalAck(pool, partner.id, Number(ack.acknowledgedGroupControlNumber), ack.status, detail);
  const signals: PlannedSignal[] = [];
  // Each of our groups holds one transaction set (ST02 0001).
  const rejected = acknowledgedStatus(ack, '0001') === 'rejected';
  for (const doc of docs.filter((d) => d.type === '850' && d.allocationId)) {
    const allocation = await findAllocation(pool, doc.allocationId!);
    if (!allocation) continue;
    if (rejected) {
      const args: PartnerProblem = { allocationId: allocation.id, partnerId: partner.id, problem: `${partner.name} rejected our purchase order ${doc.poNumber} in its 997 (${detail})`, messageId: messageId(tx) };
      signals.push({ workflowId: allocation.workflowId, name: 'partnerProblem', args });
    } else signals.push({ workflowId: allocation.workflowId, name: 'functionalAck', args: { allocationId: allocation.id, partnerId: partner.id, messageId: messageId(tx) } });
  }
  const outcome = signals.length ? 'pending' : docs.length ? 'recorded' : 'unmatched';
  return { plan: { record: recordOf(partner, tx, outcome, { reference: ack.acknowledgedGroupControlNumber, detail, document: ack }), signals }, errors: read.errors };
}

/** The vendor's 865 answer to our 860 cancel. */
async function plan865(pool: Pool, partner: Partner, tx: TransactionSet): Promise<{ plan: SetPlan; errors: EdiError[] }> {
  const read = read865(tx);
  if (!read.ok) return unreadable(partner, tx, read.errors);
  const answer = read.value;
  const { po, allocation } = await purchaseOrderOf(pool, partner, answer.poNumber);
  if (!allocation) return { plan: { record: recordOf(partner, tx, 'unmatched', { poNumber: answer.poNumber, detail: `no purchase order ${answer.poNumber} was sent to ${partner.id}`, document: answer }), signals: [] }, errors: read.errors };
  const args: CancellationAnswer = { allocationId: allocation.id, partnerId: partner.id, accepted: answer.accepted, reason: answer.messages.join('; ') || (answer.type ? `BCA02 ${answer.type}` : null), messageId: messageId(tx) };
  return {
    plan: { record: recordOf(partner, tx, 'pending', { poNumber: answer.poNumber, allocationId: allocation.id, detail: answer.accepted ? 'cancellation confirmed' : 'cancellation refused', document: answer }), signals: [{ workflowId: allocation.workflowId, name: 'cancellationAnswer', args }] },
    errors: read.errors,
  };
}

/**
 * Our 997 for one inbound interchange, stored under a key of its envelope (a
 * resend gets the same 997 with the same control numbers). Which sets it
 * accepts does not depend on the control numbers, so a probe build tells.
 */
async function acknowledge(pool: Pool, partner: Partner, ic: Interchange, parseErrors: EdiError[], readerErrors: EdiError[]) {
  const options = (control: { interchange: number; group: number }) => ({ control, date: new Date(), additionalErrors: readerErrors, supportedTransactionSets: [...SUPPORTED_SETS] });
  const probe = build997(ic, parseErrors, options({ interchange: 1, group: 1 }));
  if (!probe) return { doc: null, accepted: new Set(ic.groups.flatMap((g) => g.transactions)), groups: [] }; // only 997s: not acknowledged
  const key = `997:${ic.header.senderQualifier}:${ic.header.senderId}:${ic.header.controlNumber}`;
  const doc = await outboundDocument(pool, partner.id, key, '997', (control) => ({ body: build997(ic, parseErrors, options(control))!.text }));
  return { doc, accepted: new Set(probe.acceptedSets), groups: probe.groups };
}

export async function planInbound(pool: Pool, partner: Partner, text: string): Promise<InboundPlan> {
  const parsed = parseX12(text);
  if (!parsed.readable) return { readable: false, reason: parsed.reason };
  const sets: SetPlan[] = [];
  const acknowledgments: OutboundDocument[] = [];
  const problems: string[] = [];
  for (const ic of parsed.interchanges) {
    // The envelope must be the partner's own: a document from another sender is kept for ops, not acted on.
    const edi = partner.edi!;
    if (ic.header.senderQualifier.trim() !== edi.isaQualifier || ic.header.senderId.trim().toUpperCase() !== edi.isaId.trim().toUpperCase()) {
      const why = `ISA05/06 ${ic.header.senderQualifier.trim()}/${ic.header.senderId.trim()} is not ${partner.id}'s identity (${edi.isaQualifier}/${edi.isaId})`;
      problems.push(`interchange ${ic.header.controlNumber}: ${why}`);
      for (const tx of ic.groups.flatMap((g) => g.transactions)) sets.push({ record: recordOf(partner, tx, 'unmatched', { detail: why }), signals: [] });
      continue;
    }
    const own = parsed.errors.filter((e) => e.at.interchangeIndex === ic.index);
    const planned: { tx: TransactionSet; plan: SetPlan }[] = [];
    const readerErrors: EdiError[] = [];
    for (const tx of ic.groups.flatMap((g) => g.transactions)) {
      const plan = { '855': plan855, '856': plan856, '865': plan865, '997': plan997 }[tx.id];
      const r = plan ? await plan(pool, partner, tx) : null;
      if (!r) {
        planned.push({ tx, plan: { record: recordOf(partner, tx, 'rejected', { detail: `transaction set ${tx.id} is not supported` }), signals: [] } });
        continue;
      }
      readerErrors.push(...r.errors);
      planned.push({ tx, plan: r.plan });
    }
    const ack = await acknowledge(pool, partner, ic, own, readerErrors);
    if (ack.doc) acknowledgments.push(ack.doc);
    for (const g of ack.groups) if (g.status === 'R' || g.sets.some((x) => x.status === 'R')) problems.push(`group ${g.controlNumber} (${g.functionalId}): ${g.status}${g.codes.length ? ` codes ${g.codes.join(',')}` : ''}`);
    for (const { tx, plan } of planned) {
      if (ack.accepted.has(tx)) sets.push(plan);
      else sets.push({ record: { ...plan.record, outcome: 'rejected', detail: [plan.record.detail, 'rejected in our 997'].filter(Boolean).join('; ') }, signals: [] });
    }
  }
  for (const e of parsed.errors.filter((x) => x.severity === 'error')) problems.push(e.message);
  return { readable: true, sets, acknowledgments, problems };
}
