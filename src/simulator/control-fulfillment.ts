import type { Router } from 'express';
import { z } from 'zod';
import type { SimContext } from './context';
import { ControlError, parseBody, route } from './control-util';
import { findFulfillmentOrder } from './mutations-fulfillment';
import { fulfillmentServiceMutations as M } from './mutations-fulfillment-service';
import { orderState } from './orders';
import type { Shop, SimStore } from './store';
import type { WebhookEmitter } from './webhooks';

/**
 * Control API: act as the fulfillment service (3PL) on a fulfillment order
 * assigned to its location. Each action runs the same code as the 3PL's Admin
 * API mutation (same rules, same webhooks); a userError answers 409.
 *   GET  /shops/{domain}/fulfillment-orders/{id}
 *   POST /shops/{domain}/fulfillment-orders/{id}/accept-request       { message?, estimatedShippedAt? }
 *   POST /shops/{domain}/fulfillment-orders/{id}/reject-request       { message?, reason?, lineItems?: [{ fulfillmentOrderLineItemId, message? }] }
 *   POST /shops/{domain}/fulfillment-orders/{id}/accept-cancellation  { message? }
 *   POST /shops/{domain}/fulfillment-orders/{id}/reject-cancellation  { message? }
 * {id} is the fulfillment order's GID (URL-encoded) or its numeric ID.
 */
const REJECTION_REASONS = [
  'INCORRECT_ADDRESS',
  'INCORRECT_PRODUCT_INFO',
  'INELIGIBLE_PRODUCT',
  'INTERNATIONAL_SHIPPING_UNAVAILABLE',
  'INVALID_CONTACT_INFORMATION',
  'INVALID_SKU',
  'INVENTORY_OUT_OF_STOCK',
  'MERCHANT_BLOCKED_OR_SUSPENDED',
  'MISSING_CUSTOMS_INFO',
  'ORDER_TOO_LARGE',
  'OTHER',
  'PACKAGE_PREFERENCE_NOT_SET',
  'PAYMENT_DECLINED',
  'UNDELIVERABLE_DESTINATION',
] as const;

const message = z.string().nullish();
const bodies = {
  'accept-request': z.object({ message, estimatedShippedAt: z.string().datetime({ offset: true }).nullish() }),
  'reject-request': z.object({
    message,
    reason: z.enum(REJECTION_REASONS).nullish(),
    lineItems: z.array(z.object({ fulfillmentOrderLineItemId: z.string().min(1), message })).nullish(),
  }),
  'accept-cancellation': z.object({ message }),
  'reject-cancellation': z.object({ message }),
};
const mutationOf = {
  'accept-request': M.fulfillmentOrderAcceptFulfillmentRequest,
  'reject-request': M.fulfillmentOrderRejectFulfillmentRequest,
  'accept-cancellation': M.fulfillmentOrderAcceptCancellationRequest,
  'reject-cancellation': M.fulfillmentOrderRejectCancellationRequest,
} as const;
type Action = keyof typeof mutationOf;

export function fulfillmentRoutes(
  r: Router,
  store: SimStore,
  webhooks: WebhookEmitter,
  shopOf: (domain: string) => Shop,
) {
  const target = (params: Record<string, unknown>) => {
    const shop = shopOf(String(params.domain));
    const raw = String(params.id);
    const gid = raw.startsWith('gid://') ? raw : `gid://shopify/FulfillmentOrder/${raw}`;
    const ctx: SimContext = { shop, store, webhooks };
    const found = findFulfillmentOrder(ctx, gid);
    if (!found) throw new ControlError(404, `No fulfillment order ${raw} in ${shop.domain}`);
    return { ctx, gid, ...found };
  };
  const foState = (shop: Shop, order: Parameters<typeof orderState>[1], gid: string) => ({
    order: { id: order.gid, legacyResourceId: order.id.toString(), name: order.name },
    fulfillmentOrder: orderState(shop, order).fulfillmentOrders.find((f) => f.id === gid)!,
  });

  r.get(
    '/shops/:domain/fulfillment-orders/:id',
    route((req) => {
      const { ctx, gid, order } = target(req.params);
      return foState(ctx.shop, order, gid);
    }),
  );

  r.post(
    '/shops/:domain/fulfillment-orders/:id/:action',
    route((req) => {
      const action = String(req.params.action) as Action;
      if (!(action in mutationOf))
        throw new ControlError(
          404,
          `Unknown fulfillment order action ${action} (one of ${Object.keys(mutationOf).join(', ')})`,
        );
      const { ctx, gid, order } = target(req.params);
      const args = { ...parseBody(bodies[action] as z.ZodType<Record<string, unknown>>, req.body), id: gid };
      const result = (mutationOf[action] as (a: any, c: SimContext) => { userErrors: { message: string }[] })(
        args,
        ctx,
      );
      if (result.userErrors.length) throw new ControlError(409, result.userErrors.map((e) => e.message).join('; '));
      return foState(ctx.shop, order, gid);
    }),
  );
}
