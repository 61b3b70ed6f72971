import { ApplicationFailure } from '@temporalio/activity';
import { ShopifyGraphQLError, ShopifyThrottledError, ShopifyUserError } from '../shopify/errors';
import { FailureType } from '../order/failure-types';

/** Map the Shopify client's errors onto Temporal's retry semantics. */
export function toActivityFailure(err: unknown): unknown {
  if (err instanceof ShopifyThrottledError) {
    return ApplicationFailure.create({
      message: err.message,
      type: FailureType.ShopifyThrottled,
      nextRetryDelay: err.retryAfterMs,
    });
  }
  if (err instanceof ShopifyUserError) {
    return ApplicationFailure.nonRetryable(err.message, FailureType.ShopifyUserError, {
      operation: err.operation,
      userErrors: err.userErrors,
    });
  }
  if (err instanceof ShopifyGraphQLError) {
    return ApplicationFailure.nonRetryable(err.message, FailureType.ShopifyGraphQLError, {
      operation: err.operation,
      errors: err.errors,
    });
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
