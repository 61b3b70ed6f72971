import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './errors';
import type { RateLimits } from './rate-limit';

/**
 * Bearer-token checks for the gateway's staff surfaces: /ops and /inventory
 * take OPS_TOKEN; GET /orders/{id} takes OPS_TOKEN or the read-only
 * ORDERS_READ_TOKEN. (Partners have their own tokens: src/partner/repository.ts;
 * Shopify signs its webhooks: src/shopify/webhook-hmac.ts.)
 */

/** Timing-safe: both sides hashed, so equal lengths for timingSafeEqual and no length leak. */
export function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(req: Request): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  return m ? m[1]! : null;
}

export interface BearerOptions {
  /** The tokens accepted here; unset ones are skipped. None set: the endpoints are off (403). */
  tokens: (string | undefined)[];
  /** What a caller reads when none is set, e.g. 'Ops endpoints are off: set OPS_TOKEN to enable them'. */
  offMessage: string;
  /** Names the expected header, e.g. 'Authorization: Bearer <OPS_TOKEN>'. */
  expects: string;
  /** The answer to a wrong token, e.g. 'Bad ops token'. */
  wrong: string;
  /** Failed attempts count against the source (429 once it has used them up). */
  limits?: RateLimits;
}

/** Middleware: 403 when no token is configured; 429 for a source that failed too often; 401 without or with a wrong token. */
export function requireBearer(o: BearerOptions) {
  const tokens = o.tokens.filter((t): t is string => !!t);
  return (req: Request, _res: Response, next: NextFunction) => {
    try {
      if (!tokens.length) throw new HttpError(403, o.offMessage);
      const attempt = o.limits?.authAttempt(req);
      const given = bearerToken(req);
      // Every configured token is compared, so the time taken does not say which one matched.
      const ok = given !== null && tokens.map((t) => sameToken(given, t)).includes(true);
      attempt?.(ok);
      if (!ok) throw new HttpError(401, given === null ? `Missing ${o.expects}` : o.wrong);
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** `Authorization: Bearer <OPS_TOKEN>` (401 without or with a wrong one; 403 when no token is configured). */
export function requireOpsToken(opsToken: string | undefined, limits?: RateLimits) {
  return requireBearer({
    tokens: [opsToken],
    offMessage: 'Ops endpoints are off: set OPS_TOKEN to enable them',
    expects: 'Authorization: Bearer <OPS_TOKEN>',
    wrong: 'Bad ops token',
    limits,
  });
}
