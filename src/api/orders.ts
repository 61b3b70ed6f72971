import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { orderWorkflowId, type OrderStatus } from '../order/types';
import { HttpError, temporalToHttp, withTemporalDeadline } from './errors';

const DEFAULT_TEMPORAL_TIMEOUT_MS = 5000;

/** GET /orders/:orderId — the order workflow's `status` query, as JSON. */
export function orderRouter(d: { temporal: Client; shopDomain: string; temporalTimeoutMs?: number }): Router {
  const router = Router();
  const shopDomain = d.shopDomain.trim().toLowerCase();
  const timeoutMs = d.temporalTimeoutMs ?? DEFAULT_TEMPORAL_TIMEOUT_MS;
  router.get('/orders/:orderId', async (req, res, next) => {
    try {
      const orderId = String(req.params.orderId);
      if (!/^[1-9]\d{0,29}$/.test(orderId)) throw new HttpError(400, `orderId must be the numeric Shopify order id, not ${JSON.stringify(orderId.slice(0, 40))}`);
      let status: OrderStatus;
      try {
        // A query needs a worker: with none polling, the deadline turns the wait into a 503.
        status = await withTemporalDeadline(d.temporal, timeoutMs, () =>
          d.temporal.workflow.getHandle(orderWorkflowId(shopDomain, orderId)).query<OrderStatus>('status'),
        );
      } catch (err) {
        throw temporalToHttp(err, `order ${orderId}`);
      }
      res.json(status);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
