/**
 * What an 855 means for the PO we sent: per line, how many units the vendor
 * accepted, backordered and rejected — derived from the ACK segments, with BAK02
 * only as the default for lines the vendor sent no detail for:
 *  - BAK02 AC/AD/AE/AK/AP/AT/NA: lines without ACK are accepted as ordered
 *    (AE = "exception detail only", so unlisted lines are accepted);
 *  - BAK02 RD/RF/RJ/RN/RO (or missing/unknown): lines without ACK are rejected;
 *  - BAK02 AH (hold): lines without ACK are backordered.
 * Units a line's ACKs do not account for are rejected (backordered if the line
 * carries BP "partial shipment, balance backordered").
 * When the profile keeps backorders with the vendor, backordered units count as
 * accepted. When it does not allow partial acceptance, any rejected (or
 * rerouted backordered) unit rejects the whole PO.
 */
import type { Ack855, Ack855Line, LineStatusCode } from './po-ack-855';
import type { PartnerEdiProfile } from './types';

export type UnitDisposition = 'accepted' | 'backordered' | 'rejected';

/** How each ACK01 line item status counts. */
export const LINE_STATUS_DISPOSITION: Record<LineStatusCode, UnitDisposition> = {
  AC: 'accepted', // item accepted and shipped
  AR: 'accepted', // item accepted and released for shipment
  BP: 'accepted', // item accepted, partial shipment, balance backordered (quantity = accepted part)
  DR: 'accepted', // item accepted, date rescheduled
  IA: 'accepted', // item accepted
  IC: 'accepted', // item accepted, changes made
  IE: 'accepted', // item accepted, price pending
  IP: 'accepted', // item accepted, price changed
  IQ: 'accepted', // item accepted, quantity changed (quantity = new accepted quantity)
  IS: 'accepted', // item accepted, substitution made
  SP: 'accepted', // item accepted, schedule date pending
  IB: 'backordered', // item backordered
  IF: 'backordered', // item on hold, incomplete description
  IH: 'backordered', // item on hold
  IW: 'backordered', // item on hold, waiver required
  ID: 'rejected', // item deleted
  IR: 'rejected', // item rejected
  R1: 'rejected',
  R2: 'rejected',
  R3: 'rejected',
  R4: 'rejected', // rejected: not a contract item / invalid item / invalid unit / not available
  R5: 'rejected',
  R6: 'rejected',
  R7: 'rejected',
  R8: 'rejected', // rejected, reorder as ...
};

const DEFAULT_FOR_TYPE: Record<string, UnitDisposition> = {
  AC: 'accepted',
  AD: 'accepted',
  AE: 'accepted',
  AK: 'accepted',
  AP: 'accepted',
  AT: 'accepted',
  NA: 'accepted',
  AH: 'backordered',
  RD: 'rejected',
  RF: 'rejected',
  RJ: 'rejected',
  RN: 'rejected',
  RO: 'rejected',
};

/** A line of the PO we sent (PO101 and PO102), plus IDs to match vendors that do not echo PO101. */
export interface OrderedLine {
  lineId: string;
  quantity: number;
  sku?: string;
  vendorPartNumber?: string;
}

export interface LineDecision {
  lineId: string;
  ordered: number;
  accepted: number;
  backordered: number;
  rejected: number;
  /** ACK01 codes the vendor sent for this line, in order. */
  statuses: string[];
  /** IS: the vendor substitutes the item. */
  substituted: boolean;
  notes: string[];
}

export interface AcknowledgmentDecision {
  poNumber: string;
  /** `rejected` also when partial acceptance is not allowed and anything was rejected or backordered. */
  outcome: 'accepted' | 'partially_accepted' | 'rejected';
  lines: LineDecision[];
  reasons: string[];
  /** PO1 loops of the 855 that match no line we ordered. */
  unknownLines: string[];
}

const sameLineId = (a: string, b: string) => a === b || (/^\d+$/.test(a) && /^\d+$/.test(b) && Number(a) === Number(b));

