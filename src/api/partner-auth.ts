import type { NextFunction, Request, Response } from 'express';
import type { Pool } from 'pg';
import { authenticatePartner, type Partner } from '../partner/repository';
import { bearerToken } from './auth';
import { HttpError } from './errors';
import type { RateLimits } from './rate-limit';

/** Same answer for an unknown partner and a wrong token: nothing to learn by probing. */
const UNAUTHORIZED = 'Unknown partner or bad token';

/**
 * Middleware for every /partners/{partnerId}/... endpoint: the partner's own
 * bearer token (timing-safe), checked before the body is read; failed attempts
 * count against the source. The partner is left in res.locals.partner
 * (partnerOf). `refused` sees every refusal (for the caller's metrics).
 */
export function partnerAuthentication(d: { pool: Pool; limits?: RateLimits; refused: (err: HttpError) => void }) {
  return async (req: Request, res: Response, next: NextFunction) => {
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
      const http =
        err instanceof HttpError
          ? err
          : new HttpError(503, 'Partner authentication is unavailable (database), try again', undefined, err);
      d.refused(http);
      next(http);
    }
  };
}

/** The partner partnerAuthentication let through. */
export const partnerOf = (res: Response): Partner => res.locals.partner as Partner;
