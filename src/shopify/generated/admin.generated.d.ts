/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type OrderForOrchestrationQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderForOrchestrationQuery = { order: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'name' | 'updatedAt' | 'cancelledAt' | 'closed' | 'test' | 'currencyCode' | 'displayFulfillmentStatus'>
    & { currentTotalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, risk: (
      Pick<AdminTypes.OrderRiskSummary, 'recommendation'>
      & { assessments: Array<Pick<AdminTypes.OrderRiskAssessment, 'riskLevel'>> }
    ), shippingAddress: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'city' | 'provinceCode' | 'countryCodeV2' | 'zip' | 'latitude' | 'longitude'>>, lineItems: { nodes: Array<(
        Pick<AdminTypes.LineItem, 'id' | 'sku' | 'title' | 'quantity' | 'currentQuantity' | 'requiresShipping'>
        & { discountedTotalSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> } }
      )> }, transactions: Array<(
      Pick<AdminTypes.OrderTransaction, 'id' | 'kind' | 'status' | 'gateway' | 'createdAt' | 'authorizationExpiresAt'>
      & { amountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, parentTransaction: AdminTypes.Maybe<Pick<AdminTypes.OrderTransaction, 'id'>> }
    )> }
  )> };

export type OrderFulfillmentOrdersQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderFulfillmentOrdersQuery = { order: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'cancelledAt'>
    & { fulfillmentOrders: { nodes: Array<(
        Pick<AdminTypes.FulfillmentOrder, 'id' | 'status' | 'requestStatus'>
        & { assignedLocation: { location: AdminTypes.Maybe<Pick<AdminTypes.Location, 'id'>> }, fulfillmentHolds: Array<Pick<AdminTypes.FulfillmentHold, 'id' | 'handle' | 'reason'>>, lineItems: { nodes: Array<(
            Pick<AdminTypes.FulfillmentOrderLineItem, 'id' | 'remainingQuantity' | 'totalQuantity'>
            & { lineItem: Pick<AdminTypes.LineItem, 'id' | 'sku'> }
          )> } }
      )> } }
  )> };

export type OrderTransactionsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderTransactionsQuery = { order: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'cancelledAt'>
    & { totalCapturableSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, transactions: Array<(
      Pick<AdminTypes.OrderTransaction, 'id' | 'kind' | 'status' | 'gateway' | 'createdAt' | 'authorizationExpiresAt'>
      & { amountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, parentTransaction: AdminTypes.Maybe<Pick<AdminTypes.OrderTransaction, 'id'>> }
    )> }
  )> };

export type FulfillmentOrderHoldMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  fulfillmentHold: AdminTypes.FulfillmentOrderHoldInput;
}>;


export type FulfillmentOrderHoldMutation = { fulfillmentOrderHold: AdminTypes.Maybe<{ fulfillmentHold: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentHold, 'id' | 'handle'>>, fulfillmentOrder: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.FulfillmentOrderHoldUserError, 'field' | 'message' | 'code'>> }> };

export type FulfillmentOrderReleaseHoldMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  holdIds?: AdminTypes.InputMaybe<Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input']>;
}>;


export type FulfillmentOrderReleaseHoldMutation = { fulfillmentOrderReleaseHold: AdminTypes.Maybe<{ fulfillmentOrder: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.FulfillmentOrderReleaseHoldUserError, 'field' | 'message' | 'code'>> }> };

export type FulfillmentOrderMoveMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  newLocationId: AdminTypes.Scalars['ID']['input'];
  fulfillmentOrderLineItems?: AdminTypes.InputMaybe<Array<AdminTypes.FulfillmentOrderLineItemInput> | AdminTypes.FulfillmentOrderLineItemInput>;
}>;


export type FulfillmentOrderMoveMutation = { fulfillmentOrderMove: AdminTypes.Maybe<{ movedFulfillmentOrder: AdminTypes.Maybe<(
      Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>
      & { assignedLocation: { location: AdminTypes.Maybe<Pick<AdminTypes.Location, 'id'>> } }
    )>, originalFulfillmentOrder: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>>, remainingFulfillmentOrder: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.FulfillmentOrderMoveFulfillmentOrderMoveUserError, 'field' | 'message'>> }> };

export type OrderCaptureMutationVariables = AdminTypes.Exact<{
  input: AdminTypes.OrderCaptureInput;
}>;


