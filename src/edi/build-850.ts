/**
 * 850 Purchase Order builder (004010) for a drop-ship allocation: BEG*00*DS,
 * optional REF/PER, TD5 for the requested service, the N1*ST ship-to loop,
 * one PO1 (+ optional PID) per line, CTT with line count and quantity hash total.
 */
import {
  ccyymmdd,
  decimal,
  freeText,
  identifier,
  quantity,
  resolveSeparators,
  writeInterchange,
  type OutboundEnvelope,
  type SegmentData,
} from './writer';

export interface Address {
  name: string;
  /** N3: one or two address lines per N3; more lines add another N3. */
  lines: string[];
  city: string;
  /** State/province code (2 letters for US/CA). */
  state: string;
  postalCode: string;
  /** ISO 3166 alpha-2, e.g. US. */
  country: string;
  phone?: string;
  email?: string;
}

export interface PurchaseOrderLine {
  /** PO101, echoed by the vendor in PO101 (855) and LIN01 (856). Max 20 characters. */
  lineId: string;
  quantity: number;
  /** PO103, default EA. */
  unit?: string;
  /** PO104, decimal string ("12.50") or number. */
  unitPrice: string | number;
  /** VN vendor part number, SK our SKU, UP UPC (written in that order when present). */
  vendorPartNumber?: string;
  sku?: string;
  upc?: string;
  /** PID*F free-form description. */
  description?: string;
}

export interface PurchaseOrder {
  poNumber: string;
  /** BEG05 PO date (written as CCYYMMDD, UTC). */
  poDate: Date;
  /** BEG02, default DS (drop ship). */
  orderType?: string;
  /** REF segments, e.g. { qualifier: 'CO', value: '#1001' } (customer order number), IA (vendor number). */
  references?: Array<{ qualifier: string; value: string; description?: string }>;
  /** PER contact at header level (PER01 function, e.g. BD buyer, OC order contact). */
  contact?: { function: string; name?: string; phone?: string; email?: string };
  /** TD5 requested service: TD503 SCAC (TD502 = 2), TD505 routing text, TD512 service level code. */
  service?: { scac?: string; routing?: string; serviceLevel?: string; transportationMethod?: string };
  shipTo: Address;
  lines: PurchaseOrderLine[];
}

/** The transaction body (ST/SE excluded), exported for tests and for batching several POs. */
export function purchaseOrderSegments(po: PurchaseOrder, seps = resolveSeparators()): SegmentData[] {
  if (po.lines.length === 0) throw new Error(`PO ${po.poNumber}: an 850 needs at least one line`);
  const text = (v: string | undefined, max: number) =>
    v === undefined ? undefined : freeText(v, max, seps) || undefined;
  const out: SegmentData[] = [
    ['BEG', '00', po.orderType ?? 'DS', identifier(po.poNumber, 22, 'BEG03 PO number'), undefined, ccyymmdd(po.poDate)],
  ];
  for (const ref of po.references ?? []) {
    out.push([
      'REF',
      identifier(ref.qualifier, 3, 'REF01'),
      identifier(ref.value, 30, `REF02 (${ref.qualifier})`),
      text(ref.description, 80),
    ]);
  }
  if (po.contact) out.push(contactSegment(po.contact.function, po.contact, seps));
  if (po.service && (po.service.scac || po.service.routing || po.service.serviceLevel)) {
    const s = po.service;
    out.push([
      'TD5',
      undefined,
      s.scac ? '2' : undefined,
      s.scac ? identifier(s.scac, 4, 'TD503 SCAC') : undefined,
      s.transportationMethod,
      text(s.routing, 35),
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      s.serviceLevel ? identifier(s.serviceLevel, 2, 'TD512 service level') : undefined,
    ]);
  }
  const a = po.shipTo;
  const shipToName = text(a.name, 60);
  if (!shipToName) throw new Error(`PO ${po.poNumber}: the ship-to has no name (N102)`);
  out.push(['N1', 'ST', shipToName]);
  const addressLines = a.lines.map((l) => text(l, 55)).filter((l): l is string => l !== undefined);
  if (addressLines.length === 0) throw new Error(`PO ${po.poNumber}: the ship-to address has no street line`);
  for (let i = 0; i < addressLines.length; i += 2) out.push(['N3', addressLines[i], addressLines[i + 1]]);
  out.push(['N4', text(a.city, 30), text(a.state, 2), text(a.postalCode, 15), text(a.country, 3)]);
  if (a.phone || a.email)
    out.push(
      contactSegment(
        'IC',
        { name: a.name, ...(a.phone ? { phone: a.phone } : {}), ...(a.email ? { email: a.email } : {}) },
        seps,
      ),
    );

  let hash = 0;
  const seen = new Set<string>();
  for (const line of po.lines) {
    const id = identifier(line.lineId, 20, 'PO101 line ID');
    if (seen.has(id)) throw new Error(`PO ${po.poNumber}: line ID ${id} is used twice`);
    seen.add(id);
    const qualifiers: Array<string | undefined> = [];
    if (line.vendorPartNumber) qualifiers.push('VN', identifier(line.vendorPartNumber, 48, `PO1 VN (line ${id})`));
    if (line.sku) qualifiers.push('SK', identifier(line.sku, 48, `PO1 SK (line ${id})`));
    if (line.upc) qualifiers.push('UP', identifier(line.upc, 48, `PO1 UP (line ${id})`));
    if (qualifiers.length === 0)
      throw new Error(`PO ${po.poNumber} line ${id}: give at least one of vendorPartNumber, sku, upc`);
    if (line.quantity <= 0) throw new Error(`PO ${po.poNumber} line ${id}: quantity must be positive`);
    hash += line.quantity;
    out.push([
      'PO1',
      id,
      quantity(line.quantity, `PO102 (line ${id})`),
      line.unit ?? 'EA',
      decimal(line.unitPrice, `PO104 (line ${id})`),
      'PE',
      ...qualifiers,
    ]);
    const description = text(line.description, 80);
    if (description) out.push(['PID', 'F', undefined, undefined, undefined, description]);
  }
  out.push(['CTT', String(po.lines.length), String(hash)]);
  return out;
}

function contactSegment(
  fn: string,
  c: { name?: string; phone?: string; email?: string },
  seps: ReturnType<typeof resolveSeparators>,
): SegmentData {
  const comms: string[] = [];
  if (c.phone) comms.push('TE', freeText(c.phone, 80, seps));
  if (c.email) comms.push('EM', freeText(c.email, 80, seps));
  return ['PER', identifier(fn, 2, 'PER01'), c.name ? freeText(c.name, 60, seps) : undefined, ...comms];
}

/** One 850 in its own interchange. `transactionControlNumber` defaults to 1. */
export function build850(po: PurchaseOrder, envelope: OutboundEnvelope, transactionControlNumber = 1): string {
  const seps = resolveSeparators(envelope.separators);
  return writeInterchange(envelope, 'PO', [
    { id: '850', controlNumber: transactionControlNumber, body: purchaseOrderSegments(po, seps) },
  ]);
}
