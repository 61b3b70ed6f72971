/**
 * Admin API documents for returns, as a returns app (or the engine) would send
 * them to Shopify; the simulator's own checks use them. Every one is validated
 * against the vendored schema (returns.test.ts asserts it; the simulator
 * refuses any that does not validate).
 */
const RETURN = /* GraphQL */ `
  fragment ReturnParts on Return {
    id
    name
    status
    createdAt
    requestApprovedAt
    closedAt
    totalQuantity
    decline { reason note }
    order { id returnStatus }
    returnShippingFees { id amountSet { shopMoney { amount currencyCode } } }
    returnLineItems(first: 10) {
      nodes {
        id
        quantity
        processedQuantity
        processableQuantity
        unprocessedQuantity
        refundedQuantity
        refundableQuantity
        returnReasonNote
        customerNote
        ... on ReturnLineItem {
          restockingFee { percentage amountSet { shopMoney { amount } } }
          fulfillmentLineItem { id quantity lineItem { id sku } }
        }
      }
    }
    exchangeLineItems(first: 10) {
      nodes { id quantity processedQuantity variantId variantSku lineItems { id sku quantity } }
    }
    reverseFulfillmentOrders(first: 5) {
      nodes {
        id
        status
        lineItems(first: 10) {
          nodes {
            id
            totalQuantity
            fulfillmentLineItem { id }
            dispositions { id type quantity location { id } createdAt }
          }
        }
      }
    }
    refunds(first: 5) { nodes { id totalRefundedSet { shopMoney { amount } } } }
  }
`;

export const ORDER_RETURNABLES = /* GraphQL */ `
  query OrderReturnables($id: ID!) {
    order(id: $id) {
      id
      returnStatus
      fulfillments(first: 5) {
        id
        fulfillmentLineItems(first: 10) {
          nodes {
            id
            quantity
            lineItem { id sku }
            originalTotalSet { shopMoney { amount } }
            discountedTotalSet { shopMoney { amount } }
          }
        }
      }
    }
    returnableFulfillments(orderId: $id, first: 5) {
      nodes {
        id
        fulfillment { id }
        returnableFulfillmentLineItems(first: 10) { nodes { quantity fulfillmentLineItem { id } } }
      }
    }
  }
`;

export const RETURN_REQUEST = /* GraphQL */ `
  mutation ReturnRequest($input: ReturnRequestInput!) {
    returnRequest(input: $input) {
      return { ...ReturnParts }
      userErrors { field message code }
    }
  }
  ${RETURN}
`;

export const RETURN_APPROVE_REQUEST = /* GraphQL */ `
  mutation ReturnApproveRequest($input: ReturnApproveRequestInput!) {
    returnApproveRequest(input: $input) {
      return { ...ReturnParts }
      userErrors { field message code }
    }
  }
  ${RETURN}
`;

export const RETURN_DECLINE_REQUEST = /* GraphQL */ `
  mutation ReturnDeclineRequest($input: ReturnDeclineRequestInput!) {
    returnDeclineRequest(input: $input) {
      return { ...ReturnParts }
      userErrors { field message code }
    }
  }
  ${RETURN}
`;

export const RETURN_CREATE = /* GraphQL */ `
  mutation ReturnCreate($returnInput: ReturnInput!) {
    returnCreate(returnInput: $returnInput) {
      return { ...ReturnParts }
      userErrors { field message code }
    }
  }
  ${RETURN}
`;

export const RETURN_CANCEL = /* GraphQL */ `
  mutation ReturnCancel($id: ID!) {
    returnCancel(id: $id) {
      return { id status }
      userErrors { field message code }
    }
  }
`;

export const RETURN_CLOSE = /* GraphQL */ `
  mutation ReturnClose($id: ID!) {
    returnClose(id: $id) {
      return { id status closedAt }
      userErrors { field message code }
    }
  }
`;

export const RETURN_REOPEN = /* GraphQL */ `
  mutation ReturnReopen($id: ID!) {
    returnReopen(id: $id) {
      return { id status closedAt }
      userErrors { field message code }
    }
  }
`;

