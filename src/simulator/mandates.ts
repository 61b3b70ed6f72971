import { createHash } from 'node:crypto';
import { outstanding } from './payments';
import type { Shop, SimMandate, SimOrder, SimStore } from './store';

/**
 * Payment mandates: the card a shopper paid with at checkout, vaulted with
 * their permission to charge it again (a PaymentMandate whose instrument is a
 * VaultCreditCard), and Order.paymentCollectionDetails, which lists them with
 * the link Shopify gives for paying what the order still owes.
 */
export function vaultMandate(store: SimStore, order: SimOrder, holder: string | null): SimMandate {
  const mandate: SimMandate = {
    gid: store.gid('PaymentMandate'),
    brand: 'Bogus',
    lastDigits: '1',
    expiryMonth: 12,
    expiryYear: new Date().getUTCFullYear() + 3,
    name: holder || 'Bogus Gateway',
  };
  (order.mandates ??= []).push(mandate);
  return mandate;
}

export function mandateView(m: SimMandate) {
  return {
    __typename: 'PaymentMandate',
    id: m.gid,
    paymentInstrument: {
      __typename: 'VaultCreditCard',
      brand: m.brand,
      lastDigits: m.lastDigits,
      expiryMonth: m.expiryMonth,
      expiryYear: m.expiryYear,
      expired: new Date(Date.UTC(m.expiryYear, m.expiryMonth)) <= new Date(),
      name: m.name,
      billingAddress: null,
    },
  };
}

/** Where the customer pays an order's balance (stable per order): an invoice's checkout link. */
export function paymentCollectionUrl(shop: Shop, order: SimOrder): string {
  const token = createHash('sha256').update(`${shop.domain}/${order.gid}`).digest('hex').slice(0, 32);
  return `https://${shop.domain}/${order.id}/invoices/${token}`;
}

/** OrderPaymentCollectionDetails: the URL only while the order owes money; the vaulted methods always. */
export function paymentCollectionDetailsView(shop: Shop, order: SimOrder) {
  return {
    __typename: 'OrderPaymentCollectionDetails',
    additionalPaymentCollectionUrl: outstanding(order) > 0 ? paymentCollectionUrl(shop, order) : null,
    vaultedPaymentMethods: (order.mandates ?? []).map(mandateView),
  };
}
