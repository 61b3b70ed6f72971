import express, { Router } from 'express';
import type { Pool } from 'pg';
import { receiveEdi } from '../partner/edi-receive';
import type { Logger } from '../logger';
import { partnerAuthentication, partnerOf } from './partner-auth';
import { HttpError, temporalToHttp } from './errors';
import type { OrderInbox } from '../orders/inbox';
import { outcomeOf, type Metrics } from './metrics';
import { requestLimit, type RateLimits } from './rate-limit';

export interface EdiDeps {
  orders: OrderInbox;
  pool: Pool;
  logger: Logger;
  metrics: Metrics;
  limits?: RateLimits;
}

/**
 * POST /partners/{partnerId}/edi: raw X12 from a drop-ship vendor (any content
 * type). Bearer-authenticated like the JSON partner endpoints. Every
 * transaction set is kept in PostgreSQL before anything is signalled; our 997
 * for every group goes back over the partner's transport (and in the answer).
 * 202 when everything was accepted; 400 with the reasons when the file is
 * unreadable (no 997 possible), an interchange was rejected whole (TA1 R:
 * envelope error, not addressed to us; nothing in it processed) or a group or
 * set was rejected (the 997 says which; accepted sets were still processed);
 * 503 when Temporal could not take a signal (resend: what was signalled is
 * recognised).
 */
export function ediRouter(d: EdiDeps): Router {
  const router = Router();
  const raw = express.text({ type: () => true, limit: '10mb' });

  const count = (outcome: string) => d.metrics.partnerEvents.inc({ kind: 'edi', outcome });
  const authenticate = partnerAuthentication({
    pool: d.pool,
    limits: d.limits,
    refused: (err) => count(outcomeOf(err.status)),
  });

  router.post(
    '/partners/:partnerId/edi',
    ...requestLimit(d.limits, 'partners'),
    authenticate,
    async (req, res, next) => {
      try {
        const partner = partnerOf(res);
        if (partner.kind !== 'edi_vendor' || !partner.edi || !partner.transport) {
          throw new HttpError(
            409,
            `Partner ${partner.id} is not set up for EDI (kind ${partner.kind}; it needs edi and transport settings)`,
          );
        }
        await new Promise<void>((resolve, reject) => raw(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
        const text = typeof req.body === 'string' ? req.body : '';
        if (!text.trim()) throw new HttpError(400, 'Empty body: send the X12 interchange as the request body');

        const receipt = await receiveEdi(
          {
            pool: d.pool,
            logger: d.logger,
            orders: d.orders,
          },
          partner,
          text,
        ).catch((err) => {
          throw err instanceof HttpError ? err : temporalToHttp(err, `X12 from ${partner.id}`);
        });
        if (!receipt.readable) throw new HttpError(400, `Unreadable X12: ${receipt.reason}`);
        const { problems, ...body } = receipt;
        if (problems.length) {
          count('rejected');
          res.status(400).json({ error: `X12 rejected: ${problems.join('; ')}`, ...body });
          return;
        }
        count('accepted');
        res.status(202).json({ status: 'accepted', ...body });
      } catch (err) {
        count(err instanceof HttpError ? outcomeOf(err.status) : 'error');
        next(err);
      }
    },
  );

  return router;
}
