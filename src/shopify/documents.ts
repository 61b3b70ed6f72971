/**
 * Every Admin GraphQL document the engine sends, by name. One place, so that
 * test/shopify/documents.test.ts validates all of them against the vendored
 * schema (schema/admin_2026-10.json.gz) and the simulator serves exactly these.
 */

/** What the payment ledger reads of each transaction (src/payment/ledger.ts). */
const TRANSACTION_FIELDS = /* GraphQL */ `
        id
        kind
        status
        gateway
        createdAt
        authorizationExpiresAt
        amountSet { shopMoney { amount currencyCode } }
        parentTransaction { id }`;

export const ORDER_FOR_ORCHESTRATION = /* GraphQL */ `
  query OrderForOrchestration($id: ID!) {
    order(id: $id) {
      id
      legacyResourceId
      name
      email
      createdAt
      updatedAt
      cancelledAt
      closed
      test
      currencyCode
      displayFinancialStatus
      displayFulfillmentStatus
      paymentGatewayNames
      tags
      currentTotalPriceSet { shopMoney { amount currencyCode } }
      totalCapturableSet { shopMoney { amount currencyCode } }
      totalReceivedSet { shopMoney { amount currencyCode } }
      totalRefundedSet { shopMoney { amount currencyCode } }
      risk { recommendation assessments { riskLevel } }
      shippingAddress {
        city provinceCode countryCodeV2 zip latitude longitude
      }
      lineItems(first: 100) {
        nodes {
          id
          sku
          title
          quantity
          currentQuantity
          requiresShipping
          discountedTotalSet { shopMoney { amount currencyCode } }
        }
      }
      transactions(first: 50) {
        ${TRANSACTION_FIELDS}
      }
    }
  }
`;

/**
 * Fulfillment orders on their own: nested connections multiply Shopify's
 * query cost, so this stays under the 1,000-point limit only apart from the
 * order query (8 fulfillment orders x 50 lines).
 */
export const ORDER_FULFILLMENT_ORDERS = /* GraphQL */ `
  query OrderFulfillmentOrders($id: ID!) {
    order(id: $id) {
      id
      fulfillmentOrders(first: 8) {
        nodes {
          id
          status
          requestStatus
          assignedLocation { location { id } }
          fulfillmentHolds { id handle reason }
          lineItems(first: 50) {
            nodes { id remainingQuantity totalQuantity lineItem { id sku } }
          }
        }
      }
    }
  }
`;

export const ORDER_TRANSACTIONS = /* GraphQL */ `
  query OrderTransactions($id: ID!) {
    order(id: $id) {
      id
      cancelledAt
      totalCapturableSet { shopMoney { amount currencyCode } }
      transactions(first: 50) {
        ${TRANSACTION_FIELDS}
      }
    }
  }
`;

export const FULFILLMENT_ORDER_HOLD = /* GraphQL */ `
  mutation FulfillmentOrderHold($id: ID!, $fulfillmentHold: FulfillmentOrderHoldInput!) {
    fulfillmentOrderHold(id: $id, fulfillmentHold: $fulfillmentHold) {
      fulfillmentHold { id handle }
      fulfillmentOrder { id status }
      userErrors { field message code }
    }
  }
`;

export const FULFILLMENT_ORDER_RELEASE_HOLD = /* GraphQL */ `
  mutation FulfillmentOrderReleaseHold($id: ID!, $holdIds: [ID!]) {
    fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) {
      fulfillmentOrder { id status }
      userErrors { field message code }
    }
  }
`;

export const FULFILLMENT_ORDER_MOVE = /* GraphQL */ `
  mutation FulfillmentOrderMove(
    $id: ID!
    $newLocationId: ID!
    $fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!]
  ) {
    fulfillmentOrderMove(
      id: $id
      newLocationId: $newLocationId
      fulfillmentOrderLineItems: $fulfillmentOrderLineItems
    ) {
      movedFulfillmentOrder { id status assignedLocation { location { id } } }
      originalFulfillmentOrder { id status }
      remainingFulfillmentOrder { id status }
      userErrors { field message }
    }
  }
`;

