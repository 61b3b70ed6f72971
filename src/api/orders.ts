import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { orderWorkflowId, type OrderStatus } from '../order/types';
import { HttpError, temporalToHttp } from './errors';

/** GET /orders/:orderId — the order workflow's `status` query. */
export function orderRouter(d: { temporal: Client; shopDomain: string }): Router {
  const router = Router();
  router.get('/orders/:orderId', async (req, res, next) => {
    try {
      const orderId = String(req.params.orderId);
      if (!/^\d{1,30}$/.test(orderId)) throw new HttpError(400, 'orderId must be the numeric Shopify order id');
      const status = await d.temporal.workflow
        .getHandle(orderWorkflowId(d.shopDomain, orderId))
        .query<OrderStatus>('status')
        .catch((err) => {
          throw temporalToHttp(err, `order ${orderId}`);
        });
      res.json(status);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
