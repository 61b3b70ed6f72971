import { ApplicationFailure } from '@temporalio/activity';
import { ShopifyGraphQLError, ShopifyThrottledError, ShopifyUserError } from '../shopify/errors';

/**
 * Failure types the workflow understands. Non-retryable ones are business
 * outcomes: the workflow parks the order in `attention` instead of retrying.
 */
export const FailureType = {
  ShopifyUserError: 'ShopifyUserError',
  ShopifyGraphQLError: 'ShopifyGraphQLError',
  PaymentDeclined: 'PaymentDeclined',
  AuthorizationExpired: 'AuthorizationExpired',
  InsufficientAuthorization: 'InsufficientAuthorization',
  PartnerUnreachable: 'PartnerUnreachable',
  BadInput: 'BadInput',
  /** Shopify shows the order cancelled (cancelledAt set): the workflow compensates or asks a person. */
  OrderCancelledInShopify: 'OrderCancelledInShopify',
  /** Shopify will not take a fulfillment for a fulfillment order (cancelled or closed without one): a person decides. */
  FulfillmentRefused: 'FulfillmentRefused',
} as const;

/** Map the Shopify client's errors onto Temporal's retry semantics. */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof ShopifyThrottledError) {
    return ApplicationFailure.create({ message: err.message, type: 'ShopifyThrottled', nextRetryDelay: err.retryAfterMs });
  }
  if (err instanceof ShopifyUserError) {
    return ApplicationFailure.nonRetryable(err.message, FailureType.ShopifyUserError, { operation: err.operation, userErrors: err.userErrors });
  }
  if (err instanceof ShopifyGraphQLError) {
    return ApplicationFailure.nonRetryable(err.message, FailureType.ShopifyGraphQLError, { operation: err.operation, errors: err.errors });
  }
  return err; // network errors, 5xx, lost responses: Temporal retries them
}

/** Wrap every function of an activity object with toActivityFailure. */
export function withFailureMapping<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        throw toActivityFailure(err);
      }
    };
  }
  return wrapped as T;
}
