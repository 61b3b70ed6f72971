import type { Logger } from '../logger';

/**
 * The seam between the webhook gateway and the domains. The gateway verifies a
 * delivery (HMAC, shop, freshness, a body consistent with its topic),
 * deduplicates it and dispatches it through one table of topic handlers; each
 * handler lives in its domain (order intake, inventory, catalog, fulfillment
 * services) and knows nothing of HTTP. A handler says what went wrong with
 * the domain errors below and OrderInboxError; src/api maps them to statuses.
 */

/** A verified delivery, handed to its topic's handler once its delivery is claimed. */
export interface WebhookEvent {
  eventId: string;
  webhookId: string | null;
  triggeredAt: string | null;
  log: Logger;
}

/** What handling a webhook came to: the answer's status and the metric outcome. */
export interface WebhookResult {
  status: string;
  outcome: string;
  workflowId?: string;
}

/** A delivery its handler has read: what it is about (for messages), and how to act on it. */
export interface PreparedWebhook {
  subject: string;
  handle(event: WebhookEvent): Promise<WebhookResult>;
}

/**
 * A domain's topics. `prepare` reads what the topic needs from the body and
 * throws WebhookPayloadError (src/shopify/webhook-payload.ts) when it cannot:
 * everything that can refuse a body runs before the delivery is claimed.
 */
export interface TopicHandler<T extends string = string> {
  topics: readonly T[];
  prepare(topic: T, body: Record<string, unknown>): PreparedWebhook;
}

/** What a handling must read or write could not be (the database): retrying will help. */
export class WebhookStoreUnavailableError extends Error {
  override name = 'WebhookStoreUnavailableError';
  constructor(message: string, cause: unknown) {
    super(message, { cause });
  }
}

async function withStore<T>(fn: () => Promise<T>, message: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new WebhookStoreUnavailableError(message, err);
  }
}

/** Run a write a handling depends on; its failure is WebhookStoreUnavailableError. */
export const recorded = <T>(what: string, fn: () => Promise<T>) =>
  withStore(fn, `${what} could not be recorded (database); try again`);

/** Run a read a handling depends on; its failure is WebhookStoreUnavailableError. */
export const lookedUp = <T>(what: string, fn: () => Promise<T>) =>
  withStore(fn, `${what} is unavailable (database), try again`);

/** Every topic the engine handles, each with exactly one handler. */
export class TopicTable {
  private readonly byTopic = new Map<string, TopicHandler>();

  constructor(handlers: TopicHandler<string>[]) {
    for (const h of handlers) {
      for (const t of h.topics) {
        if (this.byTopic.has(t)) throw new Error(`webhook topic ${t} has two handlers`);
        this.byTopic.set(t, h);
      }
    }
  }

  get topics(): string[] {
    return [...this.byTopic.keys()];
  }

  handles(topic: string): boolean {
    return this.byTopic.has(topic);
  }

  prepare(topic: string, body: Record<string, unknown>): PreparedWebhook {
    const h = this.byTopic.get(topic);
    if (!h) throw new Error(`no handler for webhook topic ${topic}`);
    return h.prepare(topic, body);
  }
}
