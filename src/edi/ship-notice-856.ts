/**
 * 856 Ship Notice/Manifest reader (004010), drop-ship shape: BSN, then the HL
 * tree (see hl-tree.ts). Shipment level: TD5 carrier, REF*CN; order level: PRF01
 * PO number; pack level: tracking in any layout the standard allows (REF*CN,
 * MAN*CP, MAN*GM SSCC-18 + REF*2I; the profile's first), REF*BM / TD3 when a
 * freight shipment has no parcel tracking; item level: LIN (LIN01 echoes PO101,
 * optional: UP/VN/BP/SK name the item otherwise) and SN1.
 */
import { ancestors, buildHlTree, descendants, nearest, type HlNode } from './hl-tree';
import { el, TransactionReader, type ReadResult } from './reading';
import type { PartnerEdiProfile, Segment, TransactionSet } from './types';

export interface Carrier {
  /** TD503 when TD502 is 2 (SCAC) or any ID code is given. */
  scac: string | null;
  /** TD505 routing (free text, e.g. "UPS GROUND"). */
  name: string | null;
  /** TD504 transportation method (U private parcel, M motor, ...). */
  method: string | null;
  /** TD512 service level code (e.g. ND next day, SE second day, G2 standard). */
  serviceLevel: string | null;
}

export interface Asn856Package {
  hl: string;
  trackingNumbers: string[];
  /** MAN*GM SSCC-18, when sent. */
  sscc: string | null;
}

export interface Asn856Line {
  hl: string;
  /** LIN01 (or the LIN PL qualifier / SN101), echoing the PO101 we sent; '' when the vendor names the item by product ID only. */
  lineId: string;
  /** SN102 / SN103. */
  shippedQuantity: number;
  unit: string;
  /** LIN qualifier -> ID (VN, SK, UP, BP, ...). */
  productIds: Record<string, string>;
  /** The packs this line is in, when the hierarchy says so. */
  packageHls: string[];
  trackingNumbers: string[];
}

export interface Asn856Order {
  hl: string;
  /** PRF01. */
  poNumber: string;
  /** Every tracking number of this order: its packages', else the order's or the shipment's. */
  trackingNumbers: string[];
  packages: Asn856Package[];
  lines: Asn856Line[];
}

export interface Asn856 {
  controlNumber: string;
  groupControlNumber: string;
  /** BSN01, BSN02 shipment ID, BSN03 date, BSN04 time, BSN05 hierarchical structure code. */
  purpose: string;
  shipmentId: string;
  date: string | null;
  time: string | null;
  structureCode: string | null;
  carrier: Carrier | null;
  /** Tracking numbers given at shipment level. */
  shipmentTracking: string[];
  orders: Asn856Order[];
  /** Profile mismatches and oddities that are not X12 syntax errors (not part of the 997). */
  notes: string[];
}

type Profile = Pick<PartnerEdiProfile, 'tracking' | 'hierarchy'>;

const uniq = (xs: string[]) => [...new Set(xs.filter((x) => x !== ''))];

function refs(segs: readonly Segment[], qualifier: string): string[] {
  return segs.filter((s) => s.id === 'REF' && el(s, 1) === qualifier).map((s) => el(s, 2) || el(s, 3));
}
/** MAN01/MAN02 and MAN04/MAN05 pairs with the given qualifier. */
function marks(segs: readonly Segment[], qualifier: string): string[] {
  return segs
    .filter((s) => s.id === 'MAN')
    .flatMap((s) => [el(s, 1) === qualifier ? el(s, 2) : '', el(s, 4) === qualifier ? el(s, 5) : '']);
}

/** Tracking numbers in each layout the standard allows for a parcel. */
function layouts(segs: readonly Segment[]): Record<Profile['tracking'], string[]> {
  return { REF_CN: refs(segs, 'CN'), MAN_CP: marks(segs, 'CP'), MAN_GM_REF_2I: refs(segs, '2I') };
}

/**
 * Every tracking number in these segments whatever the profile says: REF*CN
 * (carrier's reference), MAN*CP (carrier-assigned package ID), REF*2I (tracking
 * number, beside a MAN*GM SSCC or alone); the profile's layout first.
 */
function tracking(segs: readonly Segment[], style: Profile['tracking']): string[] {
  const found = layouts(segs);
  return uniq([...found[style], ...found.REF_CN, ...found.MAN_CP, ...found.MAN_GM_REF_2I]);
}

