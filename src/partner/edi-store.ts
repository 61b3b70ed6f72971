import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '../db/pool';

/**
 * What the EDI exchange keeps in PostgreSQL: control numbers that are never
 * reused, every document we send (so a retry resends the same one with the
 * same numbers), and every transaction set we receive (so a duplicate is
 * recognised and nothing is lost, matched or not).
 */

/** X12 control numbers are at most 9 digits; after 999,999,999 they wrap to 1. */
const MAX_CONTROL = 999_999_999;

async function nextControl(c: PoolClient, partnerId: string, kind: 'interchange' | 'group'): Promise<number> {
  const { rows } = await c.query<{ last_value: string }>(
    `INSERT INTO edi_control_numbers (partner_id, kind, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (partner_id, kind) DO UPDATE
       SET last_value = CASE WHEN edi_control_numbers.last_value >= $3 THEN 1 ELSE edi_control_numbers.last_value + 1 END
     RETURNING last_value`,
    [partnerId, kind, MAX_CONTROL],
  );
  return Number(rows[0]!.last_value);
}

export interface PoLine {
  /** PO101 */
  lineId: string;
  lineItemId: string;
  sku: string;
  quantity: number;
  /** PO1 UP and VN as sent (absent in POs stored before they were kept), to match items vendors name only by them. */
  upc?: string;
  vendorPartNumber?: string;
}

export interface OutboundDocument {
  partnerId: string;
  docKey: string;
  type: '850' | '860' | '997';
  interchangeControl: number;
  groupControl: number;
  allocationId: string | null;
  poNumber: string | null;
  lines: PoLine[] | null;
  body: string;
  sentAt: Date | null;
  /** The partner's 997 for it (A, E, P, R), when one came. */
  ackStatus: string | null;
}

/** An edi_outbound row as pg reads it (bigint control numbers as strings, jsonb parsed). */
interface OutboundRow {
  partner_id: string;
  doc_key: string;
  type: OutboundDocument['type'];
  interchange_control: string | number;
  group_control: string | number;
  allocation_id: string | null;
  po_number: string | null;
  lines: PoLine[] | null;
  body: string;
  sent_at: Date | null;
  ack_status?: string | null;
}

function toOutbound(r: OutboundRow): OutboundDocument {
  return {
    partnerId: r.partner_id,
    docKey: r.doc_key,
    type: r.type,
    interchangeControl: Number(r.interchange_control),
    groupControl: Number(r.group_control),
    allocationId: r.allocation_id,
    poNumber: r.po_number,
    lines: r.lines,
    body: r.body,
    sentAt: r.sent_at,
    ackStatus: r.ack_status ?? null,
  };
}

/**
 * The document under `docKey`, built once: the first call takes fresh control
 * numbers and stores what `build` makes with them; every later call (a retry)
 * returns the stored document unchanged.
 */
