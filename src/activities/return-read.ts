import { ApplicationFailure } from '@temporalio/activity';
import * as D from '../shopify/documents';
import type { ShopifyAdmin } from '../shopify/client';
import type { ReturnForEngineQuery } from '../shopify/generated/admin.generated';
import { toMinor } from '../payment/money';
import { FailureType } from '../order/failure-types';
import { toReturnSnapshot, type ReturnSnapshot } from '../returns/snapshot';

type RawReturn = NonNullable<ReturnForEngineQuery['return']>;

/** ReturnForEngine's page sizes (they must match the document's `first:` arguments). */
const PAGE = {
  refunds: 5,
  returnLines: 10,
  exchangeLines: 5,
  rfos: 2,
  rfoLines: 10,
  fulfillments: 5,
  fulfillmentLines: 10,
};

/** Why ReturnForEngine's pages may not hold the whole return (a page came back full), or null. */
function fullPages(r: RawReturn): string[] {
  const full: string[] = [];
  if (r.refunds.nodes.length >= PAGE.refunds) full.push('refunds');
  if (r.returnLineItems.nodes.length >= PAGE.returnLines) full.push('return lines');
  if (r.returnLineItems.nodes.reduce((s, l) => s + l.quantity, 0) !== r.totalQuantity) full.push('return lines');
  if (r.exchangeLineItems.nodes.length >= PAGE.exchangeLines) full.push('exchange lines');
  if (r.reverseFulfillmentOrders.nodes.length >= PAGE.rfos) full.push('reverse fulfillment orders');
  if (r.reverseFulfillmentOrders.nodes.some((rfo) => rfo.lineItems.nodes.length >= PAGE.rfoLines))
    full.push('reverse fulfillment order lines');
  const fulfillments = r.order.fulfillments ?? [];
  if (fulfillments.length >= PAGE.fulfillments) full.push('fulfillments');
  if (fulfillments.some((f) => f.fulfillmentLineItems.nodes.length >= PAGE.fulfillmentLines))
    full.push('fulfillment lines');
  return full;
}

/**
 * A full page may be exactly the whole list: ReturnPages says whether more
 * follow. A return larger than ReturnForEngine's pages fails the read clearly
 * (non-retryable, naming what is too long) rather than being acted on in part.
 */
async function checkComplete(shopify: ShopifyAdmin, returnGid: string, r: RawReturn): Promise<void> {
  if (!fullPages(r).length) return;
  const data = await shopify.request('ReturnPages', D.RETURN_PAGES, { id: returnGid });
  const p = data.return;
  if (!p) return; // gone since: the next read says so
  const more: string[] = [];
  if (p.refunds.pageInfo.hasNextPage) more.push(`more than ${PAGE.refunds} refunds`);
  if (p.returnLineItems.pageInfo.hasNextPage) more.push(`more than ${PAGE.returnLines} return lines`);
  if (p.exchangeLineItems.pageInfo.hasNextPage) more.push(`more than ${PAGE.exchangeLines} exchange lines`);
  if (p.reverseFulfillmentOrders.pageInfo.hasNextPage) more.push(`more than ${PAGE.rfos} reverse fulfillment orders`);
  if (p.reverseFulfillmentOrders.nodes.some((rfo) => rfo.lineItems.pageInfo.hasNextPage))
    more.push(`a reverse fulfillment order of more than ${PAGE.rfoLines} lines`);
  const count = p.order.fulfillmentsCount;
  if (count && (count.count > PAGE.fulfillments || count.precision !== 'EXACT'))
    more.push(`an order of more than ${PAGE.fulfillments} fulfillments`);
  if ((p.order.fulfillments ?? []).some((f) => f.fulfillmentLineItems.pageInfo.hasNextPage))
    more.push(`a fulfillment of more than ${PAGE.fulfillmentLines} lines`);
  if (more.length)
    throw ApplicationFailure.nonRetryable(
      `Return ${returnGid} is larger than the engine reads (${more.join('; ')}): handle it in Shopify's admin`,
      FailureType.ReturnTooLarge,
    );
}

/** The return as the workflow sees it (null: Shopify has no such return), with its replacements' prices. */
export async function readReturnSnapshot(shopify: ShopifyAdmin, returnGid: string): Promise<ReturnSnapshot | null> {
  const data = await shopify.request('ReturnForEngine', D.RETURN_FOR_ENGINE, { id: returnGid });
  if (!data.return) return null;
  await checkComplete(shopify, returnGid, data.return);
  const snapshot = toReturnSnapshot(data.return);
  const ids = [...new Set(snapshot.exchangeLines.flatMap((x) => (x.variantId ? [x.variantId] : [])))];
  if (ids.length) {
    // An exchange's replacement is worth its variant's price (the exchange line carries no price of its own).
    const prices = await shopify.request('VariantPrices', D.VARIANT_PRICES, { ids });
    const priceOf = new Map(
      prices.nodes.flatMap((n) => (n && 'price' in n ? [[n.id, toMinor(n.price, snapshot.currency).toString()]] : [])),
    );
    for (const x of snapshot.exchangeLines) x.unitPriceMinor = (x.variantId && priceOf.get(x.variantId)) || null;
  }
  return snapshot;
}

/** What a refund of the return needs to know, read alone (ReturnForRefund). */
export interface ReturnForRefund {
  orderGid: string;
  currency: string;
  refunds: { id: string; note: string | null; amountMinor: string }[];
  lines: { returnLineItemId: string; quantity: number; processedQuantity: number }[];
}

export async function readReturnForRefund(shopify: ShopifyAdmin, returnGid: string): Promise<ReturnForRefund> {
  const data = await shopify.request('ReturnForRefund', D.RETURN_FOR_REFUND, { id: returnGid });
  const r = data.return;
  if (!r) throw ApplicationFailure.nonRetryable(`Return ${returnGid} not found in Shopify`, FailureType.OrderNotFound);
  // A refund paid against a partial list could pay twice: a return with more fails clearly.
  if (r.refunds.pageInfo.hasNextPage || r.returnLineItems.pageInfo.hasNextPage)
    throw ApplicationFailure.nonRetryable(
      `Return ${returnGid} has more refunds or lines than the engine reads (${r.refunds.nodes.length} refunds, ${r.returnLineItems.nodes.length} lines): refund it in Shopify's admin`,
      FailureType.ReturnTooLarge,
    );
  const currency = r.order.currencyCode;
  return {
    orderGid: r.order.id,
    currency,
    refunds: r.refunds.nodes.map((x) => ({
      id: x.id,
      note: x.note ?? null,
      amountMinor: toMinor(x.totalRefundedSet.shopMoney.amount, currency).toString(),
    })),
    lines: r.returnLineItems.nodes.map((l) => ({
      returnLineItemId: l.id,
      quantity: l.quantity,
      processedQuantity: l.processedQuantity,
    })),
  };
}

/** A return's exchange lines (ReturnExchangeLines); a return with more than one page fails clearly. */
export async function readExchangeLines(shopify: ShopifyAdmin, returnGid: string) {
  const data = await shopify.request('ReturnExchangeLines', D.RETURN_EXCHANGE_LINES, { id: returnGid });
  if (!data.return) throw ApplicationFailure.nonRetryable(`Return ${returnGid} not found`, FailureType.OrderNotFound);
  const page = data.return.exchangeLineItems;
  if (page.pageInfo.hasNextPage)
    throw ApplicationFailure.nonRetryable(
      `Return ${returnGid} has more than ${page.nodes.length} exchange lines: process them in Shopify's admin`,
      FailureType.ReturnTooLarge,
    );
  return page.nodes;
}
