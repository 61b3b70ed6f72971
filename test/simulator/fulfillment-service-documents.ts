/**
 * Admin API documents for fulfillment services, as a merchant app (the engine)
 * and a fulfillment service app (the 3PL) would send them. The simulator
 * validates each against the real schema.
 */
const FO = /* GraphQL */ `
  fragment FO on FulfillmentOrder {
    id
    status
    requestStatus
    fulfillBy
    assignedLocation { name location { id isFulfillmentService } }
    lineItems(first: 10) { nodes { id remainingQuantity totalQuantity lineItem { sku } } }
  }
`;

export const FULFILLMENT_SERVICE_CREATE = /* GraphQL */ `
  mutation FulfillmentServiceCreate($name: String!, $callbackUrl: URL, $trackingSupport: Boolean) {
    fulfillmentServiceCreate(name: $name, callbackUrl: $callbackUrl, trackingSupport: $trackingSupport) {
      fulfillmentService { id handle serviceName callbackUrl trackingSupport type location { id name isFulfillmentService } }
      userErrors { field message }
    }
  }
`;

export const LOCATION_WITH_SERVICE = /* GraphQL */ `
  query LocationWithService($id: ID!) {
    location(id: $id) {
      id
      name
      isFulfillmentService
      fulfillmentService { id handle serviceName callbackUrl type inventoryManagement location { id } }
    }
  }
`;

export const SHOP_FULFILLMENT_SERVICES = /* GraphQL */ `
  query ShopFulfillmentServices {
    shop { fulfillmentServices { id handle serviceName location { id } } }
  }
`;

export const FULFILLMENT_ORDER = /* GraphQL */ `
  query FulfillmentOrder($id: ID!) {
    fulfillmentOrder(id: $id) {
      ...FO
      orderId
      merchantRequests(first: 10) { nodes { id kind message sentAt requestOptions } }
    }
  }
  ${FO}
`;

export const MERCHANT_REQUESTS_BY_KIND = /* GraphQL */ `
  query MerchantRequests($id: ID!, $kind: FulfillmentOrderMerchantRequestKind) {
    fulfillmentOrder(id: $id) { id merchantRequests(first: 10, kind: $kind) { nodes { kind message } } }
  }
`;

export const ORDER_FOS = /* GraphQL */ `
  query OrderFos($id: ID!) {
    order(id: $id) { id displayFulfillmentStatus fulfillmentOrders(first: 10) { nodes { ...FO } } }
  }
  ${FO}
`;

export const ASSIGNED_FULFILLMENT_ORDERS = /* GraphQL */ `
  query Assigned($status: FulfillmentOrderAssignmentStatus) {
    assignedFulfillmentOrders(first: 50, assignmentStatus: $status) { nodes { id requestStatus } }
  }
`;

export const SUBMIT_FULFILLMENT_REQUEST = /* GraphQL */ `
  mutation SubmitFulfillmentRequest($id: ID!, $message: String, $notifyCustomer: Boolean, $fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!]) {
    fulfillmentOrderSubmitFulfillmentRequest(id: $id, message: $message, notifyCustomer: $notifyCustomer, fulfillmentOrderLineItems: $fulfillmentOrderLineItems) {
      originalFulfillmentOrder { ...FO }
      submittedFulfillmentOrder { ...FO }
      unsubmittedFulfillmentOrder { ...FO }
      userErrors { field message }
    }
  }
  ${FO}
`;

export const SUBMIT_CANCELLATION_REQUEST = /* GraphQL */ `
  mutation SubmitCancellationRequest($id: ID!, $message: String) {
    fulfillmentOrderSubmitCancellationRequest(id: $id, message: $message) {
      fulfillmentOrder { id status requestStatus }
      userErrors { field message }
    }
  }
`;

export const SET_FULFILLMENT_DEADLINE = /* GraphQL */ `
  mutation SetFulfillmentDeadline($fulfillmentOrderIds: [ID!]!, $fulfillmentDeadline: DateTime!) {
    fulfillmentOrdersSetFulfillmentDeadline(fulfillmentOrderIds: $fulfillmentOrderIds, fulfillmentDeadline: $fulfillmentDeadline) {
      success
      userErrors { field message code }
    }
  }
`;

// ---- the fulfillment service app's side ----

export const ACCEPT_FULFILLMENT_REQUEST = /* GraphQL */ `
  mutation AcceptFulfillmentRequest($id: ID!, $message: String, $estimatedShippedAt: DateTime) {
    fulfillmentOrderAcceptFulfillmentRequest(id: $id, message: $message, estimatedShippedAt: $estimatedShippedAt) {
      fulfillmentOrder { id status requestStatus }
      userErrors { field message }
    }
  }
`;

export const REJECT_FULFILLMENT_REQUEST = /* GraphQL */ `
  mutation RejectFulfillmentRequest($id: ID!, $message: String, $reason: FulfillmentOrderRejectionReason, $lineItems: [IncomingRequestLineItemInput!]) {
    fulfillmentOrderRejectFulfillmentRequest(id: $id, message: $message, reason: $reason, lineItems: $lineItems) {
      fulfillmentOrder { id status requestStatus }
      userErrors { field message }
    }
  }
`;

export const ACCEPT_CANCELLATION_REQUEST = /* GraphQL */ `
  mutation AcceptCancellationRequest($id: ID!, $message: String) {
    fulfillmentOrderAcceptCancellationRequest(id: $id, message: $message) {
      fulfillmentOrder { id status requestStatus }
      userErrors { field message }
    }
  }
`;

export const REJECT_CANCELLATION_REQUEST = /* GraphQL */ `
  mutation RejectCancellationRequest($id: ID!, $message: String) {
    fulfillmentOrderRejectCancellationRequest(id: $id, message: $message) {
      fulfillmentOrder { id status requestStatus }
      userErrors { field message }
    }
  }
`;
