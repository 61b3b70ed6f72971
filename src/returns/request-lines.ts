/**
 * A return the engine is asked to create (POST /returns, `npm run ops -- return`)
 * names lines the way a call centre does: by SKU or line item, with a
 * quantity. Shopify's returnCreate wants fulfillment line items. Pure: this
 * maps one onto the other against what the order has fulfilled and what its
 * returns already hold.
 */

/** Shopify's ReturnReason values. */
export const RETURN_REASONS = [
  'COLOR',
  'DEFECTIVE',
  'NOT_AS_DESCRIBED',
  'OTHER',
  'SIZE_TOO_LARGE',
  'SIZE_TOO_SMALL',
  'STYLE',
  'UNKNOWN',
  'UNWANTED',
  'WRONG_ITEM',
] as const;
export type ReturnReasonCode = (typeof RETURN_REASONS)[number];

export interface RequestedReturnLine {
  /** One of sku / lineItemId names the line. */
  sku?: string;
  lineItemId?: string;
  quantity: number;
  reason?: ReturnReasonCode;
  note?: string;
}

export interface FulfilledLine {
  fulfillmentLineItemId: string;
  lineItemId: string;
  sku: string | null;
  quantity: number;
}

/** Units of each fulfillment line item already in returns that are not declined or cancelled. */
export type HeldByReturns = Map<string, number>;

export interface MappedReturnLine {
  fulfillmentLineItemId: string;
  quantity: number;
  returnReason: ReturnReasonCode;
  returnReasonNote: string;
}

export type LineMapping = { ok: true; lines: MappedReturnLine[] } | { ok: false; field: string; problem: string };

export function mapReturnLines(
  requested: RequestedReturnLine[],
  fulfilled: FulfilledLine[],
  held: HeldByReturns,
): LineMapping {
  const left = new Map(
    fulfilled.map((f) => [f.fulfillmentLineItemId, f.quantity - (held.get(f.fulfillmentLineItemId) ?? 0)]),
  );
  const out: MappedReturnLine[] = [];
  for (const [i, r] of requested.entries()) {
    const matches = fulfilled.filter((f) =>
      r.lineItemId ? f.lineItemId === r.lineItemId || f.lineItemId.endsWith(`/${r.lineItemId}`) : f.sku === r.sku,
    );
    if (!matches.length)
      return { ok: false, field: `lines.${i}`, problem: `no fulfilled line of the order is ${r.lineItemId ?? r.sku}` };
    let want = r.quantity;
    for (const f of matches) {
      const take = Math.min(want, left.get(f.fulfillmentLineItemId) ?? 0);
      if (take <= 0) continue;
      left.set(f.fulfillmentLineItemId, (left.get(f.fulfillmentLineItemId) ?? 0) - take);
      out.push({
        fulfillmentLineItemId: f.fulfillmentLineItemId,
        quantity: take,
        returnReason: r.reason ?? 'UNKNOWN',
        returnReasonNote: r.note ?? '',
      });
      want -= take;
      if (want === 0) break;
    }
    if (want > 0)
      return {
        ok: false,
        field: `lines.${i}.quantity`,
        problem: `only ${r.quantity - want} of ${r.quantity} units of ${r.lineItemId ?? r.sku} are fulfilled and not already being returned`,
      };
  }
  return { ok: true, lines: out };
}