/** Layouts other than the profile's that carry tracking here (noted, so ops can correct the profile). */
function otherStyles(segs: readonly Segment[], style: Profile['tracking']): string[] {
  const found = layouts(segs);
  const names: Record<Profile['tracking'], string> = { REF_CN: 'REF*CN', MAN_CP: 'MAN*CP', MAN_GM_REF_2I: 'REF*2I' };
  return (Object.keys(found) as Profile['tracking'][])
    .filter((k) => k !== style && found[k].length)
    .map((k) => names[k]);
}

/**
 * Freight references a carrier tracks a shipment by when there is no parcel
 * tracking number: REF*BM (bill of lading), REF*CN at shipment level is read
 * above; TD3 equipment initial + number (TD302/TD303, a trailer or container).
 */
function freightReferences(segs: readonly Segment[]): string[] {
  const td3 = segs.filter((s) => s.id === 'TD3' && el(s, 3)).map((s) => `${el(s, 2)}${el(s, 3)}`);
  return uniq([...refs(segs, 'BM'), ...td3]);
}

function readCarrier(segs: readonly Segment[]): Carrier | null {
  const td5 = segs.find((s) => s.id === 'TD5' && (el(s, 3) || el(s, 5)));
  if (!td5) return null;
  return {
    scac: el(td5, 3) || null,
    name: el(td5, 5) || null,
    method: el(td5, 4) || null,
    serviceLevel: el(td5, 12) || null,
  };
}

export function read856(tx: TransactionSet, profile: Profile): ReadResult<Asn856> {
  const r = new TransactionReader(tx, '856');
  const notes: string[] = [];
  const tree = buildHlTree(r, r.body);
  const bsn = tree.header.find((s) => s.id === 'BSN');
  if (!bsn) {
    r.missingSegment('BSN', 'an 856 must start with BSN');
    return r.result<Asn856>(null);
  }
  const shipmentId = r.required(bsn, 2, 'shipment identification');
  const date = r.date(bsn, 3, 'shipment date', true);
  if (tree.nodes.length === 0) {
    r.missingSegment('HL', 'an 856 needs HL loops');
    return r.result<Asn856>(null);
  }

  const shipments = tree.nodes.filter((n) => n.level === 'S');
  if (shipments.length === 0) r.missingSegment('HL', 'no shipment level (HL03 = S)');
  if (shipments.length > 1)
    notes.push(
      `${shipments.length} shipment levels; carrier and shipment tracking are taken from HL ${shipments[0]!.id}`,
    );
  const shipment = shipments[0] ?? null;
  const shipmentSegs = shipment ? shipment.segments : tree.header;
  const carrier = readCarrier(shipmentSegs) ?? readCarrier(tree.header);
  const shipmentTracking = tracking(shipmentSegs, profile.tracking);
  const freight = freightReferences([...tree.header, ...shipmentSegs]);
  if (shipmentTracking.length === 0) {
    const other = otherStyles(shipmentSegs, profile.tracking);
    if (other.length)
      notes.push(
        `shipment tracking is in ${other.join(', ')}, not the profile's style ${profile.tracking}; read anyway`,
      );
  }

  const packageNodes = tree.nodes.filter(
    (n) => n.level === 'P' || (n.level === 'T' && !descendants(n).some((d) => d.level === 'P')),
  );
  const packages = new Map<HlNode, Asn856Package>();
  for (const p of packageNodes) {
    const gm = marks(p.segments, 'GM')[0] ?? null;
    // Some vendors prefix the SSCC-18 with its GS1 application identifier "00".
    const sscc = gm !== null && /^00\d{18}$/.test(gm) ? gm.slice(2) : gm;
    const pkg: Asn856Package = { hl: p.id, trackingNumbers: tracking(p.segments, profile.tracking), sscc };
    if (sscc !== null && !/^\d{18}$/.test(sscc)) notes.push(`pack HL ${p.id}: MAN*GM ${sscc} is not an 18-digit SSCC`);
    if (layouts(p.segments)[profile.tracking].length === 0) {
      const other = otherStyles(p.segments, profile.tracking);
      if (other.length)
        notes.push(
          `pack HL ${p.id} has no tracking in the profile's style ${profile.tracking} but has ${other.join(', ')}; read anyway, check the partner profile`,
        );
    }
    packages.set(p, pkg);
  }

  const orders: Asn856Order[] = [];
  for (const o of tree.nodes.filter((n) => n.level === 'O')) {
    const prf = o.segments.find((s) => s.id === 'PRF');
    let poNumber = '';
    if (!prf) r.segmentError(o.hl, '3', `order level HL ${o.id} has no PRF (purchase order reference)`);
    else poNumber = r.required(prf, 1, 'purchase order number') ?? '';
    const items = tree.nodes.filter((n) => n.level === 'I' && nearest(n, ['O']) === o);
    const orderPackNodes = new Set<HlNode>();
    const lines = items.map((item) => {
      const packNodes = [...ancestors(item), ...descendants(item)].filter((n) => packages.has(n));
      packNodes.forEach((n) => orderPackNodes.add(n));
      return readItem(
        r,
        item,
        packNodes.map((n) => packages.get(n)!),
      );
    });
    for (const d of [...descendants(o), ...ancestors(o)]) if (packages.has(d)) orderPackNodes.add(d);
    const orderPackages = [...orderPackNodes].map((n) => packages.get(n)!);
    const orderTracking = tracking(o.segments, profile.tracking);
    const fromPackages = uniq(orderPackages.flatMap((p) => p.trackingNumbers));
    const orderFreight = freightReferences(o.segments);
    const trackingNumbers = fromPackages.length
      ? fromPackages
      : orderTracking.length
        ? orderTracking
        : shipmentTracking.length
          ? shipmentTracking
          : orderFreight.length
            ? orderFreight
            : freight;
    for (const line of lines) if (line.trackingNumbers.length === 0) line.trackingNumbers = trackingNumbers;
    if (items.length === 0) notes.push(`order HL ${o.id} (PO ${poNumber || '?'}) has no item levels`);
    if (trackingNumbers.length === 0)
      notes.push(
        `order HL ${o.id} (PO ${poNumber || '?'}) has no tracking number in any layout (REF*CN, MAN*CP, REF*2I, REF*BM, TD3)`,
      );
    orders.push({ hl: o.id, poNumber, trackingNumbers, packages: orderPackages, lines });
  }
  if (orders.length === 0) r.missingSegment('HL', 'no order level (HL03 = O)');
  for (const item of tree.nodes.filter((n) => n.level === 'I' && !nearest(n, ['O']))) {
    r.elementError(item.hl, 2, '7', `item HL ${item.id} is not under an order (O) level`);
  }
  checkShape(tree.nodes, profile.hierarchy, notes);

  if (shipmentId === null || date === null) return r.result<Asn856>(null);
  return r.result<Asn856>({
    controlNumber: tx.controlNumber,
    groupControlNumber: tx.groupControlNumber,
    purpose: el(bsn, 1),
    shipmentId,
    date,
    time: el(bsn, 4) || null,
    structureCode: el(bsn, 5) || null,
    carrier,
    shipmentTracking,
    orders,
    notes,
  });
}

