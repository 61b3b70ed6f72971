import { isLosslessNumber, parse } from 'lossless-json';
import { isShopifyId } from './shopify-id';

/**
 * The order a webhook is about, read losslessly: Shopify's numeric IDs exceed
 * 2^53, so numbers in the body are never turned into JS numbers here (a plain
 * JSON.parse would round 9007199254740993123 to 9007199254740993000).
 */
export interface WebhookOrderRef {
  orderId: string;
  orderGid: string;
  orderName: string | null;
}

/** Topics whose body is the order itself (admin_graphql_api_id, id, name). */
export const ORDER_TOPICS = ['orders/create', 'orders/updated', 'orders/paid', 'orders/cancelled'] as const;
/** Topics whose body is a child of the order (order_id). */
export const ORDER_CHILD_TOPICS = ['order_transactions/create', 'refunds/create', 'fulfillments/create'] as const;
export type OrderWebhookTopic = (typeof ORDER_TOPICS)[number] | (typeof ORDER_CHILD_TOPICS)[number];
export const ORDER_WEBHOOK_TOPICS: readonly string[] = [...ORDER_TOPICS, ...ORDER_CHILD_TOPICS];

export function isOrderWebhookTopic(topic: string): topic is OrderWebhookTopic {
  return ORDER_WEBHOOK_TOPICS.includes(topic);
}

/**
 * The current quantity of each line item in an order-shaped body (orders/*),
 * keyed by line item GID: enough to tell an edit from an echo of our own
 * writes (a tag, a metafield) without reading the order. Null when the body
 * has no line items to read.
 */
export function lineQuantitiesOf(body: Record<string, unknown>): Record<string, number> | null {
  if (!Array.isArray(body.line_items)) return null;
  const out: Record<string, number> = {};
  for (const li of body.line_items as Record<string, unknown>[]) {
    const gid = typeof li?.admin_graphql_api_id === 'string' ? li.admin_graphql_api_id : null;
    const raw = li?.current_quantity ?? li?.quantity;
    const n = isLosslessNumber(raw) ? Number(raw.toString()) : typeof raw === 'number' ? raw : NaN;
    if (!gid || !Number.isInteger(n)) return null;
    out[gid] = n;
  }
  return out;
}

/**
 * A body the gateway refuses; the message says why and `field` names the
 * field at fault (both safe to return to the caller and to log).
 */
export class WebhookPayloadError extends Error {
  override name = 'WebhookPayloadError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A Shopify id as exact decimal digits, from a lossless number or a digit string; else null. */
export function idString(v: unknown): string | null {
  const s = isLosslessNumber(v) ? v.toString() : typeof v === 'string' ? v.trim() : null;
  return s !== null && isShopifyId(s) ? s : null;
}

/** Parse a webhook body losslessly (numbers stay LosslessNumber). Throws WebhookPayloadError. */
export function parseWebhookBody(raw: Buffer | string): Record<string, unknown> {
  let body: unknown;
  try {
    body = parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : raw);
  } catch (err) {
    throw new WebhookPayloadError(`body is not JSON: ${(err as Error).message}`);
  }
  // lossless-json reads a top-level number as a LosslessNumber, an object too: not a body.
  if (!body || typeof body !== 'object' || Array.isArray(body) || isLosslessNumber(body))
    throw new WebhookPayloadError('body is not a JSON object', 'body');
  return body as Record<string, unknown>;
}

/**
 * The order a webhook is about.
 * - orders/*: the body is the order: `admin_graphql_api_id` first, else `id`; `name` when present.
 * - order_transactions/create, refunds/create, fulfillments/create: `order_id`.
 * Takes the raw body (parsed losslessly here) or a body from parseWebhookBody.
 * Returns null for a topic that is not about an order we handle; throws
 * WebhookPayloadError (with the reason) when a handled topic's body has no order id.
 */
export function orderRefFromWebhook(
  topic: OrderWebhookTopic,
  body: Buffer | string | Record<string, unknown>,
): WebhookOrderRef;
export function orderRefFromWebhook(
  topic: string,
  body: Buffer | string | Record<string, unknown>,
): WebhookOrderRef | null;
export function orderRefFromWebhook(
  topic: string,
  body: Buffer | string | Record<string, unknown>,
): WebhookOrderRef | null {
  if (!isOrderWebhookTopic(topic)) return null;
  const b = Buffer.isBuffer(body) || typeof body === 'string' ? parseWebhookBody(body) : body;
  let orderId: string | null;
  let orderName: string | null = null;
  if ((ORDER_TOPICS as readonly string[]).includes(topic)) {
    const gid = b.admin_graphql_api_id;
    if (gid !== undefined && gid !== null) {
      // When the body names its resource, it must be an order: a product's or a transaction's body is not one.
      const digits = typeof gid === 'string' ? /^gid:\/\/shopify\/Order\/(\d+)$/.exec(gid)?.[1] : undefined;
      orderId = digits !== undefined ? idString(digits) : null;
      if (!orderId)
        throw new WebhookPayloadError(
          `${topic} body: admin_graphql_api_id is not an Order GID with a 64-bit id`,
          'admin_graphql_api_id',
        );
      const id = b.id === undefined || b.id === null ? null : idString(b.id);
      if (id !== null && id !== orderId)
        throw new WebhookPayloadError(
          `${topic} body: id ${id} and admin_graphql_api_id ${gid} name different orders`,
          'id',
        );
    } else {
      orderId = idString(b.id);
      if (!orderId)
        throw new WebhookPayloadError(
          `${topic} body has no order id (admin_graphql_api_id or a numeric 64-bit id)`,
          'id',
        );
    }
    orderName = typeof b.name === 'string' && b.name.trim() ? b.name.trim() : null;
  } else {
    orderId = idString(b.order_id);
    if (!orderId) throw new WebhookPayloadError(`${topic} body has no numeric order_id (a 64-bit id)`, 'order_id');
  }
  return { orderId, orderGid: `gid://shopify/Order/${orderId}`, orderName };
}
