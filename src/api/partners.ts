import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { authenticatePartner, findAllocation, type Partner } from '../partner/repository';
import { orderSignal, partnerAcknowledgmentSignal, shipmentSignal, type OrderSignal, type PartnerAcknowledgment, type ShipmentNotice } from '../order/contract';
import type { OrderInbox } from '../orders/inbox';
import type { Logger } from '../logger';
import { bearerToken } from './auth';
import { HttpError, temporalToHttp, type ErrorDetail } from './errors';
import { outcomeOf, type Metrics } from './metrics';
import { requestLimit, type RateLimits } from './rate-limit';

export interface PartnerDeps {
  orders: OrderInbox;
  pool: Pool;
  logger: Logger;
  metrics: Metrics;
  /** Per-source limits (requests, failed authentications); none: unlimited. */
  limits?: RateLimits;
}

const lineQuantities = z.array(z.object({ lineItemId: z.string().trim().min(1).max(200), quantity: z.number().int().min(0) })).min(1).max(250);

export const acknowledgmentBody = z.object({
  allocationId: z.string().trim().min(1).max(200),
  decision: z.enum(['accepted', 'rejected']),
  reason: z.string().max(1000).nullish(),
  messageId: z.string().max(200).nullish(),
  /** With `accepted`, the units accepted per line item when only part is (the rest is routed elsewhere). */
  lines: lineQuantities.nullish(),
});

export const shipmentBody = z.object({
  allocationId: z.string().trim().min(1).max(200),
  tracking: z.object({
    number: z.string().trim().min(1).max(200),
    company: z.string().max(200).nullish(),
    url: z.url({ protocol: /^https?$/ }).max(2000).nullish(),
  }),
  messageId: z.string().max(200).nullish(),
  /** Units shipped per line item, for a partial shipment. */
  lines: lineQuantities.nullish(),
});

/** Every problem in the body, each with its field path. */
export function validate<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const details: ErrorDetail[] = r.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(body)', problem: i.message }));
  throw new HttpError(400, `Invalid body: ${details.map((x) => `${x.field}: ${x.problem}`).join('; ')}`, details);
}

/** Same answer for an unknown partner and a wrong token: nothing to learn by probing. */
const UNAUTHORIZED = 'Unknown partner or bad token';

type Kind = 'acknowledgment' | 'shipment';

/**
 * Partner events (JSON): acknowledgments and ship notices for allocations.
 * Bearer-token authenticated per partner (before the body is even read); the
 * body is validated; the allocation must exist (404) and be this partner's
 * (403); then the order's workflow gets the signal, and we answer 202.
 */
export function partnerRouter(d: PartnerDeps): Router {
  const router = Router();
  // Any content type is read as JSON: partners' tools are not always careful with headers.
  const json = express.json({ limit: '256kb', type: () => true });

  const authenticate = (kind: Kind) => async (req: Request, res: Response, next: NextFunction) => {
    let attempt: ((ok: boolean) => void) | undefined;
    try {
      attempt = d.limits?.authAttempt(req);
      const token = bearerToken(req);
      const partnerId = String(req.params.partnerId);
      const partner = token && partnerId.length <= 63 ? await authenticatePartner(d.pool, partnerId, token) : null;
      attempt?.(!!partner);
      if (!partner) throw new HttpError(401, UNAUTHORIZED);
      res.locals.partner = partner;
      next();
    } catch (err) {
      attempt?.(true); // a database failure is not a wrong credential (a no-op once recorded)
      d.metrics.partnerEvents.inc({ kind, outcome: err instanceof HttpError ? outcomeOf(err.status) : 'error' });
      next(err instanceof HttpError ? err : new HttpError(503, 'Partner authentication is unavailable (database), try again', undefined, err));
    }
  };

  const parse = (kind: Kind) => (req: Request, res: Response, next: NextFunction) =>
    json(req, res, (err?: unknown) => {
      if (err) d.metrics.partnerEvents.inc({ kind, outcome: 'bad_request' });
      next(err);
    });

  async function deliver(res: Response, kind: Kind, allocationId: string, signalFor: (workflowId: string) => OrderSignal) {
    const partner = res.locals.partner as Partner;
    let allocation;
    try {
      allocation = await findAllocation(d.pool, allocationId);
    } catch (err) {
      throw new HttpError(503, 'Allocation lookup is unavailable (database), try again', undefined, err);
    }
    if (!allocation) throw new HttpError(404, `Unknown allocation ${allocationId}`);
    if (allocation.partnerId !== partner.id) throw new HttpError(403, `Allocation ${allocationId} does not belong to partner ${partner.id}`);
    try {
      await d.orders.send(signalFor(allocation.workflowId));
    } catch (err) {
      throw temporalToHttp(err, `${kind} for allocation ${allocationId}`);
    }
    d.metrics.partnerEvents.inc({ kind, outcome: 'accepted' });
    d.logger.info({ requestId: res.locals.requestId, partnerId: partner.id, allocationId, workflowId: allocation.workflowId, kind }, 'partner event signalled');
    res.status(202).json({ status: 'accepted', workflowId: allocation.workflowId });
  }

  const failed = (kind: Kind, err: unknown, next: NextFunction) => {
    d.metrics.partnerEvents.inc({ kind, outcome: err instanceof HttpError ? outcomeOf(err.status) : 'error' });
    next(err);
  };

  router.post('/partners/:partnerId/acknowledgments', ...requestLimit(d.limits, 'partners'), authenticate('acknowledgment'), parse('acknowledgment'), async (req, res, next) => {
    try {
      const body = validate(acknowledgmentBody, req.body);
      const partner = res.locals.partner as Partner;
      const ack: PartnerAcknowledgment = {
        allocationId: body.allocationId,
        partnerId: partner.id,
        decision: body.decision,
        reason: body.reason ?? null,
        messageId: body.messageId ?? null,
        ...(body.lines ? { lines: body.lines } : {}),
      };
      await deliver(res, 'acknowledgment', body.allocationId, (workflowId) => orderSignal(workflowId, partnerAcknowledgmentSignal, ack));
    } catch (err) {
      failed('acknowledgment', err, next);
    }
  });

  router.post('/partners/:partnerId/shipments', ...requestLimit(d.limits, 'partners'), authenticate('shipment'), parse('shipment'), async (req, res, next) => {
    try {
      const body = validate(shipmentBody, req.body);
      const partner = res.locals.partner as Partner;
      const notice: ShipmentNotice = {
        allocationId: body.allocationId,
        partnerId: partner.id,
        tracking: { number: body.tracking.number, company: body.tracking.company ?? null, url: body.tracking.url ?? null },
        messageId: body.messageId ?? null,
        ...(body.lines ? { lines: body.lines } : {}),
      };
      await deliver(res, 'shipment', body.allocationId, (workflowId) => orderSignal(workflowId, shipmentSignal, notice));
    } catch (err) {
      failed('shipment', err, next);
    }
  });
  return router;
}
