import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';

/**
 * Webhook deliveries, deduplicated at the gateway before anything is
 * signalled (table webhook_deliveries). Shopify may deliver one event more
 * than once: retries, and one delivery per subscription. A delivery is keyed
 * by (shop, topic, X-Shopify-Event-Id, else X-Shopify-Webhook-Id); the topic
 * is in the key so that one event id never hides another topic's webhook.
 *
 * Correct under crashes and concurrency:
 * - claim: an atomic upsert takes the key 'in_flight' under a lease. A second
 *   delivery of the key while the first is in flight is told so (and may wait
 *   for it); one whose key is 'done' is a duplicate.
 * - complete: marked 'done' only once the event is durable (Temporal has the
 *   signal, or PostgreSQL the record).
 * - release: a failed attempt (a 503: Temporal or the database unreachable, or
 *   a 4xx) deletes its claim, so Shopify's retry goes through again; an attempt
 *   that crashed leaves a lease that runs out, after which a retry takes it over.
 * A row lives for the retention window, which must cover the horizon past
 * which deliveries are refused as stale (src/config.ts enforces it).
 */

export interface WebhookDeliverySettings {
  /** Deliveries whose X-Shopify-Triggered-At is older than this are refused as stale. */
  horizonHours: number;
  /** How long a delivery's key is remembered (>= horizonHours). */
  retentionHours: number;
}

export const DEFAULT_WEBHOOK_DELIVERY_SETTINGS: WebhookDeliverySettings = { horizonHours: 48, retentionHours: 72 };

/** How long an attempt holds its claim: far longer than one webhook's handling (Shopify waits 5 s). */
export const CLAIM_LEASE_MS = 30_000;
/** At most one prune per this interval per process; each deletes a bounded batch. */
const PRUNE_EVERY_MS = 60_000;
const PRUNE_BATCH = 5_000;

export interface DeliveryKey {
  shopDomain: string;
  topic: string;
  deliveryId: string;
}

export type DeliveryClaim =
  | { kind: 'claimed'; token: string; attempts: number }
  | { kind: 'duplicate'; outcome: string | null }
  | { kind: 'in_flight' };

/** Take the delivery's key, or say why not (a duplicate, or another attempt holds it). */
export async function claimDelivery(pool: Pool, key: DeliveryKey, leaseMs = CLAIM_LEASE_MS): Promise<DeliveryClaim> {
  const token = randomUUID();
  for (let round = 0; round < 3; round++) {
    const { rows } = await pool.query<{ attempts: number }>(
      `INSERT INTO webhook_deliveries (shop_domain, topic, delivery_id, state, claim_token, lease_until)
       VALUES ($1, $2, $3, 'in_flight', $4, now() + $5 * interval '1 millisecond')
       ON CONFLICT (shop_domain, topic, delivery_id) DO UPDATE
         SET claim_token = EXCLUDED.claim_token, lease_until = EXCLUDED.lease_until, attempts = webhook_deliveries.attempts + 1
         WHERE webhook_deliveries.state = 'in_flight' AND webhook_deliveries.lease_until < now()
       RETURNING attempts`,
      [key.shopDomain, key.topic, key.deliveryId, token, leaseMs],
    );
    if (rows[0]) return { kind: 'claimed', token, attempts: rows[0].attempts };
    const seen = await deliveryState(pool, key);
    if (seen?.state === 'done') return { kind: 'duplicate', outcome: seen.outcome };
    if (seen?.state === 'in_flight') return { kind: 'in_flight' };
    // Released between the two statements: claim again.
  }
  return { kind: 'in_flight' };
}

async function deliveryState(pool: Pool, key: DeliveryKey) {
  const { rows } = await pool.query<{ state: 'in_flight' | 'done'; outcome: string | null }>(
    `SELECT state, outcome FROM webhook_deliveries WHERE shop_domain = $1 AND topic = $2 AND delivery_id = $3`,
    [key.shopDomain, key.topic, key.deliveryId],
  );
  return rows[0] ?? null;
}

/**
 * Wait (polling, bounded by `waitMs`) for another attempt at the same delivery
 * to finish: 'done' with its outcome, or null if it is still in flight or
 * gave up (the caller then answers so that Shopify retries).
 */
export async function awaitOtherAttempt(
  pool: Pool,
  key: DeliveryKey,
  waitMs: number,
  pollMs = 100,
): Promise<{ outcome: string | null } | null> {
  const until = Date.now() + waitMs;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, pollMs));
    const seen = await deliveryState(pool, key);
    if (!seen) return null;
    if (seen.state === 'done') return { outcome: seen.outcome };
  }
  return null;
}

/** The event is durable: later deliveries of the key are duplicates. */
export async function completeDelivery(pool: Pool, key: DeliveryKey, outcome: string): Promise<void> {
  await pool.query(
    `UPDATE webhook_deliveries SET state = 'done', outcome = $4, done_at = now() WHERE shop_domain = $1 AND topic = $2 AND delivery_id = $3`,
    [key.shopDomain, key.topic, key.deliveryId, outcome],
  );
}

/** This attempt failed: drop its claim (only its own) so that a retry goes through. */
export async function releaseDelivery(pool: Pool, key: DeliveryKey, token: string): Promise<void> {
  await pool.query(
    `DELETE FROM webhook_deliveries WHERE shop_domain = $1 AND topic = $2 AND delivery_id = $3 AND state = 'in_flight' AND claim_token = $4`,
    [key.shopDomain, key.topic, key.deliveryId, token],
  );
}

/** Delete up to one batch of rows received before the retention window; returns how many. */
export async function pruneDeliveries(pool: Pool, retentionHours: number, batch = PRUNE_BATCH): Promise<number> {
  const r = await pool.query(
    `DELETE FROM webhook_deliveries WHERE ctid = ANY(ARRAY(
       SELECT ctid FROM webhook_deliveries WHERE received_at < now() - $1 * interval '1 hour' ORDER BY received_at LIMIT $2))`,
    [retentionHours, batch],
  );
  return r.rowCount ?? 0;
}

/** A pruner that runs at most once per interval, in the background, never failing its caller. */
export function deliveryPruner(
  pool: Pool,
  retentionHours: number,
  onError: (err: unknown) => void,
  everyMs = PRUNE_EVERY_MS,
): () => void {
  let last = 0;
  return () => {
    const now = Date.now();
    if (now - last < everyMs) return;
    last = now;
    pruneDeliveries(pool, retentionHours).catch(onError);
  };
}

export type Freshness = { kind: 'fresh' } | { kind: 'stale'; ageHours: number } | { kind: 'malformed' };

/**
 * Whether a delivery is too old to act on. X-Shopify-Triggered-At is unsigned:
 * it can only ever refuse, never grant (a missing header, or one in the
 * future, is fresh; a malformed one is the caller's 400).
 */
export function freshness(triggeredAt: string | undefined, horizonHours: number, now = Date.now()): Freshness {
  const raw = triggeredAt?.trim();
  if (!raw) return { kind: 'fresh' };
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return { kind: 'malformed' };
  const ageHours = (now - at) / 3_600_000;
  return ageHours > horizonHours ? { kind: 'stale', ageHours } : { kind: 'fresh' };
}
