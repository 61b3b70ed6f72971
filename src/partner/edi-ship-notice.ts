import type { Pool } from 'pg';
import { read856, shipmentCarrier, type Asn856Line, type EdiError, type TransactionSet } from '../edi';
import { findAllocation, type Partner } from './repository';
import { findPurchaseOrder, seenShipNotice, type InboundRecord, type PoLine } from './edi-store';
import { recordOf, type SetPlan } from './edi-plan';
import {
  orderSignal,
  partnerAcknowledgmentSignal,
  partnerProblemSignal,
  shipmentSignal,
  type OrderSignal,
} from '../order/contract';

/**
 * What a vendor's 856 means for our orders, per PO (PRF01) it covers:
 *  - BSN01 00 (original), 05 (replace), 06 (confirmation), 07 (duplicate):
 *    the shipped lines ship; an ASN before any 855 counts as acceptance;
 *  - BSN01 01 (cancellation): nothing ships; if the shipment it cancels had
 *    reached the order, a person is asked;
 *  - each item is matched to the PO line by LIN01 (the PO101 we sent) or,
 *    LIN01 being optional, by the product IDs the 850 carried (UP, VN, SK, and
 *    BP = the buyer's part number, our SKU); an item matching no PO line ships
 *    nothing and is raised (partnerProblem);
 *  - every tracking number of the order reaches Shopify; an ASN without any
 *    still ships (without tracking), never silently nothing;
 *  - the carrier is TD503's SCAC (a Shopify company name and tracking URL when
 *    known), TD505 the service.
 * Allocations no longer the vendor's (rerouted, withdrawn) still get the ship
 * notice: the order decides (asks a person), the EDI path never drops it.
 */
export const CANCELLATION = '01';

const sameLineId = (a: string, b: string) => a === b || (/^\d+$/.test(a) && /^\d+$/.test(b) && Number(a) === Number(b));

/** The PO line an ASN item ships: by LIN01, else by a product ID the 850 carried. */
export function matchPoLine(item: Pick<Asn856Line, 'lineId' | 'productIds'>, lines: readonly PoLine[]): PoLine | null {
  if (item.lineId) {
    const byId = lines.find((l) => sameLineId(l.lineId, item.lineId));
    if (byId) return byId;
  }
  const ids = item.productIds;
  return (
    lines.find(
      (l) =>
        (!!ids.UP && !!l.upc && ids.UP === l.upc) ||
        (!!ids.VN && !!l.vendorPartNumber && ids.VN === l.vendorPartNumber) ||
        (!!ids.SK && ids.SK === l.sku) ||
        (!!ids.BP && ids.BP === l.sku),
    ) ?? null
  );
}

const describeItem = (l: Asn856Line) =>
  [l.lineId && `LIN01 ${l.lineId}`, ...Object.entries(l.productIds).map(([q, v]) => `${q} ${v}`)]
    .filter(Boolean)
    .join(', ') || `HL ${l.hl}`;

