/**
 * Documents for collecting what an order owes (the simulator's own tests):
 * the order's balance and vaulted cards, a mandate payment, an invoice.
 */
export const ORDER_BALANCE = /* GraphQL */ `
  query OrderBalance($id: ID!) {
    order(id: $id) {
      id
      displayFinancialStatus
      totalOutstandingSet { shopMoney { amount currencyCode } }
      paymentCollectionDetails {
        additionalPaymentCollectionUrl
        vaultedPaymentMethods {
          id
          paymentInstrument {
            __typename
            ... on VaultCreditCard { brand lastDigits expiryMonth expiryYear expired name }
          }
        }
      }
      transactions(first: 20) { id kind status paymentId gateway amountSet { shopMoney { amount currencyCode } } }
    }
  }
`;

export const ORDER_CREATE_MANDATE_PAYMENT = /* GraphQL */ `
  mutation OrderCreateMandatePayment(
    $id: ID!
    $mandateId: ID!
    $idempotencyKey: String!
    $amount: MoneyInput
    $autoCapture: Boolean
    $paymentScheduleId: ID
  ) {
    orderCreateMandatePayment(
      id: $id
      mandateId: $mandateId
      idempotencyKey: $idempotencyKey
      amount: $amount
      autoCapture: $autoCapture
      paymentScheduleId: $paymentScheduleId
    ) {
      job { id done query { order(id: $id) { id totalOutstandingSet { shopMoney { amount } } } } }
      jobResult {
        id
        done
        status
        errors { field message }
        order { id totalOutstandingSet { shopMoney { amount } } }
      }
      paymentReferenceId
      userErrors { field message code }
    }
  }
`;

export const ORDER_INVOICE_SEND = /* GraphQL */ `
  mutation OrderInvoiceSend($id: ID!, $email: EmailInput) {
    orderInvoiceSend(id: $id, email: $email) {
      order { id email totalOutstandingSet { shopMoney { amount } } }
      userErrors { field message code }
    }
  }
`;

/** Every document above, by name, for the schema check. */
export const PAYMENT_COLLECTION_DOCUMENTS = { ORDER_BALANCE, ORDER_CREATE_MANDATE_PAYMENT, ORDER_INVOICE_SEND };
