import { Router } from 'express';
import type { Pool } from 'pg';
import type { OrderStatus } from '../order/types';
import { orderWorkflowId } from '../order/contract';
import { isShopifyId } from '../shopify/shopify-id';
import { requireBearer } from './auth';
import { HttpError, temporalToHttp } from './errors';
import type { OrderInbox } from '../orders/inbox';
import { requestLimit, type RateLimits } from './rate-limit';
import { refundsOf, type OrderRefund } from '../refunds/store';
import { withRecordedRefunds } from '../refunds/order-view';

export interface OrderStatusDeps {
  orders: OrderInbox;
  shopDomain: string;
  /** Accepted for reading an order's status, as is the read-only token. */
  opsToken?: string;
  /** A token that reads order status and nothing else (ORDERS_READ_TOKEN). */
  ordersReadToken?: string;
  limits?: RateLimits;
  /** The order's recorded refunds (order_refunds) and returns (order_returns). */
  pool: Pool;
}

/** The order's returns as their workflows last wrote them (they outlive the order's own workflow). */
async function returnsOf(pool: Pool, shopDomain: string, orderId: string) {
  const { rows } = await pool.query(
    `SELECT return_id, return_gid, return_name, stage, shopify_status, location_id, refunded, currency, updated_at
       FROM order_returns WHERE shop_domain = $1 AND order_gid = $2 ORDER BY return_id`,
    [shopDomain, `gid://shopify/Order/${orderId}`],
  );
  return rows.map((r) => ({
    returnId: r.return_id,
    returnGid: r.return_gid,
    name: r.return_name,
    stage: r.stage,
    shopifyStatus: r.shopify_status,
    locationId: r.location_id,
    refunded: r.refunded,
    currency: r.currency,
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
}

/** A path's order id must be a Shopify order id (64 bits), else 400 naming it. */
export function checkOrderId(orderId: string): void {
  if (!isShopifyId(orderId))
    throw new HttpError(
      400,
      `orderId must be the numeric Shopify order id (at most 2^64-1), not ${JSON.stringify(orderId.slice(0, 40))}`,
    );
}

/**
 * GET /orders/:orderId — the order workflow's `status` query, as JSON, with
 * `refunds` (each refund recorded for the order: amount, source, when, the
 * units restocked) and `payment.refunded` agreeing with them, and `returns`
 * (each return of the order as its workflow last recorded it).
 * Bearer OPS_TOKEN or ORDERS_READ_TOKEN: the status names locations,
 * partners, SKUs, tracking, amounts and operators' notes (403 with neither set).
 */
export function orderRouter(d: OrderStatusDeps): Router {
  const router = Router();
  const shopDomain = d.shopDomain.trim().toLowerCase();
  const authenticate = requireBearer({
    tokens: [d.opsToken, d.ordersReadToken],
    offMessage: 'Order status is off: set ORDERS_READ_TOKEN (or OPS_TOKEN) to enable it',
    expects: 'Authorization: Bearer <ORDERS_READ_TOKEN or OPS_TOKEN>',
    wrong: 'Bad token for order status',
    limits: d.limits,
  });
  router.get('/orders/:orderId', ...requestLimit(d.limits, 'orders'), authenticate, async (req, res, next) => {
    try {
      const orderId = String(req.params.orderId);
      checkOrderId(orderId);
      let status: OrderStatus;
      try {
        // A query needs a worker: with none polling, the deadline turns the wait into a 503.
        status = await d.orders.status(orderWorkflowId(shopDomain, orderId));
      } catch (err) {
        throw temporalToHttp(err, `order ${orderId}`);
      }
      let refunds: OrderRefund[];
      let returns: Awaited<ReturnType<typeof returnsOf>>;
      try {
        [refunds, returns] = await Promise.all([
          refundsOf(d.pool, shopDomain, orderId),
          returnsOf(d.pool, shopDomain, orderId),
        ]);
      } catch (err) {
        throw new HttpError(
          503,
          `order ${orderId}: its refunds and returns are unavailable (database), try again`,
          undefined,
          err,
        );
      }
      res.json({ ...withRecordedRefunds(status, refunds), returns });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
