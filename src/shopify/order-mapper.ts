import type { FulfillmentOrderSnapshot, OrderSnapshot, PaymentTransaction } from '../order/types';
import type {
  OrderForOrchestrationQuery,
  OrderFulfillmentOrdersQuery,
  OrderTransactionsQuery,
} from './generated/admin.generated';

/** Maps the OrderForOrchestration / OrderTransactions / OrderFulfillmentOrders answers (generated types) onto the engine's plain types. */
type MoneyBag = { shopMoney: { amount: string; currencyCode: string } } | null | undefined;
const amt = (m: MoneyBag) => m?.shopMoney.amount ?? '0';

/** The order as OrderForOrchestration selects it. */
export type OrchestrationOrder = NonNullable<OrderForOrchestrationQuery['order']>;
/** A transaction as OrderTransactions selects it (OrderForOrchestration selects the same fields). */
export type TransactionNode = NonNullable<OrderTransactionsQuery['order']>['transactions'][number];
/** An order's fulfillment orders as OrderFulfillmentOrders selects them. */
export type FulfillmentOrderConnection = NonNullable<OrderFulfillmentOrdersQuery['order']>['fulfillmentOrders'];

export function mapTransactions(raw: readonly TransactionNode[] | null | undefined): PaymentTransaction[] {
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

export function mapFulfillmentOrders(raw: FulfillmentOrderConnection | null | undefined): FulfillmentOrderSnapshot[] {
  return (raw?.nodes ?? []).map((fo) => ({
    id: fo.id,
    status: fo.status,
    requestStatus: fo.requestStatus,
    locationId: fo.assignedLocation?.location?.id ?? null,
    holds: (fo.fulfillmentHolds ?? []).map((h) => ({ id: h.id, handle: h.handle ?? null, reason: h.reason })),
    lines: (fo.lineItems?.nodes ?? []).map((l) => ({
      id: l.id,
      lineItemId: l.lineItem.id,
      sku: l.lineItem.sku ?? null,
      remainingQuantity: l.remainingQuantity,
      totalQuantity: l.totalQuantity,
    })),
  }));
}

/** The order without its fulfillment orders (those come from OrderFulfillmentOrders, when needed). */
export function mapOrder(o: OrchestrationOrder): OrderSnapshot {
  return {
    id: o.id,
    name: o.name,
    cancelledAt: o.cancelledAt ?? null,
    closed: !!o.closed,
    currencyCode: o.currencyCode,
    fulfillmentStatus: o.displayFulfillmentStatus,
    // After edits and removals: what the customer owes now, and so what is captured.
    total: amt(o.currentTotalPriceSet),
    riskRecommendation: o.risk?.recommendation ?? null,
    riskLevels: (o.risk?.assessments ?? []).map((a) => a.riskLevel),
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
    lines: (o.lineItems?.nodes ?? []).map((l) => ({
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
