/**
 * The simulator's state: shops, and in each the objects the engine touches.
 * Amounts are integer cents; numeric IDs are bigint (Shopify's exceed 2^53).
 */

export interface Throttle {
  maximumAvailable: number;
  restoreRate: number;
}

export interface SimLocation {
  gid: string;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
  address: {
    address1?: string;
    city?: string;
    provinceCode?: string;
    countryCode?: string;
    zip?: string;
    latitude?: number;
    longitude?: number;
  };
  /** Set when the location belongs to a fulfillment service (a 3PL app): its GID. */
  fulfillmentServiceGid?: string | null;
}

/** A fulfillment service (3PL) registered on the shop; Shopify gives each one its own location. */
export interface SimFulfillmentService {
  gid: string;
  handle: string;
  serviceName: string;
  callbackUrl: string | null;
  inventoryManagement: boolean;
  trackingSupport: boolean;
  requiresShippingMethod: boolean;
  locationGid: string;
}

/** A request the merchant (the app) sent to the fulfillment service of a fulfillment order. */
export interface SimMerchantRequest {
  gid: string;
  kind: 'FULFILLMENT_REQUEST' | 'CANCELLATION_REQUEST';
  message: string | null;
  requestOptions: Record<string, unknown> | null;
  sentAt: string;
}

/**
 * Inventory states Shopify keeps per item and location. `on_hand` is derived:
 * available + committed + reserved + damaged + quality_control + safety_stock.
 */
export const STORED_QUANTITIES = [
  'available',
  'committed',
  'reserved',
  'damaged',
  'quality_control',
  'safety_stock',
  'incoming',
] as const;
export type StoredQuantity = (typeof STORED_QUANTITIES)[number];
export type LevelQuantities = Partial<Record<StoredQuantity, number>>;

export interface SimVariant {
  gid: string;
  sku: string;
  title: string;
  price: number;
  requiresShipping: boolean;
  inventoryItemGid: string;
  /** The product it belongs to (files from before products have none: products.ts gives each one). */
  productGid?: string;
  barcode?: string | null;
  /** Shopify's ProductVariant.title ("M"); absent: "Default Title". `title` above is the line item title. */
  optionTitle?: string;
  /** One of its product's images. */
  imageGid?: string | null;
  createdAt?: string;
  updatedAt?: string;
}

/** A product: its variants are the shop's variants with its GID (products.ts). */
export interface SimProduct {
  id: bigint;
  gid: string;
  title: string;
  handle: string;
  status: 'ACTIVE' | 'ARCHIVED' | 'DRAFT';
  /** The first is the featured image. */
  images: { gid: string; url: string; altText: string | null }[];
  createdAt: string;
  updatedAt: string;
}

export interface SimTransaction {
  id: bigint;
  gid: string;
  kind: 'AUTHORIZATION' | 'CAPTURE' | 'SALE' | 'VOID' | 'REFUND';
  status: 'SUCCESS' | 'FAILURE' | 'PENDING';
  amount: number;
  parentGid: string | null;
  gateway: string;
  createdAt: string;
  authorizationExpiresAt: string | null;
  errorCode: string | null;
  /** An authorization closed by finalCapture or void has nothing left to capture. */
  closed?: boolean;
  /** OrderTransaction.paymentId: set on a mandate payment's transaction (its paymentReferenceId). */
  paymentId?: string;
}

/** A vaulted card and the customer's permission to charge it again (PaymentMandate, a VaultCreditCard). */
export interface SimMandate {
  gid: string;
  brand: string;
  lastDigits: string;
  expiryMonth: number;
  expiryYear: number;
  name: string;
}

/** An invoice email orderInvoiceSend sent: who to, what it said, and what the order owed then (cents). */
export interface SimInvoice {
  to: string;
  from: string | null;
  bcc: string[];
  subject: string | null;
  customMessage: string | null;
  amountDue: number;
  sentAt: string;
}

export interface SimHold {
  gid: string;
  handle: string | null;
  reason: string;
  reasonNotes: string | null;
}

