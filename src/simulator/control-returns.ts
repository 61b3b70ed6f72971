import type { Router } from 'express';
import { z } from 'zod';
import type { SimContext } from './context';
import { ControlError, parseBody, route } from './control-util';
import { fulfillmentLineItems, returnableQuantity, returnsOf } from './returns-model';
import { returnMutations } from './returns';
import { money, type Shop, type SimOrder, type SimReturn, type SimStore } from './store';
import type { WebhookEmitter } from './webhooks';

/**
 * Control API: the customer's side of returns, and their state for assertions.
 *   POST /shops/{domain}/orders/{id}/returns  { lineItems: [{ sku, quantity, reason?, customerNote? }] }
 *     the customer requests a return in the store's customer account: the same
 *     code and rules as returnRequest (a userError answers 409), fulfilled units
 *     of each SKU taken in fulfillment order; returns/request is sent.
 *   GET  /shops/{domain}/orders/{id}/returns  every return of the order, as JSON.
 * {id} is the order's numeric ID.
 */
const REASONS = [
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

const requestBody = z.object({
  lineItems: z
    .array(
      z.object({
        sku: z.string().min(1),
        quantity: z.number().int().positive(),
        reason: z.enum(REASONS).default('UNKNOWN'),
        customerNote: z.string().optional(),
      }),
    )
    .min(1),
});

/** A return as plain JSON (amounts as decimals). */
export function returnState(order: SimOrder, ret: SimReturn) {
  return {
    ...ret,
    id: ret.gid,
    legacyResourceId: ret.id.toString(),
    orderId: order.gid,
    shippingFees: ret.shippingFees.map((f) => ({ id: f.gid, amount: money(f.amount) })),
    refunds: order.refunds
      .filter((r) => r.returnGid === ret.gid)
      .map((r) => ({ id: r.gid, amount: money(r.amount), transactionIds: r.transactionGids ?? [] })),
  };
}

/** The customer's lines as returnRequest input: each SKU's returnable fulfilled units, first fulfillments first. */
function requestLines(order: SimOrder, lines: z.infer<typeof requestBody>['lineItems']) {
  return lines.flatMap((l) => {
    let wanted = l.quantity;
    const picks = [];
    for (const ref of fulfillmentLineItems(order).filter((r) => r.lineItem.sku === l.sku)) {
      const n = Math.min(wanted, returnableQuantity(order, ref.line.gid));
      if (n > 0) picks.push({ fulfillmentLineItemId: ref.line.gid, quantity: n });
      wanted -= n;
    }
    if (wanted > 0)
      throw new ControlError(409, `Order ${order.name} has no ${l.quantity} returnable units of ${l.sku}`);
    return picks.map((p) => ({ ...p, returnReason: l.reason, customerNote: l.customerNote ?? null }));
  });
}

export function returnRoutes(r: Router, store: SimStore, webhooks: WebhookEmitter, shopOf: (domain: string) => Shop) {
  const target = (params: Record<string, unknown>) => {
    const shop = shopOf(String(params.domain));
    const order = shop.orders.find((x) => x.id.toString() === String(params.id));
    if (!order) throw new ControlError(404, `No order ${params.id} in ${shop.domain}`);
    return { shop, order };
  };

  r.post(
    '/shops/:domain/orders/:id/returns',
    route((req) => {
      const { shop, order } = target(req.params);
      const body = parseBody(requestBody, req.body);
      const ctx: SimContext = { shop, store, webhooks };
      const result = returnMutations.returnRequest(
        { input: { orderId: order.gid, returnLineItems: requestLines(order, body.lineItems) } },
        ctx,
      );
      if (result.userErrors.length) throw new ControlError(409, result.userErrors.map((e) => e.message).join('; '));
      return returnState(order, returnsOf(order).at(-1)!);
    }),
  );

  r.get(
    '/shops/:domain/orders/:id/returns',
    route((req) => {
      const { order } = target(req.params);
      return returnsOf(order).map((ret) => returnState(order, ret));
    }),
  );
}
