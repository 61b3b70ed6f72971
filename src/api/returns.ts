import express, { Router } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { Logger } from '../logger';
import { OrderInboxError } from '../orders/inbox';
import type { ReturnInbox } from '../returns/inbox';
import { RETURN_ACTIONS, returnWorkflowId, type ReturnPolicy } from '../returns/contract';
import { isShopifyId } from '../shopify/shopify-id';
import { RETURN_REASONS } from '../returns/request-lines';
import { requireBearer, requireOpsToken } from './auth';
import { HttpError, temporalToHttp } from './errors';
import { partnerAuthentication, partnerOf } from './partner-auth';
import { requestLimit, type RateLimits } from './rate-limit';
import { validBody } from './validation';

export interface ReturnRouteDeps {
  shopDomain: string;
  returns: ReturnInbox;
  pool: Pool;
  logger: Logger;
  taskQueue: string;
  opsToken?: string;
  ordersReadToken?: string;
  returnPolicy?: Partial<ReturnPolicy>;
  limits?: RateLimits;
}

const count = z.number().int().min(1).max(100_000);
const id = (what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, `${what}: 1-128 letters, digits and . _ : -`)
    .max(128);

const returnRequest = z
  .object({
    requestId: id('requestId'),
    orderId: z.string().refine(isShopifyId, 'the numeric Shopify order id'),
    lines: z
      .array(
        z
          .object({
            sku: z.string().min(1).max(255).optional(),
            lineItemId: z.string().min(1).max(255).optional(),
            quantity: count,
            reason: z.enum(RETURN_REASONS).optional(),
            note: z.string().max(1000).optional(),
          })
          .strict()
          .refine((l) => !!l.sku !== !!l.lineItemId, 'name the line by sku or lineItemId (one of them)'),
      )
      .min(1)
      .max(100),
    inStoreLocationId: z
      .string()
      .regex(/^gid:\/\/shopify\/Location\/\d+$/, 'a Location GID')
      .optional(),
    exchanges: z
      .array(
        z
          .object({
            sku: z.string().min(1).max(255).optional(),
            variantId: z
              .string()
              .regex(/^gid:\/\/shopify\/ProductVariant\/\d+$/, 'a ProductVariant GID')
              .optional(),
            quantity: count,
          })
          .strict()
          .refine((x) => !!x.sku !== !!x.variantId, 'name the replacement by sku or variantId (one of them)'),
      )
      .max(100)
      .optional(),
    notifyCustomer: z.boolean().optional(),
    by: z.string().max(200).optional(),
  })
  .strict();

const receipt = z
  .object({
    receiptId: id('receiptId'),
    lines: z
      .array(
        z
          .object({
            returnLineItemId: z.string().regex(/^gid:\/\/shopify\/ReturnLineItem\/\d+$/, 'a ReturnLineItem GID'),
            quantity: count,
            condition: z.enum(['sellable', 'damaged', 'needs_inspection', 'missing']),
          })
          .strict(),
      )
      .min(1)
      .max(100),
  })
  .strict();

const scan = z.object({ scanId: id('scanId'), trackingNumber: z.string().max(255).optional() }).strict();

const action = z
  .object({
    declineReason: z.enum(['FINAL_SALE', 'RETURN_PERIOD_ENDED', 'OTHER']).optional(),
    note: z.string().max(1000).optional(),
    days: z.number().int().min(1).max(365).optional(),
    by: z.string().max(200).optional(),
  })
  .strict();

function checkReturnId(returnId: string) {
  if (!isShopifyId(returnId))
    throw new HttpError(
      400,
      `returnId must be the numeric Shopify return id, not ${JSON.stringify(returnId.slice(0, 40))}`,
    );
}

/**
 * Returns over HTTP (README: Returns and exchanges):
 *   POST /returns                                  create one in Shopify (call centre), OPS_TOKEN
 *   GET  /returns/{returnId}                       the return workflow's status, OPS_TOKEN or ORDERS_READ_TOKEN
 *   POST /ops/returns/{returnId}/{action}          RETURN_ACTIONS (src/returns/contract.ts), OPS_TOKEN
 *   POST /ops/returns/{returnId}/receipts          staff's count at a location no partner runs, OPS_TOKEN
 *   POST /partners/{partnerId}/returns/{returnId}/receipts   what arrived, per line and condition
 *   POST /partners/{partnerId}/returns/{returnId}/scans      the carrier's first scan
 * A partner may report only returns sent to its locations (403), and only
 * returns the engine handles (404).
 */
