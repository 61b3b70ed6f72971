import { isLosslessNumber } from 'lossless-json';
import type { Pool } from 'pg';
import { applyAdjustments, type AdjustmentResult } from './ledger';

/**
 * Sales Shopify makes on its own, read from orders webhooks, counted once:
 *
 * - An online order: Shopify commits its units at once; the engine reserves
 *   them only when it routes the order. Every orders/* webhook records the
 *   order's current line quantities (order_demand, newest body wins; cancelled
 *   and fulfilled are final). What no live allocation of the order covers is
 *   open demand (src/inventory/publish.ts openDemand), subtracted from what is
 *   published so a push cannot hand those units out again: before routing,
 *   after a release, never twice however the webhooks arrive.
 * - A point-of-sale order: sold and handed over at the counter, so it is not
 *   orchestrated; its units come off on hand at the store's location through
 *   the ledger (reason pos_sale), keyed by the order so a redelivery counts once.
 */

type Body = Record<string, unknown>;

export interface SoldLine {
  sku: string;
  quantity: number;
}

const num = (v: unknown): number | null => {
  const n = isLosslessNumber(v)
    ? Number(v.toString())
    : typeof v === 'number'
      ? v
      : typeof v === 'string' && /^\d+$/.test(v)
        ? Number(v)
        : NaN;
  return Number.isInteger(n) ? n : null;
};

/**
 * The current units of an order body by SKU (lines without a SKU are not
 * inventory the engine keeps). SKUs edited down to nothing are kept, at 0.
 */
export function soldLines(body: Body): SoldLine[] {
  const units = new Map<string, number>();
  for (const li of Array.isArray(body.line_items) ? (body.line_items as Body[]) : []) {
    const sku = typeof li?.sku === 'string' ? li.sku.trim() : '';
    const quantity = num(li?.current_quantity ?? li?.quantity);
    if (!sku || quantity === null || quantity < 0) continue;
    units.set(sku, (units.get(sku) ?? 0) + quantity);
  }
  return [...units].map(([sku, quantity]) => ({ sku, quantity }));
}

/** A point-of-sale order, and the Shopify location it was sold at (a Location GID), or null. */
export function posSaleLocation(body: Body): string | null | undefined {
  if (body.source_name !== 'pos') return undefined;
  const id = isLosslessNumber(body.location_id)
    ? body.location_id.toString()
    : typeof body.location_id === 'string'
      ? body.location_id
      : null;
  return id && /^\d+$/.test(id) ? `gid://shopify/Location/${id}` : null;
}

/**
 * An online order's webhook (any orders/* topic): its current line quantities
 * and whether it still holds stock in Shopify. A body older than the one
 * recorded changes nothing; cancelled and fulfilled are final.
 */
export async function recordOrderDemand(pool: Pool, shopDomain: string, orderId: string, body: Body): Promise<void> {
  const lines = soldLines(body);
  if (!lines.length) return;
  const status = body.cancelled_at ? 'cancelled' : body.fulfillment_status === 'fulfilled' ? 'closed' : 'open';
  const updatedAt =
    typeof body.updated_at === 'string' && !Number.isNaN(Date.parse(body.updated_at)) ? body.updated_at : null;
  await pool.query(
    `INSERT INTO order_demand (shop_domain, order_id, sku, quantity, status, order_updated_at)
     SELECT $1, $2, u.sku, u.quantity, $5, $6 FROM unnest($3::text[], $4::int[]) AS u(sku, quantity)
     ON CONFLICT (shop_domain, order_id, sku) DO UPDATE
       SET quantity = EXCLUDED.quantity,
           status = CASE WHEN order_demand.status = 'open' THEN EXCLUDED.status ELSE order_demand.status END,
           order_updated_at = EXCLUDED.order_updated_at, updated_at = now()
     WHERE order_demand.order_updated_at IS NULL OR EXCLUDED.order_updated_at IS NULL OR order_demand.order_updated_at <= EXCLUDED.order_updated_at`,
    [shopDomain, orderId, lines.map((l) => l.sku), lines.map((l) => l.quantity), status, updatedAt],
  );
}

/**
 * A point-of-sale order's units off on hand at its location, once per order.
 * A store the engine has not imported yet is recorded as an inactive location
 * named by its id (not routed to, not published; the next import names it),
 * so the sale is kept and traceable rather than dropped.
 */
export async function recordPosSale(
  pool: Pool,
  shopDomain: string,
  orderId: string,
  locationId: string,
  lines: SoldLine[],
): Promise<AdjustmentResult> {
  await pool.query(
    `INSERT INTO locations (shop_domain, id, name, active, sells_online) VALUES ($1, $2, $2, false, false) ON CONFLICT (shop_domain, id) DO NOTHING`,
    [shopDomain, locationId],
  );
  return applyAdjustments(pool, {
    shopDomain,
    idempotencyKey: `pos:${orderId}`,
    reason: 'pos_sale',
    reference: `gid://shopify/Order/${orderId}`,
    actor: 'shopify-pos',
    floorAtZero: true,
    lines: lines
      .filter((l) => l.quantity > 0)
      .map((l) => ({ sku: l.sku, locationId, kind: 'delta', quantity: -l.quantity })),
  });
}

/**
 * The order's workflow has ended: its units are no longer open demand,
 * whatever webhooks arrived (an orders/cancelled that was dropped would
 * otherwise withhold them from the storefront for good). Only open rows
 * change, so repeating it changes nothing; a later webhook cannot reopen them.
 */
export async function closeOrderDemand(
  pool: Pool,
  shopDomain: string,
  orderId: string,
  outcome: 'closed' | 'cancelled',
): Promise<number> {
  const { rowCount } = await pool.query(
    `UPDATE order_demand SET status = $3, updated_at = now() WHERE shop_domain = $1 AND order_id = $2 AND status = 'open'`,
    [shopDomain, orderId, outcome],
  );
  return rowCount ?? 0;
}
