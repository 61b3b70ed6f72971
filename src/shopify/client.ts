import { createAdminApiClient, type AdminMutations, type AdminQueries } from '@shopify/admin-api-client';
import {
  ShopifyGraphQLError,
  ShopifyRetriableError,
  ShopifyThrottledError,
  ShopifyUserError,
  type UserError,
} from './errors';
import type {} from './generated/admin.generated';

/**
 * The engine's documents, by their exact text: src/shopify/generated/admin.generated.d.ts
 * (npm run shopify:codegen) adds each document of ./documents.ts to the SDK's
 * AdminQueries / AdminMutations with its result and variables types. Generated
 * keeps those and drops the SDK's catch-all index signature (any other string,
 * untyped), so a generated document's result has exactly the fields it selects.
 */
type Generated<T> = {
  [K in keyof T as string extends K ? never : number extends K ? never : symbol extends K ? never : K]: T[K];
};
type AdminOperations = Generated<AdminQueries> & Generated<AdminMutations>;
/** A document of ./documents.ts (its literal type). */
export type AdminDocument = keyof AdminOperations & string;
/** What `request` resolves to for a document. */
export type ResultOf<D extends AdminDocument> = AdminOperations[D]['return'];
/** The variables a document declares. */
export type VariablesOf<D extends AdminDocument> = AdminOperations[D]['variables'];
/**
 * A document codegen has not seen (a test's ad hoc document, or a string that is
 * not a literal) takes any variables and answers `unknown`: nothing can be read
 * from its result without a check. One signature, not overloads, so a generated
 * document with wrong variables is an error rather than a fall-through.
 */
type VariablesFor<D extends string> = D extends AdminDocument ? VariablesOf<D> : Record<string, unknown>;
type ResultFor<D extends string> = D extends AdminDocument ? ResultOf<D> : unknown;
type FieldOf<D extends string> = D extends AdminDocument ? keyof ResultOf<D> & string : string;

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
  request<D extends string>(operation: string, document: D, variables?: VariablesFor<D>): Promise<ResultFor<D>>;
  /** Like request, then throws ShopifyUserError when `data[field].userErrors` is non-empty. */
  mutate<D extends string>(
    operation: string,
    field: FieldOf<D>,
    document: D,
    variables?: VariablesFor<D>,
  ): Promise<ResultFor<D>>;
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
      bucket = {
        available: t.currentlyAvailable!,
        maximum: t.maximumAvailable ?? 1000,
        restoreRate: t.restoreRate ?? 50,
        at: Date.now(),
      };
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
      throw new ShopifyGraphQLError(
        operation,
        gql.length ? gql : [{ message: errors.message ?? `HTTP ${status}` }],
        status,
      );
    }
    if (!res.data) throw new ShopifyRetriableError(operation, 'empty response');
    return res.data;
  }

  async function mutate<T>(
    operation: string,
    field: string,
    document: string,
    variables?: Record<string, unknown>,
  ): Promise<T> {
    const data = await request<Record<string, unknown>>(operation, document, variables);
    const payload = data[field] as { userErrors?: UserError[]; orderCancelUserErrors?: UserError[] } | null;
    const userErrors = payload?.userErrors ?? payload?.orderCancelUserErrors ?? [];
    if (userErrors.length) throw new ShopifyUserError(operation, userErrors);
    return data as T;
  }

  return {
    request: (operation, document, variables) => request(operation, document, variables),
    mutate: (operation, field, document, variables) => mutate(operation, field, document, variables),
  };
}
