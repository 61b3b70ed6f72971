import type { Pool } from 'pg';
import { toMinor, fromMinor } from '../payment/money';
import type { ConfirmedRefund, RestockedLine } from './refund';
import type { RefundSource } from './contract';

/**
 * order_refunds: every refund of an order, recorded once (keyed by shop and
 * refund GID) from what Shopify said, so an order's refunds and refunded
 * total can be told after its workflow has completed.
 */
export interface OrderRefund {
  refundId: string;
  amount: string;
  currencyCode: string;
  source: RefundSource;
  returnId: string | null;
  note: string | null;
  at: string;
  restocked: RestockedLine[];
}

/** Record a refund (a second time changes nothing); true when this call recorded it. */
export async function recordRefund(
  pool: Pool,
  shopDomain: string,
  r: ConfirmedRefund,
  restocked: RestockedLine[],
): Promise<boolean> {
  const { rowCount } = await pool.query(
    `INSERT INTO order_refunds (shop_domain, order_id, refund_gid, amount_minor, currency, source, return_gid, note, restocked, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (shop_domain, refund_gid) DO NOTHING`,
    [
      shopDomain,
      r.orderId,
      r.refundGid,
      toMinor(r.amount, r.currencyCode).toString(),
      r.currencyCode,
      r.source,
      r.returnGid,
      r.note,
      JSON.stringify(restocked),
      r.createdAt,
    ],
  );
  return !!rowCount;
}

/** An order's refunds, oldest first. */
export async function refundsOf(pool: Pool, shopDomain: string, orderId: string): Promise<OrderRefund[]> {
  const { rows } = await pool.query(
    `SELECT * FROM order_refunds WHERE shop_domain = $1 AND order_id = $2 ORDER BY created_at, refund_gid`,
    [shopDomain, orderId],
  );
  return rows.map((row) => ({
    refundId: row.refund_gid,
    amount: fromMinor(BigInt(row.amount_minor), row.currency),
    currencyCode: row.currency,
    source: row.source,
    returnId: row.return_gid,
    note: row.note,
    at: new Date(row.created_at).toISOString(),
    restocked: row.restocked,
  }));
}
