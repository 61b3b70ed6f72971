import { ApplicationFailure } from '@temporalio/activity';
import type { Pool } from 'pg';
import { build850, build860, envelopeFor, type EdiIdentity, type PurchaseOrder } from '../edi';
import type { Allocation } from '../order/types';
import { ediProfile } from '../partner/edi-settings';
import {
  findPurchaseOrder,
  markSent,
  outboundDocument,
  purchaseOrderSends,
  type OutboundDocument,
  type PoLine,
} from '../partner/edi-store';
import type { Partner } from '../partner/repository';
import { deliver, PermanentDeliveryError } from '../partner/transport';
import { purchaseTerms } from '../partner/vendor-catalog';
import * as D from '../shopify/documents';
import type { ShopifyAdmin } from '../shopify/client';
import { FailureType } from '../order/failure-types';

/** Our own envelope identity, when the settings name none. */
export const DEFAULT_EDI_IDENTITY: EdiIdentity = {
  isaQualifier: 'ZZ',
  isaId: 'ORDERORCH',
  gsApplicationCode: 'ORDERORCH',
};

/**
 * Drop-ship purchase orders over EDI: the 850 when an allocation is offered to
 * a vendor, the 860 cancel when it is withdrawn. Each document is built once
 * under its key with fresh control numbers and stored; a retry (or a reset)
 * resends exactly that document.
 */
