/**
 * 860 Purchase Order Change Request builder (004010): cancel (BCH01 = 01) or
 * change (BCH01 = 04) of a PO we sent. Changes carry one POC per changed line
 * (POC01 line ID, POC02 change type, POC03 new quantity ordered, POC04 quantity
 * left to receive), then CTT.
 */
import {
  ccyymmdd,
  decimal,
  identifier,
  quantity,
  writeInterchange,
  type OutboundEnvelope,
  type SegmentData,
} from './writer';

/** POC02 change or response type codes (element 670) we send. */
export type LineChangeType =
  | 'DI' // delete item
  | 'QD' // quantity decrease
  | 'QI' // quantity increase
  | 'CA' // changes to line items
  | 'PC'; // price change

export interface LineChange {
  /** The PO101 of the line in the original 850. */
  lineId: string;
  type: LineChangeType;
  /** POC03: the new quantity ordered (0 for DI). */
  quantityOrdered: number;
  /** POC04: the quantity still to ship; defaults to quantityOrdered. */
  quantityLeftToReceive?: number;
  /** POC05, default EA. */
  unit?: string;
  /** POC06 unit price, when the change includes one (PC, CA). */
  unitPrice?: string | number;
  /** Product IDs echoing the 850 (POC08..). */
  vendorPartNumber?: string;
  sku?: string;
  upc?: string;
}

export type PurchaseOrderChange =
  | { kind: 'cancel'; poNumber: string; poDate: Date; changeDate: Date; changeSequence?: string; orderType?: string }
  | {
      kind: 'change';
      poNumber: string;
      poDate: Date;
      changeDate: Date;
      changeSequence?: string;
      orderType?: string;
      lines: LineChange[];
    };

export function purchaseOrderChangeSegments(change: PurchaseOrderChange): SegmentData[] {
  const purpose = change.kind === 'cancel' ? '01' : '04';
  const po = identifier(change.poNumber, 22, 'BCH03 PO number');
  // BCH06 = PO date, BCH11 = date of the change request.
  const out: SegmentData[] = [
    [
      'BCH',
      purpose,
      change.orderType ?? 'DS',
      po,
      undefined,
      change.changeSequence ? identifier(change.changeSequence, 8, 'BCH05') : undefined,
      ccyymmdd(change.poDate),
      undefined,
      undefined,
      undefined,
      undefined,
      ccyymmdd(change.changeDate),
    ],
  ];
  if (change.kind === 'cancel') return out;
  if (change.lines.length === 0) throw new Error(`PO ${po}: a change (BCH01 04) needs at least one POC line`);
  let hash = 0;
  const seen = new Set<string>();
  for (const l of change.lines) {
    const id = identifier(l.lineId, 20, 'POC01 line ID');
    if (seen.has(id)) throw new Error(`PO ${po}: line ${id} is changed twice`);
    seen.add(id);
    if (l.type === 'DI' && l.quantityOrdered !== 0)
      throw new Error(`PO ${po} line ${id}: DI (delete item) must set quantityOrdered to 0`);
    const left = l.quantityLeftToReceive ?? l.quantityOrdered;
    if (left > l.quantityOrdered)
      throw new Error(
        `PO ${po} line ${id}: quantity left to receive ${left} exceeds quantity ordered ${l.quantityOrdered}`,
      );
    const ids: string[] = [];
    if (l.vendorPartNumber) ids.push('VN', identifier(l.vendorPartNumber, 48, `POC VN (line ${id})`));
    if (l.sku) ids.push('SK', identifier(l.sku, 48, `POC SK (line ${id})`));
    if (l.upc) ids.push('UP', identifier(l.upc, 48, `POC UP (line ${id})`));
    hash += l.quantityOrdered;
    out.push([
      'POC',
      id,
      l.type,
      quantity(l.quantityOrdered, `POC03 (line ${id})`),
      quantity(left, `POC04 (line ${id})`),
      l.unit ?? 'EA',
      l.unitPrice !== undefined ? decimal(l.unitPrice, `POC06 (line ${id})`) : undefined,
      l.unitPrice !== undefined ? 'PE' : undefined,
      ...ids,
    ]);
  }
  out.push(['CTT', String(change.lines.length), String(hash)]);
  return out;
}

/** One 860 in its own interchange (GS01 PC). `transactionControlNumber` defaults to 1. */
export function build860(
  change: PurchaseOrderChange,
  envelope: OutboundEnvelope,
  transactionControlNumber = 1,
): string {
  return writeInterchange(envelope, 'PC', [
    { id: '860', controlNumber: transactionControlNumber, body: purchaseOrderChangeSegments(change) },
  ]);
}
