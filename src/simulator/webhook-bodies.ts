import { financialStatus, fulfillmentStatus, totals } from './payments';
import {
  money,
  type Shop,
  type SimFulfillment,
  type SimFulfillmentOrder,
  type SimMerchantRequest,
  type SimOrder,
  type SimRefund,
  type SimTransaction,
} from './store';

/**
 * Webhook bodies as Shopify sends them: the REST resource (snake_case), numeric
 * IDs as exact integer literals (beyond 2^53, so the text is written here and
 * never through a JS number), money as decimal strings.
 */
const numericId = (gid: string) => BigInt(gid.split('/').pop()!.split('?')[0]!);

/** JSON text where bigint values are written as exact integer literals. */
export function stringifyExact(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `__BIGINT__${v}` : v)).replace(
    /"__BIGINT__(\d+)"/g,
    '$1',
  );
}

function restAddress(a: Record<string, unknown> | null) {
  if (!a) return null;
  return {
    first_name: a.firstName ?? null,
    last_name: a.lastName ?? null,
    address1: a.address1 ?? null,
    address2: a.address2 ?? null,
    city: a.city ?? null,
    province_code: a.provinceCode ?? null,
    country_code: a.countryCode ?? null,
    zip: a.zip ?? null,
    phone: a.phone ?? null,
    latitude: a.latitude ?? null,
    longitude: a.longitude ?? null,
  };
}

const REST_FULFILLMENT_STATUS: Record<string, string | null> = {
  FULFILLED: 'fulfilled',
  PARTIALLY_FULFILLED: 'partial',
};

export function orderBody(order: SimOrder): Record<string, unknown> {
  const t = totals(order);
  return {
    id: order.id,
    admin_graphql_api_id: order.gid,
    name: order.name,
    order_number: Number(order.name.replace(/\D/g, '')),
    email: order.email,
    note: order.note ?? null,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    processed_at: order.createdAt,
    cancelled_at: order.cancelledAt,
    closed_at: order.closed ? order.updatedAt : null,
    test: true,
    currency: order.currency,
    presentment_currency: order.currency,
    total_price: money(t.total),
    subtotal_price: money(t.total - order.shippingPrice),
    total_outstanding: money(Math.max(0, (order.cancelledAt ? t.total : t.current) - t.received + t.refunded)),
    financial_status: financialStatus(order).toLowerCase(),
    fulfillment_status: REST_FULFILLMENT_STATUS[fulfillmentStatus(order)] ?? null,
    payment_gateway_names: [...new Set(order.transactions.map((x) => x.gateway))],
    tags: order.tags.join(', '),
    source_name: order.sourceName ?? 'web',
    location_id: order.locationGid ? numericId(order.locationGid) : null,
    line_items: order.lineItems.map((l) => ({
      id: l.id,
      admin_graphql_api_id: l.gid,
      sku: l.sku,
      title: l.title,
      name: l.title,
      quantity: l.quantity,
      current_quantity: order.cancelledAt ? 0 : (l.currentQuantity ?? l.quantity),
      price: money(l.price),
      requires_shipping: l.requiresShipping,
    })),
    shipping_address: restAddress(order.shippingAddress),
  };
}

export function transactionBody(order: SimOrder, t: SimTransaction): Record<string, unknown> {
  return {
    id: t.id,
    admin_graphql_api_id: t.gid,
    order_id: order.id,
    kind: t.kind.toLowerCase(),
    status: t.status.toLowerCase(),
    amount: money(t.amount),
    currency: order.currency,
    gateway: t.gateway,
    test: true,
    parent_id: t.parentGid ? numericId(t.parentGid) : null,
    error_code: t.errorCode ? t.errorCode.toLowerCase() : null,
    authorization_expires_at: t.authorizationExpiresAt,
    created_at: t.createdAt,
    processed_at: t.createdAt,
  };
}

/**
 * refunds/create, after Shopify's documented payload: the refund, its line
 * items (restock_type in lowercase, the line item itself, the location the
 * units went back to), its transactions, and the return it settles (null for
 * a plain refund). `restock` says whether any unit was restocked.
 */
