import type { GraphQLResolveInfo } from 'graphql';
import { touch, userError, type SimContext } from './context';
import { commitLine } from './inventory';
import { withLevelWebhooks } from './level-webhooks';
import type { SimOrder } from './store';
import { orderBody } from './webhook-bodies';

/**
 * refundCreate's `refundLineItems` with `restockType: CANCEL`: Shopify's way to
 * cancel unfulfilled units of an order it will no longer cancel whole (part of
 * it is fulfilled). Each cancelled unit leaves the line's current quantity and
 * its open fulfillment orders (committed back to available at their location);
 * a fulfillment order with nothing left closes. Checked before the refund
 * (payment side: mutations-payment.ts) runs; applied only when it succeeded.
 * Other restock types (returns) are not modelled here.
 */
interface RefundLineItem {
  lineItemId: string;
  quantity: number;
  restockType?: string | null;
}

type Resolver = (args: any, ctx: SimContext, info: GraphQLResolveInfo) => any;

const isOpen = (status: string) => status !== 'CLOSED' && status !== 'CANCELLED';

function unfulfilled(order: SimOrder, lineItemGid: string): number {
  return order.fulfillmentOrders
    .filter((fo) => isOpen(fo.status))
    .flatMap((fo) => fo.lines.filter((l) => l.lineItemGid === lineItemGid))
    .reduce((n, l) => n + l.remainingQuantity, 0);
}

export function cancellingRefundLineItems(refundCreate: Resolver): Resolver {
  return (args, ctx, info) => {
    const items: RefundLineItem[] = (args.input?.refundLineItems ?? []).filter(
      (l: RefundLineItem) => l.restockType === 'CANCEL',
    );
    if (!items.length) return refundCreate(args, ctx, info);
    const order = ctx.store.findOrder(ctx.shop, args.input.orderId);
    if (!order) return refundCreate(args, ctx, info);
    const fail = (i: number, message: string) => ({
      refund: null,
      userErrors: [userError(['refundLineItems', String(i), 'quantity'], message)],
    });
    const asked = new Map<string, number>();
    for (const [i, l] of items.entries()) {
      if (!order.lineItems.some((li) => li.gid === l.lineItemId))
        return {
          refund: null,
          userErrors: [userError(['refundLineItems', String(i), 'lineItemId'], 'Line item does not exist')],
        };
      if (!(l.quantity > 0)) return fail(i, 'Quantity must be greater than zero');
      asked.set(l.lineItemId, (asked.get(l.lineItemId) ?? 0) + l.quantity);
      const open = unfulfilled(order, l.lineItemId);
      if (asked.get(l.lineItemId)! > open)
        return fail(i, `Cannot cancel more than the ${open} unfulfilled unit(s) of this line item`);
    }
    const result = refundCreate(args, ctx, info);
    if (!result?.refund) return result;
    withLevelWebhooks(ctx.shop, ctx.webhooks, () => {
      for (const l of items) {
        const li = order.lineItems.find((x) => x.gid === l.lineItemId)!;
        li.currentQuantity = (li.currentQuantity ?? li.quantity) - l.quantity;
        let left = l.quantity;
        for (const fo of order.fulfillmentOrders.filter((f) => isOpen(f.status))) {
          const lines = fo.lines.filter((x) => x.lineItemGid === li.gid && x.remainingQuantity > 0);
          if (!lines.length || left === 0) continue;
          for (const line of lines) {
            const n = Math.min(left, line.remainingQuantity);
            commitLine(ctx.shop, order, fo, li.gid, n, 'release');
            line.remainingQuantity -= n;
            line.totalQuantity -= n;
            left -= n;
          }
          if (fo.lines.every((x) => x.remainingQuantity === 0)) {
            fo.status = 'CLOSED';
            fo.holds = [];
          }
        }
      }
    });
    touch(order);
    ctx.webhooks.emit(ctx.shop, 'orders/updated', orderBody(order));
    return result;
  };
}
