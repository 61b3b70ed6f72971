/**
 * What can go wrong talking to the Admin API, as a small hierarchy. The
 * activity layer maps these onto Temporal's retry policy (src/activities/failures.ts):
 * retriable and throttled errors are retried, the rest are business or
 * programming errors that a retry cannot fix.
 */
export class ShopifyError extends Error {
  constructor(
    message: string,
    readonly operation: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Network failure, timeout or 5xx: the request may or may not have been applied. */
export class ShopifyRetriableError extends ShopifyError {
  constructor(
    operation: string,
    message: string,
    readonly status?: number,
  ) {
    super(`${operation}: ${message}`, operation);
  }
}

/** THROTTLED: wait retryAfterMs (from the restore rate) before trying again. */
export class ShopifyThrottledError extends ShopifyError {
  constructor(
    operation: string,
    readonly retryAfterMs: number,
  ) {
    super(`${operation}: throttled by Shopify; retry in ${retryAfterMs} ms`, operation);
  }
}

/** Top-level GraphQL errors (invalid document, access denied...): a retry will not help. */
export class ShopifyGraphQLError extends ShopifyError {
  constructor(
    operation: string,
    readonly errors: { message: string; extensions?: Record<string, unknown> }[],
    readonly status?: number,
  ) {
    super(`${operation}: ${errors.map((e) => e.message).join('; ')}`, operation);
  }
}

export interface UserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

/** Shopify refused the operation (userErrors): a business outcome, not a transient fault. */
export class ShopifyUserError extends ShopifyError {
  constructor(
    operation: string,
    readonly userErrors: UserError[],
  ) {
    super(`${operation}: ${userErrors.map((e) => e.message).join('; ')}`, operation);
  }
}
