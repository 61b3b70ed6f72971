import type { Shop } from './store';

/**
 * Shopify's leaky bucket per shop (per app and store in Shopify): a request
 * is charged its requested cost up front, refunded the difference to its
 * actual cost afterwards, and refused (THROTTLED) when the bucket cannot pay.
 */
export const MAX_QUERY_COST = 1000;

export function available(shop: Shop, now = Date.now()): number {
  const b = shop.bucket;
  b.available = Math.min(
    shop.throttle.maximumAvailable,
    b.available + ((now - b.at) / 1000) * shop.throttle.restoreRate,
  );
  b.at = now;
  return b.available;
}

export function charge(shop: Shop, points: number) {
  available(shop);
  shop.bucket.available -= points;
}

export function costExtension(shop: Shop, requested: number, actual: number | null) {
  return {
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: {
        maximumAvailable: shop.throttle.maximumAvailable,
        currentlyAvailable: Math.floor(available(shop)),
        restoreRate: shop.throttle.restoreRate,
      },
    },
  };
}

export const throttledError = () => ({
  message: 'Throttled',
  extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' },
});

export const maxCostError = (cost: number) => ({
  message: `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).

See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the
cost of a query is calculated.

To query larger amounts of data with fewer limits, bulk operations should be used instead.
See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.
`,
  extensions: { code: 'MAX_COST_EXCEEDED', cost, maxCost: MAX_QUERY_COST },
});
