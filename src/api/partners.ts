import express, { Router, type Request } from 'express';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { z } from 'zod';
import { authenticatePartner, findAllocation, type Partner } from '../partner/repository';
import type { PartnerAcknowledgment, ShipmentNotice } from '../workflows/order/definitions';
import type { Logger } from '../logger';
import { HttpError, temporalToHttp } from './errors';
import type { Metrics } from './metrics';

export interface PartnerDeps {
  temporal: Client;
  pool: Pool;
  logger: Logger;
  metrics: Metrics;
}

const acknowledgmentBody = z.object({
  allocationId: z.string().min(1).max(200),
  decision: z.enum(['accepted', 'rejected']),
  reason: z.string().max(1000).nullish(),
  messageId: z.string().max(200).nullish(),
});

const shipmentBody = z.object({
  allocationId: z.string().min(1).max(200),
  tracking: z.object({
    number: z.string().min(1).max(200),
    company: z.string().max(200).nullish(),
    url: z.string().url().max(2000).nullish(),
  }),
  messageId: z.string().max(200).nullish(),
});

function validate<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', problem: i.message }));
  throw new HttpError(400, `Invalid body: ${details.map((d) => `${d.field}: ${d.problem}`).join('; ')}`, details);
}

async function partnerOf(req: Request, pool: Pool): Promise<Partner> {
  const header = req.get('authorization') ?? '';
  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1];
  const partner = token ? await authenticatePartner(pool, String(req.params.partnerId), token.trim()) : null;
  if (!partner) throw new HttpError(401, 'Unknown partner or bad token');
  return partner;
}

/**
 * Partner events (JSON): acknowledgments and ship notices for allocations.
 * Authenticated per partner; the allocation must be this partner's; 202 once
 * the order's workflow has the signal.
 */
export function partnerRouter(d: PartnerDeps): Router {
  const router = Router();
  const json = express.json({ limit: '256kb', type: () => true });

  async function deliver(req: Request, kind: 'acknowledgment' | 'shipment', allocationId: string, signal: string, payload: unknown) {
    const partner = await partnerOf(req, d.pool);
    const allocation = await findAllocation(d.pool, allocationId);
    if (!allocation) throw new HttpError(404, `Unknown allocation ${allocationId}`);
    if (allocation.partnerId !== partner.id) throw new HttpError(403, `Allocation ${allocationId} is not ${partner.id}'s`);
    try {
      await d.temporal.workflow.getHandle(allocation.workflowId).signal(signal, { ...(payload as object), partnerId: partner.id });
    } catch (err) {
      throw temporalToHttp(err, `${kind} for ${allocationId}`);
    }
    d.metrics.partnerEvents.inc({ kind, outcome: 'accepted' });
    return allocation.workflowId;
  }

  router.post('/partners/:partnerId/acknowledgments', json, async (req, res, next) => {
    try {
      const body = validate(acknowledgmentBody, req.body);
      const ack: Omit<PartnerAcknowledgment, 'partnerId'> = body;
      const workflowId = await deliver(req, 'acknowledgment', body.allocationId, 'partnerAcknowledgment', ack);
      res.status(202).json({ status: 'accepted', workflowId });
    } catch (err) {
      d.metrics.partnerEvents.inc({ kind: 'acknowledgment', outcome: err instanceof HttpError ? String(err.status) : 'error' });
      next(err);
    }
  });

  router.post('/partners/:partnerId/shipments', json, async (req, res, next) => {
    try {
      const body = validate(shipmentBody, req.body);
      const notice: Omit<ShipmentNotice, 'partnerId'> = {
        allocationId: body.allocationId,
        tracking: { number: body.tracking.number, company: body.tracking.company ?? null, url: body.tracking.url ?? null },
        messageId: body.messageId ?? null,
      };
      const workflowId = await deliver(req, 'shipment', body.allocationId, 'shipment', notice);
      res.status(202).json({ status: 'accepted', workflowId });
    } catch (err) {
      d.metrics.partnerEvents.inc({ kind: 'shipment', outcome: err instanceof HttpError ? String(err.status) : 'error' });
      next(err);
    }
  });
  return router;
}
