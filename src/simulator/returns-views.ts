import { connection } from './connection';
import {
  fulfillmentLineItem,
  fulfillmentLineItems,
  returnableQuantity,
  returnsOf,
  type FulfillmentLineItemRef,
} from './returns-model';
import {
  money,
  type Shop,
  type SimDisposition,
  type SimExchangeLineItem,
  type SimFulfillment,
  type SimOrder,
  type SimRefund,
  type SimReturn,
  type SimReturnLineItem,
  type SimReverseDelivery,
  type SimReverseFulfillmentOrder,
  type SimReverseFulfillmentOrderLine,
} from './store';
import { bag, lineItemView, locationView, orderView, transactionView } from './views';

/**
 * Returns, reverse fulfillment orders, reverse deliveries, fulfillment line
 * items and refunds as GraphQL objects (see views.ts for how plain objects
 * resolve). Fields without state in the simulator (staff members, reason
 * definitions, weights, suggested outcomes) resolve to null where the schema
 * allows it.
 */
type Page = { first?: number; after?: string; last?: number; before?: string; reverse?: boolean };
const page = <T>(list: T[], args: Page) => connection(args.reverse ? [...list].reverse() : list, args);
const legacyId = (gid: string) => gid.split('/').pop()!.split('?')[0]!;

export function fulfillmentLineItemView(shop: Shop, order: SimOrder, ref: FulfillmentLineItemRef) {
  const total = ref.lineItem.price * ref.line.quantity;
  return {
    __typename: 'FulfillmentLineItem',
    id: ref.line.gid,
    quantity: ref.line.quantity,
    lineItem: () => lineItemView(shop, order, ref.lineItem),
    originalTotalSet: bag(total, order.currency),
    discountedTotalSet: bag(total, order.currency),
    originalTotal: money(total),
    discountedTotal: money(total),
  };
}

/** The fields of Fulfillment beyond what views.ts and mutations-fulfillment.ts already give. */
export function fulfillmentExtras(shop: Shop, order: SimOrder, f: SimFulfillment) {
  const refs = () => fulfillmentLineItems(order).filter((r) => r.fulfillment === f);
  const location = shop.locations.find((l) => l.gid === f.locationGid);
  return {
    legacyResourceId: legacyId(f.gid),
    name: `${order.name}.${order.fulfillments.indexOf(f) + 1}`, // as fulfillments/create names it
    updatedAt: f.createdAt,
    totalQuantity: f.lines.reduce((s, l) => s + l.quantity, 0),
    requiresShipping: refs().some((r) => r.lineItem.requiresShipping),
    location: () => (location ? locationView(shop, location) : null),
    order: () => orderView(shop, order),
    fulfillmentLineItems: (args: Page) =>
      page(
        refs().map((r) => fulfillmentLineItemView(shop, order, r)),
        args,
      ),
  };
}

export function returnableFulfillmentView(shop: Shop, order: SimOrder, f: SimFulfillment) {
  const refs = fulfillmentLineItems(order).filter((r) => r.fulfillment === f);
  return {
    __typename: 'ReturnableFulfillment',
    id: `gid://shopify/ReturnableFulfillment/${legacyId(f.gid)}`,
    fulfillment: { __typename: 'Fulfillment', id: f.gid, status: f.status, createdAt: f.createdAt },
    returnableFulfillmentLineItems: (args: Page) =>
      page(
        refs
          .map((r) => ({ r, quantity: returnableQuantity(order, r.line.gid) }))
          .filter((x) => x.quantity > 0)
          .map((x) => ({
            __typename: 'ReturnableFulfillmentLineItem',
            quantity: x.quantity,
            fulfillmentLineItem: fulfillmentLineItemView(shop, order, x.r),
          })),
        args,
      ),
  };
}

/** Fulfillments with units a new return could still take. */
export function returnableFulfillments(shop: Shop, order: SimOrder) {
  return order.fulfillments
    .filter((f) => f.lines.some((l) => returnableQuantity(order, l.gid) > 0))
    .map((f) => returnableFulfillmentView(shop, order, f));
}

function dispositionView(shop: Shop, d: SimDisposition) {
  const location = shop.locations.find((l) => l.gid === d.locationGid);
  return {
    __typename: 'ReverseFulfillmentOrderDisposition',
    id: d.gid,
    type: d.type,
    quantity: d.quantity,
    createdAt: d.createdAt,
    location: () => (location ? locationView(shop, location) : null),
  };
}

export function rfoLineView(shop: Shop, order: SimOrder, line: SimReverseFulfillmentOrderLine) {
  const ref = fulfillmentLineItem(order, line.fulfillmentLineItemGid);
  return {
    __typename: 'ReverseFulfillmentOrderLineItem',
    id: line.gid,
    totalQuantity: line.totalQuantity,
    dispositions: line.dispositions.map((d) => dispositionView(shop, d)),
    fulfillmentLineItem: () => (ref ? fulfillmentLineItemView(shop, order, ref) : null),
  };
}

