import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Pool } from 'pg';
import {
  acknowledgmentMessage,
  deliverPartnerEvent,
  PartnerEventError,
  shipmentMessage,
  type PartnerEvent,
} from '../partner/events';
import type { OrderInbox } from '../orders/inbox';
import type { Logger } from '../logger';
import { HttpError, temporalToHttp } from './errors';
import { outcomeOf, type Metrics } from './metrics';
import { partnerAuthentication, partnerOf } from './partner-auth';
import { requestLimit, type RateLimits } from './rate-limit';
import { validBody } from './validation';

export interface PartnerDeps {
  orders: OrderInbox;
  pool: Pool;
  logger: Logger;
  metrics: Metrics;
  /** Per-source limits (requests, failed authentications); none: unlimited. */
  limits?: RateLimits;
}

type Kind = PartnerEvent['kind'];

const PARTNER_EVENT_STATUS: Record<PartnerEventError['kind'], number> = {
  unknown_allocation: 404,
  foreign_allocation: 403,
  unavailable: 503,
};

/**
 * Partner events (JSON): acknowledgments and ship notices for allocations
 * (src/partner/events.ts). Bearer-token authenticated per partner (before the
 * body is even read); the body is validated; the allocation must exist (404)
 * and be this partner's (403); then the order's workflow gets the signal, and
 * we answer 202.
 */
export function partnerRouter(d: PartnerDeps): Router {
  const router = Router();
  // Any content type is read as JSON: partners' tools are not always careful with headers.
  const json = express.json({ limit: '256kb', type: () => true });
  const count = (kind: Kind, outcome: string) => d.metrics.partnerEvents.inc({ kind, outcome });

  const endpoint = (kind: Kind, read: (body: unknown) => PartnerEvent) => [
    ...requestLimit(d.limits, 'partners'),
    partnerAuthentication({ pool: d.pool, limits: d.limits, refused: (err) => count(kind, outcomeOf(err.status)) }),
    (req: Request, res: Response, next: NextFunction) =>
      json(req, res, (err?: unknown) => {
        if (err) count(kind, 'bad_request');
        next(err);
      }),
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const event = read(req.body);
        const partner = partnerOf(res);
        const workflowId = await deliverPartnerEvent(d, partner, event).catch((err) => {
          if (err instanceof PartnerEventError)
            throw new HttpError(PARTNER_EVENT_STATUS[err.kind], err.message, undefined, err.cause);
          throw temporalToHttp(err, `${kind} for allocation ${event.message.allocationId}`);
        });
        count(kind, 'accepted');
        d.logger.info(
          {
            requestId: res.locals.requestId,
            partnerId: partner.id,
            allocationId: event.message.allocationId,
            workflowId,
            kind,
          },
          'partner event signalled',
        );
        res.status(202).json({ status: 'accepted', workflowId });
      } catch (err) {
        count(kind, err instanceof HttpError ? outcomeOf(err.status) : 'error');
        next(err);
      }
    },
  ];

  router.post(
    '/partners/:partnerId/acknowledgments',
    ...endpoint('acknowledgment', (b) => ({ kind: 'acknowledgment', message: validBody(acknowledgmentMessage, b) })),
  );
  router.post(
    '/partners/:partnerId/shipments',
    ...endpoint('shipment', (b) => ({ kind: 'shipment', message: validBody(shipmentMessage, b) })),
  );
  return router;
}