function readItem(r: TransactionReader, item: HlNode, packs: Asn856Package[]): Asn856Line {
  const lin = item.segments.find((s) => s.id === 'LIN');
  const sn1 = item.segments.find((s) => s.id === 'SN1');
  const productIds = lin ? r.pairs(lin, 2) : {};
  if (!lin) r.segmentError(item.hl, '3', `item HL ${item.id} has no LIN`);
  if (!sn1) r.segmentError(item.hl, '3', `item HL ${item.id} has no SN1 (shipped quantity)`);
  // LIN01 is optional in 004010: an item may be named only by a product ID (UP, VN, BP, SK, ...), matched to the PO line later.
  const lineId = (lin ? el(lin, 1) : '') || productIds['PL'] || (sn1 ? el(sn1, 1) : '');
  if (lin && lineId === '' && Object.keys(productIds).length === 0)
    r.elementError(
      lin,
      1,
      '2',
      `item HL ${item.id} gives neither a line ID (LIN01, LIN PL or SN101) nor a product ID (LIN02/LIN03)`,
    );
  const qty = sn1 ? r.number(sn1, 2, 'number of units shipped', true) : null;
  return {
    hl: item.id,
    lineId,
    shippedQuantity: qty ?? 0,
    unit: sn1 ? el(sn1, 3) : '',
    productIds,
    packageHls: packs.map((p) => p.hl),
    trackingNumbers: uniq(packs.flatMap((p) => p.trackingNumbers)),
  };
}

/** Compare each item's path (levels top-down, plus packs below it) with the profile's shape. */
function checkShape(nodes: readonly HlNode[], expected: Profile['hierarchy'], notes: string[]): void {
  const seen = new Set<string>();
  for (const item of nodes.filter((n) => n.level === 'I')) {
    const path = [...ancestors(item).reverse(), item, ...descendants(item).filter((d) => d.level === 'P')]
      .map((n) => n.level)
      .filter((l) => l !== 'T')
      .join('');
    if (path !== expected && !seen.has(path)) {
      seen.add(path);
      notes.push(
        `item HL ${item.id} sits in a ${path.split('').join('/')} hierarchy, the profile expects ${expected.split('').join('/')}`,
      );
    }
  }
}
