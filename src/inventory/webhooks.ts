import { isLosslessNumber } from 'lossless-json';
import type { Pool } from 'pg';
import type { Logger } from '../logger';
import { posSaleLocation, recordOrderDemand, recordPosSale, soldLines } from './shopify-sales';
import { markSkusChanged } from './sync-settings';
import { idString, WebhookPayloadError, type WebhookOrderRef } from '../shopify/webhook-payload';
import { lookedUp, recorded, type TopicHandler } from '../shopify/webhook-dispatch';

/**
 * What webhooks tell the inventory side of the engine:
 * - inventory_levels/update: what Shopify shows now. It becomes the
 *   compare-and-set base for the next push; when Shopify shows more than the
 *   engine publishes (an oversell risk: someone raised it in Shopify), the SKU
 *   is evaluated again at once. When it shows less, nothing is pushed on its
 *   word alone: that is usually an order Shopify committed whose webhook is
 *   still on its way (counted when it arrives), and raising Shopify now could
 *   sell those units twice; reconciliation settles lasting differences.
 * - orders: an online order's units are open demand until routed; a
 *   point-of-sale order is a sale at the store (off on hand, once) and is not
 *   orchestrated (./shopify-sales.ts). The order intake calls
 *   orderWebhookInventory before the order's workflow hears of the event.
 */
export const INVENTORY_LEVEL_TOPICS = ['inventory_levels/update'] as const;

export interface InventoryWebhookDeps {
  pool: Pool;
  shopDomain: string;
  logger: Logger;
  /** Wake the inventory sync (best effort). */
  wake: () => void;
}

interface LevelUpdate {
  item: string;
  location: string;
  /** null: an item Shopify does not track (nothing to compare). */
  available: number | null;
  at: string;
}

function levelUpdateOf(body: Record<string, unknown>): LevelUpdate {
  const item = idString(body.inventory_item_id);
  const location = idString(body.location_id);
  if (!item)
    throw new WebhookPayloadError('inventory_levels/update body has no numeric inventory_item_id', 'inventory_item_id');
  if (!location)
    throw new WebhookPayloadError('inventory_levels/update body has no numeric location_id', 'location_id');
  const at =
    typeof body.updated_at === 'string' && !Number.isNaN(Date.parse(body.updated_at))
      ? body.updated_at
      : new Date().toISOString();
  if (body.available === null) return { item, location, available: null, at };
  const available = isLosslessNumber(body.available)
    ? Number(body.available.toString())
    : typeof body.available === 'number'
      ? body.available
      : NaN;
  if (!Number.isInteger(available))
    throw new WebhookPayloadError('inventory_levels/update body has no integer available', 'available');
  return { item, location, available, at };
}

async function observeLevel(
  d: InventoryWebhookDeps,
  u: LevelUpdate & { available: number },
): Promise<'observed' | 'ignored'> {
  const topic = 'inventory_levels/update';
  const { rows } = await recorded(topic, () =>
    d.pool.query(
      // Ordered against other webhooks only, never against the engine's own clock: a change Shopify made
      // while a push was being recorded must not be taken for stale. A late, older webhook can set a stale
      // base; the next write's compare-and-set then fails, re-reads, and nothing is written blind.
      `UPDATE inventory_publications SET shopify_available = $4, webhook_at = $5, observed_at = now()
        WHERE shop_domain = $1 AND inventory_item_id = $2 AND shopify_location_id = $3 AND (webhook_at IS NULL OR webhook_at <= $5)
        RETURNING sku, target`,
      [
        d.shopDomain,
        `gid://shopify/InventoryItem/${u.item}`,
        `gid://shopify/Location/${u.location}`,
        u.available,
        u.at,
      ],
    ),
  );
  const over = rows.filter((r) => u.available > r.target).map((r) => r.sku);
  if (over.length) {
    await recorded(topic, () => markSkusChanged(d.pool, d.shopDomain, { skus: over }));
    d.logger.info(
      { skus: over, available: u.available },
      'Shopify shows more than the engine publishes; evaluating again',
    );
    d.wake();
  }
  return rows.length ? 'observed' : 'ignored';
}

/** inventory_levels/update: the level Shopify shows becomes the next push's compare-and-set base. */
export function inventoryLevelTopics(d: InventoryWebhookDeps): TopicHandler<(typeof INVENTORY_LEVEL_TOPICS)[number]> {
  return {
    topics: INVENTORY_LEVEL_TOPICS,
    prepare(_topic, body) {
      const u = levelUpdateOf(body);
      return {
        subject: `inventory item ${u.item} at location ${u.location}`,
        async handle({ log }) {
          const status = u.available === null ? 'ignored' : await observeLevel(d, { ...u, available: u.available });
          log.info({ status }, 'inventory webhook recorded');
          return { status, outcome: 'accepted' };
        },
      };
    },
  };
}

/**
 * The inventory side of an order webhook, before the order's workflow hears
 * of it. Returns 'pos' when the order is a point-of-sale sale (recorded, and
 * not to be orchestrated).
 */
export async function orderWebhookInventory(
  d: InventoryWebhookDeps,
  topic: string,
  ref: WebhookOrderRef,
  body: Record<string, unknown>,
): Promise<'pos' | 'order'> {
  if (topic.startsWith('orders/')) {
    const pos = posSaleLocation(body);
    if (pos !== undefined) {
      if (!pos) {
        d.logger.warn(
          { orderId: ref.orderId },
          'point-of-sale order without location_id: its sale cannot be placed; not orchestrated',
        );
        return 'pos';
      }
      const r = await recorded(topic, () => recordPosSale(d.pool, d.shopDomain, ref.orderId, pos, soldLines(body)));
      if (!r.ok) d.logger.warn({ orderId: ref.orderId, problem: r.message }, 'point-of-sale order not recorded');
      else if (!r.replayed) d.wake();
      return 'pos';
    }
    await recorded(topic, () => recordOrderDemand(d.pool, d.shopDomain, ref.orderId, body));
    return 'order';
  }
  // A child topic (transaction, refund, fulfillment) carries no source: a recorded POS sale says so.
  const { rowCount } = await lookedUp(`${topic} (point-of-sale lookup)`, () =>
    d.pool.query(`SELECT 1 FROM inventory_adjustments WHERE shop_domain = $1 AND idempotency_key = $2 LIMIT 1`, [
      d.shopDomain,
      `pos:${ref.orderId}`,
    ]),
  );
  return rowCount ? 'pos' : 'order';
}
