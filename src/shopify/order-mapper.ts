import type { FulfillmentOrderSnapshot, OrderSnapshot, PaymentTransaction } from '../order/types';

/** Maps the OrderForOrchestration / OrderTransactions answers onto the engine's plain types. */
type MoneyBag = { shopMoney: { amount: string; currencyCode: string } } | null | undefined;
const amt = (m: MoneyBag) => m?.shopMoney.amount ?? '0';

export function mapTransactions(raw: any[] | null | undefined): PaymentTransaction[] {
  return (raw ?? []).map((t) => ({
    id: t.id,
    kind: t.kind,
    status: t.status,
    amount: amt(t.amountSet),
    currencyCode: t.amountSet?.shopMoney.currencyCode ?? '',
    parentId: t.parentTransaction?.id ?? null,
    gateway: t.gateway ?? null,
    createdAt: t.createdAt,
    authorizationExpiresAt: t.authorizationExpiresAt ?? null,
  }));
}

export function mapFulfillmentOrders(raw: any): FulfillmentOrderSnapshot[] {
  return (raw?.nodes ?? []).map((fo: any) => ({
    id: fo.id,
    status: fo.status,
    requestStatus: fo.requestStatus,
    locationId: fo.assignedLocation?.location?.id ?? null,
    holds: (fo.fulfillmentHolds ?? []).map((h: any) => ({ id: h.id, handle: h.handle ?? null, reason: h.reason })),
    lines: (fo.lineItems?.nodes ?? []).map((l: any) => ({
      id: l.id,
      lineItemId: l.lineItem.id,
      sku: l.lineItem.sku ?? null,
      remainingQuantity: l.remainingQuantity,
      totalQuantity: l.totalQuantity,
    })),
  }));
}

/** The order without its fulfillment orders (those come from OrderFulfillmentOrders, when needed). */
export function mapOrder(o: any): OrderSnapshot {
  return {
    id: o.id,
    legacyId: String(o.legacyResourceId),
    name: o.name,
    email: o.email ?? null,
    createdAt: o.createdAt,
    cancelledAt: o.cancelledAt ?? null,
    closed: !!o.closed,
    currencyCode: o.currencyCode,
    financialStatus: o.displayFinancialStatus ?? null,
    fulfillmentStatus: o.displayFulfillmentStatus,
    paymentGateways: o.paymentGatewayNames ?? [],
    tags: o.tags ?? [],
    // After edits and removals: what the customer owes now, and so what is captured.
    total: amt(o.currentTotalPriceSet),
    totalCapturable: amt(o.totalCapturableSet),
    totalReceived: amt(o.totalReceivedSet),
    totalRefunded: amt(o.totalRefundedSet),
    riskRecommendation: o.risk?.recommendation ?? null,
    riskLevels: (o.risk?.assessments ?? []).map((a: any) => a.riskLevel),
    shipTo: o.shippingAddress
      ? {
          city: o.shippingAddress.city,
          provinceCode: o.shippingAddress.provinceCode,
          countryCode: o.shippingAddress.countryCodeV2,
          zip: o.shippingAddress.zip,
          latitude: o.shippingAddress.latitude,
          longitude: o.shippingAddress.longitude,
        }
      : null,
    lines: (o.lineItems?.nodes ?? []).map((l: any) => ({
      lineItemId: l.id,
      sku: l.sku ?? '',
      title: l.title,
      quantity: l.currentQuantity ?? l.quantity,
      requiresShipping: l.requiresShipping,
      discountedTotal: amt(l.discountedTotalSet),
    })),
    transactions: mapTransactions(o.transactions),
  };
}