export function returnRouter(d: ReturnRouteDeps): Router {
  const router = Router();
  const shopDomain = d.shopDomain.trim().toLowerCase();
  const json = express.json({ limit: '64kb', type: () => true });
  const ops = [...requestLimit(d.limits, 'ops'), requireOpsToken(d.opsToken, d.limits)];
  const reader = [
    ...requestLimit(d.limits, 'orders'),
    requireBearer({
      tokens: [d.opsToken, d.ordersReadToken],
      offMessage: 'Return status is off: set ORDERS_READ_TOKEN (or OPS_TOKEN) to enable it',
      expects: 'Authorization: Bearer <ORDERS_READ_TOKEN or OPS_TOKEN>',
      wrong: 'Bad token for return status',
      limits: d.limits,
    }),
  ];
  const partner = [
    ...requestLimit(d.limits, 'partners'),
    partnerAuthentication({ pool: d.pool, limits: d.limits, refused: () => undefined }),
  ];
  const gone = (err: unknown, what: string) =>
    err instanceof OrderInboxError && err.kind === 'gone'
      ? new HttpError(404, `${what}: no such return workflow`)
      : temporalToHttp(err, what);

  router.post('/returns', ...ops, json, async (req, res, next) => {
    try {
      const body = validBody(returnRequest, req.body);
      const out = await d.returns
        .request({ ...body, shopDomain, policy: d.returnPolicy }, d.taskQueue)
        .catch((err: unknown) => {
          if (err instanceof OrderInboxError && err.kind === 'refused') throw new HttpError(422, err.message);
          throw temporalToHttp(err, `return request ${body.requestId}`);
        });
      d.logger.info({ requestId: body.requestId, orderId: body.orderId, by: body.by, ...out }, 'return requested');
      if (out.pending)
        res.status(202).json({ status: 'pending', requestId: body.requestId, workflowId: out.workflowId });
      else res.status(out.adopted || out.replayed ? 200 : 201).json({ status: 'created', ...out });
    } catch (err) {
      next(err);
    }
  });

  router.get('/returns/:returnId', ...reader, async (req, res, next) => {
    try {
      const returnId = String(req.params.returnId);
      checkReturnId(returnId);
      const status = await d.returns
        .status(returnWorkflowId(shopDomain, returnId))
        .catch((err: unknown) => Promise.reject(gone(err, `return ${returnId}`)));
      res.json(status);
    } catch (err) {
      next(err);
    }
  });

  // The merchant's own staff count a parcel at a location no partner runs.
  router.post('/ops/returns/:returnId/receipts', ...ops, json, async (req, res, next) => {
    try {
      const returnId = String(req.params.returnId);
      checkReturnId(returnId);
      const body = validBody(receipt, req.body);
      const workflowId = returnWorkflowId(shopDomain, returnId);
      await d.returns
        .receipt(workflowId, { ...body, partnerId: null })
        .catch((err: unknown) => Promise.reject(gone(err, `return ${returnId}`)));
      res.status(202).json({ status: 'accepted', workflowId });
    } catch (err) {
      next(err);
    }
  });

  router.post('/ops/returns/:returnId/:action', ...ops, json, async (req, res, next) => {
    try {
      const returnId = String(req.params.returnId);
      checkReturnId(returnId);
      const name = String(req.params.action) as (typeof RETURN_ACTIONS)[number];
      if (!RETURN_ACTIONS.includes(name))
        throw new HttpError(
          404,
          `Unknown action ${JSON.stringify(name.slice(0, 40))}; one of ${RETURN_ACTIONS.join(', ')}`,
        );
      const args = validBody(action, req.body ?? {});
      const outcome = await d.returns
        .act(returnWorkflowId(shopDomain, returnId), { action: name, ...args })
        .catch((err: unknown) => Promise.reject(gone(err, `return ${returnId}`)));
      d.logger.info({ returnId, action: name, by: args.by }, 'return action accepted');
      res.json(outcome);
    } catch (err) {
      next(err);
    }
  });

  /** The return must be one the engine handles and sent to this partner. */
  async function partnersReturn(partnerId: string, returnId: string): Promise<string> {
    checkReturnId(returnId);
    const { rows } = await d.pool
      .query<{ partner_id: string | null }>(
        `SELECT partner_id FROM order_returns WHERE shop_domain = $1 AND return_id = $2`,
        [shopDomain, returnId],
      )
      .catch((err: unknown) => {
        throw new HttpError(503, 'The return is unavailable (database), try again', undefined, err);
      });
    if (!rows[0]) throw new HttpError(404, `No return ${returnId} is expected`);
    if (rows[0].partner_id !== partnerId)
      throw new HttpError(403, `Return ${returnId} is not on its way to partner ${partnerId}`);
    return returnWorkflowId(shopDomain, returnId);
  }

  router.post('/partners/:partnerId/returns/:returnId/receipts', ...partner, json, async (req, res, next) => {
    try {
      const body = validBody(receipt, req.body);
      const p = partnerOf(res);
      const workflowId = await partnersReturn(p.id, String(req.params.returnId));
      await d.returns
        .receipt(workflowId, { ...body, partnerId: p.id })
        .catch((err: unknown) => Promise.reject(gone(err, `return ${String(req.params.returnId)}`)));
      d.logger.info({ partnerId: p.id, workflowId, receiptId: body.receiptId }, 'return receipt signalled');
      res.status(202).json({ status: 'accepted', workflowId });
    } catch (err) {
      next(err);
    }
  });

  router.post('/partners/:partnerId/returns/:returnId/scans', ...partner, json, async (req, res, next) => {
    try {
      const body = validBody(scan, req.body);
      const p = partnerOf(res);
      const workflowId = await partnersReturn(p.id, String(req.params.returnId));
      await d.returns
        .scan(workflowId, { ...body, partnerId: p.id })
        .catch((err: unknown) => Promise.reject(gone(err, `return ${String(req.params.returnId)}`)));
      res.status(202).json({ status: 'accepted', workflowId });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
