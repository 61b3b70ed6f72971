import { isLosslessNumber } from 'lossless-json';
import type { Pool } from 'pg';
import { applyAdjustments, type AdjustmentResult } from './ledger';

/**
 * Sales Shopify makes on its own, read from orders webhooks, counted once:
 *
 * - An online order: Shopify commits its units at once; the engine reserves
 *   them only when it routes the order. In between they are open demand
 *   (order_demand), subtracted from what is published so a push cannot hand
 *   them out again. Routing turns the rows to 'reserved' in the reservation's
 *   transaction (src/inventory/reservations.ts), and a row that is already
 *   there is never reopened, so a webhook arriving after routing counts nothing.
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
  const n = isLosslessNumber(v) ? Number(v.toString()) : typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : null;
};

/** The units of an order body by SKU (lines without a SKU are not inventory the engine keeps). */
export function soldLines(body: Body): SoldLine[] {
  const units = new Map<string, number>();
  for (const li of Array.isArray(body.line_items) ? (body.line_items as Body[]) : []) {
    const sku = typeof li?.sku === 'string' ? li.sku.trim() : '';
    const quantity = num(li?.current_quantity ?? li?.quantity);
    if (!sku || quantity === null || quantity <= 0) continue;
    units.set(sku, (units.get(sku) ?? 0) + quantity);
  }
  return [...units].map(([sku, quantity]) => ({ sku, quantity }));
}

/** A point-of-sale order, and the Shopify location it was sold at (a Location GID), or null. */
export function posSaleLocation(body: Body): string | null | undefined {
  if (body.source_name !== 'pos') return undefined;
  const id = isLosslessNumber(body.location_id) ? body.location_id.toString() : typeof body.location_id === 'string' ? body.location_id : null;
  return id && /^\d+$/.test(id) ? `gid://shopify/Location/${id}` : null;
}

/** orders/create of an online order: its units are open demand until the engine reserves them. */
export async function recordOpenDemand(pool: Pool, shopDomain: string, orderId: string, lines: SoldLine[]): Promise<void> {
  if (!lines.length) return;
  await pool.query(
    `INSERT INTO order_demand (shop_domain, order_id, sku, quantity, status)
     SELECT $1, $2, u.sku, u.quantity, 'open' FROM unnest($3::text[], $4::int[]) AS u(sku, quantity)
     ON CONFLICT (shop_domain, order_id, sku) DO NOTHING`,
    [shopDomain, orderId, lines.map((l) => l.sku), lines.map((l) => l.quantity)],
  );
}

/** orders/cancelled: demand never reserved is no longer demand (reservations are released by the order's workflow). */
export async function cancelOpenDemand(pool: Pool, shopDomain: string, orderId: string): Promise<void> {
  await pool.query(`UPDATE order_demand SET status = 'cancelled', updated_at = now() WHERE shop_domain = $1 AND order_id = $2 AND status = 'open'`, [shopDomain, orderId]);
}

/** A point-of-sale order's units off on hand at its location, once per order. */
export function recordPosSale(pool: Pool, shopDomain: string, orderId: string, locationId: string, lines: SoldLine[]): Promise<AdjustmentResult> {
  return applyAdjustments(pool, {
    shopDomain,
    idempotencyKey: `pos:${orderId}`,
    reason: 'pos_sale',
    reference: `gid://shopify/Order/${orderId}`,
    actor: 'shopify-pos',
    floorAtZero: true,
    lines: lines.map((l) => ({ sku: l.sku, locationId, kind: 'delta', quantity: -l.quantity })),
  });
}
