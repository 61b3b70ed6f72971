import type { Router } from 'express';
import { z } from 'zod';
import { addressInput } from './control-catalog';
import { ControlError, parseBody, route } from './control-util';
import type { SimContext } from './context';
import { withLevelWebhooks } from './level-webhooks';
import { applyOrderEdit, type OrderEditChange } from './order-edits';
import { cancelOrder } from './mutations-order';
import { authorization, orderState, placeOrder } from './orders';
import { nowIso, type Shop, type SimOrder, type SimStore } from './store';
import { orderBody, transactionBody } from './webhook-bodies';
import type { WebhookEmitter } from './webhooks';

/** Control API: orders placed as a shopper, and the merchant's admin actions on them. */
const orderInput = z.object({
  lineItems: z
    .array(
      z.object({
        sku: z.string().min(1),
        quantity: z.number().int().positive(),
        price: z
          .string()
          .regex(/^\d+(\.\d{1,2})?$/)
          .optional(),
      }),
    )
    .min(1),
  shippingAddress: addressInput.passthrough().optional(),
  email: z.string().optional(),
  note: z.string().optional(),
  shippingPrice: z
    .string()
    .regex(/^\d+(\.\d{1,2})?$/)
    .optional(),
  payment: z.enum(['authorized', 'pending', 'paid']).default('authorized'),
  /** Authorize this much rather than the total (headroom for edits that add units). */
  authorizedAmount: z
    .string()
    .regex(/^\d+(\.\d{1,2})?$/)
    .optional(),
  authorizationExpiresInSeconds: z
    .number()
    .positive()
    .default(7 * 24 * 3600),
  /** Also declines mandate payments (orderCreateMandatePayment) charged to the order's vaulted card. */
  declineCaptures: z.boolean().default(false),
  /** false: the card was not vaulted, so the order has no PaymentMandate (paymentCollectionDetails lists none). */
  vaultedPaymentMethod: z.boolean().default(true),
  risk: z.enum(['LOW', 'MEDIUM', 'HIGH']).default('LOW'),
  tags: z.array(z.string()).default([]),
  /** 'pos': a sale at a store's point of sale (needs locationId, a location GID or name): paid and fulfilled there at once. */
  sourceName: z.enum(['web', 'pos']).default('web'),
  locationId: z.string().optional(),
});

export function orderRoutes(r: Router, store: SimStore, webhooks: WebhookEmitter, shopOf: (domain: string) => Shop) {
  const target = (params: Record<string, unknown>): { shop: Shop; order: SimOrder } => {
    const shop = shopOf(String(params.domain));
    const order = shop.orders.find((x) => x.id.toString() === String(params.id));
    if (!order) throw new ControlError(404, `No order ${params.id} in ${shop.domain}`);
    return { shop, order };
  };
  const ctx = (shop: Shop): SimContext => ({ shop, store, webhooks });

  r.post(
    '/shops/:domain/orders',
    route((req) => {
      const shop = shopOf(String(req.params.domain));
      return orderState(shop, placeOrder(store, shop, webhooks, parseBody(orderInput, req.body)));
    }),
  );

  r.get(
    '/shops/:domain/orders/:id',
    route((req) => {
      const { shop, order } = target(req.params);
      return orderState(shop, order);
    }),
  );

  r.post(
    '/shops/:domain/orders/:id/authorize',
    route((req) => {
      const { shop, order } = target(req.params);
      const b = parseBody(
        z.object({
          authorizationExpiresInSeconds: z
            .number()
            .positive()
            .default(7 * 24 * 3600),
        }),
        req.body,
      );
      if (order.cancelledAt) throw new ControlError(409, 'Order is cancelled');
      if (order.transactions.some((t) => (t.kind === 'AUTHORIZATION' || t.kind === 'SALE') && t.status === 'SUCCESS'))
        throw new ControlError(409, 'Order payment is not pending');
      const t = authorization(store, order, b.authorizationExpiresInSeconds);
      order.updatedAt = nowIso();
      webhooks.emit(shop, 'order_transactions/create', transactionBody(order, t));
      return orderState(shop, order);
    }),
  );

  r.post(
    '/shops/:domain/orders/:id/cancel',
    route((req) => {
      const { shop, order } = target(req.params);
      const b = parseBody(
        z.object({ refund: z.boolean().default(false), restock: z.boolean().default(true) }),
        req.body,
      );
      if (order.cancelledAt) throw new ControlError(409, 'Order is already cancelled');
      // As in the admin and orderCancel: an order with fulfillments is refunded or returned, not cancelled.
      if (order.fulfillments.length) throw new ControlError(409, 'Cannot cancel an order that has fulfillments');
      withLevelWebhooks(shop, webhooks, () => cancelOrder(ctx(shop), order, b));
      return orderState(shop, order);
    }),
  );

  // An order edit as the merchant makes it in the admin (orderEditBegin ... orderEditCommit, one implementation):
  // `lines` set existing lines' current quantity by SKU (0 removes), `add` adds variants by SKU.
  r.post(
    '/shops/:domain/orders/:id/edit',
    route((req) => {
      const { shop, order } = target(req.params);
      const b = parseBody(
        z
          .object({
            lines: z.array(z.object({ sku: z.string(), quantity: z.number().int().min(0) })).default([]),
            add: z
              .array(
                z.object({ sku: z.string(), quantity: z.number().int().positive(), location: z.string().optional() }),
              )
              .default([]),
            staffNote: z.string().optional(),
          })
          .refine((x) => x.lines.length + x.add.length > 0, 'lines or add must name a change'),
        req.body,
      );
      const change: OrderEditChange = {
        quantities: b.lines.map((l) => {
          const li = order.lineItems.find((x) => x.sku === l.sku);
          if (!li) throw new ControlError(404, `no line item with SKU ${l.sku}`);
          return { lineItemGid: li.gid, quantity: l.quantity, restock: true };
        }),
        additions: b.add.map((a) => {
          const v = shop.variants.find((x) => x.sku === a.sku);
          if (!v) throw new ControlError(404, `no variant with SKU ${a.sku}`);
          const location = a.location && shop.locations.find((l) => l.gid === a.location || l.name === a.location);
          if (a.location && !location) throw new ControlError(404, `no location ${a.location}`);
          return { variantGid: v.gid, quantity: a.quantity, locationGid: location ? location.gid : null };
        }),
        staffNote: b.staffNote ?? null,
      };
      const { errors } = applyOrderEdit(ctx(shop), order, change);
      if (errors.length) throw new ControlError(409, errors.map((e) => e.message).join('; '));
      return orderState(shop, order);
    }),
  );

  r.post(
    '/shops/:domain/orders/:id/update',
    route((req) => {
      const { shop, order } = target(req.params);
      const b = parseBody(
        z.object({
          email: z.string().optional(),
          tags: z.array(z.string()).optional(),
          note: z.string().nullable().optional(),
        }),
        req.body,
      );
      if (b.email !== undefined) order.email = b.email;
      if (b.tags !== undefined) order.tags = b.tags;
      if (b.note !== undefined) order.note = b.note;
      order.updatedAt = nowIso();
      webhooks.emit(shop, 'orders/updated', orderBody(order));
      return orderState(shop, order);
    }),
  );
}
