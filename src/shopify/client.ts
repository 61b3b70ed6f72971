import { createAdminApiClient } from '@shopify/admin-api-client';
import { ShopifyGraphQLError, ShopifyRetriableError, ShopifyThrottledError, ShopifyUserError, type UserError } from './errors';

/**
 * The engine's Admin API client: @shopify/admin-api-client underneath with its
 * own retries off (Temporal's retry policy is the one policy), typed errors,
 * and cost awareness: it tracks the throttle bucket from `extensions.cost` and
 * waits before a request that would be throttled.
 */
export interface ShopifySettings {
  /** `shop.myshopify.com`, or a base URL such as `http://127.0.0.1:4000` (the simulator). */
  shop: string;
  accessToken: string;
  apiVersion: string;
  /**
   * How long one call may spend waiting for the cost bucket (before sending and
   * after THROTTLED answers) before it gives up with ShopifyThrottledError.
   * Throttling is transient: it is waited out here rather than spent as a retry.
   */
  maxThrottleWaitMs?: number;
  requestTimeoutMs?: number;
}

interface Bucket {
  available: number;
  maximum: number;
  restoreRate: number;
  at: number;
}

export interface ShopifyAdmin {
  /** Run a named document; throws the typed errors of ./errors. */
  request<T>(operation: string, document: string, variables?: Record<string, unknown>): Promise<T>;
  /** Like request, then throws ShopifyUserError when `data[field].userErrors` is non-empty. */
  mutate<T>(operation: string, field: string, document: string, variables?: Record<string, unknown>): Promise<T>;
}

/** A plain-HTTP base URL (the simulator) is served over http; the SDK forces https. */
/**
 * A customFetchApi for @shopify/admin-api-client: the SDK always builds https
 * URLs, so a plain-HTTP base URL (the simulator) is fetched over http.
 */
export function shopFetch(shop: string, timeoutMs = 30_000) {
  const plain = /^http:\/\//i.test(shop) ? new URL(shop) : null;
  return (url: string, init?: RequestInit) => {
    const target = plain ? url.replace(/^https:\/\//i, 'http://') : url;
    return fetch(target, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  };
}

export function createShopifyAdmin(s: ShopifySettings): ShopifyAdmin {
  const client = createAdminApiClient({
    storeDomain: s.shop,
    apiVersion: s.apiVersion,
    accessToken: s.accessToken,
    retries: 0,
    customFetchApi: shopFetch(s.shop, s.requestTimeoutMs ?? 30_000) as never,
  });
  const maxWait = s.maxThrottleWaitMs ?? 30_000;
  // Jitter spreads concurrent callers that read the same bucket, so they do not all resend at once.
  const jittered = (ms: number) => Math.ceil(ms * (1 + Math.random()));
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let bucket: Bucket | null = null;
  const lastCost = new Map<string, number>();

  function projectedAvailable(now: number): number {
    if (!bucket) return Infinity;
    return Math.min(bucket.maximum, bucket.available + ((now - bucket.at) / 1000) * bucket.restoreRate);
  }

  /** Milliseconds until the bucket can pay for `operation` (0 when it can now). */
  function budgetWait(operation: string): number {
    const cost = lastCost.get(operation) ?? 10;
    const deficit = cost - projectedAvailable(Date.now());
    return deficit <= 0 || !bucket ? 0 : Math.ceil((deficit / bucket.restoreRate) * 1000);
  }

  async function request<T>(operation: string, document: string, variables?: Record<string, unknown>): Promise<T> {
    let waited = 0;
    for (;;) {
      const wait = budgetWait(operation);
      if (wait > 0) {
        if (waited + wait > maxWait) throw new ShopifyThrottledError(operation, wait);
        const ms = jittered(wait);
        await sleep(ms);
        waited += ms;
      }
      try {
        return await send<T>(operation, document, variables);
      } catch (err) {
        if (!(err instanceof ShopifyThrottledError) || waited + err.retryAfterMs > maxWait) throw err;
        const ms = jittered(err.retryAfterMs);
        await sleep(ms);
        waited += ms;
      }
    }
  }

  async function send<T>(operation: string, document: string, variables?: Record<string, unknown>): Promise<T> {
    let res;
    try {
      res = await client.request<T>(document, { variables });
    } catch (err) {
      throw new ShopifyRetriableError(operation, (err as Error).message);
    }
    const cost = res.extensions?.cost;
    if (cost?.throttleStatus?.currentlyAvailable != null) {
      const t = cost.throttleStatus;
      bucket = { available: t.currentlyAvailable!, maximum: t.maximumAvailable ?? 1000, restoreRate: t.restoreRate ?? 50, at: Date.now() };
    }
    if (cost?.requestedQueryCost != null) lastCost.set(operation, cost.requestedQueryCost);
    const errors = res.errors;
    if (errors) {
      const gql = errors.graphQLErrors ?? [];
      if (gql.some((e) => e.extensions?.code === 'THROTTLED')) {
        const needed = cost?.requestedQueryCost ?? 10;
        const rate = cost?.throttleStatus?.restoreRate ?? 50;
        const have = cost?.throttleStatus?.currentlyAvailable ?? 0;
        throw new ShopifyThrottledError(operation, Math.max(250, Math.ceil(((needed - have) / rate) * 1000)));
      }
      const status = errors.networkStatusCode;
      if (!gql.length && (status === undefined || status >= 500 || status === 429)) {
        throw new ShopifyRetriableError(operation, errors.message ?? 'request failed', status);
      }
      throw new ShopifyGraphQLError(operation, gql.length ? gql : [{ message: errors.message ?? `HTTP ${status}` }], status);
    }
    if (!res.data) throw new ShopifyRetriableError(operation, 'empty response');
    return res.data;
  }

  async function mutate<T>(operation: string, field: string, document: string, variables?: Record<string, unknown>): Promise<T> {
    const data = await request<Record<string, unknown>>(operation, document, variables);
    const payload = data[field] as { userErrors?: UserError[]; orderCancelUserErrors?: UserError[] } | null;
    const userErrors = payload?.userErrors ?? payload?.orderCancelUserErrors ?? [];
    if (userErrors.length) throw new ShopifyUserError(operation, userErrors);
    return data as T;
  }

  return { request, mutate };
}
