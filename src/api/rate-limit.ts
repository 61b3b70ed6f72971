import { isIPv6 } from 'node:net';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logger';
import { RateLimitedError } from './errors';

/**
 * Per-source rate limits, in process: one token bucket per remote address
 * (an IPv6 client by its /64, since one host commonly holds the whole prefix).
 * Two kinds on the authenticated surfaces (/partners, /ops, /inventory, /orders):
 * - requests: every request takes a token (RATE_LIMIT_PER_SECOND, RATE_LIMIT_BURST);
 * - authentication failures: a missing or wrong credential takes a token, and a
 *   source with none left is refused before its credential is even looked at
 *   (AUTH_FAILURE_BURST, refilled at AUTH_FAILURE_LIMIT_PER_MINUTE).
 * Shopify webhooks are not limited (see README, Security).
 * Memory is bounded: at most RATE_LIMIT_MAX_SOURCES buckets per limiter; a full
 * bucket is forgotten first (it holds nothing), then the least recently seen.
 */
export interface RateLimitSettings {
  /** Sustained requests per second per source on the authenticated surfaces; 0 turns the request limit off. */
  perSecond: number;
  /** Requests a source may make at once before the sustained rate applies. */
  burst: number;
  /** Failed authentications a source may make at once. */
  authFailureBurst: number;
  /** Failed authentications per minute a source earns back. */
  authFailuresPerMinute: number;
  /** Sources remembered per limiter (bounded memory). */
  maxSources: number;
}

const LOG_EVERY_MS = 60_000;

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  perSecond: 50,
  burst: 200,
  authFailureBurst: 20,
  authFailuresPerMinute: 10,
  maxSources: 10_000,
};

interface Bucket {
  tokens: number;
  at: number;
}

/** Token buckets keyed by source: `capacity` at most, refilled at `perSecond`. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    readonly maxSources: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.buckets.size;
  }

  /** The bucket as of now (refilled), moved to the recently-seen end. */
  private current(key: string): Bucket {
    const t = this.now();
    const b = this.buckets.get(key);
    if (b) {
      b.tokens = Math.min(this.capacity, b.tokens + ((t - b.at) / 1000) * this.perSecond);
      b.at = t;
      this.buckets.delete(key);
      this.buckets.set(key, b);
      return b;
    }
    this.makeRoom();
    const fresh = { tokens: this.capacity, at: t };
    this.buckets.set(key, fresh);
    return fresh;
  }

  private makeRoom() {
    if (this.buckets.size < this.maxSources) return;
    const t = this.now();
    // A bucket that has refilled completely says nothing; forget those first.
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((t - b.at) / 1000) * this.perSecond >= this.capacity) this.buckets.delete(key);
    }
    // Still full: forget the least recently seen (Map order is insertion order; current() re-inserts).
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < this.maxSources) break;
      this.buckets.delete(key);
    }
  }

  /** The tokens `key` has now (a source never seen has a full bucket). */
  available(key: string): number {
    const b = this.buckets.get(key);
    return b ? Math.min(this.capacity, b.tokens + ((this.now() - b.at) / 1000) * this.perSecond) : this.capacity;
  }

  /** Seconds until `key` has a whole token again (0: it has one now). */
  waitSeconds(key: string): number {
    const tokens = this.available(key);
    return tokens >= 1 ? 0 : this.perSecond > 0 ? (1 - tokens) / this.perSecond : Infinity;
  }

  /** Take a token for `key`: 0 when taken, else the seconds to wait for one. */
  take(key: string): number {
    const b = this.current(key);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return this.perSecond > 0 ? (1 - b.tokens) / this.perSecond : Infinity;
  }
}

/**
 * The source a request is counted against: its address (as Express sees it,
 * so behind TRUST_PROXY_HOPS proxies the client's), an IPv6 address by /64.
 */
