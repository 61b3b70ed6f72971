/**
 * The types of the failures order activities throw (ApplicationFailure.type),
 * shared by the activities that throw them and the workflow that reads them.
 * Non-retryable ones are business outcomes: the order waits for a person
 * (attention), who sees the type beside the message in the Web UI.
 */
export const FailureType = {
  ShopifyUserError: 'ShopifyUserError',
  ShopifyGraphQLError: 'ShopifyGraphQLError',
  /** Retryable: Shopify's throttle; the retry waits as long as Shopify asked. */
  ShopifyThrottled: 'ShopifyThrottled',
  PaymentDeclined: 'PaymentDeclined',
  AuthorizationExpired: 'AuthorizationExpired',
  InsufficientAuthorization: 'InsufficientAuthorization',
  PartnerUnreachable: 'PartnerUnreachable',
  BadInput: 'BadInput',
  /** Shopify has no such order (deleted, or another shop's): a person decides. */
  OrderNotFound: 'OrderNotFound',
  /** Shopify shows the order cancelled (cancelledAt set): the workflow compensates, or asks a person once something has shipped. */
  OrderCancelledInShopify: 'OrderCancelledInShopify',
  /** Shopify will not take a fulfillment for a fulfillment order (cancelled or closed without one): a person decides. */
  FulfillmentRefused: 'FulfillmentRefused',
  /** A return longer than the pages the engine reads it in (src/activities/return-read.ts): handled in Shopify's admin. */
  ReturnTooLarge: 'ReturnTooLarge',
} as const;
