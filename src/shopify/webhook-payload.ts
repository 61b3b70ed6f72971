import { isLosslessNumber, parse } from 'lossless-json';

/**
 * The order a webhook is about, read losslessly: Shopify's numeric IDs exceed
 * 2^53, so numbers are never turned into JS numbers here.
 */
export interface WebhookOrderRef {
  orderId: string;
  orderGid: string;
  orderName: string | null;
}

export const ORDER_TOPICS = ['orders/create', 'orders/updated', 'orders/paid', 'orders/cancelled'] as const;
export const ORDER_CHILD_TOPICS = ['order_transactions/create', 'refunds/create', 'fulfillments/create'] as const;
export const HANDLED_TOPICS: readonly string[] = [...ORDER_TOPICS, ...ORDER_CHILD_TOPICS];

export class WebhookPayloadError extends Error {}

function idString(v: unknown): string | null {
  if (isLosslessNumber(v)) return v.toString();
  if (typeof v === 'string' && /^\d+$/.test(v)) return v;
  return null;
}

export function parseWebhookBody(raw: Buffer): Record<string, unknown> {
  let body: unknown;
  try {
    body = parse(raw.toString('utf8'));
  } catch (err) {
    throw new WebhookPayloadError(`body is not JSON: ${(err as Error).message}`);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new WebhookPayloadError('body is not a JSON object');
  return body as Record<string, unknown>;
}

export function orderRefFromWebhook(topic: string, body: Record<string, unknown>): WebhookOrderRef {
  if ((ORDER_TOPICS as readonly string[]).includes(topic)) {
    const gid = typeof body.admin_graphql_api_id === 'string' ? body.admin_graphql_api_id : null;
    const fromGid = gid ? /^gid:\/\/shopify\/Order\/(\d+)$/.exec(gid)?.[1] ?? null : null;
    const orderId = fromGid ?? idString(body.id);
    if (!orderId) throw new WebhookPayloadError(`${topic} body has no order id (admin_graphql_api_id or id)`);
    return { orderId, orderGid: `gid://shopify/Order/${orderId}`, orderName: typeof body.name === 'string' ? body.name : null };
  }
  const orderId = idString(body.order_id);
  if (!orderId) throw new WebhookPayloadError(`${topic} body has no numeric order_id`);
  return { orderId, orderGid: `gid://shopify/Order/${orderId}`, orderName: null };
}
