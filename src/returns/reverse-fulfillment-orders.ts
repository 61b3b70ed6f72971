import type { Pool } from 'pg';

/**
 * Which return a reverse fulfillment order belongs to (return_reverse_fulfillment_orders).
 * Shopify's reverse_fulfillment_orders/dispose body names only the reverse
 * fulfillment order; the return workflow's read of the return writes the
 * pairs, and the webhook finds its return by them.
 */

/** Record the return's reverse fulfillment orders (numeric ids); a pair already known is left as it is. */
export async function recordReverseFulfillmentOrders(
  pool: Pool,
  shopDomain: string,
  returnId: string,
  reverseFulfillmentOrderIds: string[],
): Promise<void> {
  if (!reverseFulfillmentOrderIds.length) return;
  await pool.query(
    `INSERT INTO return_reverse_fulfillment_orders (shop_domain, reverse_fulfillment_order_id, return_id)
     SELECT $1, rfo, $2 FROM unnest($3::text[]) AS rfo
     ON CONFLICT (shop_domain, reverse_fulfillment_order_id) DO NOTHING`,
    [shopDomain, returnId, reverseFulfillmentOrderIds],
  );
}

/** The return (numeric id) a reverse fulfillment order belongs to, or null when no return workflow has read it. */
export async function returnOfReverseFulfillmentOrder(
  pool: Pool,
  shopDomain: string,
  reverseFulfillmentOrderId: string,
): Promise<string | null> {
  const { rows } = await pool.query<{ return_id: string }>(
    `SELECT return_id FROM return_reverse_fulfillment_orders WHERE shop_domain = $1 AND reverse_fulfillment_order_id = $2`,
    [shopDomain, reverseFulfillmentOrderId],
  );
  return rows[0]?.return_id ?? null;
}
