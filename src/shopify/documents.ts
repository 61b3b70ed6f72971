/**
 * Every Admin GraphQL document the engine sends, by name. One place, so that
 * test/shopify/documents.test.ts validates all of them against the vendored
 * schema (schema/admin_2026-10.json.gz) and the simulator serves exactly these.
 *
 * Each is a plain `#graphql` template literal, with no `${...}` in it: `npm run
 * shopify:codegen` (@shopify/api-codegen-preset) generates the operation types
 * in src/shopify/generated/ keyed by the document's exact text, and the client
 * (./client.ts) types every call's variables and result from the literal, so a
 * field the engine reads that its document does not select is a compile error.
 * Shared field lists are therefore written out in each document.
 */

export const ORDER_FOR_ORCHESTRATION = `#graphql
  query OrderForOrchestration($id: ID!) {
    order(id: $id) {
      id
      name
      updatedAt
      cancelledAt
      closed
      test
      currencyCode
      displayFulfillmentStatus
      currentTotalPriceSet { shopMoney { amount currencyCode } }
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
        id
        kind
        status
        gateway
        createdAt
        authorizationExpiresAt
        amountSet { shopMoney { amount currencyCode } }
        parentTransaction { id }
      }
    }
  }
`;

/**
 * Fulfillment orders on their own: nested connections multiply Shopify's
 * query cost, so this stays under the 1,000-point limit only apart from the
 * order query (8 fulfillment orders x 50 lines).
 */
export const ORDER_FULFILLMENT_ORDERS = `#graphql
  query OrderFulfillmentOrders($id: ID!) {
    order(id: $id) {
      id
      cancelledAt
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

export const ORDER_TRANSACTIONS = `#graphql
  query OrderTransactions($id: ID!) {
    order(id: $id) {
      id
      cancelledAt
      totalCapturableSet { shopMoney { amount currencyCode } }
      transactions(first: 50) {
        id
        kind
        status
        gateway
        createdAt
        authorizationExpiresAt
        amountSet { shopMoney { amount currencyCode } }
        parentTransaction { id }
      }
    }
  }
`;

export const FULFILLMENT_ORDER_HOLD = `#graphql
  mutation FulfillmentOrderHold($id: ID!, $fulfillmentHold: FulfillmentOrderHoldInput!) {
    fulfillmentOrderHold(id: $id, fulfillmentHold: $fulfillmentHold) {
      fulfillmentHold { id handle }
      fulfillmentOrder { id status }
      userErrors { field message code }
    }
  }
`;

export const FULFILLMENT_ORDER_RELEASE_HOLD = `#graphql
  mutation FulfillmentOrderReleaseHold($id: ID!, $holdIds: [ID!]) {
    fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) {
      fulfillmentOrder { id status }
      userErrors { field message code }
    }
  }
`;

export const FULFILLMENT_ORDER_MOVE = `#graphql
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

export const ORDER_CAPTURE = `#graphql
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

export const TRANSACTION_VOID = `#graphql
  mutation TransactionVoid($parentTransactionId: ID!) {
    transactionVoid(parentTransactionId: $parentTransactionId) {
      transaction { id kind status }
      userErrors { field message code }
    }
  }
`;

export const REFUND_CREATE = `#graphql
  mutation RefundCreate($input: RefundInput!, $idempotencyKey: String!) {
    refundCreate(input: $input) @idempotent(key: $idempotencyKey) {
      refund { id totalRefundedSet { shopMoney { amount currencyCode } } }
      userErrors { field message }
    }
  }
`;

/**
 * One refund as Shopify holds it: what the refunds/create gateway acts on
 * (a webhook body is only a hint). Restocked lines with their location and
 * SKU, the return it settles, its money, and the order's refunded total.
 */
export const REFUND = `#graphql
  query Refund($id: ID!) {
    refund(id: $id) {
      id
      createdAt
      note
      order { id name totalRefundedSet { shopMoney { amount currencyCode } } }
      return { id }
      totalRefundedSet { shopMoney { amount currencyCode } }
      refundLineItems(first: 250) {
        nodes { quantity restockType restocked location { id } lineItem { id sku } }
      }
      transactions(first: 50) {
        nodes { id kind status amountSet { shopMoney { amount currencyCode } } }
      }
    }
  }
`;

export const FULFILLMENT_CREATE = `#graphql
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

export const METAFIELDS_SET = `#graphql
  mutation MetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { id namespace key }
      userErrors { field message code }
    }
  }
`;