export interface SimFulfillmentOrderLine {
  gid: string;
  lineItemGid: string;
  totalQuantity: number;
  remainingQuantity: number;
}

export interface SimFulfillmentOrder {
  gid: string;
  status: 'OPEN' | 'ON_HOLD' | 'IN_PROGRESS' | 'CLOSED' | 'CANCELLED' | 'SCHEDULED' | 'INCOMPLETE';
  requestStatus: string;
  locationGid: string;
  holds: SimHold[];
  lines: SimFulfillmentOrderLine[];
  createdAt: string;
  /** fulfillmentOrdersSetFulfillmentDeadline */
  fulfillBy?: string | null;
  /** Fulfillment and cancellation requests sent to the fulfillment service, oldest first. */
  merchantRequests?: SimMerchantRequest[];
  /** The fulfillment service's last answer (not exposed by the Admin API; for the control API). */
  lastResponse?: {
    kind: string;
    message: string | null;
    reason?: string | null;
    estimatedShippedAt?: string | null;
    lineItems?: { fulfillmentOrderLineItemId: string; message?: string | null }[] | null;
    at: string;
  } | null;
}

export interface SimFulfillment {
  gid: string;
  status: 'SUCCESS';
  trackingInfo: { company: string | null; number: string | null; url: string | null }[];
  notifyCustomer: boolean;
  locationGid?: string;
  /** One per fulfillment order line shipped; `gid` is its FulfillmentLineItem (what a return refers to). */
  lines: SimFulfillmentLine[];
  createdAt: string;
}

export interface SimFulfillmentLine {
  gid: string;
  fulfillmentOrderGid: string;
  lineGid: string;
  quantity: number;
}

export interface SimLineItem {
  id: bigint;
  gid: string;
  sku: string;
  title: string;
  quantity: number;
  /** After an order edit removed units (absent: the ordered quantity). */
  currentQuantity?: number;
  price: number;
  requiresShipping: boolean;
}

/** How a refunded line's units are treated (RefundLineItemRestockType). */
export type SimRestockType = 'RETURN' | 'CANCEL' | 'NO_RESTOCK' | 'LEGACY_RESTOCK';

export interface SimRefundLine {
  gid: string;
  lineItemGid: string;
  quantity: number;
  restockType: SimRestockType;
  /** Where the units went back to stock (RETURN, CANCEL); null otherwise. */
  locationGid: string | null;
  restocked: boolean;
  /** Unit price and line subtotal in cents (the simulator charges no tax). */
  price: number;
  subtotal: number;
}

export interface SimRefund {
  gid: string;
  /** What its transactions returned, in cents. */
  amount: number;
  createdAt: string;
  note?: string | null;
  /** Absent on refunds from before refund line items. */
  lines?: SimRefundLine[];
  transactionGids?: string[];
  /** The Return it settles (a return's refund); null for a plain refund. */
  returnGid?: string | null;
  /** Shipping refunded, in cents. */
  shipping?: number;
}

export interface SimOrder {
  id: bigint;
  gid: string;
  name: string;
  email: string | null;
  note?: string | null;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  closed: boolean;
  currency: string;
  lineItems: SimLineItem[];
  shippingPrice: number;
  shippingAddress: Record<string, unknown> | null;
  transactions: SimTransaction[];
  fulfillmentOrders: SimFulfillmentOrder[];
  fulfillments: SimFulfillment[];
  metafields: { gid: string; namespace: string; key: string; type: string; value: string }[];
  tags: string[];
  risk: 'LOW' | 'MEDIUM' | 'HIGH';
  declineCaptures: boolean;
  refunds: SimRefund[];
  /** Returns of this order's fulfilled units, oldest first (returns.ts); absent on older state. */
  returns?: SimReturn[];
  /** 'web' (checkout; absent on older state) or 'pos' (sold and handed over at a store). */
  sourceName?: 'web' | 'pos';
  /** A point-of-sale order's location. */
  locationGid?: string;
  /** Order edits committed (order-edits.ts), oldest first (absent: none). */
  edits?: { gid: string; staffNote: string | null; notifyCustomer: boolean; createdAt: string }[];
  /** Vaulted payment methods (absent: none): the card an online order was paid with, unless created without. */
  mandates?: SimMandate[];
  /** Invoices sent with orderInvoiceSend, oldest first (absent: none). */
  invoices?: SimInvoice[];
}