export function sourceOf(req: Request): string {
  let ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  if (ip.startsWith('::ffff:') && ip.includes('.')) ip = ip.slice(7);
  if (!isIPv6(ip)) return ip;
  return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(ip: string): string[] {
  const [head, tail] = ip.split('%')[0]!.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(Math.max(0, 8 - h.length - t.length)).fill('0');
  return [...h, ...fill, ...t].map((p) => p.toLowerCase().replace(/^0+(?=.)/, ''));
}

export type Surface = 'partners' | 'ops' | 'inventory' | 'orders';

/** The gateway's limiters, shared by its routers. */
export interface RateLimits {
  /** Middleware: count the request against its source on this surface (429 when over). */
  requests(surface: Surface): (req: Request, res: Response, next: NextFunction) => void;
  /**
   * Call before checking a credential: 429 when the source has used up its
   * failed authentications, counting checks still in progress as failures (so
   * concurrent guesses cannot overrun the budget). Returns the call that
   * records the outcome: `false` (a missing or wrong credential) spends one.
   */
  authAttempt(req: Request): (ok: boolean) => void;
}

export function createRateLimits(
  s: Partial<RateLimitSettings> = {},
  logger?: Logger,
  onLimited?: (surface: string, limit: 'requests' | 'auth_failures') => void,
): RateLimits {
  const o = { ...DEFAULT_RATE_LIMITS, ...s };
  const perSurface = new Map<Surface, TokenBuckets>();
  const failures = new TokenBuckets(o.authFailureBurst, o.authFailuresPerMinute / 60, o.maxSources);
  // Until when each refused source's refusals go unlogged: a flood is counted (metrics), not logged line by line.
  const refusing = new Map<string, number>();
  // Credential checks in progress per source (bounded by open connections).
  const checking = new Map<string, number>();

  const refuse = (
    req: Request,
    surface: string,
    limit: 'requests' | 'auth_failures',
    source: string,
    wait: number,
    what: string,
  ): RateLimitedError => {
    onLimited?.(surface, limit);
    const key = `${limit}:${surface}:${source}`;
    const retryAfter = Number.isFinite(wait) ? Math.max(1, Math.ceil(wait)) : 3600;
    const now = Date.now();
    if ((refusing.get(key) ?? 0) <= now) {
      if (refusing.size >= o.maxSources) refusing.clear();
      refusing.set(key, now + LOG_EVERY_MS);
      logger?.warn(
        { source, surface, limit, path: req.path, retryAfter },
        'rate limit reached; refusing this source until it slows down (logged at most once a minute per source)',
      );
    }
    return new RateLimitedError(`Too many ${what} from this address; retry after ${retryAfter} s`, retryAfter);
  };

  return {
    requests(surface) {
      return (req, _res, next) => {
        if (o.perSecond <= 0) return next();
        let buckets = perSurface.get(surface);
        if (!buckets) perSurface.set(surface, (buckets = new TokenBuckets(o.burst, o.perSecond, o.maxSources)));
        const source = sourceOf(req);
        const wait = buckets.take(source);
        next(wait > 0 ? refuse(req, surface, 'requests', source, wait, 'requests') : undefined);
      };
    },
    authAttempt(req) {
      const source = sourceOf(req);
      const pending = checking.get(source) ?? 0;
      const available = failures.available(source);
      if (available < 1)
        throw refuse(req, 'auth', 'auth_failures', source, failures.waitSeconds(source), 'failed authentications');
      if (available - pending < 1) throw refuse(req, 'auth', 'auth_failures', source, 1, 'authentications at once');
      checking.set(source, pending + 1);
      let recorded = false;
      return (ok) => {
        if (recorded) return;
        recorded = true;
        const left = (checking.get(source) ?? 1) - 1;
        if (left > 0) checking.set(source, left);
        else checking.delete(source);
        if (!ok) failures.take(source);
      };
    },
  };
}

/** The request limit for a surface as a middleware list: empty without limits (a router used on its own). */
export function requestLimit(limits: RateLimits | undefined, surface: Surface): RequestHandler[] {
  return limits ? [limits.requests(surface)] : [];
}