export function reverseDeliveryView(
  shop: Shop,
  order: SimOrder,
  ret: SimReturn,
  rfo: SimReverseFulfillmentOrder,
  d: SimReverseDelivery,
): Record<string, unknown> {
  return {
    __typename: 'ReverseDelivery',
    id: d.gid,
    reverseFulfillmentOrder: () => reverseFulfillmentOrderView(shop, order, ret, rfo),
    reverseDeliveryLineItems: (args: Page) =>
      page(
        d.lines.map((l) => {
          const line = rfo.lines.find((x) => x.gid === l.reverseFulfillmentOrderLineGid)!;
          return {
            __typename: 'ReverseDeliveryLineItem',
            id: l.gid,
            quantity: l.quantity,
            reverseFulfillmentOrderLineItem: () => rfoLineView(shop, order, line),
            dispositions: line.dispositions
              .filter((x) => x.reverseDeliveryLineItemGid === l.gid)
              .map((x) => dispositionView(shop, x)),
          };
        }),
        args,
      ),
    deliverable:
      d.tracking || d.label
        ? {
            __typename: 'ReverseDeliveryShippingDeliverable',
            tracking: d.tracking ? { __typename: 'ReverseDeliveryTrackingV2', ...d.tracking } : null,
            label: d.label
              ? {
                  __typename: 'ReverseDeliveryLabelV2',
                  publicFileUrl: d.label.fileUrl,
                  createdAt: d.label.createdAt,
                  updatedAt: d.label.updatedAt,
                }
              : null,
          }
        : null,
  };
}

export function reverseFulfillmentOrderView(
  shop: Shop,
  order: SimOrder,
  ret: SimReturn,
  rfo: SimReverseFulfillmentOrder,
): Record<string, unknown> {
  return {
    __typename: 'ReverseFulfillmentOrder',
    id: rfo.gid,
    status: rfo.status,
    order: () => orderView(shop, order),
    thirdPartyConfirmation: null,
    lineItems: (args: Page) =>
      page(
        rfo.lines.map((l) => rfoLineView(shop, order, l)),
        args,
      ),
    reverseDeliveries: (args: Page) =>
      page(
        rfo.deliveries.map((d) => reverseDeliveryView(shop, order, ret, rfo, d)),
        args,
      ),
  };
}

function returnLineItemView(shop: Shop, order: SimOrder, ret: SimReturn, l: SimReturnLineItem) {
  const ref = fulfillmentLineItem(order, l.fulfillmentLineItemGid);
  const unit = ref?.lineItem.price ?? 0;
  return {
    __typename: 'ReturnLineItem',
    id: l.gid,
    quantity: l.quantity,
    processedQuantity: l.processedQuantity,
    processableQuantity: l.quantity - l.processedQuantity,
    unprocessedQuantity: l.quantity - l.processedQuantity,
    refundedQuantity: l.refundedQuantity,
    refundableQuantity: l.quantity - l.refundedQuantity,
    returnReason: l.returnReason,
    returnReasonNote: l.returnReasonNote,
    returnReasonDefinition: null,
    customerNote: l.customerNote,
    totalWeight: null,
    withCodeDiscountedTotalPriceSet: bag(unit * l.quantity, order.currency),
    restockingFee: l.restockingFee
      ? {
          __typename: 'RestockingFee',
          id: l.restockingFee.gid,
          percentage: l.restockingFee.percentage,
          amountSet: bag(Math.round((unit * l.quantity * l.restockingFee.percentage) / 100), order.currency),
        }
      : null,
    fulfillmentLineItem: () => (ref ? fulfillmentLineItemView(shop, order, ref) : null),
  };
}

function exchangeLineItemView(shop: Shop, order: SimOrder, l: SimExchangeLineItem) {
  const variant = shop.variants.find((v) => v.gid === l.variantGid);
  const lineItems = order.lineItems
    .filter((li) => l.lineItemGids.includes(li.gid))
    .map((li) => lineItemView(shop, order, li));
  return {
    __typename: 'ExchangeLineItem',
    id: l.gid,
    quantity: l.quantity,
    processedQuantity: l.processedQuantity,
    processableQuantity: l.quantity - l.processedQuantity,
    unprocessedQuantity: l.quantity - l.processedQuantity,
    variantId: l.variantGid,
    variantSku: variant?.sku ?? null,
    variantTitle: variant ? (variant.optionTitle ?? 'Default Title') : null,
    productId: variant?.productGid ?? null,
    title: variant?.title ?? null,
    lineItems: lineItems.length ? lineItems : null,
    lineItem: lineItems[0] ?? null,
  };
}