/** A refund; those from returnProcess name their return and carry line items and shipping. */
export type ReturnStatus = 'REQUESTED' | 'OPEN' | 'DECLINED' | 'CANCELED' | 'CLOSED';
export type DispositionType = 'RESTOCKED' | 'NOT_RESTOCKED' | 'PROCESSING_REQUIRED' | 'MISSING';

export interface SimReturnLineItem {
  gid: string;
  fulfillmentLineItemGid: string;
  quantity: number;
  processedQuantity: number;
  refundedQuantity: number;
  returnReason: string;
  returnReasonNote: string;
  customerNote: string | null;
  restockingFee: { gid: string; percentage: number } | null;
}

export interface SimExchangeLineItem {
  gid: string;
  variantGid: string;
  quantity: number;
  processedQuantity: number;
  /** The order line items created when it was processed. */
  lineItemGids: string[];
}

export interface SimDisposition {
  gid: string;
  type: DispositionType;
  quantity: number;
  locationGid: string | null;
  createdAt: string;
  reverseDeliveryLineItemGid: string | null;
}

export interface SimReverseFulfillmentOrderLine {
  gid: string;
  returnLineItemGid: string;
  fulfillmentLineItemGid: string;
  totalQuantity: number;
  dispositions: SimDisposition[];
}

export interface SimReverseDelivery {
  gid: string;
  lines: { gid: string; reverseFulfillmentOrderLineGid: string; quantity: number }[];
  tracking: { number: string | null; url: string | null; carrierName: string | null } | null;
  label: { fileUrl: string; createdAt: string; updatedAt: string } | null;
  createdAt: string;
}

export interface SimReverseFulfillmentOrder {
  gid: string;
  status: 'OPEN' | 'CLOSED' | 'CANCELED';
  lines: SimReverseFulfillmentOrderLine[];
  deliveries: SimReverseDelivery[];
}

export interface SimReturn {
  id: bigint;
  gid: string;
  /** `#1001-R1`: the order's name and the return's number on it. */
  name: string;
  status: ReturnStatus;
  createdAt: string;
  requestApprovedAt: string | null;
  closedAt: string | null;
  decline: { reason: string; note: string | null } | null;
  lines: SimReturnLineItem[];
  exchangeLines: SimExchangeLineItem[];
  shippingFees: { gid: string; amount: number }[];
  /** One, created when the return opens (approved, or created open). */
  reverseFulfillmentOrders: SimReverseFulfillmentOrder[];
}

export type FaultKind = 'latency' | 'error5xx' | 'throttle' | 'loseResponse';
export interface Fault {
  kind: FaultKind;
  operationName?: string;
  field?: string;
  remaining: number;
  ms?: number;
}

export interface WebhookBehavior {
  duplicate: number;
  delayMs: number;
  reorderWindow: number;
  dropTopics: string[];
  dropRate: number;
}

export interface RequestLogEntry {
  operationName: string | null;
  rootFields: string[];
  requestedCost: number;
  actualCost: number;
  throttled: boolean;
  status: number;
  at: string;
}

export interface DeliveryLogEntry {
  topic: string;
  eventId: string;
  webhookId: string;
  uri: string;
  status: number | 'pending' | 'network-error' | 'dropped';
  attempts: number;
}