export const TAGS_ADD = `#graphql
  mutation TagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      node { id }
      userErrors { field message }
    }
  }
`;

export const ORDER_CANCEL = `#graphql
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

export const SHOP_IDENTITY = `#graphql
  query ShopIdentity {
    shop { id name myshopifyDomain currencyCode }
  }
`;

export const LOCATIONS = `#graphql
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

export const INVENTORY_LEVELS = `#graphql
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

export const INVENTORY_SET_QUANTITIES = `#graphql
  mutation InventorySetQuantities($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) {
    inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {
      inventoryAdjustmentGroup { id }
      userErrors { field message code }
    }
  }
`;

/**
 * Every inventory item with its levels, paged (src/shopify/inventory-levels.ts). 25 items x 10
 * levels costs 827 points, under Shopify's 1,000 (100 x 50 would cost over 15,000); an item at
 * more than 10 locations is read on with INVENTORY_ITEM_LEVELS.
 */
export const INVENTORY_ITEMS_WITH_LEVELS = `#graphql
  query InventoryItemsWithLevels($after: String) {
    inventoryItems(first: 25, after: $after) {
      nodes {
        id
        sku
        inventoryLevels(first: 10) {
          nodes {
            id
            location { id }
            quantities(names: ["available", "on_hand"]) { name quantity }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/** The rest of one inventory item's levels (303 points). */
export const INVENTORY_ITEM_LEVELS = `#graphql
  query InventoryItemLevels($id: ID!, $after: String) {
    inventoryItem(id: $id) {
      id
      inventoryLevels(first: 100, after: $after) {
        nodes {
          id
          location { id }
          quantities(names: ["available", "on_hand"]) { name quantity }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

/** Up to 250 levels by InventoryLevel GID in one call (compare-and-set re-reads); a level that does not exist is null. */
export const INVENTORY_LEVELS_BY_ID = `#graphql
  query InventoryLevelsById($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on InventoryLevel {
        id
        quantities(names: ["available"]) { name quantity }
      }
    }
  }
`;

/**
 * The bulk query (not a document of its own: bulkOperationRunQuery's `query` argument). A bulk
 * query carries no pagination; its JSONL has one line per item, then its levels with __parentId.
 */
export const INVENTORY_LEVELS_BULK_QUERY = `
  {
    inventoryItems {
      edges {
        node {
          id
          sku
          inventoryLevels {
            edges {
              node {
                id
                location { id }
                quantities(names: ["available", "on_hand"]) { name quantity }
              }
            }
          }
        }
      }
    }
  }
`;

export const BULK_OPERATION_RUN_QUERY = `#graphql
  mutation BulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation {
        id
        status
        errorCode
        objectCount
        fileSize
        url
        partialDataUrl
        createdAt
        completedAt
      }
      userErrors { field message code }
    }
  }
`;

export const BULK_OPERATION = `#graphql
  query BulkOperation($id: ID!) {
    bulkOperation(id: $id) {
      id
      status
      errorCode
      objectCount
      fileSize
      url
      partialDataUrl
      createdAt
      completedAt
    }
  }
`;

/** The shop's current (newest) bulk query operation: what blocks a new one while it runs. */
export const CURRENT_BULK_QUERY_OPERATION = `#graphql
  query CurrentBulkQueryOperation {
    currentBulkOperation(type: QUERY) {
      id
      status
      errorCode
      objectCount
      fileSize
      url
      partialDataUrl
      createdAt
      completedAt
    }
  }
`;

export const BULK_OPERATION_CANCEL = `#graphql
  mutation BulkOperationCancel($id: ID!) {
    bulkOperationCancel(id: $id) {
      bulkOperation { id status }
      userErrors { field message }
    }
  }
`;

export const WEBHOOK_SUBSCRIPTIONS = `#graphql
  query WebhookSubscriptions($after: String) {
    webhookSubscriptions(first: 100, after: $after) {
      nodes { id topic uri }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const WEBHOOK_SUBSCRIPTION_CREATE = `#graphql
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
export const FULFILLMENT_ORDER_SUBMIT_FULFILLMENT_REQUEST = `#graphql
  mutation FulfillmentOrderSubmitFulfillmentRequest($id: ID!, $message: String, $notifyCustomer: Boolean) {
    fulfillmentOrderSubmitFulfillmentRequest(id: $id, message: $message, notifyCustomer: $notifyCustomer) {
      submittedFulfillmentOrder { id status requestStatus }
      userErrors { field message }
    }
  }
`;

/** Ask the fulfillment service to cancel a fulfillment order it accepted. */
export const FULFILLMENT_ORDER_SUBMIT_CANCELLATION_REQUEST = `#graphql
  mutation FulfillmentOrderSubmitCancellationRequest($id: ID!, $message: String) {
    fulfillmentOrderSubmitCancellationRequest(id: $id, message: $message) {
      fulfillmentOrder { id status requestStatus }
      userErrors { field message }
    }
  }
`;

/** The date a fulfillment order must be fulfilled by (shown to the location or 3PL in Shopify). */
export const FULFILLMENT_ORDERS_SET_FULFILLMENT_DEADLINE = `#graphql
  mutation FulfillmentOrdersSetFulfillmentDeadline($fulfillmentOrderIds: [ID!]!, $fulfillmentDeadline: DateTime!) {
    fulfillmentOrdersSetFulfillmentDeadline(fulfillmentOrderIds: $fulfillmentOrderIds, fulfillmentDeadline: $fulfillmentDeadline) {
      success
      userErrors { field message code }
    }
  }
`;

/** Whether Shopify shows the order cancelled: a Shopify cancel is confirmed here before the engine compensates. */
export const ORDER_CANCELLATION = `#graphql
  query OrderCancellation($id: ID!) {
    order(id: $id) {
      id
      cancelledAt
    }
  }
`;

/** The tracking numbers of an order's fulfillments: a partial shipment is created once per tracking number. */
export const ORDER_FULFILLMENT_TRACKING = `#graphql
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
export const ORDER_FOR_PURCHASE_ORDER = `#graphql
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

/** The missed-order sweep (src/orders/sweep.ts): orders updated since a time, oldest update first, paged. */
export const ORDERS_UPDATED_SINCE = `#graphql
  query OrdersUpdatedSince($first: Int!, $after: String, $query: String!) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        id
        legacyResourceId
        name
        createdAt
        updatedAt
        cancelledAt
        displayFulfillmentStatus
        sourceName
        returnStatus
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/**
 * The master catalog (src/catalog/catalog-sync.ts): products by updated_at, each with its first
 * variants; a product with more is read on with PRODUCT_VARIANTS. 25 x 10 keeps the cost under
 * Shopify's 1,000-point limit (50 products x 100 variants would cost over 15,000).
 */
export const PRODUCTS = `#graphql
  query Products($after: String, $query: String) {
    products(first: 25, after: $after, query: $query, sortKey: UPDATED_AT) {
      nodes {
        id
        title
        updatedAt
        featuredImage { url }
        variants(first: 10) {
          nodes { id sku barcode title image { url } inventoryItem { id } }
          pageInfo { hasNextPage endCursor }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/** The rest of one product's variants (after the first page PRODUCTS read). */
export const PRODUCT_VARIANTS = `#graphql
  query ProductVariants($id: ID!, $after: String) {
    product(id: $id) {
      id
      variants(first: 100, after: $after) {
        nodes { id sku barcode title image { url } inventoryItem { id } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

/*
 * Returns (src/activities/returns.ts). The workflow acts on what these read,
 * never on a webhook body. ReturnForEngine is the return as the workflow sees
 * it (src/returns/snapshot.ts), read after every step: only the fields the
 * snapshot uses, in pages sized for a usual return (10 return lines, 5
 * exchange lines, 5 refunds, 2 reverse fulfillment orders of 10 lines, the
 * order's 5 latest fulfillments of 10 lines). A page that comes back full is
 * checked with ReturnPages, and a return larger than the pages fails clearly
 * instead of being read in part. The activities that need one part of the
 * return read only that part (ReturnStatus, ReturnForRefund,
 * ReturnExchangeLines, ReverseFulfillmentOrderLineDispositions).
 */
export const RETURN_FOR_ENGINE = `#graphql
  query ReturnForEngine($id: ID!) {
    return(id: $id) {
      id
      name
      status
      createdAt
      closedAt
      totalQuantity
      refunds(first: 5) { nodes { id note totalRefundedSet { shopMoney { amount } } } }
      order {
        id
        name
        currencyCode
        shippingAddress { latitude longitude }
        totalShippingPriceSet { shopMoney { amount } }
        subtotalPriceSet { shopMoney { amount } }
        fulfillments(first: 5) {
          createdAt
          location { id }
          fulfillmentLineItems(first: 10) { nodes { id } }
        }
      }
      returnLineItems(first: 10) {
        nodes {
          id
          quantity
          processedQuantity
          returnReason
          ... on ReturnLineItem {
            restockingFee { percentage }
            withCodeDiscountedTotalPriceSet { shopMoney { amount } }
            fulfillmentLineItem {
              id
              lineItem {
                id
                sku
                quantity
                taxLines(first: 3) { priceSet { shopMoney { amount } } }
              }
            }
          }
        }
      }
      exchangeLineItems(first: 5) {
        nodes { id quantity processedQuantity variantId variantSku lineItems { id } }
      }
      reverseFulfillmentOrders(first: 2) {
        nodes {
          id
          lineItems(first: 10) {
            nodes {
              id
              totalQuantity
              fulfillmentLineItem { id }
              dispositions { id type quantity location { id } }
            }
          }
          reverseDeliveries(first: 1) {
            nodes {
              deliverable {
                ... on ReverseDeliveryShippingDeliverable { tracking { number url carrierName } }
              }
            }
          }
        }
      }
    }
  }
`;

/**
 * Whether ReturnForEngine's pages held everything (asked only when one came
 * back full): the same page sizes, with their pageInfo and the order's
 * fulfillment count.
 */
export const RETURN_PAGES = `#graphql
  query ReturnPages($id: ID!) {
    return(id: $id) {
      refunds(first: 5) { pageInfo { hasNextPage } }
      returnLineItems(first: 10) { pageInfo { hasNextPage } }
      exchangeLineItems(first: 5) { pageInfo { hasNextPage } }
      reverseFulfillmentOrders(first: 2) {
        pageInfo { hasNextPage }
        nodes {
          lineItems(first: 10) { pageInfo { hasNextPage } }
        }
      }
      order {
        fulfillmentsCount { count precision }
        fulfillments(first: 5) { fulfillmentLineItems(first: 10) { pageInfo { hasNextPage } } }
      }
    }
  }
`;

/** A return's status alone (a decision or a close checks it first). */
export const RETURN_STATUS = `#graphql
  query ReturnStatus($id: ID!) {
    return(id: $id) { id status }
  }
`;

/** What a return's refund needs: its refunds so far, its lines' processed units, the order and currency. */
export const RETURN_FOR_REFUND = `#graphql
  query ReturnForRefund($id: ID!) {
    return(id: $id) {
      id
      order { id currencyCode }
      refunds(first: 10) {
        nodes { id note totalRefundedSet { shopMoney { amount } } }
        pageInfo { hasNextPage }
      }
      returnLineItems(first: 25) {
        nodes { id quantity processedQuantity }
        pageInfo { hasNextPage }
      }
    }
  }
`;

/** A return's exchange lines and the order line items they became (releasing a replacement). */
export const RETURN_EXCHANGE_LINES = `#graphql
  query ReturnExchangeLines($id: ID!) {
    return(id: $id) {
      id
      exchangeLineItems(first: 10) {
        nodes { id quantity processedQuantity lineItems { id } }
        pageInfo { hasNextPage }
      }
    }
  }
`;

/** The dispositions of some reverse fulfillment order lines (what a dispose brings up to its target). */
export const RFO_LINE_DISPOSITIONS = `#graphql
  query ReverseFulfillmentOrderLineDispositions($ids: [ID!]!) {
    nodes(ids: $ids) { ... on ReverseFulfillmentOrderLineItem { id dispositions { type quantity } } }
  }
`;

export const RETURN_APPROVE_REQUEST = `#graphql
  mutation ReturnApproveRequest($input: ReturnApproveRequestInput!) {
    returnApproveRequest(input: $input) {
      return { id status }
      userErrors { field message code }
    }
  }
`;

export const RETURN_DECLINE_REQUEST = `#graphql
  mutation ReturnDeclineRequest($input: ReturnDeclineRequestInput!) {
    returnDeclineRequest(input: $input) {
      return { id status }
      userErrors { field message code }
    }
  }
`;

export const RETURN_CREATE = `#graphql
  mutation ReturnCreate($returnInput: ReturnInput!) {
    returnCreate(returnInput: $returnInput) {
      return { id name status }
      userErrors { field message code }
    }
  }
`;

export const RETURN_CLOSE = `#graphql
  mutation ReturnClose($id: ID!) {
    returnClose(id: $id) {
      return { id status }
      userErrors { field message code }
    }
  }
`;

export const REVERSE_FULFILLMENT_ORDER_DISPOSE = `#graphql
  mutation ReverseFulfillmentOrderDispose($dispositionInputs: [ReverseFulfillmentOrderDisposeInput!]!) {
    reverseFulfillmentOrderDispose(dispositionInputs: $dispositionInputs) {
      reverseFulfillmentOrderLineItems { id dispositions { id type quantity location { id } } }
      userErrors { field message code }
    }
  }
`;

export const RETURN_PROCESS = `#graphql
  mutation ReturnProcess($input: ReturnProcessInput!, $idempotencyKey: String!) {
    returnProcess(input: $input) @idempotent(key: $idempotencyKey) {
      return { id status }
      userErrors { field message code }
    }
  }
`;

/** The unit prices of an exchange's variants (what the replacement is worth before Shopify adds it to the order). */
export const VARIANT_PRICES = `#graphql
  query VariantPrices($ids: [ID!]!) {
    nodes(ids: $ids) { ... on ProductVariant { id price } }
  }
`;

/** What an order still owes (after an exchange is processed) and the customer's vaulted payment methods. */
export const ORDER_BALANCE = `#graphql
  query OrderBalance($id: ID!) {
    order(id: $id) {
      id
      currencyCode
      totalOutstandingSet { shopMoney { amount } }
      paymentCollectionDetails { vaultedPaymentMethods { id } }
    }
  }
`;

export const ORDER_CREATE_MANDATE_PAYMENT = `#graphql
  mutation OrderCreateMandatePayment($id: ID!, $mandateId: ID!, $amount: MoneyInput, $idempotencyKey: String!) {
    orderCreateMandatePayment(id: $id, mandateId: $mandateId, amount: $amount, idempotencyKey: $idempotencyKey, autoCapture: true) {
      paymentReferenceId
      job { id done }
      jobResult { status errors { message } }
      userErrors { field message code }
    }
  }
`;

export const ORDER_INVOICE_SEND = `#graphql
  mutation OrderInvoiceSend($id: ID!) {
    orderInvoiceSend(id: $id) {
      order { id }
      userErrors { field message code }
    }
  }
`;

/** An order's requested and open returns (the sweep, for returns whose webhooks never came). */
export const ORDER_OPEN_RETURNS = `#graphql
  query OrderOpenReturns($id: ID!) {
    order(id: $id) {
      returns(first: 50) { nodes { id status } }
    }
  }
`;

/**
 * An order's fulfilled lines and its returns: what POST /returns maps a call-centre return onto
 * (page sizes keep it under Shopify's 1,000-point query limit).
 */
export const ORDER_FOR_RETURN = `#graphql
  query OrderForReturn($id: ID!) {
    order(id: $id) {
      id
      name
      fulfillments(first: 5) {
        fulfillmentLineItems(first: 20) { nodes { id quantity lineItem { id sku } } }
      }
      returns(first: 5) {
        nodes {
          id
          status
          returnLineItems(first: 20) {
            nodes { id quantity ... on ReturnLineItem { fulfillmentLineItem { id } } }
          }
        }
      }
    }
  }
`;

/** Whether a product still exists (null: deleted), before a products/delete retires it from the catalog. */
export const PRODUCT_EXISTS = `#graphql
  query ProductExists($id: ID!) {
    product(id: $id) { id }
  }
`;

/**
 * Order edits the engine makes (src/activities/order-edit.ts). OrderEditState
 * reads what an edit starts from: the lines (with their variants) and the
 * order's recent events, whose staff notes carry the engine's edit keys, so a
 * retry after a lost commit response finds its edit already applied.
 */
export const ORDER_EDIT_STATE = `#graphql
  query OrderEditState($id: ID!) {
    order(id: $id) {
      id
      cancelledAt
      closed
      lineItems(first: 100) {
        nodes { id sku quantity currentQuantity variant { id } }
      }
      events(first: 100, reverse: true) {
        nodes {
          id
          action
          ... on BasicEvent { secondaryMessage }
        }
      }
    }
  }
`;

/** A variant by SKU (an edit that adds or substitutes one names it by SKU). */
export const VARIANTS_BY_SKU = `#graphql
  query VariantsBySku($query: String!) {
    productVariants(first: 5, query: $query) {
      nodes { id sku }
    }
  }
`;

export const ORDER_EDIT_BEGIN = `#graphql
  mutation OrderEditBegin($id: ID!) {
    orderEditBegin(id: $id) {
      calculatedOrder {
        id
        lineItems(first: 100) {
          nodes { id sku quantity }
        }
      }
      userErrors { field message }
    }
  }
`;

export const ORDER_EDIT_SET_QUANTITY = `#graphql
  mutation OrderEditSetQuantity($id: ID!, $lineItemId: ID!, $quantity: Int!, $restock: Boolean) {
    orderEditSetQuantity(id: $id, lineItemId: $lineItemId, quantity: $quantity, restock: $restock) {
      calculatedLineItem { id quantity }
      userErrors { field message }
    }
  }
`;

export const ORDER_EDIT_ADD_VARIANT = `#graphql
  mutation OrderEditAddVariant($id: ID!, $variantId: ID!, $quantity: Int!, $allowDuplicates: Boolean) {
    orderEditAddVariant(id: $id, variantId: $variantId, quantity: $quantity, allowDuplicates: $allowDuplicates) {
      calculatedLineItem { id quantity }
      userErrors { field message }
    }
  }
`;

export const ORDER_EDIT_COMMIT = `#graphql
  mutation OrderEditCommit($id: ID!, $staffNote: String, $notifyCustomer: Boolean) {
    orderEditCommit(id: $id, staffNote: $staffNote, notifyCustomer: $notifyCustomer) {
      order {
        id
        lineItems(first: 100) {
          nodes { id sku currentQuantity }
        }
      }
      userErrors { field message }
    }
  }
`;

/** All documents by operation name, for schema validation and the simulator's own tests. */
export const ALL_DOCUMENTS: Record<string, string> = {
  OrderForOrchestration: ORDER_FOR_ORCHESTRATION,
  ProductExists: PRODUCT_EXISTS,
  OrdersUpdatedSince: ORDERS_UPDATED_SINCE,
  OrderForPurchaseOrder: ORDER_FOR_PURCHASE_ORDER,
  OrderFulfillmentTracking: ORDER_FULFILLMENT_TRACKING,
  OrderCancellation: ORDER_CANCELLATION,
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
  InventoryItemsWithLevels: INVENTORY_ITEMS_WITH_LEVELS,
  InventoryItemLevels: INVENTORY_ITEM_LEVELS,
  InventoryLevelsById: INVENTORY_LEVELS_BY_ID,
  BulkOperationRunQuery: BULK_OPERATION_RUN_QUERY,
  BulkOperation: BULK_OPERATION,
  CurrentBulkQueryOperation: CURRENT_BULK_QUERY_OPERATION,
  BulkOperationCancel: BULK_OPERATION_CANCEL,
  InventorySetQuantities: INVENTORY_SET_QUANTITIES,
  WebhookSubscriptions: WEBHOOK_SUBSCRIPTIONS,
  WebhookSubscriptionCreate: WEBHOOK_SUBSCRIPTION_CREATE,
  Products: PRODUCTS,
  ProductVariants: PRODUCT_VARIANTS,
  ReturnForEngine: RETURN_FOR_ENGINE,
  ReturnPages: RETURN_PAGES,
  ReturnStatus: RETURN_STATUS,
  ReturnForRefund: RETURN_FOR_REFUND,
  ReturnExchangeLines: RETURN_EXCHANGE_LINES,
  ReverseFulfillmentOrderLineDispositions: RFO_LINE_DISPOSITIONS,
  ReturnApproveRequest: RETURN_APPROVE_REQUEST,
  ReturnDeclineRequest: RETURN_DECLINE_REQUEST,
  ReturnCreate: RETURN_CREATE,
  ReturnClose: RETURN_CLOSE,
  ReverseFulfillmentOrderDispose: REVERSE_FULFILLMENT_ORDER_DISPOSE,
  ReturnProcess: RETURN_PROCESS,
  VariantPrices: VARIANT_PRICES,
  OrderBalance: ORDER_BALANCE,
  OrderCreateMandatePayment: ORDER_CREATE_MANDATE_PAYMENT,
  OrderInvoiceSend: ORDER_INVOICE_SEND,
  OrderForReturn: ORDER_FOR_RETURN,
  OrderOpenReturns: ORDER_OPEN_RETURNS,
  OrderEditState: ORDER_EDIT_STATE,
  VariantsBySku: VARIANTS_BY_SKU,
  OrderEditBegin: ORDER_EDIT_BEGIN,
  OrderEditSetQuantity: ORDER_EDIT_SET_QUANTITY,
  OrderEditAddVariant: ORDER_EDIT_ADD_VARIANT,
  OrderEditCommit: ORDER_EDIT_COMMIT,
};