export async function planShipNotice(
  pool: Pool,
  partner: Partner,
  tx: TransactionSet,
  messageId: string,
): Promise<{ plan: SetPlan; errors: EdiError[] }> {
  const edi = partner.edi!;
  const read = read856(tx, { tracking: edi.tracking, hierarchy: edi.hierarchy });
  if (!read.ok)
    return {
      plan: {
        record: recordOf(partner, tx, 'rejected', { detail: read.errors.map((e) => e.message).join('; ') }),
        signals: [],
      },
      errors: read.errors,
    };
  const asn = read.value;
  const carrier = shipmentCarrier(asn.carrier);
  const signals: OrderSignal[] = [];
  const notes: string[] = [];
  let duplicates = 0;
  const shippedPurchaseOrders: string[] = [];
  for (const order of asn.orders) {
    const po = await findPurchaseOrder(pool, partner.id, order.poNumber);
    const allocation = po?.allocationId ? await findAllocation(pool, po.allocationId) : null;
    if (!po || !allocation) {
      notes.push(`no purchase order ${order.poNumber}`);
      continue;
    }
    const problem = (text: string) =>
      signals.push(
        orderSignal(allocation.workflowId, partnerProblemSignal, {
          allocationId: allocation.id,
          partnerId: partner.id,
          problem: text,
          messageId: `${messageId}:problem`,
        }),
      );
    const seen = await seenShipNotice(pool, partner.id, order.poNumber, asn.shipmentId);
    if (asn.purpose === CANCELLATION) {
      if (seen)
        problem(
          `${partner.name} cancelled ship notice ${asn.shipmentId} for PO ${order.poNumber} (BSN01 01) after it was received; check what really shipped`,
        );
      notes.push(`PO ${order.poNumber}: cancellation of ship notice ${asn.shipmentId} (BSN01 01); nothing ships`);
      continue;
    }
    if (seen) {
      notes.push(
        `PO ${order.poNumber} shipment ${asn.shipmentId} already received${asn.purpose === '05' ? ' (a replacement, BSN01 05: not shipped again)' : ''}`,
      );
      duplicates++;
      continue;
    }
    const shipped = new Map<string, number>();
    const unknown: string[] = [];
    for (const item of order.lines) {
      const line = matchPoLine(item, po.lines ?? []);
      if (!line) unknown.push(describeItem(item));
      else if (item.shippedQuantity > 0)
        shipped.set(line.lineItemId, (shipped.get(line.lineItemId) ?? 0) + item.shippedQuantity);
    }
    if (unknown.length) {
      const text = `${partner.name}'s ship notice ${asn.shipmentId} for PO ${order.poNumber} lists item(s) matching no line of the PO: ${unknown.join('; ')}; nothing shipped for them`;
      notes.push(text);
      problem(text);
    }
    if (!shipped.size) {
      notes.push(`PO ${order.poNumber}: no shipped quantity matches a PO line; nothing ships`);
      continue;
    }
    shippedPurchaseOrders.push(order.poNumber);
    // An ASN before the 855 accepts what it ships; the workflow keeps the first answer it gets.
    signals.push(
      orderSignal(allocation.workflowId, partnerAcknowledgmentSignal, {
        allocationId: allocation.id,
        partnerId: partner.id,
        decision: 'accepted',
        reason: 'ship notice received',
        messageId: `${messageId}:ack`,
      }),
    );
    const numbers = order.trackingNumbers;
    if (!numbers.length)
      notes.push(`PO ${order.poNumber}: no tracking number in any layout; fulfilled without tracking`);
    const number = numbers[0] ?? '';
    signals.push(
      orderSignal(allocation.workflowId, shipmentSignal, {
        allocationId: allocation.id,
        partnerId: partner.id,
        tracking: {
          number,
          company: carrier.company,
          url: carrier.urlFor(number),
          ...(numbers.length > 1 ? { numbers, urls: numbers.flatMap((n) => carrier.urlFor(n) ?? []) } : {}),
        },
        messageId,
        lines: [...shipped].map(([lineItemId, quantity]) => ({ lineItemId, quantity })),
      }),
    );
  }
  if (carrier.service) notes.push(`carrier ${carrier.scac ?? '?'} service ${carrier.service}`);
  const outcome: InboundRecord['outcome'] = signals.length
    ? 'pending'
    : asn.orders.length && duplicates === asn.orders.length
      ? 'duplicate'
      : asn.purpose === CANCELLATION
        ? 'recorded'
        : 'unmatched';
  return {
    plan: {
      record: recordOf(partner, tx, outcome, {
        poNumber: asn.orders.map((o) => o.poNumber).join(','),
        reference: asn.shipmentId,
        detail: [...notes, ...asn.notes].join('; ') || null,
        document: { ...asn, shippedPurchaseOrders },
      }),
      signals,
    },
    errors: read.errors,
  };
}