export type OrderCaptureMutation = { orderCapture: AdminTypes.Maybe<{ transaction: AdminTypes.Maybe<(
      Pick<AdminTypes.OrderTransaction, 'id' | 'kind' | 'status'>
      & { amountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, parentTransaction: AdminTypes.Maybe<Pick<AdminTypes.OrderTransaction, 'id'>> }
    )>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type TransactionVoidMutationVariables = AdminTypes.Exact<{
  parentTransactionId: AdminTypes.Scalars['ID']['input'];
}>;


export type TransactionVoidMutation = { transactionVoid: AdminTypes.Maybe<{ transaction: AdminTypes.Maybe<Pick<AdminTypes.OrderTransaction, 'id' | 'kind' | 'status'>>, userErrors: Array<Pick<AdminTypes.TransactionVoidUserError, 'field' | 'message' | 'code'>> }> };

export type RefundCreateMutationVariables = AdminTypes.Exact<{
  input: AdminTypes.RefundInput;
  idempotencyKey: AdminTypes.Scalars['String']['input'];
}>;


export type RefundCreateMutation = { refundCreate: AdminTypes.Maybe<{ refund: AdminTypes.Maybe<(
      Pick<AdminTypes.Refund, 'id'>
      & { totalRefundedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> } }
    )>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type RefundQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type RefundQuery = { refund: AdminTypes.Maybe<(
    Pick<AdminTypes.Refund, 'id' | 'createdAt' | 'note'>
    & { order: (
      Pick<AdminTypes.Order, 'id' | 'name'>
      & { totalRefundedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> } }
    ), return: AdminTypes.Maybe<Pick<AdminTypes.Return, 'id'>>, totalRefundedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, refundLineItems: { nodes: Array<(
        Pick<AdminTypes.RefundLineItem, 'quantity' | 'restockType' | 'restocked'>
        & { location: AdminTypes.Maybe<Pick<AdminTypes.Location, 'id'>>, lineItem: Pick<AdminTypes.LineItem, 'id' | 'sku'> }
      )> }, transactions: { nodes: Array<(
        Pick<AdminTypes.OrderTransaction, 'id' | 'kind' | 'status'>
        & { amountSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> } }
      )> } }
  )> };

export type FulfillmentCreateMutationVariables = AdminTypes.Exact<{
  fulfillment: AdminTypes.FulfillmentInput;
  message?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type FulfillmentCreateMutation = { fulfillmentCreate: AdminTypes.Maybe<{ fulfillment: AdminTypes.Maybe<(
      Pick<AdminTypes.Fulfillment, 'id' | 'status'>
      & { trackingInfo: Array<Pick<AdminTypes.FulfillmentTrackingInfo, 'company' | 'number' | 'url'>> }
    )>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type MetafieldsSetMutationVariables = AdminTypes.Exact<{
  metafields: Array<AdminTypes.MetafieldsSetInput> | AdminTypes.MetafieldsSetInput;
}>;


export type MetafieldsSetMutation = { metafieldsSet: AdminTypes.Maybe<{ metafields: AdminTypes.Maybe<Array<Pick<AdminTypes.Metafield, 'id' | 'namespace' | 'key'>>>, userErrors: Array<Pick<AdminTypes.MetafieldsSetUserError, 'field' | 'message' | 'code'>> }> };

export type TagsAddMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  tags: Array<AdminTypes.Scalars['String']['input']> | AdminTypes.Scalars['String']['input'];
}>;


export type TagsAddMutation = { tagsAdd: AdminTypes.Maybe<{ node: AdminTypes.Maybe<Pick<AdminTypes.AbandonedCheckout, 'id'> | Pick<AdminTypes.AbandonedCheckoutLineItem, 'id'> | Pick<AdminTypes.Abandonment, 'id'> | Pick<AdminTypes.AddAllProductsOperation, 'id'> | Pick<AdminTypes.AdditionalFee, 'id'> | Pick<AdminTypes.AnalyticsAnnotation, 'id'> | Pick<AdminTypes.AnalyticsTarget, 'id'> | Pick<AdminTypes.App, 'id'> | Pick<AdminTypes.AppCatalog, 'id'> | Pick<AdminTypes.AppCredit, 'id'> | Pick<AdminTypes.AppInstallation, 'id'> | Pick<AdminTypes.AppPurchaseOneTime, 'id'> | Pick<AdminTypes.AppRevenueAttributionRecord, 'id'> | Pick<AdminTypes.AppSubscription, 'id'> | Pick<AdminTypes.AppUsageRecord, 'id'> | Pick<AdminTypes.Article, 'id'> | Pick<AdminTypes.BasicEvent, 'id'> | Pick<AdminTypes.Blog, 'id'> | Pick<AdminTypes.BulkOperation, 'id'> | Pick<AdminTypes.BusinessEntity, 'id'> | Pick<AdminTypes.CalculatedOrder, 'id'> | Pick<AdminTypes.CartTransform, 'id'> | Pick<AdminTypes.CashDrawer, 'id'> | Pick<AdminTypes.CashManagementCustomReasonCode, 'id'> | Pick<AdminTypes.CashManagementDefaultReasonCode, 'id'> | Pick<AdminTypes.CashManagementSystemReasonCode, 'id'> | Pick<AdminTypes.CashTrackingAdjustment, 'id'> | Pick<AdminTypes.CashTrackingSession, 'id'> | Pick<AdminTypes.CatalogCsvOperation, 'id'> | Pick<AdminTypes.Channel, 'id'> | Pick<AdminTypes.ChannelDefinition, 'id'> | Pick<AdminTypes.ChannelInformation, 'id'> | Pick<AdminTypes.CheckoutAndAccountsConfiguration, 'id'> | Pick<AdminTypes.CheckoutAndAccountsConfigurationOverride, 'id'> | Pick<AdminTypes.CheckoutProfile, 'id'> | Pick<AdminTypes.Collection, 'id'> | Pick<AdminTypes.CollectionConditionsSource, 'id'> | Pick<AdminTypes.CollectionSubCollectionsSource, 'id'> | Pick<AdminTypes.Comment, 'id'> | Pick<AdminTypes.CommentEvent, 'id'> | Pick<AdminTypes.Company, 'id'> | Pick<AdminTypes.CompanyAddress, 'id'> | Pick<AdminTypes.CompanyContact, 'id'> | Pick<AdminTypes.CompanyContactRole, 'id'> | Pick<AdminTypes.CompanyContactRoleAssignment, 'id'> | Pick<AdminTypes.CompanyLocation, 'id'> | Pick<AdminTypes.CompanyLocationCatalog, 'id'> | Pick<AdminTypes.CompanyLocationStaffMemberAssignment, 'id'> | Pick<AdminTypes.ConsentPolicy, 'id'> | Pick<AdminTypes.CurrencyExchangeAdjustment, 'id'> | Pick<AdminTypes.Customer, 'id'> | Pick<AdminTypes.CustomerAccountAppExtensionPage, 'id'> | Pick<AdminTypes.CustomerAccountNativePage, 'id'> | Pick<AdminTypes.CustomerPaymentMethod, 'id'> | Pick<AdminTypes.CustomerSegmentMembersQuery, 'id'> | Pick<AdminTypes.CustomerVisit, 'id'> | Pick<AdminTypes.DeliveryCarrierService, 'id'> | Pick<AdminTypes.DeliveryCondition, 'id'> | Pick<AdminTypes.DeliveryCountry, 'id'> | Pick<AdminTypes.DeliveryCustomization, 'id'> | Pick<AdminTypes.DeliveryLocationGroup, 'id'> | Pick<AdminTypes.DeliveryMethod, 'id'> | Pick<AdminTypes.DeliveryMethodDefinition, 'id'> | Pick<AdminTypes.DeliveryParticipant, 'id'> | Pick<AdminTypes.DeliveryProfile, 'id'> | Pick<AdminTypes.DeliveryProfileItem, 'id'> | Pick<AdminTypes.DeliveryPromiseParticipant, 'id'> | Pick<AdminTypes.DeliveryPromiseProvider, 'id'> | Pick<AdminTypes.DeliveryProvince, 'id'> | Pick<AdminTypes.DeliveryRateDefinition, 'id'> | Pick<AdminTypes.DeliveryZone, 'id'> | Pick<AdminTypes.DiscountAutomaticBxgy, 'id'> | Pick<AdminTypes.DiscountAutomaticNode, 'id'> | Pick<AdminTypes.DiscountCodeNode, 'id'> | Pick<AdminTypes.DiscountNode, 'id'> | Pick<AdminTypes.DiscountRedeemCodeBulkCreation, 'id'> | Pick<AdminTypes.Domain, 'id'> | Pick<AdminTypes.DraftOrder, 'id'> | Pick<AdminTypes.DraftOrderLineItem, 'id'> | Pick<AdminTypes.DraftOrderTag, 'id'> | Pick<AdminTypes.Duty, 'id'> | Pick<AdminTypes.ExchangeLineItem, 'id'> | Pick<AdminTypes.ExternalVideo, 'id'> | Pick<AdminTypes.Fulfillment, 'id'> | Pick<AdminTypes.FulfillmentConstraintRule, 'id'> | Pick<AdminTypes.FulfillmentEvent, 'id'> | Pick<AdminTypes.FulfillmentHold, 'id'> | Pick<AdminTypes.FulfillmentLineItem, 'id'> | Pick<AdminTypes.FulfillmentOrder, 'id'> | Pick<AdminTypes.FulfillmentOrderDestination, 'id'> | Pick<AdminTypes.FulfillmentOrderLineItem, 'id'> | Pick<AdminTypes.FulfillmentOrderMerchantRequest, 'id'> | Pick<AdminTypes.GenericFile, 'id'> | Pick<AdminTypes.GiftCard, 'id'> | Pick<AdminTypes.GiftCardCashOutTransaction, 'id'> | Pick<AdminTypes.GiftCardCreditTransaction, 'id'> | Pick<AdminTypes.GiftCardDebitTransaction, 'id'> | Pick<AdminTypes.IdentityProviderSubject, 'id'> | Pick<AdminTypes.InventoryAdjustmentGroup, 'id'> | Pick<AdminTypes.InventoryItem, 'id'> | Pick<AdminTypes.InventoryItemMeasurement, 'id'> | Pick<AdminTypes.InventoryLevel, 'id'> | Pick<AdminTypes.InventoryQuantity, 'id'> | Pick<AdminTypes.InventoryShipment, 'id'> | Pick<AdminTypes.InventoryShipmentLineItem, 'id'> | Pick<AdminTypes.InventoryTransfer, 'id'> | Pick<AdminTypes.InventoryTransferLineItem, 'id'> | Pick<AdminTypes.LineItem, 'id'> | Pick<AdminTypes.LineItemGroup, 'id'> | Pick<AdminTypes.Location, 'id'> | Pick<AdminTypes.MailingAddress, 'id'> | Pick<AdminTypes.Market, 'id'> | Pick<AdminTypes.MarketCatalog, 'id'> | Pick<AdminTypes.MarketRegionCountry, 'id'> | Pick<AdminTypes.MarketRegionSubdivision, 'id'> | Pick<AdminTypes.MarketWebPresence, 'id'> | Pick<AdminTypes.MarketingActivity, 'id'> | Pick<AdminTypes.MarketingEvent, 'id'> | Pick<AdminTypes.MediaImage, 'id'> | Pick<AdminTypes.Menu, 'id'> | Pick<AdminTypes.Metafield, 'id'> | Pick<AdminTypes.MetafieldDefinition, 'id'> | Pick<AdminTypes.Metaobject, 'id'> | Pick<AdminTypes.MetaobjectDefinition, 'id'> | Pick<AdminTypes.Model3d, 'id'> | Pick<AdminTypes.OnlineStoreTheme, 'id'> | Pick<AdminTypes.Order, 'id'> | Pick<AdminTypes.OrderAdjustment, 'id'> | Pick<AdminTypes.OrderAttributionDefinition, 'id'> | Pick<AdminTypes.OrderCancelJobResult, 'id'> | Pick<AdminTypes.OrderCreateMandatePaymentJobResult, 'id'> | Pick<AdminTypes.OrderDisputeSummary, 'id'> | Pick<AdminTypes.OrderEditSession, 'id'> | Pick<AdminTypes.OrderTransaction, 'id'> | Pick<AdminTypes.Page, 'id'> | Pick<AdminTypes.PaymentCustomization, 'id'> | Pick<AdminTypes.PaymentMandate, 'id'> | Pick<AdminTypes.PaymentSchedule, 'id'> | Pick<AdminTypes.PaymentTerms, 'id'> | Pick<AdminTypes.PaymentTermsTemplate, 'id'> | Pick<AdminTypes.PointOfSaleDevice, 'id'> | Pick<AdminTypes.PointOfSaleDevicePaymentSession, 'id'> | Pick<AdminTypes.PriceList, 'id'> | Pick<AdminTypes.Product, 'id'> | Pick<AdminTypes.ProductBundleOperation, 'id'> | Pick<AdminTypes.ProductDeleteOperation, 'id'> | Pick<AdminTypes.ProductDuplicateOperation, 'id'> | Pick<AdminTypes.ProductFeed, 'id'> | Pick<AdminTypes.ProductOption, 'id'> | Pick<AdminTypes.ProductOptionValue, 'id'> | Pick<AdminTypes.ProductSetOperation, 'id'> | Pick<AdminTypes.ProductTaxonomyNode, 'id'> | Pick<AdminTypes.ProductVariant, 'id'> | Pick<AdminTypes.ProductVariantComponent, 'id'> | Pick<AdminTypes.Publication, 'id'> | Pick<AdminTypes.PublicationResourceOperation, 'id'> | Pick<AdminTypes.QuantityPriceBreak, 'id'> | Pick<AdminTypes.Refund, 'id'> | Pick<AdminTypes.RefundShippingLine, 'id'> | Pick<AdminTypes.Return, 'id'> | Pick<AdminTypes.ReturnLineItem, 'id'> | Pick<AdminTypes.ReturnReasonDefinition, 'id'> | Pick<AdminTypes.ReturnableFulfillment, 'id'> | Pick<AdminTypes.ReverseDelivery, 'id'> | Pick<AdminTypes.ReverseDeliveryLineItem, 'id'> | Pick<AdminTypes.ReverseFulfillmentOrder, 'id'> | Pick<AdminTypes.ReverseFulfillmentOrderDisposition, 'id'> | Pick<AdminTypes.ReverseFulfillmentOrderLineItem, 'id'> | Pick<AdminTypes.SaleAdditionalFee, 'id'> | Pick<AdminTypes.SavedSearch, 'id'> | Pick<AdminTypes.ScriptTag, 'id'> | Pick<AdminTypes.Segment, 'id'> | Pick<AdminTypes.SellingPlan, 'id'> | Pick<AdminTypes.SellingPlanGroup, 'id'> | Pick<AdminTypes.ServerPixel, 'id'> | Pick<AdminTypes.ShippingLabel, 'id'> | Pick<AdminTypes.ShippingLabelPurchaseResult, 'id'> | Pick<AdminTypes.Shop, 'id'> | Pick<AdminTypes.ShopAddress, 'id'> | Pick<AdminTypes.ShopPolicy, 'id'> | Pick<AdminTypes.ShopifyPaymentsAccount, 'id'> | Pick<AdminTypes.ShopifyPaymentsBalanceTransaction, 'id'> | Pick<AdminTypes.ShopifyPaymentsBankAccount, 'id'> | Pick<AdminTypes.ShopifyPaymentsDispute, 'id'> | Pick<AdminTypes.ShopifyPaymentsDisputeEvidence, 'id'> | Pick<AdminTypes.ShopifyPaymentsDisputeFileUpload, 'id'> | Pick<AdminTypes.ShopifyPaymentsDisputeFulfillment, 'id'> | Pick<AdminTypes.ShopifyPaymentsPayout, 'id'> | Pick<AdminTypes.StaffMember, 'id'> | Pick<AdminTypes.StandardMetafieldDefinitionTemplate, 'id'> | Pick<AdminTypes.StoreCreditAccount, 'id'> | Pick<AdminTypes.StoreCreditAccountCreditTransaction, 'id'> | Pick<AdminTypes.StoreCreditAccountDebitRevertTransaction, 'id'> | Pick<AdminTypes.StoreCreditAccountDebitTransaction, 'id'> | Pick<AdminTypes.StorefrontAccessToken, 'id'> | Pick<AdminTypes.SubscriptionBillingAttempt, 'id'> | Pick<AdminTypes.SubscriptionContract, 'id'> | Pick<AdminTypes.SubscriptionDraft, 'id'> | Pick<AdminTypes.TaxonomyAttribute, 'id'> | Pick<AdminTypes.TaxonomyCategory, 'id'> | Pick<AdminTypes.TaxonomyChoiceListAttribute, 'id'> | Pick<AdminTypes.TaxonomyMeasurementAttribute, 'id'> | Pick<AdminTypes.TaxonomyValue, 'id'> | Pick<AdminTypes.TenderTransaction, 'id'> | Pick<AdminTypes.TransactionFee, 'id'> | Pick<AdminTypes.UnverifiedReturnLineItem, 'id'> | Pick<AdminTypes.UrlRedirect, 'id'> | Pick<AdminTypes.UrlRedirectImport, 'id'> | Pick<AdminTypes.Validation, 'id'> | Pick<AdminTypes.Video, 'id'> | Pick<AdminTypes.WebPixel, 'id'> | Pick<AdminTypes.WebhookSubscription, 'id'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type OrderCancelMutationVariables = AdminTypes.Exact<{
  orderId: AdminTypes.Scalars['ID']['input'];
  reason: AdminTypes.OrderCancelReason;
  restock: AdminTypes.Scalars['Boolean']['input'];
  refund?: AdminTypes.InputMaybe<AdminTypes.Scalars['Boolean']['input']>;
  notifyCustomer?: AdminTypes.InputMaybe<AdminTypes.Scalars['Boolean']['input']>;
  staffNote?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type OrderCancelMutation = { orderCancel: AdminTypes.Maybe<{ job: AdminTypes.Maybe<Pick<AdminTypes.Job, 'id' | 'done'>>, orderCancelUserErrors: Array<Pick<AdminTypes.OrderCancelUserError, 'field' | 'message' | 'code'>> }> };

export type ShopIdentityQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type ShopIdentityQuery = { shop: Pick<AdminTypes.Shop, 'id' | 'name' | 'myshopifyDomain' | 'currencyCode'> };

export type LocationsQueryVariables = AdminTypes.Exact<{
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type LocationsQuery = { locations: { nodes: Array<(
      Pick<AdminTypes.Location, 'id' | 'name' | 'isActive' | 'fulfillsOnlineOrders'>
      & { address: Pick<AdminTypes.LocationAddress, 'city' | 'provinceCode' | 'countryCode' | 'latitude' | 'longitude'> }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type InventoryLevelsQueryVariables = AdminTypes.Exact<{
  locationId: AdminTypes.Scalars['ID']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type InventoryLevelsQuery = { location: AdminTypes.Maybe<(
    Pick<AdminTypes.Location, 'id'>
    & { inventoryLevels: { nodes: Array<(
        Pick<AdminTypes.InventoryLevel, 'id'>
        & { quantities: Array<Pick<AdminTypes.InventoryQuantity, 'name' | 'quantity'>>, item: Pick<AdminTypes.InventoryItem, 'id' | 'sku'> }
      )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
  )> };

export type InventorySetQuantitiesMutationVariables = AdminTypes.Exact<{
  input: AdminTypes.InventorySetQuantitiesInput;
  idempotencyKey: AdminTypes.Scalars['String']['input'];
}>;


export type InventorySetQuantitiesMutation = { inventorySetQuantities: AdminTypes.Maybe<{ inventoryAdjustmentGroup: AdminTypes.Maybe<Pick<AdminTypes.InventoryAdjustmentGroup, 'id'>>, userErrors: Array<Pick<AdminTypes.InventorySetQuantitiesUserError, 'field' | 'message' | 'code'>> }> };

export type InventoryItemsWithLevelsQueryVariables = AdminTypes.Exact<{
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type InventoryItemsWithLevelsQuery = { inventoryItems: { nodes: Array<(
      Pick<AdminTypes.InventoryItem, 'id' | 'sku'>
      & { inventoryLevels: { nodes: Array<(
          Pick<AdminTypes.InventoryLevel, 'id'>
          & { location: Pick<AdminTypes.Location, 'id'>, quantities: Array<Pick<AdminTypes.InventoryQuantity, 'name' | 'quantity'>> }
        )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type InventoryItemLevelsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type InventoryItemLevelsQuery = { inventoryItem: AdminTypes.Maybe<(
    Pick<AdminTypes.InventoryItem, 'id'>
    & { inventoryLevels: { nodes: Array<(
        Pick<AdminTypes.InventoryLevel, 'id'>
        & { location: Pick<AdminTypes.Location, 'id'>, quantities: Array<Pick<AdminTypes.InventoryQuantity, 'name' | 'quantity'>> }
      )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
  )> };

export type InventoryLevelsByIdQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type InventoryLevelsByIdQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.InventoryLevel, 'id'>
    & { quantities: Array<Pick<AdminTypes.InventoryQuantity, 'name' | 'quantity'>> }
  )>> };

export type BulkOperationRunQueryMutationVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type BulkOperationRunQueryMutation = { bulkOperationRunQuery: AdminTypes.Maybe<{ bulkOperation: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status' | 'errorCode' | 'objectCount' | 'fileSize' | 'url' | 'partialDataUrl' | 'createdAt' | 'completedAt'>>, userErrors: Array<Pick<AdminTypes.BulkOperationUserError, 'field' | 'message' | 'code'>> }> };

export type BulkOperationQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type BulkOperationQuery = { bulkOperation: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status' | 'errorCode' | 'objectCount' | 'fileSize' | 'url' | 'partialDataUrl' | 'createdAt' | 'completedAt'>> };

export type CurrentBulkQueryOperationQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type CurrentBulkQueryOperationQuery = { currentBulkOperation: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status' | 'errorCode' | 'objectCount' | 'fileSize' | 'url' | 'partialDataUrl' | 'createdAt' | 'completedAt'>> };

export type BulkOperationCancelMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type BulkOperationCancelMutation = { bulkOperationCancel: AdminTypes.Maybe<{ bulkOperation: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type WebhookSubscriptionsQueryVariables = AdminTypes.Exact<{
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type WebhookSubscriptionsQuery = { webhookSubscriptions: { nodes: Array<Pick<AdminTypes.WebhookSubscription, 'id' | 'topic' | 'uri'>>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type WebhookSubscriptionCreateMutationVariables = AdminTypes.Exact<{
  topic: AdminTypes.WebhookSubscriptionTopic;
  webhookSubscription: AdminTypes.WebhookSubscriptionInput;
}>;


export type WebhookSubscriptionCreateMutation = { webhookSubscriptionCreate: AdminTypes.Maybe<{ webhookSubscription: AdminTypes.Maybe<Pick<AdminTypes.WebhookSubscription, 'id' | 'topic' | 'uri'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type FulfillmentOrderSubmitFulfillmentRequestMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  message?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  notifyCustomer?: AdminTypes.InputMaybe<AdminTypes.Scalars['Boolean']['input']>;
}>;


export type FulfillmentOrderSubmitFulfillmentRequestMutation = { fulfillmentOrderSubmitFulfillmentRequest: AdminTypes.Maybe<{ submittedFulfillmentOrder: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status' | 'requestStatus'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type FulfillmentOrderSubmitCancellationRequestMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  message?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type FulfillmentOrderSubmitCancellationRequestMutation = { fulfillmentOrderSubmitCancellationRequest: AdminTypes.Maybe<{ fulfillmentOrder: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentOrder, 'id' | 'status' | 'requestStatus'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type FulfillmentOrdersSetFulfillmentDeadlineMutationVariables = AdminTypes.Exact<{
  fulfillmentOrderIds: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
  fulfillmentDeadline: AdminTypes.Scalars['DateTime']['input'];
}>;


export type FulfillmentOrdersSetFulfillmentDeadlineMutation = { fulfillmentOrdersSetFulfillmentDeadline: AdminTypes.Maybe<(
    Pick<AdminTypes.FulfillmentOrdersSetFulfillmentDeadlinePayload, 'success'>
    & { userErrors: Array<Pick<AdminTypes.FulfillmentOrdersSetFulfillmentDeadlineUserError, 'field' | 'message' | 'code'>> }
  )> };

export type OrderCancellationQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderCancellationQuery = { order: AdminTypes.Maybe<Pick<AdminTypes.Order, 'id' | 'cancelledAt'>> };

export type OrderFulfillmentTrackingQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderFulfillmentTrackingQuery = { order: AdminTypes.Maybe<{ fulfillments: Array<(
      Pick<AdminTypes.Fulfillment, 'id'>
      & { trackingInfo: Array<Pick<AdminTypes.FulfillmentTrackingInfo, 'number'>> }
    )> }> };

export type OrderForPurchaseOrderQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderForPurchaseOrderQuery = { order: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'name' | 'email'>
    & { shippingAddress: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'name' | 'address1' | 'address2' | 'city' | 'provinceCode' | 'zip' | 'countryCodeV2' | 'phone'>>, shippingLine: AdminTypes.Maybe<Pick<AdminTypes.ShippingLine, 'code' | 'title'>>, lineItems: { nodes: Array<(
        Pick<AdminTypes.LineItem, 'id' | 'sku' | 'title' | 'quantity'>
        & { discountedTotalSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, variant: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'barcode'>> }
      )> } }
  )> };

export type OrdersUpdatedSinceQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  query: AdminTypes.Scalars['String']['input'];
}>;


export type OrdersUpdatedSinceQuery = { orders: { nodes: Array<Pick<AdminTypes.Order, 'id' | 'legacyResourceId' | 'name' | 'createdAt' | 'updatedAt' | 'cancelledAt' | 'displayFulfillmentStatus' | 'sourceName' | 'returnStatus'>>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type ProductsQueryVariables = AdminTypes.Exact<{
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  query?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type ProductsQuery = { products: { nodes: Array<(
      Pick<AdminTypes.Product, 'id' | 'title' | 'updatedAt'>
      & { featuredImage: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>>, variants: { nodes: Array<(
          Pick<AdminTypes.ProductVariant, 'id' | 'sku' | 'barcode' | 'title'>
          & { image: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>>, inventoryItem: Pick<AdminTypes.InventoryItem, 'id'> }
        )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type ProductVariantsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type ProductVariantsQuery = { product: AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'id'>
    & { variants: { nodes: Array<(
        Pick<AdminTypes.ProductVariant, 'id' | 'sku' | 'barcode' | 'title'>
        & { image: AdminTypes.Maybe<Pick<AdminTypes.Image, 'url'>>, inventoryItem: Pick<AdminTypes.InventoryItem, 'id'> }
      )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } }
  )> };

export type ReturnForEngineQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ReturnForEngineQuery = { return: AdminTypes.Maybe<(
    Pick<AdminTypes.Return, 'id' | 'name' | 'status' | 'createdAt' | 'closedAt' | 'totalQuantity'>
    & { refunds: { nodes: Array<(
        Pick<AdminTypes.Refund, 'id' | 'note'>
        & { totalRefundedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
      )> }, order: (
      Pick<AdminTypes.Order, 'id' | 'name' | 'currencyCode'>
      & { shippingAddress: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'latitude' | 'longitude'>>, totalShippingPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, subtotalPriceSet: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }>, fulfillments: Array<(
        Pick<AdminTypes.Fulfillment, 'createdAt'>
        & { location: AdminTypes.Maybe<Pick<AdminTypes.Location, 'id'>>, fulfillmentLineItems: { nodes: Array<Pick<AdminTypes.FulfillmentLineItem, 'id'>> } }
      )> }
    ), returnLineItems: { nodes: Array<(
        Pick<AdminTypes.ReturnLineItem, 'id' | 'quantity' | 'processedQuantity' | 'returnReason'>
        & { restockingFee: AdminTypes.Maybe<Pick<AdminTypes.RestockingFee, 'percentage'>>, withCodeDiscountedTotalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, fulfillmentLineItem: (
          Pick<AdminTypes.FulfillmentLineItem, 'id'>
          & { lineItem: (
            Pick<AdminTypes.LineItem, 'id' | 'sku' | 'quantity'>
            & { taxLines: Array<{ priceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }> }
          ) }
        ) }
      ) | Pick<AdminTypes.UnverifiedReturnLineItem, 'id' | 'quantity' | 'processedQuantity' | 'returnReason'>> }, exchangeLineItems: { nodes: Array<(
        Pick<AdminTypes.ExchangeLineItem, 'id' | 'quantity' | 'processedQuantity' | 'variantId' | 'variantSku'>
        & { lineItems: AdminTypes.Maybe<Array<Pick<AdminTypes.LineItem, 'id'>>> }
      )> }, reverseFulfillmentOrders: { nodes: Array<(
        Pick<AdminTypes.ReverseFulfillmentOrder, 'id'>
        & { lineItems: { nodes: Array<(
            Pick<AdminTypes.ReverseFulfillmentOrderLineItem, 'id' | 'totalQuantity'>
            & { fulfillmentLineItem: AdminTypes.Maybe<Pick<AdminTypes.FulfillmentLineItem, 'id'>>, dispositions: Array<(
              Pick<AdminTypes.ReverseFulfillmentOrderDisposition, 'id' | 'type' | 'quantity'>
              & { location: AdminTypes.Maybe<Pick<AdminTypes.Location, 'id'>> }
            )> }
          )> }, reverseDeliveries: { nodes: Array<{ deliverable: AdminTypes.Maybe<{ tracking: AdminTypes.Maybe<Pick<AdminTypes.ReverseDeliveryTrackingV2, 'number' | 'url' | 'carrierName'>> }> }> } }
      )> } }
  )> };

export type ReturnPagesQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ReturnPagesQuery = { return: AdminTypes.Maybe<{ refunds: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage'> }, returnLineItems: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage'> }, exchangeLineItems: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage'> }, reverseFulfillmentOrders: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage'>, nodes: Array<{ lineItems: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage'> } }> }, order: { fulfillmentsCount: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count' | 'precision'>>, fulfillments: Array<{ fulfillmentLineItems: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage'> } }> } }> };

export type ReturnStatusQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ReturnStatusQuery = { return: AdminTypes.Maybe<Pick<AdminTypes.Return, 'id' | 'status'>> };

export type ReturnForRefundQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ReturnForRefundQuery = { return: AdminTypes.Maybe<(
    Pick<AdminTypes.Return, 'id'>
    & { order: Pick<AdminTypes.Order, 'id' | 'currencyCode'>, refunds: { nodes: Array<(
        Pick<AdminTypes.Refund, 'id' | 'note'>
        & { totalRefundedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> } }
      )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage'> }, returnLineItems: { nodes: Array<Pick<AdminTypes.ReturnLineItem, 'id' | 'quantity' | 'processedQuantity'> | Pick<AdminTypes.UnverifiedReturnLineItem, 'id' | 'quantity' | 'processedQuantity'>>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage'> } }
  )> };

export type ReturnExchangeLinesQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ReturnExchangeLinesQuery = { return: AdminTypes.Maybe<(
    Pick<AdminTypes.Return, 'id'>
    & { exchangeLineItems: { nodes: Array<(
        Pick<AdminTypes.ExchangeLineItem, 'id' | 'quantity' | 'processedQuantity'>
        & { lineItems: AdminTypes.Maybe<Array<Pick<AdminTypes.LineItem, 'id'>>> }
      )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage'> } }
  )> };

export type ReverseFulfillmentOrderLineDispositionsQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type ReverseFulfillmentOrderLineDispositionsQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.ReverseFulfillmentOrderLineItem, 'id'>
    & { dispositions: Array<Pick<AdminTypes.ReverseFulfillmentOrderDisposition, 'type' | 'quantity'>> }
  )>> };

export type ReturnApproveRequestMutationVariables = AdminTypes.Exact<{
  input: AdminTypes.ReturnApproveRequestInput;
}>;


export type ReturnApproveRequestMutation = { returnApproveRequest: AdminTypes.Maybe<{ return: AdminTypes.Maybe<Pick<AdminTypes.Return, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.ReturnUserError, 'field' | 'message' | 'code'>> }> };

export type ReturnDeclineRequestMutationVariables = AdminTypes.Exact<{
  input: AdminTypes.ReturnDeclineRequestInput;
}>;


export type ReturnDeclineRequestMutation = { returnDeclineRequest: AdminTypes.Maybe<{ return: AdminTypes.Maybe<Pick<AdminTypes.Return, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.ReturnUserError, 'field' | 'message' | 'code'>> }> };

export type ReturnCreateMutationVariables = AdminTypes.Exact<{
  returnInput: AdminTypes.ReturnInput;
}>;


export type ReturnCreateMutation = { returnCreate: AdminTypes.Maybe<{ return: AdminTypes.Maybe<Pick<AdminTypes.Return, 'id' | 'name' | 'status'>>, userErrors: Array<Pick<AdminTypes.ReturnUserError, 'field' | 'message' | 'code'>> }> };

export type ReturnCloseMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ReturnCloseMutation = { returnClose: AdminTypes.Maybe<{ return: AdminTypes.Maybe<Pick<AdminTypes.Return, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.ReturnUserError, 'field' | 'message' | 'code'>> }> };

export type ReverseFulfillmentOrderDisposeMutationVariables = AdminTypes.Exact<{
  dispositionInputs: Array<AdminTypes.ReverseFulfillmentOrderDisposeInput> | AdminTypes.ReverseFulfillmentOrderDisposeInput;
}>;


export type ReverseFulfillmentOrderDisposeMutation = { reverseFulfillmentOrderDispose: AdminTypes.Maybe<{ reverseFulfillmentOrderLineItems: AdminTypes.Maybe<Array<(
      Pick<AdminTypes.ReverseFulfillmentOrderLineItem, 'id'>
      & { dispositions: Array<(
        Pick<AdminTypes.ReverseFulfillmentOrderDisposition, 'id' | 'type' | 'quantity'>
        & { location: AdminTypes.Maybe<Pick<AdminTypes.Location, 'id'>> }
      )> }
    )>>, userErrors: Array<Pick<AdminTypes.ReturnUserError, 'field' | 'message' | 'code'>> }> };

export type ReturnProcessMutationVariables = AdminTypes.Exact<{
  input: AdminTypes.ReturnProcessInput;
  idempotencyKey: AdminTypes.Scalars['String']['input'];
}>;


export type ReturnProcessMutation = { returnProcess: AdminTypes.Maybe<{ return: AdminTypes.Maybe<Pick<AdminTypes.Return, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.ReturnUserError, 'field' | 'message' | 'code'>> }> };

export type VariantPricesQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type VariantPricesQuery = { nodes: Array<AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id' | 'price'>>> };

export type OrderBalanceQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderBalanceQuery = { order: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'currencyCode'>
    & { totalOutstandingSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount'> }, paymentCollectionDetails: { vaultedPaymentMethods: AdminTypes.Maybe<Array<Pick<AdminTypes.PaymentMandate, 'id'>>> } }
  )> };

export type OrderCreateMandatePaymentMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  mandateId: AdminTypes.Scalars['ID']['input'];
  amount?: AdminTypes.InputMaybe<AdminTypes.MoneyInput>;
  idempotencyKey: AdminTypes.Scalars['String']['input'];
}>;


export type OrderCreateMandatePaymentMutation = { orderCreateMandatePayment: AdminTypes.Maybe<(
    Pick<AdminTypes.OrderCreateMandatePaymentPayload, 'paymentReferenceId'>
    & { job: AdminTypes.Maybe<Pick<AdminTypes.Job, 'id' | 'done'>>, jobResult: AdminTypes.Maybe<(
      Pick<AdminTypes.OrderCreateMandatePaymentJobResult, 'status'>
      & { errors: Array<Pick<AdminTypes.UserError, 'message'>> }
    )>, userErrors: Array<Pick<AdminTypes.OrderCreateMandatePaymentUserError, 'field' | 'message' | 'code'>> }
  )> };

export type OrderInvoiceSendMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderInvoiceSendMutation = { orderInvoiceSend: AdminTypes.Maybe<{ order: AdminTypes.Maybe<Pick<AdminTypes.Order, 'id'>>, userErrors: Array<Pick<AdminTypes.OrderInvoiceSendUserError, 'field' | 'message' | 'code'>> }> };

export type OrderOpenReturnsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderOpenReturnsQuery = { order: AdminTypes.Maybe<{ returns: { nodes: Array<Pick<AdminTypes.Return, 'id' | 'status'>> } }> };

export type OrderForReturnQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderForReturnQuery = { order: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'name'>
    & { fulfillments: Array<{ fulfillmentLineItems: { nodes: Array<(
          Pick<AdminTypes.FulfillmentLineItem, 'id' | 'quantity'>
          & { lineItem: Pick<AdminTypes.LineItem, 'id' | 'sku'> }
        )> } }>, returns: { nodes: Array<(
        Pick<AdminTypes.Return, 'id' | 'status'>
        & { returnLineItems: { nodes: Array<(
            Pick<AdminTypes.ReturnLineItem, 'id' | 'quantity'>
            & { fulfillmentLineItem: Pick<AdminTypes.FulfillmentLineItem, 'id'> }
          ) | Pick<AdminTypes.UnverifiedReturnLineItem, 'id' | 'quantity'>> } }
      )> } }
  )> };

export type ProductExistsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ProductExistsQuery = { product: AdminTypes.Maybe<Pick<AdminTypes.Product, 'id'>> };

export type OrderEditStateQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderEditStateQuery = { order: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'cancelledAt' | 'closed'>
    & { lineItems: { nodes: Array<(
        Pick<AdminTypes.LineItem, 'id' | 'sku' | 'quantity' | 'currentQuantity'>
        & { variant: AdminTypes.Maybe<Pick<AdminTypes.ProductVariant, 'id'>> }
      )> }, events: { nodes: Array<Pick<AdminTypes.BasicEvent, 'secondaryMessage' | 'id' | 'action'> | Pick<AdminTypes.CommentEvent, 'id' | 'action'>> } }
  )> };

export type VariantsBySkuQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type VariantsBySkuQuery = { productVariants: { nodes: Array<Pick<AdminTypes.ProductVariant, 'id' | 'sku'>> } };

export type OrderEditBeginMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderEditBeginMutation = { orderEditBegin: AdminTypes.Maybe<{ calculatedOrder: AdminTypes.Maybe<(
      Pick<AdminTypes.CalculatedOrder, 'id'>
      & { lineItems: { nodes: Array<Pick<AdminTypes.CalculatedLineItem, 'id' | 'sku' | 'quantity'>> } }
    )>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type OrderEditSetQuantityMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  lineItemId: AdminTypes.Scalars['ID']['input'];
  quantity: AdminTypes.Scalars['Int']['input'];
  restock?: AdminTypes.InputMaybe<AdminTypes.Scalars['Boolean']['input']>;
}>;


export type OrderEditSetQuantityMutation = { orderEditSetQuantity: AdminTypes.Maybe<{ calculatedLineItem: AdminTypes.Maybe<Pick<AdminTypes.CalculatedLineItem, 'id' | 'quantity'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type OrderEditAddVariantMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  variantId: AdminTypes.Scalars['ID']['input'];
  quantity: AdminTypes.Scalars['Int']['input'];
  allowDuplicates?: AdminTypes.InputMaybe<AdminTypes.Scalars['Boolean']['input']>;
}>;


export type OrderEditAddVariantMutation = { orderEditAddVariant: AdminTypes.Maybe<{ calculatedLineItem: AdminTypes.Maybe<Pick<AdminTypes.CalculatedLineItem, 'id' | 'quantity'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type OrderEditCommitMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  staffNote?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  notifyCustomer?: AdminTypes.InputMaybe<AdminTypes.Scalars['Boolean']['input']>;
}>;


export type OrderEditCommitMutation = { orderEditCommit: AdminTypes.Maybe<{ order: AdminTypes.Maybe<(
      Pick<AdminTypes.Order, 'id'>
      & { lineItems: { nodes: Array<Pick<AdminTypes.LineItem, 'id' | 'sku' | 'currentQuantity'>> } }
    )>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

interface GeneratedQueryTypes {
  "#graphql\n  query OrderForOrchestration($id: ID!) {\n    order(id: $id) {\n      id\n      name\n      updatedAt\n      cancelledAt\n      closed\n      test\n      currencyCode\n      displayFulfillmentStatus\n      currentTotalPriceSet { shopMoney { amount currencyCode } }\n      risk { recommendation assessments { riskLevel } }\n      shippingAddress {\n        city provinceCode countryCodeV2 zip latitude longitude\n      }\n      lineItems(first: 100) {\n        nodes {\n          id\n          sku\n          title\n          quantity\n          currentQuantity\n          requiresShipping\n          discountedTotalSet { shopMoney { amount currencyCode } }\n        }\n      }\n      transactions(first: 50) {\n        id\n        kind\n        status\n        gateway\n        createdAt\n        authorizationExpiresAt\n        amountSet { shopMoney { amount currencyCode } }\n        parentTransaction { id }\n      }\n    }\n  }\n": {return: OrderForOrchestrationQuery, variables: OrderForOrchestrationQueryVariables},
  "#graphql\n  query OrderFulfillmentOrders($id: ID!) {\n    order(id: $id) {\n      id\n      cancelledAt\n      fulfillmentOrders(first: 8) {\n        nodes {\n          id\n          status\n          requestStatus\n          assignedLocation { location { id } }\n          fulfillmentHolds { id handle reason }\n          lineItems(first: 50) {\n            nodes { id remainingQuantity totalQuantity lineItem { id sku } }\n          }\n        }\n      }\n    }\n  }\n": {return: OrderFulfillmentOrdersQuery, variables: OrderFulfillmentOrdersQueryVariables},
  "#graphql\n  query OrderTransactions($id: ID!) {\n    order(id: $id) {\n      id\n      cancelledAt\n      totalCapturableSet { shopMoney { amount currencyCode } }\n      transactions(first: 50) {\n        id\n        kind\n        status\n        gateway\n        createdAt\n        authorizationExpiresAt\n        amountSet { shopMoney { amount currencyCode } }\n        parentTransaction { id }\n      }\n    }\n  }\n": {return: OrderTransactionsQuery, variables: OrderTransactionsQueryVariables},
  "#graphql\n  query Refund($id: ID!) {\n    refund(id: $id) {\n      id\n      createdAt\n      note\n      order { id name totalRefundedSet { shopMoney { amount currencyCode } } }\n      return { id }\n      totalRefundedSet { shopMoney { amount currencyCode } }\n      refundLineItems(first: 250) {\n        nodes { quantity restockType restocked location { id } lineItem { id sku } }\n      }\n      transactions(first: 50) {\n        nodes { id kind status amountSet { shopMoney { amount currencyCode } } }\n      }\n    }\n  }\n": {return: RefundQuery, variables: RefundQueryVariables},
  "#graphql\n  query ShopIdentity {\n    shop { id name myshopifyDomain currencyCode }\n  }\n": {return: ShopIdentityQuery, variables: ShopIdentityQueryVariables},
  "#graphql\n  query Locations($after: String) {\n    locations(first: 50, after: $after, includeInactive: false) {\n      nodes {\n        id\n        name\n        isActive\n        fulfillsOnlineOrders\n        address { city provinceCode countryCode latitude longitude }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": {return: LocationsQuery, variables: LocationsQueryVariables},
  "#graphql\n  query InventoryLevels($locationId: ID!, $after: String) {\n    location(id: $locationId) {\n      id\n      inventoryLevels(first: 250, after: $after) {\n        nodes {\n          id\n          quantities(names: [\"on_hand\"]) { name quantity }\n          item { id sku }\n        }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": {return: InventoryLevelsQuery, variables: InventoryLevelsQueryVariables},
  "#graphql\n  query InventoryItemsWithLevels($after: String) {\n    inventoryItems(first: 25, after: $after) {\n      nodes {\n        id\n        sku\n        inventoryLevels(first: 10) {\n          nodes {\n            id\n            location { id }\n            quantities(names: [\"available\", \"on_hand\"]) { name quantity }\n          }\n          pageInfo { hasNextPage endCursor }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": {return: InventoryItemsWithLevelsQuery, variables: InventoryItemsWithLevelsQueryVariables},
  "#graphql\n  query InventoryItemLevels($id: ID!, $after: String) {\n    inventoryItem(id: $id) {\n      id\n      inventoryLevels(first: 100, after: $after) {\n        nodes {\n          id\n          location { id }\n          quantities(names: [\"available\", \"on_hand\"]) { name quantity }\n        }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": {return: InventoryItemLevelsQuery, variables: InventoryItemLevelsQueryVariables},
  "#graphql\n  query InventoryLevelsById($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on InventoryLevel {\n        id\n        quantities(names: [\"available\"]) { name quantity }\n      }\n    }\n  }\n": {return: InventoryLevelsByIdQuery, variables: InventoryLevelsByIdQueryVariables},
  "#graphql\n  query BulkOperation($id: ID!) {\n    bulkOperation(id: $id) {\n      id\n      status\n      errorCode\n      objectCount\n      fileSize\n      url\n      partialDataUrl\n      createdAt\n      completedAt\n    }\n  }\n": {return: BulkOperationQuery, variables: BulkOperationQueryVariables},
  "#graphql\n  query CurrentBulkQueryOperation {\n    currentBulkOperation(type: QUERY) {\n      id\n      status\n      errorCode\n      objectCount\n      fileSize\n      url\n      partialDataUrl\n      createdAt\n      completedAt\n    }\n  }\n": {return: CurrentBulkQueryOperationQuery, variables: CurrentBulkQueryOperationQueryVariables},
  "#graphql\n  query WebhookSubscriptions($after: String) {\n    webhookSubscriptions(first: 100, after: $after) {\n      nodes { id topic uri }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": {return: WebhookSubscriptionsQuery, variables: WebhookSubscriptionsQueryVariables},
  "#graphql\n  query OrderCancellation($id: ID!) {\n    order(id: $id) {\n      id\n      cancelledAt\n    }\n  }\n": {return: OrderCancellationQuery, variables: OrderCancellationQueryVariables},
  "#graphql\n  query OrderFulfillmentTracking($id: ID!) {\n    order(id: $id) {\n      fulfillments(first: 50) {\n        id\n        trackingInfo(first: 5) { number }\n      }\n    }\n  }\n": {return: OrderFulfillmentTrackingQuery, variables: OrderFulfillmentTrackingQueryVariables},
  "#graphql\n  query OrderForPurchaseOrder($id: ID!) {\n    order(id: $id) {\n      id\n      name\n      email\n      shippingAddress {\n        name address1 address2 city provinceCode zip countryCodeV2 phone\n      }\n      shippingLine { code title }\n      lineItems(first: 100) {\n        nodes {\n          id\n          sku\n          title\n          quantity\n          discountedTotalSet { shopMoney { amount } }\n          variant { barcode }\n        }\n      }\n    }\n  }\n": {return: OrderForPurchaseOrderQuery, variables: OrderForPurchaseOrderQueryVariables},
  "#graphql\n  query OrdersUpdatedSince($first: Int!, $after: String, $query: String!) {\n    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {\n      nodes {\n        id\n        legacyResourceId\n        name\n        createdAt\n        updatedAt\n        cancelledAt\n        displayFulfillmentStatus\n        sourceName\n        returnStatus\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": {return: OrdersUpdatedSinceQuery, variables: OrdersUpdatedSinceQueryVariables},
  "#graphql\n  query Products($after: String, $query: String) {\n    products(first: 25, after: $after, query: $query, sortKey: UPDATED_AT) {\n      nodes {\n        id\n        title\n        updatedAt\n        featuredImage { url }\n        variants(first: 10) {\n          nodes { id sku barcode title image { url } inventoryItem { id } }\n          pageInfo { hasNextPage endCursor }\n        }\n      }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": {return: ProductsQuery, variables: ProductsQueryVariables},
  "#graphql\n  query ProductVariants($id: ID!, $after: String) {\n    product(id: $id) {\n      id\n      variants(first: 100, after: $after) {\n        nodes { id sku barcode title image { url } inventoryItem { id } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": {return: ProductVariantsQuery, variables: ProductVariantsQueryVariables},
  "#graphql\n  query ReturnForEngine($id: ID!) {\n    return(id: $id) {\n      id\n      name\n      status\n      createdAt\n      closedAt\n      totalQuantity\n      refunds(first: 5) { nodes { id note totalRefundedSet { shopMoney { amount } } } }\n      order {\n        id\n        name\n        currencyCode\n        shippingAddress { latitude longitude }\n        totalShippingPriceSet { shopMoney { amount } }\n        subtotalPriceSet { shopMoney { amount } }\n        fulfillments(first: 5) {\n          createdAt\n          location { id }\n          fulfillmentLineItems(first: 10) { nodes { id } }\n        }\n      }\n      returnLineItems(first: 10) {\n        nodes {\n          id\n          quantity\n          processedQuantity\n          returnReason\n          ... on ReturnLineItem {\n            restockingFee { percentage }\n            withCodeDiscountedTotalPriceSet { shopMoney { amount } }\n            fulfillmentLineItem {\n              id\n              lineItem {\n                id\n                sku\n                quantity\n                taxLines(first: 3) { priceSet { shopMoney { amount } } }\n              }\n            }\n          }\n        }\n      }\n      exchangeLineItems(first: 5) {\n        nodes { id quantity processedQuantity variantId variantSku lineItems { id } }\n      }\n      reverseFulfillmentOrders(first: 2) {\n        nodes {\n          id\n          lineItems(first: 10) {\n            nodes {\n              id\n              totalQuantity\n              fulfillmentLineItem { id }\n              dispositions { id type quantity location { id } }\n            }\n          }\n          reverseDeliveries(first: 1) {\n            nodes {\n              deliverable {\n                ... on ReverseDeliveryShippingDeliverable { tracking { number url carrierName } }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": {return: ReturnForEngineQuery, variables: ReturnForEngineQueryVariables},
  "#graphql\n  query ReturnPages($id: ID!) {\n    return(id: $id) {\n      refunds(first: 5) { pageInfo { hasNextPage } }\n      returnLineItems(first: 10) { pageInfo { hasNextPage } }\n      exchangeLineItems(first: 5) { pageInfo { hasNextPage } }\n      reverseFulfillmentOrders(first: 2) {\n        pageInfo { hasNextPage }\n        nodes {\n          lineItems(first: 10) { pageInfo { hasNextPage } }\n        }\n      }\n      order {\n        fulfillmentsCount { count precision }\n        fulfillments(first: 5) { fulfillmentLineItems(first: 10) { pageInfo { hasNextPage } } }\n      }\n    }\n  }\n": {return: ReturnPagesQuery, variables: ReturnPagesQueryVariables},
  "#graphql\n  query ReturnStatus($id: ID!) {\n    return(id: $id) { id status }\n  }\n": {return: ReturnStatusQuery, variables: ReturnStatusQueryVariables},
  "#graphql\n  query ReturnForRefund($id: ID!) {\n    return(id: $id) {\n      id\n      order { id currencyCode }\n      refunds(first: 10) {\n        nodes { id note totalRefundedSet { shopMoney { amount } } }\n        pageInfo { hasNextPage }\n      }\n      returnLineItems(first: 25) {\n        nodes { id quantity processedQuantity }\n        pageInfo { hasNextPage }\n      }\n    }\n  }\n": {return: ReturnForRefundQuery, variables: ReturnForRefundQueryVariables},
  "#graphql\n  query ReturnExchangeLines($id: ID!) {\n    return(id: $id) {\n      id\n      exchangeLineItems(first: 10) {\n        nodes { id quantity processedQuantity lineItems { id } }\n        pageInfo { hasNextPage }\n      }\n    }\n  }\n": {return: ReturnExchangeLinesQuery, variables: ReturnExchangeLinesQueryVariables},
  "#graphql\n  query ReverseFulfillmentOrderLineDispositions($ids: [ID!]!) {\n    nodes(ids: $ids) { ... on ReverseFulfillmentOrderLineItem { id dispositions { type quantity } } }\n  }\n": {return: ReverseFulfillmentOrderLineDispositionsQuery, variables: ReverseFulfillmentOrderLineDispositionsQueryVariables},
  "#graphql\n  query VariantPrices($ids: [ID!]!) {\n    nodes(ids: $ids) { ... on ProductVariant { id price } }\n  }\n": {return: VariantPricesQuery, variables: VariantPricesQueryVariables},
  "#graphql\n  query OrderBalance($id: ID!) {\n    order(id: $id) {\n      id\n      currencyCode\n      totalOutstandingSet { shopMoney { amount } }\n      paymentCollectionDetails { vaultedPaymentMethods { id } }\n    }\n  }\n": {return: OrderBalanceQuery, variables: OrderBalanceQueryVariables},
  "#graphql\n  query OrderOpenReturns($id: ID!) {\n    order(id: $id) {\n      returns(first: 50) { nodes { id status } }\n    }\n  }\n": {return: OrderOpenReturnsQuery, variables: OrderOpenReturnsQueryVariables},
  "#graphql\n  query OrderForReturn($id: ID!) {\n    order(id: $id) {\n      id\n      name\n      fulfillments(first: 5) {\n        fulfillmentLineItems(first: 20) { nodes { id quantity lineItem { id sku } } }\n      }\n      returns(first: 5) {\n        nodes {\n          id\n          status\n          returnLineItems(first: 20) {\n            nodes { id quantity ... on ReturnLineItem { fulfillmentLineItem { id } } }\n          }\n        }\n      }\n    }\n  }\n": {return: OrderForReturnQuery, variables: OrderForReturnQueryVariables},
  "#graphql\n  query ProductExists($id: ID!) {\n    product(id: $id) { id }\n  }\n": {return: ProductExistsQuery, variables: ProductExistsQueryVariables},
  "#graphql\n  query OrderEditState($id: ID!) {\n    order(id: $id) {\n      id\n      cancelledAt\n      closed\n      lineItems(first: 100) {\n        nodes { id sku quantity currentQuantity variant { id } }\n      }\n      events(first: 100, reverse: true) {\n        nodes {\n          id\n          action\n          ... on BasicEvent { secondaryMessage }\n        }\n      }\n    }\n  }\n": {return: OrderEditStateQuery, variables: OrderEditStateQueryVariables},
  "#graphql\n  query VariantsBySku($query: String!) {\n    productVariants(first: 5, query: $query) {\n      nodes { id sku }\n    }\n  }\n": {return: VariantsBySkuQuery, variables: VariantsBySkuQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation FulfillmentOrderHold($id: ID!, $fulfillmentHold: FulfillmentOrderHoldInput!) {\n    fulfillmentOrderHold(id: $id, fulfillmentHold: $fulfillmentHold) {\n      fulfillmentHold { id handle }\n      fulfillmentOrder { id status }\n      userErrors { field message code }\n    }\n  }\n": {return: FulfillmentOrderHoldMutation, variables: FulfillmentOrderHoldMutationVariables},
  "#graphql\n  mutation FulfillmentOrderReleaseHold($id: ID!, $holdIds: [ID!]) {\n    fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) {\n      fulfillmentOrder { id status }\n      userErrors { field message code }\n    }\n  }\n": {return: FulfillmentOrderReleaseHoldMutation, variables: FulfillmentOrderReleaseHoldMutationVariables},
  "#graphql\n  mutation FulfillmentOrderMove(\n    $id: ID!\n    $newLocationId: ID!\n    $fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!]\n  ) {\n    fulfillmentOrderMove(\n      id: $id\n      newLocationId: $newLocationId\n      fulfillmentOrderLineItems: $fulfillmentOrderLineItems\n    ) {\n      movedFulfillmentOrder { id status assignedLocation { location { id } } }\n      originalFulfillmentOrder { id status }\n      remainingFulfillmentOrder { id status }\n      userErrors { field message }\n    }\n  }\n": {return: FulfillmentOrderMoveMutation, variables: FulfillmentOrderMoveMutationVariables},
  "#graphql\n  mutation OrderCapture($input: OrderCaptureInput!) {\n    orderCapture(input: $input) {\n      transaction {\n        id\n        kind\n        status\n        amountSet { shopMoney { amount currencyCode } }\n        parentTransaction { id }\n      }\n      userErrors { field message }\n    }\n  }\n": {return: OrderCaptureMutation, variables: OrderCaptureMutationVariables},
  "#graphql\n  mutation TransactionVoid($parentTransactionId: ID!) {\n    transactionVoid(parentTransactionId: $parentTransactionId) {\n      transaction { id kind status }\n      userErrors { field message code }\n    }\n  }\n": {return: TransactionVoidMutation, variables: TransactionVoidMutationVariables},
  "#graphql\n  mutation RefundCreate($input: RefundInput!, $idempotencyKey: String!) {\n    refundCreate(input: $input) @idempotent(key: $idempotencyKey) {\n      refund { id totalRefundedSet { shopMoney { amount currencyCode } } }\n      userErrors { field message }\n    }\n  }\n": {return: RefundCreateMutation, variables: RefundCreateMutationVariables},
  "#graphql\n  mutation FulfillmentCreate($fulfillment: FulfillmentInput!, $message: String) {\n    fulfillmentCreate(fulfillment: $fulfillment, message: $message) {\n      fulfillment {\n        id\n        status\n        trackingInfo { company number url }\n      }\n      userErrors { field message }\n    }\n  }\n": {return: FulfillmentCreateMutation, variables: FulfillmentCreateMutationVariables},
  "#graphql\n  mutation MetafieldsSet($metafields: [MetafieldsSetInput!]!) {\n    metafieldsSet(metafields: $metafields) {\n      metafields { id namespace key }\n      userErrors { field message code }\n    }\n  }\n": {return: MetafieldsSetMutation, variables: MetafieldsSetMutationVariables},
  "#graphql\n  mutation TagsAdd($id: ID!, $tags: [String!]!) {\n    tagsAdd(id: $id, tags: $tags) {\n      node { id }\n      userErrors { field message }\n    }\n  }\n": {return: TagsAddMutation, variables: TagsAddMutationVariables},
  "#graphql\n  mutation OrderCancel(\n    $orderId: ID!\n    $reason: OrderCancelReason!\n    $restock: Boolean!\n    $refund: Boolean\n    $notifyCustomer: Boolean\n    $staffNote: String\n  ) {\n    orderCancel(\n      orderId: $orderId\n      reason: $reason\n      restock: $restock\n      refund: $refund\n      notifyCustomer: $notifyCustomer\n      staffNote: $staffNote\n    ) {\n      job { id done }\n      orderCancelUserErrors { field message code }\n    }\n  }\n": {return: OrderCancelMutation, variables: OrderCancelMutationVariables},
  "#graphql\n  mutation InventorySetQuantities($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) {\n    inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {\n      inventoryAdjustmentGroup { id }\n      userErrors { field message code }\n    }\n  }\n": {return: InventorySetQuantitiesMutation, variables: InventorySetQuantitiesMutationVariables},
  "#graphql\n  mutation BulkOperationRunQuery($query: String!) {\n    bulkOperationRunQuery(query: $query) {\n      bulkOperation {\n        id\n        status\n        errorCode\n        objectCount\n        fileSize\n        url\n        partialDataUrl\n        createdAt\n        completedAt\n      }\n      userErrors { field message code }\n    }\n  }\n": {return: BulkOperationRunQueryMutation, variables: BulkOperationRunQueryMutationVariables},
  "#graphql\n  mutation BulkOperationCancel($id: ID!) {\n    bulkOperationCancel(id: $id) {\n      bulkOperation { id status }\n      userErrors { field message }\n    }\n  }\n": {return: BulkOperationCancelMutation, variables: BulkOperationCancelMutationVariables},
  "#graphql\n  mutation WebhookSubscriptionCreate(\n    $topic: WebhookSubscriptionTopic!\n    $webhookSubscription: WebhookSubscriptionInput!\n  ) {\n    webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {\n      webhookSubscription { id topic uri }\n      userErrors { field message }\n    }\n  }\n": {return: WebhookSubscriptionCreateMutation, variables: WebhookSubscriptionCreateMutationVariables},
  "#graphql\n  mutation FulfillmentOrderSubmitFulfillmentRequest($id: ID!, $message: String, $notifyCustomer: Boolean) {\n    fulfillmentOrderSubmitFulfillmentRequest(id: $id, message: $message, notifyCustomer: $notifyCustomer) {\n      submittedFulfillmentOrder { id status requestStatus }\n      userErrors { field message }\n    }\n  }\n": {return: FulfillmentOrderSubmitFulfillmentRequestMutation, variables: FulfillmentOrderSubmitFulfillmentRequestMutationVariables},
  "#graphql\n  mutation FulfillmentOrderSubmitCancellationRequest($id: ID!, $message: String) {\n    fulfillmentOrderSubmitCancellationRequest(id: $id, message: $message) {\n      fulfillmentOrder { id status requestStatus }\n      userErrors { field message }\n    }\n  }\n": {return: FulfillmentOrderSubmitCancellationRequestMutation, variables: FulfillmentOrderSubmitCancellationRequestMutationVariables},
  "#graphql\n  mutation FulfillmentOrdersSetFulfillmentDeadline($fulfillmentOrderIds: [ID!]!, $fulfillmentDeadline: DateTime!) {\n    fulfillmentOrdersSetFulfillmentDeadline(fulfillmentOrderIds: $fulfillmentOrderIds, fulfillmentDeadline: $fulfillmentDeadline) {\n      success\n      userErrors { field message code }\n    }\n  }\n": {return: FulfillmentOrdersSetFulfillmentDeadlineMutation, variables: FulfillmentOrdersSetFulfillmentDeadlineMutationVariables},
  "#graphql\n  mutation ReturnApproveRequest($input: ReturnApproveRequestInput!) {\n    returnApproveRequest(input: $input) {\n      return { id status }\n      userErrors { field message code }\n    }\n  }\n": {return: ReturnApproveRequestMutation, variables: ReturnApproveRequestMutationVariables},
  "#graphql\n  mutation ReturnDeclineRequest($input: ReturnDeclineRequestInput!) {\n    returnDeclineRequest(input: $input) {\n      return { id status }\n      userErrors { field message code }\n    }\n  }\n": {return: ReturnDeclineRequestMutation, variables: ReturnDeclineRequestMutationVariables},
  "#graphql\n  mutation ReturnCreate($returnInput: ReturnInput!) {\n    returnCreate(returnInput: $returnInput) {\n      return { id name status }\n      userErrors { field message code }\n    }\n  }\n": {return: ReturnCreateMutation, variables: ReturnCreateMutationVariables},
  "#graphql\n  mutation ReturnClose($id: ID!) {\n    returnClose(id: $id) {\n      return { id status }\n      userErrors { field message code }\n    }\n  }\n": {return: ReturnCloseMutation, variables: ReturnCloseMutationVariables},
  "#graphql\n  mutation ReverseFulfillmentOrderDispose($dispositionInputs: [ReverseFulfillmentOrderDisposeInput!]!) {\n    reverseFulfillmentOrderDispose(dispositionInputs: $dispositionInputs) {\n      reverseFulfillmentOrderLineItems { id dispositions { id type quantity location { id } } }\n      userErrors { field message code }\n    }\n  }\n": {return: ReverseFulfillmentOrderDisposeMutation, variables: ReverseFulfillmentOrderDisposeMutationVariables},
  "#graphql\n  mutation ReturnProcess($input: ReturnProcessInput!, $idempotencyKey: String!) {\n    returnProcess(input: $input) @idempotent(key: $idempotencyKey) {\n      return { id status }\n      userErrors { field message code }\n    }\n  }\n": {return: ReturnProcessMutation, variables: ReturnProcessMutationVariables},
  "#graphql\n  mutation OrderCreateMandatePayment($id: ID!, $mandateId: ID!, $amount: MoneyInput, $idempotencyKey: String!) {\n    orderCreateMandatePayment(id: $id, mandateId: $mandateId, amount: $amount, idempotencyKey: $idempotencyKey, autoCapture: true) {\n      paymentReferenceId\n      job { id done }\n      jobResult { status errors { message } }\n      userErrors { field message code }\n    }\n  }\n": {return: OrderCreateMandatePaymentMutation, variables: OrderCreateMandatePaymentMutationVariables},
  "#graphql\n  mutation OrderInvoiceSend($id: ID!) {\n    orderInvoiceSend(id: $id) {\n      order { id }\n      userErrors { field message code }\n    }\n  }\n": {return: OrderInvoiceSendMutation, variables: OrderInvoiceSendMutationVariables},
  "#graphql\n  mutation OrderEditBegin($id: ID!) {\n    orderEditBegin(id: $id) {\n      calculatedOrder {\n        id\n        lineItems(first: 100) {\n          nodes { id sku quantity }\n        }\n      }\n      userErrors { field message }\n    }\n  }\n": {return: OrderEditBeginMutation, variables: OrderEditBeginMutationVariables},
  "#graphql\n  mutation OrderEditSetQuantity($id: ID!, $lineItemId: ID!, $quantity: Int!, $restock: Boolean) {\n    orderEditSetQuantity(id: $id, lineItemId: $lineItemId, quantity: $quantity, restock: $restock) {\n      calculatedLineItem { id quantity }\n      userErrors { field message }\n    }\n  }\n": {return: OrderEditSetQuantityMutation, variables: OrderEditSetQuantityMutationVariables},
  "#graphql\n  mutation OrderEditAddVariant($id: ID!, $variantId: ID!, $quantity: Int!, $allowDuplicates: Boolean) {\n    orderEditAddVariant(id: $id, variantId: $variantId, quantity: $quantity, allowDuplicates: $allowDuplicates) {\n      calculatedLineItem { id quantity }\n      userErrors { field message }\n    }\n  }\n": {return: OrderEditAddVariantMutation, variables: OrderEditAddVariantMutationVariables},
  "#graphql\n  mutation OrderEditCommit($id: ID!, $staffNote: String, $notifyCustomer: Boolean) {\n    orderEditCommit(id: $id, staffNote: $staffNote, notifyCustomer: $notifyCustomer) {\n      order {\n        id\n        lineItems(first: 100) {\n          nodes { id sku currentQuantity }\n        }\n      }\n      userErrors { field message }\n    }\n  }\n": {return: OrderEditCommitMutation, variables: OrderEditCommitMutationVariables},
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