export interface Shop {
  domain: string;
  name: string;
  accessToken: string;
  webhookSecret: string;
  webhookUrl: string | null;
  currency: string;
  throttle: Throttle;
  bucket: { available: number; at: number };
  locations: SimLocation[];
  fulfillmentServices: SimFulfillmentService[];
  variants: SimVariant[];
  products: SimProduct[];
  /** inventoryItemGid -> locationGid -> quantities by state (an entry = the location stocks the item) */
  levels: Map<string, Map<string, LevelQuantities>>;
  orders: SimOrder[];
  nextOrderNumber: number;
  subscriptions: { gid: string; topic: string; uri: string; createdAt: string }[];
  /** `${mutation field}:${key}` -> the arguments and payload of the first execution */
  idempotency: Map<string, { fingerprint: string; result: unknown; at: number }>;
  faults: Fault[];
  webhookBehavior: WebhookBehavior;
  requestLog: RequestLogEntry[];
  deliveries: DeliveryLogEntry[];
}

/** Shopify Plus as Shopify reports it in throttleStatus (Standard is 2,000 / 100, the store's default). */
export const PLUS_THROTTLE: Throttle = { maximumAvailable: 20000, restoreRate: 1000 };

export class SimStore {
  readonly shops = new Map<string, Shop>();
  private nextId = 9007199254740993n; // 2^53 + 1: every ID is beyond JavaScript's safe integers

  id(): bigint {
    this.nextId += BigInt(1 + Math.floor(Math.random() * 1000));
    return this.nextId;
  }

  lastId(): bigint {
    return this.nextId;
  }

  /** After loading saved shops: never hand out an ID they already use. */
  resumeIdsAfter(id: bigint) {
    if (id > this.nextId) this.nextId = id;
  }

  gid(type: string, id: bigint = this.id()): string {
    return `gid://shopify/${type}/${id}`;
  }

  shopByToken(token: string | undefined): Shop | undefined {
    if (!token) return undefined;
    for (const s of this.shops.values()) if (s.accessToken === token) return s;
    return undefined;
  }

  createShop(init: {
    domain: string;
    accessToken: string;
    webhookSecret: string;
    webhookUrl?: string | null;
    currency?: string;
    throttle?: Partial<Throttle>;
    name?: string;
  }): Shop {
    const existing = this.shops.get(init.domain);
    if (existing) {
      // Idempotent by domain: a repeated create updates the settings it names and keeps the state.
      if (init.webhookUrl !== undefined) existing.webhookUrl = init.webhookUrl;
      if (init.webhookSecret) existing.webhookSecret = init.webhookSecret;
      if (init.accessToken) existing.accessToken = init.accessToken;
      if (init.throttle) {
        existing.throttle = { ...existing.throttle, ...init.throttle };
        existing.bucket = { available: existing.throttle.maximumAvailable, at: Date.now() };
      }
      return existing;
    }
    const throttle = { ...PLUS_THROTTLE, ...init.throttle };
    const shop: Shop = {
      domain: init.domain,
      name: init.name ?? init.domain.split('.')[0]!,
      accessToken: init.accessToken,
      webhookSecret: init.webhookSecret,
      webhookUrl: init.webhookUrl ?? null,
      currency: init.currency ?? 'USD',
      throttle,
      bucket: { available: throttle.maximumAvailable, at: Date.now() },
      locations: [],
      fulfillmentServices: [],
      variants: [],
      products: [],
      levels: new Map(),
      orders: [],
      nextOrderNumber: 1001,
      subscriptions: [],
      idempotency: new Map(),
      faults: [],
      webhookBehavior: { duplicate: 0, delayMs: 0, reorderWindow: 0, dropTopics: [], dropRate: 0 },
      requestLog: [],
      deliveries: [],
    };
    this.shops.set(init.domain, shop);
    return shop;
  }

  findOrder(shop: Shop, gidOrId: string): SimOrder | undefined {
    return shop.orders.find((o) => o.gid === gidOrId || o.id.toString() === gidOrId);
  }
}

export const nowIso = () => new Date().toISOString();
export const cents = (amount: string | number) => Math.round(Number(amount) * 100);
export const money = (c: number) => (c / 100).toFixed(2);