export const ORDER_CAPTURE = /* GraphQL */ `
  mutation OrderCapture($input: OrderCaptureInput!) {
    orderCapture(input: $input) {
      transaction {
        id
        kind
        status
        amountSet { shopMoney { amount currencyCode } }
        parentTransaction { id }
      }
      userErrors { field message }
    }
  }
`;

export const TRANSACTION_VOID = /* GraphQL */ `
  mutation TransactionVoid($parentTransactionId: ID!) {
    transactionVoid(parentTransactionId: $parentTransactionId) {
      transaction { id kind status }
      userErrors { field message code }
    }
  }
`;

export const REFUND_CREATE = /* GraphQL */ `
  mutation RefundCreate($input: RefundInput!, $idempotencyKey: String!) {
    refundCreate(input: $input) @idempotent(key: $idempotencyKey) {
      refund { id totalRefundedSet { shopMoney { amount currencyCode } } }
      userErrors { field message }
    }
  }
`;

export const FULFILLMENT_CREATE = /* GraphQL */ `
  mutation FulfillmentCreate($fulfillment: FulfillmentInput!, $message: String) {
    fulfillmentCreate(fulfillment: $fulfillment, message: $message) {
      fulfillment {
        id
        status
        trackingInfo { company number url }
      }
      userErrors { field message }
    }
  }
`;

export const METAFIELDS_SET = /* GraphQL */ `
  mutation MetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { id namespace key }
      userErrors { field message code }
    }
  }
`;

export const TAGS_ADD = /* GraphQL */ `
  mutation TagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      node { id }
      userErrors { field message }
    }
  }
`;

export const ORDER_CANCEL = /* GraphQL */ `
  mutation OrderCancel(
    $orderId: ID!
    $reason: OrderCancelReason!
    $restock: Boolean!
    $refund: Boolean
    $notifyCustomer: Boolean
    $staffNote: String
  ) {
    orderCancel(
      orderId: $orderId
      reason: $reason
      restock: $restock
      refund: $refund
      notifyCustomer: $notifyCustomer
      staffNote: $staffNote
    ) {
      job { id done }
      orderCancelUserErrors { field message code }
    }
  }
`;

export const SHOP_IDENTITY = /* GraphQL */ `
  query ShopIdentity {
    shop { id name myshopifyDomain currencyCode }
  }
`;

