import { isLosslessNumber } from 'lossless-json';
import type { Pool } from 'pg';
import type { Logger } from '../logger';
import { applyProductWebhook, ProductWebhookError } from '../catalog/webhooks';
import { claimProductDeletion } from '../catalog/deletions';
import { posSaleLocation, recordOrderDemand, recordPosSale, soldLines } from '../inventory/shopify-sales';
import { markSkusChanged } from '../inventory/sync-settings';
import { idString, type WebhookOrderRef } from '../shopify/webhook-payload';
import { HttpError } from './errors';

/**
 * What webhooks tell the inventory side of the engine:
 * - products/create|update: the master catalog (SKU, barcode, title, image, inventory item);
 *   products/delete: a claim the catalog sync confirms with Shopify before retiring.
 * - inventory_levels/update: what Shopify shows now. It becomes the
 *   compare-and-set base for the next push; when Shopify shows more than the
 *   engine publishes (an oversell risk: someone raised it in Shopify), the SKU
 *   is evaluated again at once. When it shows less, nothing is pushed on its
 *   word alone: that is usually an order Shopify committed whose webhook is
 *   still on its way (counted when it arrives), and raising Shopify now could
 *   sell those units twice; reconciliation settles lasting differences.
 * - orders: an online order's units are open demand until routed; a
 *   point-of-sale order is a sale at the store (off on hand, once) and is not
 *   orchestrated (src/inventory/shopify-sales.ts).
 */
export const INVENTORY_TOPICS = ['inventory_levels/update', 'products/create', 'products/update', 'products/delete'] as const;
export type InventoryTopic = (typeof INVENTORY_TOPICS)[number];
export const isInventoryTopic = (t: string): t is InventoryTopic => (INVENTORY_TOPICS as readonly string[]).includes(t);

export interface InventoryWebhookDeps {
  pool: Pool;
  shopDomain: string;
  logger: Logger;
  /** Wake the inventory sync (best effort). */
  wake: () => void;
}

/** Database trouble is the caller's 503 (Shopify retries); a body we cannot read is a 400. */
async function durably<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof HttpError) throw err;
    if (err instanceof ProductWebhookError) throw new HttpError(400, err.message);
    throw new HttpError(503, `${what} could not be recorded (database); try again`, undefined, err);
  }
}

export async function handleInventoryWebhook(d: InventoryWebhookDeps, topic: InventoryTopic, body: Record<string, unknown>): Promise<string> {
  if (topic === 'products/create' || topic === 'products/update') {
    await durably(topic, () => applyProductWebhook(d.pool, d.shopDomain, topic, body));
    return 'catalog-updated';
  }
  if (topic === 'products/delete') {
    // A claim, not a fact: the catalog sync retires the product once Shopify confirms it is gone (src/catalog/deletions.ts).
    const id = idString(body.id);
    if (!id) throw new HttpError(400, 'products/delete body has no numeric id (a 64-bit product id)', [{ field: 'id', problem: 'not a 64-bit product id' }]);
    await durably(topic, () => claimProductDeletion(d.pool, d.shopDomain, `gid://shopify/Product/${id}`));
    return 'deletion-pending';
  }
  const item = idString(body.inventory_item_id);
  const location = idString(body.location_id);
  const available = isLosslessNumber(body.available) ? Number(body.available.toString()) : typeof body.available === 'number' ? body.available : NaN;
  if (!item) throw new HttpError(400, 'inventory_levels/update body has no numeric inventory_item_id');
  if (!location) throw new HttpError(400, 'inventory_levels/update body has no numeric location_id');
  if (body.available === null) return 'ignored'; // an item Shopify does not track: nothing to compare
  if (!Number.isInteger(available)) throw new HttpError(400, 'inventory_levels/update body has no integer available');
  const at = typeof body.updated_at === 'string' && !Number.isNaN(Date.parse(body.updated_at)) ? body.updated_at : new Date().toISOString();
  const { rows } = await durably(topic, () =>
    d.pool.query(
      // Ordered against other webhooks only, never against the engine's own clock: a change Shopify made
      // while a push was being recorded must not be taken for stale. A late, older webhook can set a stale
      // base; the next write's compare-and-set then fails, re-reads, and nothing is written blind.
      `UPDATE inventory_publications SET shopify_available = $4, webhook_at = $5, observed_at = now()
        WHERE shop_domain = $1 AND inventory_item_id = $2 AND shopify_location_id = $3 AND (webhook_at IS NULL OR webhook_at <= $5)
        RETURNING sku, target`,
      [d.shopDomain, `gid://shopify/InventoryItem/${item}`, `gid://shopify/Location/${location}`, available, at],
    ),
  );
  const over = rows.filter((r) => available > r.target).map((r) => r.sku);
  if (over.length) {
    await durably(topic, () => markSkusChanged(d.pool, d.shopDomain, { skus: over }));
    d.logger.info({ skus: over, available }, 'Shopify shows more than the engine publishes; evaluating again');
    d.wake();
  }
  return rows.length ? 'observed' : 'ignored';
}

/**
 * The inventory side of an order webhook, before the order's workflow hears
 * of it. Returns 'pos' when the order is a point-of-sale sale (recorded, and
 * not to be orchestrated).
 */
export async function orderWebhookInventory(d: InventoryWebhookDeps, topic: string, ref: WebhookOrderRef, body: Record<string, unknown>): Promise<'pos' | 'order'> {
  if (topic.startsWith('orders/')) {
    const pos = posSaleLocation(body);
    if (pos !== undefined) {
      if (!pos) {
        d.logger.warn({ orderId: ref.orderId }, 'point-of-sale order without location_id: its sale cannot be placed; not orchestrated');
        return 'pos';
      }
      const r = await durably(topic, () => recordPosSale(d.pool, d.shopDomain, ref.orderId, pos, soldLines(body)));
      if (!r.ok) d.logger.warn({ orderId: ref.orderId, problem: r.message }, 'point-of-sale order not recorded');
      else if (!r.replayed) d.wake();
      return 'pos';
    }
    await durably(topic, () => recordOrderDemand(d.pool, d.shopDomain, ref.orderId, body));
    return 'order';
  }
  // A child topic (transaction, refund, fulfillment) carries no source: a recorded POS sale says so.
  const { rowCount } = await durably(topic, () => d.pool.query(`SELECT 1 FROM inventory_adjustments WHERE shop_domain = $1 AND idempotency_key = $2 LIMIT 1`, [d.shopDomain, `pos:${ref.orderId}`]));
  return rowCount ? 'pos' : 'order';
}
