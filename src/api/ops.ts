import express, { Router } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { OPS_ACTIONS, STAGES, type OpsAction } from '../order/types';
import { orderWorkflowId, type EditArgs } from '../order/contract';
import { editArgsProblem } from '../order/edits';
import { argsProblem } from '../order/ops';
import { listOrders } from '../ops/orders';
import { OrderInboxError, type OrderInbox } from '../orders/inbox';
import { withTemporalDeadline } from '../temporal/failures';
import { FilterError } from '../ops/visibility';
import type { Logger } from '../logger';
import { requireOpsToken } from './auth';
import { checkOrderId } from './orders';
import { HttpError, temporalToHttp } from './errors';
import { requestLimit, type RateLimits } from './rate-limit';

export interface OpsDeps {
  /** Listing orders (visibility). */
  temporal: Client;
  /** Acting on one. */
  orders: OrderInbox;
  shopDomain: string;
  logger: Logger;
  /** Without a token the ops endpoints answer 403: they are off. */
  opsToken?: string;
  /** Per-source limits (requests, failed authentications); none: unlimited. */
  limits?: RateLimits;
}

const listQuery = z.object({
  attention: z.enum(['true', 'false']).optional(),
  stage: z.enum(STAGES).optional(),
  location: z.string().optional(),
  partner: z.string().optional(),
  name: z.string().optional(),
  open: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/**
 * Ops over HTTP, for people and tools that prefer it to the Temporal UI:
 *   GET  /ops/orders?attention=true&stage=&location=&partner=&name=&open=true  (visibility query)
 *   POST /ops/orders/{orderId}/{retry|skip|reroute|hold|release|cancel|edit}  body: the action's JSON arguments
 *     (edit: {"set": [{"line", "quantity"}], "add": [{"sku", "quantity"}], "substitute": [{"line", "sku", "quantity"?}]})
 * Bearer OPS_TOKEN. An action runs as the workflow's Update: 200 with the
 * outcome once accepted, 409 with the workflow's reason when it does not fit
 * the order's state now.
 */
export function opsRouter(d: OpsDeps): Router {
  const router = Router();
  const shopDomain = d.shopDomain.trim().toLowerCase();

  const authenticate = [...requestLimit(d.limits, 'ops'), requireOpsToken(d.opsToken, d.limits)];

  router.get('/ops/orders', ...authenticate, async (req, res, next) => {
    try {
      const q = listQuery.safeParse(req.query);
      if (!q.success)
        throw new HttpError(
          400,
          `Invalid query: ${q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      const f = q.data;
      let orders;
      try {
        orders = await withTemporalDeadline(d.temporal, d.orders.deadlines.actionMs, () =>
          listOrders(
            d.temporal,
            {
              shop: shopDomain,
              ...(f.attention ? { attention: f.attention === 'true' } : {}),
              ...(f.open ? { open: f.open === 'true' } : {}),
              ...(f.stage ? { stage: f.stage } : {}),
              ...(f.location !== undefined ? { location: f.location } : {}),
              ...(f.partner !== undefined ? { partner: f.partner } : {}),
              ...(f.name !== undefined ? { name: f.name } : {}),
            },
            f.limit ?? 50,
          ),
        );
      } catch (err) {
        if (err instanceof FilterError) throw new HttpError(400, err.message);
        throw temporalToHttp(err, 'order list');
      }
      res.json({ orders });
    } catch (err) {
      next(err);
    }
  });

  router.post(
    '/ops/orders/:orderId/:action',
    ...authenticate,
    express.json({ limit: '16kb' }),
    async (req, res, next) => {
      try {
        const orderId = String(req.params.orderId);
        const action = String(req.params.action) as OpsAction | 'edit';
        checkOrderId(orderId);
        if (action !== 'edit' && !OPS_ACTIONS.includes(action))
          throw new HttpError(
            404,
            `Unknown action ${JSON.stringify(action.slice(0, 40))}; one of ${[...OPS_ACTIONS, 'edit'].join(', ')}`,
          );
        const args: unknown = req.body ?? {};
        const bad = action === 'edit' ? editArgsProblem(args) : argsProblem(action, args);
        if (bad) throw new HttpError(400, `Invalid body: ${bad}`);
        const workflowId = orderWorkflowId(shopDomain, orderId);
        try {
          const outcome =
            action === 'edit'
              ? await d.orders.edit(workflowId, args as EditArgs)
              : await d.orders.act(workflowId, action, args as Record<string, unknown>);
          d.logger.info({ workflowId, action, by: (args as { by?: string }).by }, 'ops action accepted');
          res.json(outcome);
        } catch (err) {
          // Updates reach only running workflows: say so when the order has merely finished.
          if (err instanceof OrderInboxError && err.kind === 'finished')
            throw new HttpError(
              409,
              `order ${orderId} has finished (${err.executionStatus}); there is nothing left to ${action}`,
            );
          const what = `order ${orderId}`;
          const http = temporalToHttp(err, what);
          if (http.status !== 503) throw http;
          // An Update that timed out (no worker polling, Temporal slow) is not refused: Temporal may still
          // deliver it. Say so, rather than inviting a blind retry.
          const why = http.message.slice(what.length + 2).replace(/, try again$/, '');
          throw new HttpError(
            503,
            `${what}: ${action} not confirmed: ${why}; it may still be applied (e.g. once a worker takes it): check GET /orders/${orderId} before sending it again`,
            undefined,
            err,
          );
        }
      } catch (err) {
        next(err);
      }
    },
  );
  return router;
}
