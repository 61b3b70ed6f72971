import { createHmac, randomUUID } from 'node:crypto';
import { stringifyExact } from './webhook-bodies';
import { nowIso, type DeliveryLogEntry, type Shop } from './store';

export { orderBody, transactionBody, stringifyExact } from './webhook-bodies';

/**
 * Webhook delivery as Shopify does it: a POST of the JSON body to the shop's
 * configured webhookUrl and to every subscription for the topic, signed with
 * X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body, the shop's
 * webhook secret). X-Shopify-Event-Id names the event (the same on every
 * duplicate); X-Shopify-Webhook-Id names one webhook (the same across its
 * retries). Non-2xx or a network error is retried with backoff. On request
 * (control API) deliveries are duplicated, delayed, held and reversed, or dropped.
 */
export const WEBHOOK_API_VERSION = '2026-10';
const ATTEMPTS = 5;
const BACKOFF_MS = 100;

interface Event {
  topic: string;
  eventId: string;
  body: string;
  triggeredAt: string;
}

const topicEnum = (topic: string) => topic.toUpperCase().replace(/\//g, '_');

export class WebhookEmitter {
  private held = new Map<string, Event[]>();
  private inFlight = new Set<Promise<void>>();

  emit(shop: Shop, topic: string, body: Record<string, unknown>) {
    const b = shop.webhookBehavior;
    const event: Event = { topic, eventId: randomUUID(), body: stringifyExact(body), triggeredAt: nowIso() };
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

  /** Wait for deliveries under way (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  private schedule(shop: Shop, event: Event) {
    const copies = 1 + Math.max(0, shop.webhookBehavior.duplicate);
    const delay = shop.webhookBehavior.delayMs;
    for (const uri of targets(shop, event.topic)) {
      for (let i = 0; i < copies; i++) {
        const entry: DeliveryLogEntry = {
          topic: event.topic,
          eventId: event.eventId,
          webhookId: randomUUID(),
          uri,
          status: 'pending',
          attempts: 0,
        };
        shop.deliveries.push(entry);
        const run = this.deliver(shop, event, entry, delay).finally(() => this.inFlight.delete(run));
        this.inFlight.add(run);
      }
    }
  }

  private async deliver(shop: Shop, event: Event, entry: DeliveryLogEntry, delayMs: number) {
    await sleep(delayMs);
    const headers = {
      'content-type': 'application/json',
      'x-shopify-topic': event.topic,
      'x-shopify-hmac-sha256': createHmac('sha256', shop.webhookSecret).update(event.body, 'utf8').digest('base64'),
      'x-shopify-shop-domain': shop.domain,
      'x-shopify-api-version': WEBHOOK_API_VERSION,
      'x-shopify-webhook-id': entry.webhookId,
      'x-shopify-event-id': event.eventId,
      'x-shopify-triggered-at': event.triggeredAt,
    };
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      entry.attempts = attempt;
      try {
        const res = await fetch(entry.uri, {
          method: 'POST',
          headers,
          body: event.body,
          signal: AbortSignal.timeout(5_000),
        });
        entry.status = res.status;
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) return;
      } catch {
        entry.status = 'network-error';
      }
      if (attempt < ATTEMPTS) await sleep(BACKOFF_MS * 2 ** (attempt - 1));
    }
  }
}

function targets(shop: Shop, topic: string): string[] {
  const uris = new Set<string>();
  if (shop.webhookUrl) uris.add(shop.webhookUrl);
  for (const s of shop.subscriptions) if (s.topic === topicEnum(topic)) uris.add(s.uri);
  return [...uris];
}

const sleep = (ms: number) => new Promise<void>((r) => (ms > 0 ? setTimeout(r, ms).unref() : setImmediate(r)));