const byProcessing = <T extends { quantity: number; processedQuantity: number }>(list: T[], status?: string) =>
  list.filter((l) =>
    status === 'PROCESSED'
      ? l.processedQuantity > 0
      : status === 'PROCESSABLE'
        ? l.quantity - l.processedQuantity > 0
        : true,
  );

export function refundView(shop: Shop, order: SimOrder, r: SimRefund): Record<string, unknown> {
  const ret = r.returnGid ? returnsOf(order).find((x) => x.gid === r.returnGid) : undefined;
  const txs = order.transactions.filter((t) => r.transactionGids?.includes(t.gid));
  return {
    __typename: 'Refund',
    id: r.gid,
    legacyResourceId: legacyId(r.gid),
    createdAt: r.createdAt,
    processedAt: r.createdAt,
    updatedAt: r.createdAt,
    note: r.note ?? null,
    staffMember: null,
    duties: [],
    order: () => orderView(shop, order),
    return: () => (ret ? returnView(shop, order, ret) : null),
    totalRefundedSet: bag(r.amount, order.currency),
    totalRefunded: { __typename: 'MoneyV2', amount: money(r.amount), currencyCode: order.currency },
    transactions: (args: Page) =>
      page(
        txs.map((t) => transactionView(order, t)),
        args,
      ),
    orderAdjustments: (args: Page) => page([], args),
    refundShippingLines: (args: Page) =>
      page(
        r.shipping
          ? [
              {
                __typename: 'RefundShippingLine',
                id: `${r.gid.replace('/Refund/', '/RefundShippingLine/')}`,
                subtotalAmountSet: bag(r.shipping, order.currency),
                taxAmountSet: bag(0, order.currency),
              },
            ]
          : [],
        args,
      ),
    refundLineItems: (args: Page) =>
      page(
        (r.lines ?? []).map((l) => {
          const li = order.lineItems.find((x) => x.gid === l.lineItemGid)!;
          const location = shop.locations.find((x) => x.gid === l.locationGid);
          return {
            __typename: 'RefundLineItem',
            id: l.gid,
            quantity: l.quantity,
            lineItem: () => lineItemView(shop, order, li),
            location: () => (location ? locationView(shop, location) : null),
            restockType: l.restockType,
            restocked: l.restocked,
            priceSet: bag(l.price, order.currency),
            price: money(l.price),
            subtotalSet: bag(l.subtotal, order.currency),
            subtotal: money(l.subtotal),
            totalTaxSet: bag(0, order.currency),
            totalTax: money(0),
          };
        }),
        args,
      ),
  };
}

export function returnView(shop: Shop, order: SimOrder, ret: SimReturn): Record<string, unknown> {
  const refunds = () => order.refunds.filter((r) => r.returnGid === ret.gid);
  return {
    __typename: 'Return',
    id: ret.gid,
    name: ret.name,
    status: ret.status,
    createdAt: ret.createdAt,
    requestApprovedAt: ret.requestApprovedAt,
    closedAt: ret.closedAt,
    decline: ret.decline ? { __typename: 'ReturnDecline', ...ret.decline } : null,
    staffMember: null,
    suggestedFinancialOutcome: null,
    suggestedRefund: null,
    totalQuantity: ret.lines.reduce((s, l) => s + l.quantity, 0),
    order: () => orderView(shop, order),
    returnShippingFees: ret.shippingFees.map((f) => ({
      __typename: 'ReturnShippingFee',
      id: f.gid,
      amountSet: bag(f.amount, order.currency),
    })),
    returnLineItems: (args: Page & { processingStatus?: string }) =>
      page(
        byProcessing(ret.lines, args.processingStatus).map((l) => returnLineItemView(shop, order, ret, l)),
        args,
      ),
    exchangeLineItems: (args: Page & { processingStatus?: string }) =>
      page(
        byProcessing(ret.exchangeLines, args.processingStatus).map((l) => exchangeLineItemView(shop, order, l)),
        args,
      ),
    reverseFulfillmentOrders: (args: Page) =>
      page(
        ret.reverseFulfillmentOrders.map((rfo) => reverseFulfillmentOrderView(shop, order, ret, rfo)),
        args,
      ),
    refunds: (args: Page) =>
      page(
        refunds().map((r) => refundView(shop, order, r)),
        args,
      ),
    transactions: (args: Page) =>
      page(
        order.transactions
          .filter((t) => refunds().some((r) => r.transactionGids?.includes(t.gid)))
          .map((t) => transactionView(order, t)),
        args,
      ),
  };
}

/** Order.returns: `query` filters by `status:<status>` (other terms do not filter). */
export function orderReturnsView(shop: Shop, order: SimOrder, args: Page & { query?: string | null }) {
  const status = /status:(\w+)/i.exec(args.query ?? '')?.[1]?.toUpperCase();
  return page(
    returnsOf(order)
      .filter((r) => !status || r.status === status)
      .map((r) => returnView(shop, order, r)),
    args,
  );
}