export function refundBody(
  order: SimOrder,
  refund: SimRefund,
  transactions: SimTransaction[],
): Record<string, unknown> {
  const set = (cents: number) => {
    const m = { amount: money(cents), currency_code: order.currency };
    return { shop_money: m, presentment_money: m };
  };
  const lines = refund.lines ?? [];
  return {
    id: numericId(refund.gid),
    admin_graphql_api_id: refund.gid,
    order_id: order.id,
    note: refund.note ?? null,
    user_id: null,
    created_at: refund.createdAt,
    processed_at: refund.createdAt,
    restock: lines.some((l) => l.restocked),
    duties: [],
    total_duties_set: set(0),
    return: refund.returnGid ? { id: numericId(refund.returnGid), admin_graphql_api_id: refund.returnGid } : null,
    refund_line_items: lines.map((l) => {
      const li = order.lineItems.find((x) => x.gid === l.lineItemGid);
      return {
        id: numericId(l.gid),
        line_item_id: li?.id ?? null,
        location_id: l.locationGid ? numericId(l.locationGid) : null,
        quantity: l.quantity,
        restock_type: l.restockType.toLowerCase(),
        subtotal: money(l.subtotal),
        subtotal_set: set(l.subtotal),
        total_tax: money(0),
        total_tax_set: set(0),
        line_item: li
          ? {
              id: li.id,
              admin_graphql_api_id: li.gid,
              sku: li.sku,
              title: li.title,
              name: li.title,
              quantity: li.quantity,
              price: money(li.price),
              requires_shipping: li.requiresShipping,
            }
          : null,
      };
    }),
    transactions: transactions.map((t) => transactionBody(order, t)),
    order_adjustments: [],
  };
}

export function fulfillmentBody(_shop: Shop, order: SimOrder, f: SimFulfillment): Record<string, unknown> {
  const index = order.fulfillments.indexOf(f) + 1;
  const lineItems = f.lines.map((l) => {
    const foLine = order.fulfillmentOrders.flatMap((fo) => fo.lines).find((x) => x.gid === l.lineGid);
    const li = order.lineItems.find((x) => x.gid === foLine?.lineItemGid);
    return {
      id: li?.id ?? null,
      admin_graphql_api_id: li?.gid ?? null,
      sku: li?.sku ?? null,
      quantity: l.quantity,
      requires_shipping: li?.requiresShipping ?? true,
    };
  });
  return {
    id: numericId(f.gid),
    admin_graphql_api_id: f.gid,
    order_id: order.id,
    name: `${order.name}.${index > 0 ? index : order.fulfillments.length}`,
    status: f.status.toLowerCase(),
    location_id: f.locationGid ? numericId(f.locationGid) : null,
    created_at: f.createdAt,
    updated_at: f.createdAt,
    notify_customer: f.notifyCustomer,
    tracking_company: f.trackingInfo[0]?.company ?? null,
    tracking_number: f.trackingInfo[0]?.number ?? null,
    tracking_numbers: f.trackingInfo.map((t) => t.number),
    tracking_url: f.trackingInfo[0]?.url ?? null,
    tracking_urls: f.trackingInfo.map((t) => t.url).filter(Boolean),
    line_items: lineItems,
  };
}

/**
 * The fulfillment_orders/* topics: small bodies that name the fulfillment order
 * by GID (statuses in lowercase) and, unlike the resource topics above, carry
 * no order ID: a receiver maps the fulfillment order to its order itself.
 */
export function fulfillmentOrderRef(fo: SimFulfillmentOrder, withRequestStatus = true): Record<string, unknown> {
  return {
    id: fo.gid,
    status: fo.status.toLowerCase(),
    ...(withRequestStatus ? { request_status: fo.requestStatus.toLowerCase() } : {}),
  };
}

export function merchantRequestRef(r: SimMerchantRequest): Record<string, unknown> {
  return { id: r.gid, message: r.message };
}

/** fulfillment_orders/fulfillment_request_submitted */
export function fulfillmentRequestSubmittedBody(
  original: SimFulfillmentOrder,
  submitted: SimFulfillmentOrder,
  request: SimMerchantRequest,
): Record<string, unknown> {
  return {
    original_fulfillment_order: fulfillmentOrderRef(original),
    submitted_fulfillment_order: fulfillmentOrderRef(submitted),
    fulfillment_order_merchant_request: merchantRequestRef(request),
  };
}

/** fulfillment_orders/cancellation_request_submitted */
export function cancellationRequestSubmittedBody(
  fo: SimFulfillmentOrder,
  request: SimMerchantRequest,
): Record<string, unknown> {
  return {
    fulfillment_order: fulfillmentOrderRef(fo),
    fulfillment_order_merchant_request: merchantRequestRef(request),
  };
}

/**
 * The fulfillment service's answers: fulfillment_request_accepted / _rejected and
 * cancellation_request_rejected name the request status, cancellation_request_accepted
 * only the status (as in Shopify's samples).
 */
export function fulfillmentServiceResponseBody(
  fo: SimFulfillmentOrder,
  message: string | null | undefined,
  withRequestStatus = true,
): Record<string, unknown> {
  return { fulfillment_order: fulfillmentOrderRef(fo, withRequestStatus), message: message ?? null };
}