export function ediActivities(pool: Pool, shopify: ShopifyAdmin, us: EdiIdentity) {
  async function send(partner: Partner, doc: OutboundDocument) {
    try {
      await deliver(partner.transport!, {
        filename: `${doc.type}-${doc.poNumber ?? doc.docKey}-${doc.interchangeControl}.x12`,
        body: doc.body,
        contentType: 'application/edi-x12',
        idempotencyKey: `${partner.id}:${doc.docKey}`,
      });
    } catch (err) {
      if (err instanceof PermanentDeliveryError)
        throw ApplicationFailure.nonRetryable(err.message, FailureType.PartnerUnreachable);
      throw err;
    }
    await markSent(pool, partner.id, doc.docKey);
  }

  async function purchaseOrder(
    partnerId: string,
    allocation: Pick<Allocation, 'id' | 'lines'>,
    orderGid: string,
  ): Promise<{ po: PurchaseOrder; lines: PoLine[] }> {
    const data = await shopify.request('OrderForPurchaseOrder', D.ORDER_FOR_PURCHASE_ORDER, { id: orderGid });
    const order = data.order;
    if (!order)
      throw ApplicationFailure.nonRetryable(`Order ${orderGid} not found in Shopify`, FailureType.OrderNotFound);
    const a = order.shippingAddress;
    if (!a?.address1 || !a.city || !a.countryCodeV2)
      throw ApplicationFailure.nonRetryable(
        `${order.name} has no complete shipping address for a drop-ship PO`,
        FailureType.BadInput,
      );
    // The vendor's catalog, where it lists a SKU: its cost as the unit price, its part number as VN.
    const terms = await purchaseTerms(
      pool,
      partnerId,
      allocation.lines.map((l) => l.sku),
    );
    // Kept with the PO: vendors may name an item in their 855/856 only by the UP or VN the 850 carried.
    const lines: PoLine[] = allocation.lines.map((l, i) => {
      const upc = order.lineItems.nodes.find((n) => n.id === l.lineItemId)?.variant?.barcode;
      const vendorPartNumber = terms.get(l.sku)?.vendorPartNumber;
      return {
        lineId: String(i + 1),
        lineItemId: l.lineItemId,
        sku: l.sku,
        quantity: l.quantity,
        ...(upc ? { upc } : {}),
        ...(vendorPartNumber ? { vendorPartNumber } : {}),
      };
    });
    const po: PurchaseOrder = {
      poNumber: allocation.id,
      poDate: new Date(),
      references: [{ qualifier: 'CO', value: order.name }],
      ...(order.shippingLine ? { service: { routing: order.shippingLine.title } } : {}),
      shipTo: {
        name: a.name ?? order.name,
        lines: [a.address1, a.address2].filter((x): x is string => !!x),
        city: a.city,
        state: a.provinceCode ?? '',
        postalCode: a.zip ?? '',
        country: a.countryCodeV2,
        ...(a.phone ? { phone: a.phone } : {}),
      },
      lines: lines.map((l) => {
        const item = order.lineItems.nodes.find((n) => n.id === l.lineItemId);
        const unit =
          item && item.quantity > 0
            ? (Number(item.discountedTotalSet.shopMoney.amount) / item.quantity).toFixed(2)
            : '0.00';
        const term = terms.get(l.sku);
        return {
          lineId: l.lineId,
          quantity: l.quantity,
          unitPrice: term?.unitCost ?? unit,
          sku: l.sku,
          ...(term?.vendorPartNumber ? { vendorPartNumber: term.vendorPartNumber } : {}),
          ...(item?.variant?.barcode ? { upc: item.variant.barcode } : {}),
          ...(item ? { description: item.title } : {}),
        };
      }),
    };
    return { po, lines };
  }

  return {
    /**
     * The 850 for an allocation offered to an EDI vendor. A retry resends the
     * same document; once the vendor's 997 rejected it (AK5/AK9 R), sending
     * again (an operator's retry) makes a new document with new control
     * numbers, since vendors drop a known ISA13/GS06 as a duplicate.
     */
    async sendPurchaseOrder(partner: Partner, allocation: Pick<Allocation, 'id' | 'lines'>, orderGid: string) {
      const profile = ediProfile(partner.edi!);
      let built: { po: PurchaseOrder; lines: PoLine[] } | null = null;
      const latest = await findPurchaseOrder(pool, partner.id, allocation.id);
      const existing = latest && latest.ackStatus !== 'R' ? latest : null;
      if (!existing) built = await purchaseOrder(partner.id, allocation, orderGid);
      const sends = latest ? await purchaseOrderSends(pool, partner.id, allocation.id) : 0;
      const key = sends ? `850:${allocation.id}:${sends + 1}` : `850:${allocation.id}`;
      const doc =
        existing ??
        (await outboundDocument(pool, partner.id, key, '850', (control) => ({
          body: build850(built!.po, envelopeFor(profile, us, control, new Date())),
          allocationId: allocation.id,
          poNumber: allocation.id,
          lines: built!.lines,
        })));
      await send(partner, doc);
      return {
        sent: true,
        interchangeControl: doc.interchangeControl,
        functionalAckWindowSeconds: partner.edi!.functionalAckWindowSeconds,
      };
    },

    /**
     * An 860 change (BCH 04) after an order edit: a POC per PO line whose quantity
     * dropped (QD) or went (DI). Keyed by the quantities it states, so a retry
     * resends the same document and a further edit makes another.
     */
    async sendPurchaseOrderChange(partner: Partner, allocation: Pick<Allocation, 'id' | 'lines'>) {
      const po = await findPurchaseOrder(pool, partner.id, allocation.id);
      if (!po?.lines) return { sent: false };
      const now = (lineItemId: string) =>
        allocation.lines.filter((l) => l.lineItemId === lineItemId).reduce((n, l) => n + l.quantity, 0);
      const changes = po.lines
        .map((l) => ({ lineId: l.lineId, sku: l.sku, was: l.quantity, left: now(l.lineItemId) }))
        .filter((c) => c.left < c.was)
        .map((c) => ({
          lineId: c.lineId,
          type: c.left === 0 ? ('DI' as const) : ('QD' as const),
          quantityOrdered: c.left,
          sku: c.sku,
        }));
      if (!changes.length) return { sent: false };
      const profile = ediProfile(partner.edi!);
      const key = `860c:${allocation.id}:${changes.map((c) => `${c.lineId}=${c.quantityOrdered}`).join(',')}`;
      const doc = await outboundDocument(pool, partner.id, key, '860', (control) => ({
        body: build860(
          {
            kind: 'change',
            poNumber: allocation.id,
            poDate: po.sentAt ?? new Date(),
            changeDate: new Date(),
            lines: changes,
          },
          envelopeFor(profile, us, control, new Date()),
        ),
        allocationId: allocation.id,
        poNumber: allocation.id,
      }));
      await send(partner, doc);
      return { sent: true, interchangeControl: doc.interchangeControl };
    },

    /** The 860 cancel of an allocation's PO, when an 850 went out for it. */
    async sendPurchaseOrderCancel(partner: Partner, allocation: Pick<Allocation, 'id'>) {
      const po = await findPurchaseOrder(pool, partner.id, allocation.id);
      if (!po) return { sent: false };
      const profile = ediProfile(partner.edi!);
      const doc = await outboundDocument(pool, partner.id, `860:${allocation.id}`, '860', (control) => ({
        body: build860(
          { kind: 'cancel', poNumber: allocation.id, poDate: po.sentAt ?? new Date(), changeDate: new Date() },
          envelopeFor(profile, us, control, new Date()),
        ),
        allocationId: allocation.id,
        poNumber: allocation.id,
      }));
      await send(partner, doc);
      // The vendor answers with an 865; the order waits for it (bounded) before the cancel is done.
      return {
        sent: true,
        interchangeControl: doc.interchangeControl,
        answerWindowSeconds: partner.edi!.cancelAnswerWindowSeconds,
      };
    },
  };
}
