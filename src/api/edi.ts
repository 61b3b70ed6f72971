import express, { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { authenticatePartner, type Partner } from '../partner/repository';
import { planInbound, type SetPlan } from '../partner/edi-inbound';
import { claimInbound, markSent, settleInbound } from '../partner/edi-store';
import { deliver } from '../partner/transport';
import type { Logger } from '../logger';
import { HttpError, temporalToHttp, withTemporalDeadline } from './errors';
import { outcomeOf, type Metrics } from './metrics';

export interface EdiDeps {
  temporal: Client;
  pool: Pool;
  logger: Logger;
  metrics: Metrics;
  temporalTimeoutMs?: number;
}

interface SetResult {
  type: string;
  interchange: string;
  group: string;
  control: string;
  outcome: string;
  detail: string | null;
}

/**
 * POST /partners/{partnerId}/edi: raw X12 from a drop-ship vendor (any content
 * type). Bearer-authenticated like the JSON partner endpoints. Every
 * transaction set is kept in PostgreSQL before anything is signalled; our 997
 * for every group goes back over the partner's transport (and in the answer).
 * 202 when everything was accepted; 400 with the reasons when the file is
 * unreadable (no 997 possible) or a group or set was rejected (the 997 says
 * which; accepted sets were still processed); 503 when Temporal could not take
 * a signal (resend: what was signalled is recognised).
 */
export function ediRouter(d: EdiDeps): Router {
  const router = Router();
  const timeoutMs = d.temporalTimeoutMs ?? 5000;
  const raw = express.text({ type: () => true, limit: '10mb' });

  router.post('/partners/:partnerId/edi', async (req, res, next) => {
    const count = (outcome: string) => d.metrics.partnerEvents.inc({ kind: 'edi', outcome });
    try {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
      const partnerId = String(req.params.partnerId);
      let partner: Partner | null;
      try {
        partner = token && partnerId.length <= 63 ? await authenticatePartner(d.pool, partnerId, token) : null;
      } catch (err) {
        throw new HttpError(503, 'Partner authentication is unavailable (database), try again', undefined, err);
      }
      if (!partner) throw new HttpError(401, 'Unknown partner or bad token');
      if (partner.kind !== 'edi_vendor' || !partner.edi || !partner.transport) {
        throw new HttpError(409, `Partner ${partner.id} is not set up for EDI (kind ${partner.kind}; it needs edi and transport settings)`);
      }
      await new Promise<void>((resolve, reject) => raw(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
      const text = typeof req.body === 'string' ? req.body : '';
      if (!text.trim()) throw new HttpError(400, 'Empty body: send the X12 interchange as the request body');

      const plan = await planInbound(d.pool, partner, text);
      if (!plan.readable) {
        d.logger.warn({ partnerId: partner.id, reason: plan.reason }, 'unreadable X12 refused');
        throw new HttpError(400, `Unreadable X12: ${plan.reason}`);
      }
      const results: SetResult[] = [];
      for (const set of plan.sets) results.push(await applySet(partner, set));
      const acks = [];
      for (const doc of plan.acknowledgments) {
        try {
          await deliver(partner.transport, { filename: `997-${doc.interchangeControl}.x12`, body: doc.body, contentType: 'application/edi-x12', idempotencyKey: `${partner.id}:${doc.docKey}` });
          await markSent(d.pool, partner.id, doc.docKey);
          acks.push({ interchangeControl: doc.interchangeControl, sent: true });
        } catch (err) {
          // Kept in edi_outbound (sent_at null); the answer carries it too.
          d.logger.error({ partnerId: partner.id, doc: doc.docKey, err: (err as Error).message }, '997 delivery failed');
          acks.push({ interchangeControl: doc.interchangeControl, sent: false });
        }
      }
      const body = { sets: results, functionalAcknowledgments: acks, x12: plan.acknowledgments.map((a) => a.body).join('') };
      d.logger.info({ partnerId: partner.id, sets: results.map((r) => `${r.type}:${r.control}:${r.outcome}`) }, 'X12 received');
      if (plan.problems.length) {
        count('rejected');
        res.status(400).json({ error: `X12 rejected: ${plan.problems.join('; ')}`, ...body });
        return;
      }
      count('accepted');
      res.status(202).json({ status: 'accepted', ...body });
    } catch (err) {
      count(err instanceof HttpError ? outcomeOf(err.status) : 'error');
      next(err);
    }
  });

  async function applySet(partner: Partner, set: SetPlan): Promise<SetResult> {
    const r = set.record;
    const result = (outcome: string, detail = r.detail ?? null): SetResult => ({ type: r.type, interchange: r.interchangeControl, group: r.groupControl, control: r.setControl, outcome, detail });
    const claim = await claimInbound(d.pool, r);
    if (claim === 'duplicate') return result('duplicate', 'received before');
    if (r.outcome !== 'pending') return result(r.outcome);
    for (const s of set.signals) {
      try {
        await withTemporalDeadline(d.temporal, timeoutMs, () => d.temporal.workflow.getHandle(s.workflowId).signal(s.name, s.args));
      } catch (err) {
        const http = temporalToHttp(err, `${r.type} ${r.setControl} from ${partner.id}`);
        if (http.status === 404) {
          await settleInbound(d.pool, r, 'unmatched', `the order's workflow ${s.workflowId} has finished`);
          return result('unmatched', `the order's workflow ${s.workflowId} has finished`);
        }
        throw http;
      }
    }
    await settleInbound(d.pool, r, 'signalled');
    return result('signalled');
  }
  return router;
}