export const REVERSE_DELIVERY_CREATE_WITH_SHIPPING = /* GraphQL */ `
  mutation ReverseDeliveryCreateWithShipping(
    $reverseFulfillmentOrderId: ID!
    $reverseDeliveryLineItems: [ReverseDeliveryLineItemInput!]!
    $trackingInput: ReverseDeliveryTrackingInput
    $labelInput: ReverseDeliveryLabelInput
  ) {
    reverseDeliveryCreateWithShipping(
      reverseFulfillmentOrderId: $reverseFulfillmentOrderId
      reverseDeliveryLineItems: $reverseDeliveryLineItems
      trackingInput: $trackingInput
      labelInput: $labelInput
    ) {
      reverseDelivery {
        id
        reverseFulfillmentOrder { id }
        reverseDeliveryLineItems(first: 10) { nodes { id quantity reverseFulfillmentOrderLineItem { id } } }
        deliverable {
          ... on ReverseDeliveryShippingDeliverable {
            tracking { number url carrierName }
            label { publicFileUrl createdAt }
          }
        }
      }
      userErrors { field message code }
    }
  }
`;

export const REVERSE_FULFILLMENT_ORDER_DISPOSE = /* GraphQL */ `
  mutation ReverseFulfillmentOrderDispose($dispositionInputs: [ReverseFulfillmentOrderDisposeInput!]!) {
    reverseFulfillmentOrderDispose(dispositionInputs: $dispositionInputs) {
      reverseFulfillmentOrderLineItems { id totalQuantity dispositions { type quantity location { id } } }
      userErrors { field message code }
    }
  }
`;

export const RETURN_PROCESS = /* GraphQL */ `
  mutation ReturnProcess($input: ReturnProcessInput!, $idempotencyKey: String!) {
    returnProcess(input: $input) @idempotent(key: $idempotencyKey) {
      return {
        ...ReturnParts
        transactions(first: 5) { nodes { id kind amountSet { shopMoney { amount } } parentTransaction { id } } }
      }
      userErrors { field message code }
    }
  }
  ${RETURN}
`;

export const RETURN_PROCESS_PLAIN = /* GraphQL */ `
  mutation ReturnProcessPlain($input: ReturnProcessInput!) {
    returnProcess(input: $input) {
      return { id status }
      userErrors { field message code }
    }
  }
`;

export const RETURN_QUERY = /* GraphQL */ `
  query Return($id: ID!) {
    return(id: $id) { ...ReturnParts }
  }
  ${RETURN}
`;

export const REVERSE_OBJECTS = /* GraphQL */ `
  query ReverseObjects($rfo: ID!, $delivery: ID!) {
    reverseFulfillmentOrder(id: $rfo) {
      id
      status
      order { id }
      reverseDeliveries(first: 5) { nodes { id } }
    }
    reverseDelivery(id: $delivery) {
      id
      reverseFulfillmentOrder { id }
      reverseDeliveryLineItems(first: 5) { nodes { id quantity dispositions { type quantity } } }
    }
  }
`;

export const ORDER_RETURNS = /* GraphQL */ `
  query OrderReturns($id: ID!, $query: String) {
    order(id: $id) {
      id
      returnStatus
      totalOutstandingSet { shopMoney { amount } }
      currentTotalPriceSet { shopMoney { amount } }
      lineItems(first: 10) { nodes { id sku quantity currentQuantity } }
      fulfillmentOrders(first: 10) { nodes { id status assignedLocation { location { id } } lineItems(first: 5) { nodes { lineItem { sku } totalQuantity } } } }
      returns(first: 10, query: $query) { nodes { id name status } }
      refunds(first: 10) {
        id
        return { id name }
        totalRefundedSet { shopMoney { amount } }
        transactions(first: 5) { nodes { id kind amountSet { shopMoney { amount } } } }
        refundLineItems(first: 5) { nodes { quantity restockType restocked lineItem { sku } location { id } } }
      }
    }
  }
`;

export const RETURN_REFUND = /* GraphQL */ `
  mutation ReturnRefund($returnRefundInput: ReturnRefundInput!) {
    returnRefund(returnRefundInput: $returnRefundInput) {
      refund { id totalRefundedSet { shopMoney { amount } } return { id } }
      userErrors { field message code }
    }
  }
`;

/** Every document above, by name, for the schema check. */
export const RETURN_DOCUMENTS: Record<string, string> = {
  ORDER_RETURNABLES,
  RETURN_REQUEST,
  RETURN_APPROVE_REQUEST,
  RETURN_DECLINE_REQUEST,
  RETURN_CREATE,
  RETURN_CANCEL,
  RETURN_CLOSE,
  RETURN_REOPEN,
  REVERSE_DELIVERY_CREATE_WITH_SHIPPING,
  REVERSE_FULFILLMENT_ORDER_DISPOSE,
  RETURN_PROCESS,
  RETURN_PROCESS_PLAIN,
  RETURN_QUERY,
  REVERSE_OBJECTS,
  ORDER_RETURNS,
  RETURN_REFUND,
};