export function acknowledgmentDecision(
  ack: Ack855,
  profile: Pick<PartnerEdiProfile, 'allowPartialAcceptance' | 'keepBackorders'>,
  ordered: readonly OrderedLine[],
): AcknowledgmentDecision {
  const reasons: string[] = [];
  const fallback = (ack.type && DEFAULT_FOR_TYPE[ack.type]) || 'rejected';
  if (!ack.type || !DEFAULT_FOR_TYPE[ack.type])
    reasons.push(`BAK02 ${ack.type ?? '(missing or unknown)'}: lines without detail count as rejected`);

  // Group the 855's PO1 loops by the ordered line they answer (a vendor may split a line into several PO1s).
  const byLine = new Map<string, Ack855Line[]>();
  const unknownLines: string[] = [];
  for (const line of ack.lines) {
    const match = ordered.find((o) =>
      line.lineId !== ''
        ? sameLineId(line.lineId, o.lineId)
        : (o.sku !== undefined && line.productIds['SK'] === o.sku) ||
          (o.vendorPartNumber !== undefined && line.productIds['VN'] === o.vendorPartNumber),
    );
    if (!match) {
      unknownLines.push(line.lineId || Object.values(line.productIds)[0] || `PO1 at segment ${line.segmentPosition}`);
      continue;
    }
    byLine.set(match.lineId, [...(byLine.get(match.lineId) ?? []), line]);
  }

  const lines = ordered.map((o) => decideLine(o, byLine.get(o.lineId) ?? [], fallback));
  // A vendor trusted with its backorders keeps them: they count as accepted (it ships them when it has them).
  if (profile.keepBackorders) {
    for (const l of lines.filter((x) => x.backordered > 0)) {
      l.notes.push(`${l.backordered} backordered unit(s) stay with the vendor (keepBackorders)`);
      l.accepted += l.backordered;
      l.backordered = 0;
    }
  }
  const accepted = lines.reduce((n, l) => n + l.accepted, 0);
  const problems = lines.filter((l) => l.rejected > 0 || l.backordered > 0);
  for (const l of problems)
    reasons.push(
      `line ${l.lineId}: ${l.accepted} accepted, ${l.backordered} backordered, ${l.rejected} rejected of ${l.ordered}`,
    );
  if (unknownLines.length) reasons.push(`the 855 acknowledges lines we did not order: ${unknownLines.join(', ')}`);

  let outcome: AcknowledgmentDecision['outcome'];
  if (accepted === 0) outcome = 'rejected';
  else if (problems.length === 0) outcome = 'accepted';
  else if (!profile.allowPartialAcceptance) {
    outcome = 'rejected';
    reasons.unshift('the partner profile does not allow partial acceptance, so the whole PO counts as rejected');
  } else outcome = 'partially_accepted';
  return { poNumber: ack.poNumber, outcome, lines, reasons, unknownLines };
}

function decideLine(o: OrderedLine, loops: Ack855Line[], fallback: UnitDisposition): LineDecision {
  const d: LineDecision = {
    lineId: o.lineId,
    ordered: o.quantity,
    accepted: 0,
    backordered: 0,
    rejected: 0,
    statuses: [],
    substituted: false,
    notes: [],
  };
  let remaining = o.quantity;
  const add = (kind: UnitDisposition, qty: number) => {
    const n = Math.min(qty, remaining);
    if (n < qty) d.notes.push(`vendor acknowledged ${qty - n} more unit(s) than remain on the line; capped`);
    d[kind] += n;
    remaining -= n;
  };
  const acks = loops.flatMap((l) => l.acks);
  if (acks.length === 0) {
    // No ACK detail: the echoed PO102 (if lower) caps what the BAK02 default covers.
    const echoed = loops.length ? loops.reduce((n, l) => n + (l.quantity ?? o.quantity), 0) : o.quantity;
    add(fallback, Math.min(echoed, o.quantity));
    if (remaining > 0) {
      d.notes.push(`the 855 echoes ${echoed} of ${o.quantity} units and no ACK; the rest counts as rejected`);
      add('rejected', remaining);
    }
    return d;
  }
  const dispositionOf = (status: string): UnitDisposition => {
    const known = (LINE_STATUS_DISPOSITION as Record<string, UnitDisposition | undefined>)[status];
    if (!known) d.notes.push(`unknown ACK01 ${JSON.stringify(status)} counts as rejected`);
    return known ?? 'rejected';
  };
  for (const a of acks) {
    d.statuses.push(a.status);
    if (a.status === 'IS') d.substituted = true;
    if (a.quantity !== null) add(dispositionOf(a.status), a.quantity);
  }
  for (const a of acks) if (a.quantity === null && remaining > 0) add(dispositionOf(a.status), remaining);
  if (remaining > 0) {
    const balance: UnitDisposition = d.statuses.includes('BP') ? 'backordered' : 'rejected';
    d.notes.push(`${remaining} unit(s) not covered by any ACK count as ${balance}`);
    add(balance, remaining);
  }
  return d;
}