export const LOCATIONS = /* GraphQL */ `
  query Locations($after: String) {
    locations(first: 50, after: $after, includeInactive: false) {
      nodes {
        id
        name
        isActive
        fulfillsOnlineOrders
        address { city provinceCode countryCode latitude longitude }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const INVENTORY_LEVELS = /* GraphQL */ `
  query InventoryLevels($locationId: ID!, $after: String) {
    location(id: $locationId) {
      id
      inventoryLevels(first: 250, after: $after) {
        nodes {
          id
          quantities(names: ["on_hand"]) { name quantity }
          item { id sku }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

export const WEBHOOK_SUBSCRIPTIONS = /* GraphQL */ `
  query WebhookSubscriptions($after: String) {
    webhookSubscriptions(first: 100, after: $after) {
      nodes { id topic uri }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const WEBHOOK_SUBSCRIPTION_CREATE = /* GraphQL */ `
  mutation WebhookSubscriptionCreate(
    $topic: WebhookSubscriptionTopic!
    $webhookSubscription: WebhookSubscriptionInput!
  ) {
    webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
      webhookSubscription { id topic uri }
      userErrors { field message }
    }
  }
`;

/** Ask the fulfillment service (3PL) that holds a fulfillment order to fulfill it. */
export const FULFILLMENT_ORDER_SUBMIT_FULFILLMENT_REQUEST = /* GraphQL */ `
  mutation FulfillmentOrderSubmitFulfillmentRequest($id: ID!, $message: String, $notifyCustomer: Boolean) {
    fulfillmentOrderSubmitFulfillmentRequest(id: $id, message: $message, notifyCustomer: $notifyCustomer) {
      submittedFulfillmentOrder { id status requestStatus }
      userErrors { field message }
    }
  }
`;

/** Ask the fulfillment service to cancel a fulfillment order it accepted. */
export const FULFILLMENT_ORDER_SUBMIT_CANCELLATION_REQUEST = /* GraphQL */ `
  mutation FulfillmentOrderSubmitCancellationRequest($id: ID!, $message: String) {
    fulfillmentOrderSubmitCancellationRequest(id: $id, message: $message) {
      fulfillmentOrder { id status requestStatus }
      userErrors { field message }
    }
  }
`;

/** The date a fulfillment order must be fulfilled by (shown to the location or 3PL in Shopify). */
export const FULFILLMENT_ORDERS_SET_FULFILLMENT_DEADLINE = /* GraphQL */ `
  mutation FulfillmentOrdersSetFulfillmentDeadline($fulfillmentOrderIds: [ID!]!, $fulfillmentDeadline: DateTime!) {
    fulfillmentOrdersSetFulfillmentDeadline(fulfillmentOrderIds: $fulfillmentOrderIds, fulfillmentDeadline: $fulfillmentDeadline) {
      success
      userErrors { field message code }
    }
  }
`;

/** The tracking numbers of an order's fulfillments: a partial shipment is created once per tracking number. */
export const ORDER_FULFILLMENT_TRACKING = /* GraphQL */ `
  query OrderFulfillmentTracking($id: ID!) {
    order(id: $id) {
      fulfillments(first: 50) {
        id
        trackingInfo(first: 5) { number }
      }
    }
  }
`;

/** What a drop-ship purchase order (EDI 850) needs: the full ship-to and the lines' prices and barcodes. */
export const ORDER_FOR_PURCHASE_ORDER = /* GraphQL */ `
  query OrderForPurchaseOrder($id: ID!) {
    order(id: $id) {
      id
      name
      email
      shippingAddress {
        name address1 address2 city provinceCode zip countryCodeV2 phone
      }
      shippingLine { code title }
      lineItems(first: 100) {
        nodes {
          id
          sku
          title
          quantity
          discountedTotalSet { shopMoney { amount } }
          variant { barcode }
        }
      }
    }
  }
`;

/** All documents by operation name, for schema validation and the simulator's own tests. */
export const ALL_DOCUMENTS: Record<string, string> = {
  OrderForOrchestration: ORDER_FOR_ORCHESTRATION,
  OrderForPurchaseOrder: ORDER_FOR_PURCHASE_ORDER,
  OrderFulfillmentTracking: ORDER_FULFILLMENT_TRACKING,
  FulfillmentOrdersSetFulfillmentDeadline: FULFILLMENT_ORDERS_SET_FULFILLMENT_DEADLINE,
  FulfillmentOrderSubmitFulfillmentRequest: FULFILLMENT_ORDER_SUBMIT_FULFILLMENT_REQUEST,
  FulfillmentOrderSubmitCancellationRequest: FULFILLMENT_ORDER_SUBMIT_CANCELLATION_REQUEST,
  OrderFulfillmentOrders: ORDER_FULFILLMENT_ORDERS,
  OrderTransactions: ORDER_TRANSACTIONS,
  FulfillmentOrderHold: FULFILLMENT_ORDER_HOLD,
  FulfillmentOrderReleaseHold: FULFILLMENT_ORDER_RELEASE_HOLD,
  FulfillmentOrderMove: FULFILLMENT_ORDER_MOVE,
  OrderCapture: ORDER_CAPTURE,
  TransactionVoid: TRANSACTION_VOID,
  RefundCreate: REFUND_CREATE,
  FulfillmentCreate: FULFILLMENT_CREATE,
  MetafieldsSet: METAFIELDS_SET,
  TagsAdd: TAGS_ADD,
  OrderCancel: ORDER_CANCEL,
  ShopIdentity: SHOP_IDENTITY,
  Locations: LOCATIONS,
  InventoryLevels: INVENTORY_LEVELS,
  WebhookSubscriptions: WEBHOOK_SUBSCRIPTIONS,
  WebhookSubscriptionCreate: WEBHOOK_SUBSCRIPTION_CREATE,
};
