import { createHmac, randomUUID } from 'node:crypto';
import { financialStatus, fulfillmentStatus, totals } from './payments';
import { money, nowIso, type Shop, type SimOrder, type SimTransaction } from './store';

/**
 * Webhooks as Shopify sends them: REST-shaped JSON whose numeric IDs are exact
 * integer literals (beyond 2^53), Shopify's headers and HMAC, retries on
 * failure, and on request duplicates, delays, reordering and drops.
 */
export const API_VERSION = '2026-10';

/** JSON text where bigint values are written as exact integer literals. */
export function stringifyExact(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `__BIGINT__${v}` : v)).replace(/"__BIGINT__(\d+)"/g, '$1');
}

export function orderBody(order: SimOrder): Record<string, unknown> {
  const t = totals(order);
  return {
    id: order.id,
    admin_graphql_api_id: order.gid,
    name: order.name,
    order_number: Number(order.name.replace(/\D/g, '')),
    email: order.email,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    cancelled_at: order.cancelledAt,
    currency: order.currency,
    total_price: money(t.total),
    financial_status: financialStatus(order).toLowerCase(),
    fulfillment_status: fulfillmentStatus(order) === 'FULFILLED' ? 'fulfilled' : null,
    tags: order.tags.join(', '),
    line_items: order.lineItems.map((l) => ({
      id: l.id,
      admin_graphql_api_id: l.gid,
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      price: money(l.price),
      requires_shipping: l.requiresShipping,
    })),
    shipping_address: order.shippingAddress,
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
    parent_id: t.parentGid ? BigInt(t.parentGid.split('/').pop()!) : null,
    created_at: t.createdAt,
  };
}

interface Pending {
  topic: string;
  eventId: string;
  body: string;
  triggeredAt: string;
}

const TOPIC_ENUM: Record<string, string> = {
  'orders/create': 'ORDERS_CREATE',
  'orders/updated': 'ORDERS_UPDATED',
  'orders/paid': 'ORDERS_PAID',
  'orders/cancelled': 'ORDERS_CANCELLED',
  'order_transactions/create': 'ORDER_TRANSACTIONS_CREATE',
  'refunds/create': 'REFUNDS_CREATE',
  'fulfillments/create': 'FULFILLMENTS_CREATE',
};

export class WebhookEmitter {
  private held = new Map<string, Pending[]>();

  emit(shop: Shop, topic: string, body: Record<string, unknown>) {
    const b = shop.webhookBehavior;
    const event: Pending = { topic, eventId: randomUUID(), body: stringifyExact(body), triggeredAt: nowIso() };
    if (b.dropTopics.includes(topic) || (b.dropRate > 0 && Math.random() < b.dropRate)) {
      shop.deliveries.push({ topic, eventId: event.eventId, webhookId: '-', uri: '-', status: 'dropped', attempts: 0 });
      return;
    }
    if (b.reorderWindow > 0) {
      const queue = this.held.get(shop.domain) ?? [];
      queue.push(event);
      this.held.set(shop.domain, queue);
      if (queue.length >= b.reorderWindow) this.flush(shop);
      return;
    }
    this.schedule(shop, event);
  }

  /** Deliver what is held for reordering, newest first. */
  flush(shop: Shop) {
    const queue = this.held.get(shop.domain) ?? [];
    this.held.delete(shop.domain);
    for (const e of queue.reverse()) this.schedule(shop, e);
  }

  private schedule(shop: Shop, event: Pending) {
    const copies = 1 + Math.max(0, shop.webhookBehavior.duplicate);
    const run = () => {
      for (const uri of this.targets(shop, event.topic)) {
        const webhookId = randomUUID();
        for (let i = 0; i < copies; i++) void this.deliver(shop, event, uri, webhookId);
      }
    };
    if (shop.webhookBehavior.delayMs > 0) setTimeout(run, shop.webhookBehavior.delayMs).unref();
    else setImmediate(run);
  }

  private targets(shop: Shop, topic: string): string[] {
    const uris = new Set<string>();
    if (shop.webhookUrl) uris.add(shop.webhookUrl);
    for (const s of shop.subscriptions) if (s.topic === TOPIC_ENUM[topic]) uris.add(s.uri);
    return [...uris];
  }

  private async deliver(shop: Shop, event: Pending, uri: string, webhookId: string) {
    const entry = { topic: event.topic, eventId: event.eventId, webhookId, uri, status: 0 as number | 'network-error', attempts: 0 };
    shop.deliveries.push(entry);
    const headers = {
      'content-type': 'application/json',
      'x-shopify-topic': event.topic,
      'x-shopify-hmac-sha256': createHmac('sha256', shop.webhookSecret).update(event.body).digest('base64'),
      'x-shopify-shop-domain': shop.domain,
      'x-shopify-api-version': API_VERSION,
      'x-shopify-webhook-id': webhookId,
      'x-shopify-event-id': event.eventId,
      'x-shopify-triggered-at': event.triggeredAt,
    };
    for (let attempt = 1; attempt <= 6; attempt++) {
      entry.attempts = attempt;
      try {
        const res = await fetch(uri, { method: 'POST', headers, body: event.body, signal: AbortSignal.timeout(10_000) });
        entry.status = res.status;
        await res.arrayBuffer();
        if (res.ok) return;
      } catch {
        entry.status = 'network-error';
      }
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt).unref());
    }
  }
}
