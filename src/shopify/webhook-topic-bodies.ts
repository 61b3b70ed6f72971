import { isLosslessNumber } from 'lossless-json';
import { WebhookPayloadError } from './webhook-payload';
import { isShopifyId } from './shopify-id';

/**
 * Shopify's HMAC covers the body only: X-Shopify-Topic is a header anyone can
 * change. So before anything acts on a webhook, its signed body must be one
 * Shopify sends for that topic (the REST resource of Shopify's documented
 * payloads), and every value the engine takes from it must fit where it goes
 * (PostgreSQL integer columns, 64-bit ids). A body that fails is refused with
 * a WebhookPayloadError naming the field: a permanent 400, never a 503.
 *
 * What each topic's body must carry:
 * - every topic with a resource GID: `admin_graphql_api_id`, when present, is
 *   a GID of that topic's resource (an order's body is not a product's);
 *   `updated_at`, when present, an ISO 8601 timestamp (it is stored);
 * - orders/*: the order's id (orderRefFromWebhook); orders/cancelled also a
 *   `cancelled_at` timestamp (a body without one is not a cancellation);
 *   `line_items`, when present, an array whose quantities are integers in
 *   0 .. 2^31-1, and at most 2^31-1 units in all (they are stored as open
 *   demand, summed per SKU, and compared by the workflow);
 * - order_transactions/create, refunds/create, fulfillments/create: `order_id`
 *   (read by orderRefFromWebhook);
 * - products/create|update: checked by the catalog (title, updated_at, variants);
 * - products/delete: Shopify sends only `{ "id": ... }`: a body with a product's
 *   `title` or `variants` is a product, not a deletion (and the deletion is
 *   still confirmed with Shopify before anything is retired);
 * - inventory_levels/update: `available` an integer in PostgreSQL's range, or null;
 * - fulfillment_orders/*: `fulfillment_order.id` (a FulfillmentOrder GID) and
 *   the status the answer leaves it in (`request_status` accepted / rejected /
 *   cancellation_rejected; `status` cancelled for an accepted cancellation);
 * - returns/* and reverse_fulfillment_orders/dispose: the resource GID above
 *   (src/returns/webhooks.ts needs the return's id, or the reverse fulfillment
 *   order's); the return workflow reads the return from Shopify and never acts
 *   on the body.
 */

type Body = Record<string, unknown>;

/** PostgreSQL `integer`. */
export const PG_INTEGER_MIN = -2_147_483_648;
export const PG_INTEGER_MAX = 2_147_483_647;

const RESOURCE_OF_TOPIC: Record<string, string> = {
  'orders/create': 'Order',
  'orders/updated': 'Order',
  'orders/paid': 'Order',
  'orders/cancelled': 'Order',
  'order_transactions/create': 'OrderTransaction',
  'refunds/create': 'Refund',
  'fulfillments/create': 'Fulfillment',
  'products/create': 'Product',
  'products/update': 'Product',
  'inventory_levels/update': 'InventoryLevel',
  'returns/request': 'Return',
  'returns/approve': 'Return',
  'returns/decline': 'Return',
  'returns/cancel': 'Return',
  'returns/close': 'Return',
  'returns/reopen': 'Return',
  'returns/update': 'Return',
  'returns/process': 'Return',
  'reverse_fulfillment_orders/dispose': 'ReverseFulfillmentOrder',
};

/** What the fulfillment service's answer leaves the fulfillment order in, per topic. */
const FULFILLMENT_ORDER_STATE: Record<string, { field: 'request_status' | 'status'; value: string }> = {
  'fulfillment_orders/fulfillment_request_accepted': { field: 'request_status', value: 'accepted' },
  'fulfillment_orders/fulfillment_request_rejected': { field: 'request_status', value: 'rejected' },
  'fulfillment_orders/cancellation_request_accepted': { field: 'status', value: 'cancelled' },
  'fulfillment_orders/cancellation_request_rejected': { field: 'request_status', value: 'cancellation_rejected' },
};

const present = (v: unknown) => v !== undefined && v !== null;
const isObject = (v: unknown): v is Body => !!v && typeof v === 'object' && !Array.isArray(v) && !isLosslessNumber(v);

function refuse(topic: string, field: string, problem: string): WebhookPayloadError {
  return new WebhookPayloadError(`${topic} body: ${field} ${problem}`, field);
}

/** A JSON integer, exactly (a lossless number or a plain one); null for anything else. */
export function integerOf(v: unknown): bigint | null {
  const s = isLosslessNumber(v) ? v.toString() : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;
  return s !== null && /^-?\d+$/.test(s) ? BigInt(s) : null;
}