export async function outboundDocument(
  pool: Pool,
  partnerId: string,
  docKey: string,
  type: OutboundDocument['type'],
  build: (control: { interchange: number; group: number }) => {
    body: string;
    allocationId?: string;
    poNumber?: string;
    lines?: PoLine[];
  },
): Promise<OutboundDocument> {
  return inTransaction(pool, async (c) => {
    const { rows } = await c.query(`SELECT * FROM edi_outbound WHERE partner_id = $1 AND doc_key = $2 FOR UPDATE`, [
      partnerId,
      docKey,
    ]);
    if (rows[0]) return toOutbound(rows[0]);
    const control = {
      interchange: await nextControl(c, partnerId, 'interchange'),
      group: await nextControl(c, partnerId, 'group'),
    };
    const doc = build(control);
    const inserted = await c.query(
      `INSERT INTO edi_outbound (partner_id, doc_key, type, interchange_control, group_control, allocation_id, po_number, lines, body)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [
        partnerId,
        docKey,
        type,
        control.interchange,
        control.group,
        doc.allocationId ?? null,
        doc.poNumber ?? null,
        doc.lines ? JSON.stringify(doc.lines) : null,
        doc.body,
      ],
    );
    return toOutbound(inserted.rows[0]);
  });
}

export async function markSent(pool: Pool, partnerId: string, docKey: string) {
  await pool.query(
    `UPDATE edi_outbound SET sent_at = coalesce(sent_at, now()) WHERE partner_id = $1 AND doc_key = $2`,
    [partnerId, docKey],
  );
}

/** The 850 we sent with this PO number (the latest, when a rejected one was sent again with new control numbers). */
export async function findPurchaseOrder(
  pool: Pool,
  partnerId: string,
  poNumber: string,
): Promise<OutboundDocument | null> {
  const { rows } = await pool.query(
    `SELECT * FROM edi_outbound WHERE partner_id = $1 AND type = '850' AND po_number = $2 ORDER BY created_at DESC, interchange_control DESC LIMIT 1`,
    [partnerId, poNumber],
  );
  return rows[0] ? toOutbound(rows[0]) : null;
}

/** How many 850s went out for this PO (a resend after a 997 rejection is a new document). */
export async function purchaseOrderSends(pool: Pool, partnerId: string, poNumber: string): Promise<number> {
  const { rows } = await pool.query(
    `SELECT count(*)::int AS n FROM edi_outbound WHERE partner_id = $1 AND type = '850' AND po_number = $2`,
    [partnerId, poNumber],
  );
  return rows[0].n;
}

/** GS01 functional identifier of the group each document type we send goes in. */
export const FUNCTIONAL_ID_OF = { '850': 'PO', '860': 'PC', '997': 'FA' } as const;

/** The documents we sent in group `groupControl` under functional id `functionalId` (a 997's AK101/AK102). */
export async function documentsOfGroup(
  pool: Pool,
  partnerId: string,
  functionalId: string,
  groupControl: number,
): Promise<OutboundDocument[]> {
  const types = Object.entries(FUNCTIONAL_ID_OF)
    .filter(([, f]) => f === functionalId)
    .map(([t]) => t);
  if (!types.length) return [];
  const { rows } = await pool.query(
    `SELECT * FROM edi_outbound WHERE partner_id = $1 AND group_control = $2 AND type = ANY($3)`,
    [partnerId, groupControl, types],
  );
  return rows.map(toOutbound);
}

/** Record a vendor's 997 against the documents of the group it acknowledges (same functional id). */
export async function recordFunctionalAck(
  pool: Pool,
  partnerId: string,
  functionalId: string,
  groupControl: number,
  status: string,
  detail: string,
) {
  const types = Object.entries(FUNCTIONAL_ID_OF)
    .filter(([, f]) => f === functionalId)
    .map(([t]) => t);
  await pool.query(
    `UPDATE edi_outbound SET ack_status = $3, ack_detail = $4 WHERE partner_id = $1 AND group_control = $2 AND type = ANY($5)`,
    [partnerId, groupControl, status, detail, types],
  );
}

/** Our acknowledgments (997/TA1) whose delivery failed, oldest first: sent again at the next chance. */
export async function unsentAcknowledgments(pool: Pool, partnerId: string, limit = 20): Promise<OutboundDocument[]> {
  const { rows } = await pool.query(
    `SELECT * FROM edi_outbound WHERE partner_id = $1 AND type = '997' AND sent_at IS NULL ORDER BY created_at LIMIT $2`,
    [partnerId, limit],
  );
  return rows.map(toOutbound);
}

export interface InboundRecord {
  partnerId: string;
  interchangeControl: string;
  groupControl: string;
  setControl: string;
  type: string;
  poNumber?: string | null;
  reference?: string | null;
  allocationId?: string | null;
  /**
   * `pending` until its signals are handed to Temporal; then `signalled`.
   * `test`: from a test interchange (ISA15 T), acknowledged and never acted on.
   */
  outcome: 'pending' | 'signalled' | 'duplicate' | 'unmatched' | 'rejected' | 'recorded' | 'test';
  detail?: string | null;
  document?: unknown;
}

/**
 * Keep one received transaction set before acting on it. `duplicate` when the
 * same envelope (sender + interchange, group and set control numbers) was
 * received and dealt with before; `retry` when it was received but its signals
 * never reached Temporal (the sender resends after our 5xx): act again. A set
 * we rejected before does not block its corrected resend under the same
 * control numbers: the new one takes its place.
 */
export async function claimInbound(pool: Pool, r: InboundRecord): Promise<'new' | 'retry' | 'duplicate'> {
  const { rowCount } = await pool.query(
    `INSERT INTO edi_inbound (partner_id, interchange_control, group_control, set_control, type, po_number, reference, allocation_id, outcome, detail, document)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (partner_id, interchange_control, group_control, set_control) DO UPDATE
       SET type = EXCLUDED.type, po_number = EXCLUDED.po_number, reference = EXCLUDED.reference, allocation_id = EXCLUDED.allocation_id,
           outcome = EXCLUDED.outcome, detail = EXCLUDED.detail, document = EXCLUDED.document, received_at = now()
       WHERE edi_inbound.outcome = 'rejected'`,
    [
      r.partnerId,
      r.interchangeControl,
      r.groupControl,
      r.setControl,
      r.type,
      r.poNumber ?? null,
      r.reference ?? null,
      r.allocationId ?? null,
      r.outcome,
      r.detail ?? null,
      r.document === undefined ? null : JSON.stringify(r.document),
    ],
  );
  if (rowCount === 1) return 'new';
  const { rows } = await pool.query(
    `SELECT outcome FROM edi_inbound WHERE partner_id = $1 AND interchange_control = $2 AND group_control = $3 AND set_control = $4`,
    [r.partnerId, r.interchangeControl, r.groupControl, r.setControl],
  );
  return rows[0]?.outcome === 'pending' ? 'retry' : 'duplicate';
}

export async function settleInbound(
  pool: Pool,
  r: Pick<InboundRecord, 'partnerId' | 'interchangeControl' | 'groupControl' | 'setControl'>,
  outcome: InboundRecord['outcome'],
  detail?: string,
) {
  await pool.query(
    `UPDATE edi_inbound SET outcome = $5, detail = coalesce($6, detail) WHERE partner_id = $1 AND interchange_control = $2 AND group_control = $3 AND set_control = $4`,
    [r.partnerId, r.interchangeControl, r.groupControl, r.setControl, outcome, detail ?? null],
  );
}

/**
 * Whether an 856 document shipped this PO: its `shippedPurchaseOrders` (an ASN
 * whose items all matched no PO line, or a cancellation, shipped nothing);
 * documents kept before that field count as shipping every PO they name.
 */
const SHIPPED_PO = `(document->'shippedPurchaseOrders' IS NULL OR document->'shippedPurchaseOrders' ? $2)`;

/** An 856 with the same PO and BSN02 that already shipped on the order (a resend in a new envelope). */
export async function seenShipNotice(
  pool: Pool,
  partnerId: string,
  poNumber: string,
  shipmentId: string,
): Promise<boolean> {
  const { rowCount } = await pool.query(
    `SELECT 1 FROM edi_inbound WHERE partner_id = $1 AND type = '856' AND $2 = ANY (string_to_array(po_number, ',')) AND reference = $3 AND outcome = 'signalled' AND ${SHIPPED_PO} LIMIT 1`,
    [partnerId, poNumber, shipmentId],
  );
  return !!rowCount;
}

/** The ship notices of a PO that reached the order (their documents as read), for matching an invoice. */
export async function shipNoticesOf(pool: Pool, partnerId: string, poNumber: string): Promise<unknown[]> {
  const { rows } = await pool.query(
    `SELECT document FROM edi_inbound WHERE partner_id = $1 AND type = '856' AND $2 = ANY (string_to_array(po_number, ',')) AND outcome = 'signalled' AND ${SHIPPED_PO} ORDER BY id`,
    [partnerId, poNumber],
  );
  return rows.map((r) => r.document);
}
