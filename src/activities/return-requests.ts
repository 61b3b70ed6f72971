import { ApplicationFailure } from '@temporalio/activity';
import type { Pool } from 'pg';
import * as D from '../shopify/documents';
import { variantIdForSku } from '../shopify/variants';
import type { ShopifyAdmin } from '../shopify/client';
import type { ReturnReason } from '../shopify/generated/admin.types';
import { mapReturnLines, type RequestedReturnLine } from '../returns/request-lines';
import type { ReturnRequestInput } from '../returns/contract';
import { RETURN_REFUSED } from '../returns/refusal';

/**
 * Create a requested return in Shopify, once. The request is recorded first
 * (return_requests); a return already made for it is answered again. A create
 * whose answer was lost is found among the order's returns (one the engine
 * did not know, with exactly these lines) and adopted instead of made twice.
 */
export function returnRequestActivities(pool: Pool, shopify: ShopifyAdmin) {
  return {
    async createReturnInShopify(input: ReturnRequestInput): Promise<{ returnGid: string; adopted: boolean }> {
      const orderGid = `gid://shopify/Order/${input.orderId}`;
      await pool.query(
        `INSERT INTO return_requests (shop_domain, request_id, order_gid, request) VALUES ($1, $2, $3, $4)
         ON CONFLICT (shop_domain, request_id) DO NOTHING`,
        [input.shopDomain, input.requestId, orderGid, JSON.stringify(input)],
      );
      const { rows } = await pool.query<{ return_gid: string | null; order_gid: string }>(
        `SELECT return_gid, order_gid FROM return_requests WHERE shop_domain = $1 AND request_id = $2`,
        [input.shopDomain, input.requestId],
      );
      const row = rows[0]!;
      if (row.order_gid !== orderGid)
        throw ApplicationFailure.nonRetryable(
          `request ${input.requestId} was already used for another order`,
          RETURN_REFUSED,
        );
      if (row.return_gid) return { returnGid: row.return_gid, adopted: true };

      const data = await shopify.request('OrderForReturn', D.ORDER_FOR_RETURN, { id: orderGid });
      if (!data.order) throw ApplicationFailure.nonRetryable(`Shopify has no order ${input.orderId}`, RETURN_REFUSED);
      const fulfilled = data.order.fulfillments.flatMap((f) =>
        f.fulfillmentLineItems.nodes.map((n) => ({
          fulfillmentLineItemId: n.id,
          lineItemId: n.lineItem.id,
          sku: n.lineItem.sku ?? null,
          quantity: n.quantity ?? 0,
        })),
      );
      const live = data.order.returns.nodes.filter((r) => r.status !== 'DECLINED' && r.status !== 'CANCELED');
      const known = await pool.query<{ return_gid: string }>(
        `SELECT return_gid FROM return_requests WHERE shop_domain = $1 AND return_gid IS NOT NULL
         UNION SELECT return_gid FROM order_returns WHERE shop_domain = $1`,
        [input.shopDomain],
      );
      const knownGids = new Set(known.rows.map((r) => r.return_gid));
      const held = new Map<string, number>();
      for (const r of live)
        for (const l of r.returnLineItems.nodes) {
          const fli = 'fulfillmentLineItem' in l ? l.fulfillmentLineItem.id : null;
          if (fli) held.set(fli, (held.get(fli) ?? 0) + l.quantity);
        }
      const shape = (lines: { fulfillmentLineItemId: string; quantity: number }[]) =>
        lines
          .map((l) => `${l.fulfillmentLineItemId}:${l.quantity}`)
          .sort()
          .join(',');
      // A create whose answer was lost: its return holds units now, so map as if it did not, then look for it.
      for (const r of live.filter((x) => !knownGids.has(x.id))) {
        const without = new Map(held);
        for (const l of r.returnLineItems.nodes)
          if ('fulfillmentLineItem' in l)
            without.set(l.fulfillmentLineItem.id, (without.get(l.fulfillmentLineItem.id) ?? 0) - l.quantity);
        const m = mapReturnLines(input.lines as RequestedReturnLine[], fulfilled, without);
        const theirs = r.returnLineItems.nodes.flatMap((l) =>
          'fulfillmentLineItem' in l ? [{ fulfillmentLineItemId: l.fulfillmentLineItem.id, quantity: l.quantity }] : [],
        );
        if (m.ok && shape(m.lines) === shape(theirs)) return record(r.id, true);
      }
      const mapped = mapReturnLines(input.lines as RequestedReturnLine[], fulfilled, held);
      if (!mapped.ok) throw ApplicationFailure.nonRetryable(`${mapped.field}: ${mapped.problem}`, RETURN_REFUSED);
      const exchangeLineItems = [];
      for (const [i, x] of (input.exchanges ?? []).entries()) {
        const variantId = x.variantId ?? (x.sku ? await variantIdForSku(shopify, x.sku) : null);
        if (!variantId)
          throw ApplicationFailure.nonRetryable(
            `exchanges[${i}].sku: no product variant has SKU ${x.sku}`,
            RETURN_REFUSED,
          );
        exchangeLineItems.push({ variantId, quantity: x.quantity });
      }
      const created = await shopify.mutate('ReturnCreate', 'returnCreate', D.RETURN_CREATE, {
        returnInput: {
          orderId: orderGid,
          ...(exchangeLineItems.length ? { exchangeLineItems } : {}),
          notifyCustomer: input.notifyCustomer ?? true,
          returnLineItems: mapped.lines.map((l) => ({
            fulfillmentLineItemId: l.fulfillmentLineItemId,
            quantity: l.quantity,
            returnReason: l.returnReason as ReturnReason,
            returnReasonNote: l.returnReasonNote,
          })),
        },
      });
      const gid = created.returnCreate?.return?.id;
      if (!gid) throw new Error('returnCreate answered without a return');
      return record(gid, false);

      async function record(returnGid: string, adopted: boolean) {
        await pool.query(`UPDATE return_requests SET return_gid = $3 WHERE shop_domain = $1 AND request_id = $2`, [
          input.shopDomain,
          input.requestId,
          returnGid,
        ]);
        return { returnGid, adopted };
      }
    },
  };
}