function checkInteger(topic: string, field: string, v: unknown, min: number, max: number) {
  const n = integerOf(v);
  if (n === null) throw refuse(topic, field, 'is not an integer');
  if (n < BigInt(min) || n > BigInt(max)) throw refuse(topic, field, `is out of range (${min} .. ${max})`);
}

/** An ISO 8601 instant as Shopify writes them (what PostgreSQL's timestamptz reads too). */
function isTimestamp(v: unknown): boolean {
  return (
    typeof v === 'string' &&
    /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:?\d\d)$/.test(v) &&
    !Number.isNaN(Date.parse(v))
  );
}

/** `updated_at` orders a resource's webhooks and is stored (PostgreSQL timestamptz): a timestamp when present. */
function checkUpdatedAt(topic: string, body: Body) {
  if (present(body.updated_at) && !isTimestamp(body.updated_at))
    throw refuse(topic, 'updated_at', 'is not an ISO 8601 timestamp');
}

function checkResourceGid(topic: string, body: Body) {
  const type = RESOURCE_OF_TOPIC[topic];
  const gid = body.admin_graphql_api_id;
  if (!type || !present(gid)) return;
  const digits =
    typeof gid === 'string' ? new RegExp(`^gid://shopify/${type}/(\\d+)(\\?.*)?$`).exec(gid)?.[1] : undefined;
  if (digits === undefined || !isShopifyId(digits))
    throw refuse(topic, 'admin_graphql_api_id', `is not a ${type} GID with a 64-bit id`);
}

function checkOrderBody(topic: string, body: Body) {
  if (present(body.line_items) && !Array.isArray(body.line_items)) throw refuse(topic, 'line_items', 'is not an array');
  let units = 0n;
  (Array.isArray(body.line_items) ? body.line_items : []).forEach((li, i) => {
    if (!isObject(li)) throw refuse(topic, `line_items[${i}]`, 'is not an object');
    for (const key of ['quantity', 'current_quantity', 'fulfillable_quantity'] as const) {
      if (present(li[key])) checkInteger(topic, `line_items[${i}].${key}`, li[key], 0, PG_INTEGER_MAX);
    }
    units += integerOf(li.quantity) ?? 0n;
  });
  // Lines of one SKU are summed into one stored quantity: the order's units must fit too.
  if (units > BigInt(PG_INTEGER_MAX))
    throw refuse(topic, 'line_items', `hold more than ${PG_INTEGER_MAX} units in all`);
  if (topic === 'orders/cancelled' && !isTimestamp(body.cancelled_at)) {
    throw refuse(topic, 'cancelled_at', 'is not a timestamp: a body without one is not a cancellation');
  }
}

function checkFulfillmentOrderBody(topic: string, body: Body) {
  const fo = body.fulfillment_order;
  if (!isObject(fo)) throw refuse(topic, 'fulfillment_order', 'is missing');
  const id = typeof fo.id === 'string' ? /^gid:\/\/shopify\/FulfillmentOrder\/(\d+)$/.exec(fo.id)?.[1] : undefined;
  if (id === undefined || !isShopifyId(id))
    throw refuse(topic, 'fulfillment_order.id', 'is not a FulfillmentOrder GID with a 64-bit id');
  const want = FULFILLMENT_ORDER_STATE[topic];
  if (want && fo[want.field] !== want.value) {
    throw refuse(
      topic,
      `fulfillment_order.${want.field}`,
      `is ${JSON.stringify(fo[want.field] ?? null)}, not ${JSON.stringify(want.value)} as this topic leaves it`,
    );
  }
  if (present(body.message) && typeof body.message !== 'string') throw refuse(topic, 'message', 'is not a string');
}

/**
 * Throws WebhookPayloadError unless `body` (from parseWebhookBody) is one
 * Shopify sends for `topic`, with every value the engine takes from it in
 * bounds. Topics the engine does not handle pass (they are ignored anyway).
 */
export function checkTopicBody(topic: string, body: Body): void {
  checkResourceGid(topic, body);
  checkUpdatedAt(topic, body);
  if (topic.startsWith('orders/')) return checkOrderBody(topic, body);
  if (topic.startsWith('fulfillment_orders/')) return checkFulfillmentOrderBody(topic, body);
  if (topic === 'products/delete') {
    for (const field of ['title', 'variants'] as const) {
      if (present(body[field]))
        throw refuse(
          topic,
          field,
          'is present: Shopify sends a deletion as the product id alone; this body is a product',
        );
    }
    return;
  }
  if (topic === 'inventory_levels/update' && present(body.available)) {
    checkInteger(topic, 'available', body.available, PG_INTEGER_MIN, PG_INTEGER_MAX);
  }
}
