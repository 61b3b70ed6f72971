import { Router, type Request, type Response, type NextFunction } from 'express';
import { z } from 'zod';
import { cancelOrder } from './mutations-order';
import { totals } from './payments';
import { cents, money, nowIso, type Shop, type SimOrder, type SimStore } from './store';
import type { SimContext } from './context';
import { orderBody, transactionBody, type WebhookEmitter } from './webhooks';

/**
 * The control API (/_sim) for tests and the demo: build shops, place orders as
 * a shopper would, act as the merchant in the admin, inject faults, shape
 * webhook delivery, and read back state for assertions.
 */
const address = z.object({
  address1: z.string().optional(),
  city: z.string().optional(),
  provinceCode: z.string().optional(),
  countryCode: z.string().optional(),
  zip: z.string().optional(),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
});

const orderInput = z.object({
  lineItems: z.array(z.object({ sku: z.string(), quantity: z.number().int().positive(), price: z.string().optional() })).min(1),
  shippingAddress: address.passthrough().optional(),
  email: z.string().optional(),
  shippingPrice: z.string().optional(),
  payment: z.enum(['authorized', 'pending', 'paid']).default('authorized'),
  authorizationExpiresInSeconds: z.number().int().positive().default(7 * 24 * 3600),
  declineCaptures: z.boolean().default(false),
  risk: z.enum(['LOW', 'MEDIUM', 'HIGH']).default('LOW'),
  tags: z.array(z.string()).default([]),
});

class ControlError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw new ControlError(400, r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}

/** Internal state as plain JSON (bigints as strings, amounts as decimals). */
export function orderState(shop: Shop, o: SimOrder) {
  const t = totals(o);
  return {
    id: o.gid,
    legacyResourceId: o.id.toString(),
    name: o.name,
    cancelledAt: o.cancelledAt,
    total: money(t.total),
    tags: o.tags,
    metafields: o.metafields,
    transactions: o.transactions.map((x) => ({ id: x.gid, kind: x.kind, status: x.status, amount: money(x.amount), parentId: x.parentGid, errorCode: x.errorCode })),
    fulfillmentOrders: o.fulfillmentOrders.map((fo) => {
      const loc = shop.locations.find((l) => l.gid === fo.locationGid);
      return { id: fo.gid, status: fo.status, requestStatus: fo.requestStatus, locationName: loc?.name ?? null, assignedLocation: { id: fo.locationGid, name: loc?.name ?? null }, holds: fo.holds, lines: fo.lines };
    }),
    fulfillments: o.fulfillments,
    refunds: o.refunds.map((r) => ({ id: r.gid, amount: money(r.amount) })),
  };
}

export function controlRouter(store: SimStore, webhooks: WebhookEmitter): Router {
  const r = Router();
  const shopOf = (req: Request): Shop => {
    const shop = store.shops.get(String(req.params.domain));
    if (!shop) throw new ControlError(404, `No shop ${req.params.domain}`);
    return shop;
  };
  const orderOf = (shop: Shop, req: Request): SimOrder => {
    const o = shop.orders.find((x) => x.id.toString() === req.params.id);
    if (!o) throw new ControlError(404, `No order ${req.params.id}`);
    return o;
  };
  const ctx = (shop: Shop): SimContext => ({ shop, store, webhooks });
  const handle = (fn: (req: Request, res: Response) => unknown) => (req: Request, res: Response, next: NextFunction) => {
    try {
      const out = fn(req, res);
      if (!res.headersSent) res.json(out ?? { ok: true });
    } catch (err) {
      next(err);
    }
  };

  r.post('/shops', handle((req) => {
    const b = parseBody(
      z.object({ domain: z.string().regex(/\.myshopify\.com$/), accessToken: z.string().min(1), webhookSecret: z.string().min(1), webhookUrl: z.string().url().nullish(), currency: z.string().optional(), name: z.string().optional(), throttle: z.object({ maximumAvailable: z.number().positive().optional(), restoreRate: z.number().positive().optional() }).optional() }),
      req.body,
    );
    const shop = store.createShop(b);
    return { domain: shop.domain, throttle: shop.throttle };
  }));
  r.get('/shops/:domain', handle((req) => {
    const s = shopOf(req);
    return { domain: s.domain, locations: s.locations, variants: s.variants, subscriptions: s.subscriptions, orders: s.orders.length };
  }));

  r.post('/shops/:domain/locations', handle((req) => {
    const shop = shopOf(req);
    const b = parseBody(z.object({ name: z.string().min(1), address, fulfillsOnlineOrders: z.boolean().default(true), isActive: z.boolean().default(true) }), req.body);
    const existing = shop.locations.find((l) => l.name === b.name);
    if (existing) return { id: existing.gid };
    const loc = { gid: store.gid('Location'), name: b.name, isActive: b.isActive, fulfillsOnlineOrders: b.fulfillsOnlineOrders, address: b.address };
    shop.locations.push(loc);
    return { id: loc.gid };
  }));

  r.post('/shops/:domain/products', handle((req) => {
    const shop = shopOf(req);
    const b = parseBody(
      z.object({ title: z.string(), variants: z.array(z.object({ sku: z.string().min(1), price: z.string(), requiresShipping: z.boolean().default(true), inventory: z.record(z.string(), z.number().int()).default({}) })).min(1) }),
      req.body,
    );
    return {
      variants: b.variants.map((v) => {
        let variant = shop.variants.find((x) => x.sku === v.sku);
        if (!variant) {
          variant = { gid: store.gid('ProductVariant'), sku: v.sku, title: b.title, price: cents(v.price), requiresShipping: v.requiresShipping, inventoryItemGid: store.gid('InventoryItem') };
          shop.variants.push(variant);
        }
        const levels = shop.levels.get(variant.inventoryItemGid) ?? new Map<string, number>();
        for (const [loc, qty] of Object.entries(v.inventory)) {
          if (!shop.locations.some((l) => l.gid === loc)) throw new ControlError(400, `Unknown location ${loc}`);
          levels.set(loc, qty);
        }
        shop.levels.set(variant.inventoryItemGid, levels);
        return { id: variant.gid, sku: variant.sku, inventoryItemId: variant.inventoryItemGid };
      }),
    };
  }));

  r.post('/shops/:domain/orders', handle((req) => {
    const shop = shopOf(req);
    const b = parseBody(orderInput, req.body);
    const home = shop.locations.find((l) => l.isActive && l.fulfillsOnlineOrders);
    if (!home) throw new ControlError(409, 'The shop has no location that fulfills online orders');
    const id = store.id();
    const createdAt = nowIso();
    const lineItems = b.lineItems.map((l) => {
      const v = shop.variants.find((x) => x.sku === l.sku);
      if (!v && !l.price) throw new ControlError(400, `Unknown SKU ${l.sku} (give a price for a custom item)`);
      const lid = store.id();
      return { id: lid, gid: store.gid('LineItem', lid), sku: l.sku, title: v?.title ?? l.sku, quantity: l.quantity, price: l.price ? cents(l.price) : v!.price, requiresShipping: v?.requiresShipping ?? true };
    });
    const order: SimOrder = {
      id,
      gid: store.gid('Order', id),
      name: `#${shop.nextOrderNumber++}`,
      email: b.email ?? null,
      createdAt,
      updatedAt: createdAt,
      cancelledAt: null,
      closed: false,
      currency: shop.currency,
      lineItems,
      shippingPrice: b.shippingPrice ? cents(b.shippingPrice) : 0,
      shippingAddress: b.shippingAddress ?? null,
      transactions: [],
      fulfillmentOrders: [],
      fulfillments: [],
      metafields: [],
      tags: b.tags,
      risk: b.risk,
      declineCaptures: b.declineCaptures,
      refunds: [],
    };
    const shippable = lineItems.filter((l) => l.requiresShipping);
    if (shippable.length) {
      order.fulfillmentOrders.push({
        gid: store.gid('FulfillmentOrder'),
        status: 'OPEN',
        requestStatus: 'UNSUBMITTED',
        locationGid: home.gid,
        holds: [],
        createdAt,
        lines: shippable.map((l) => ({ gid: store.gid('FulfillmentOrderLineItem'), lineItemGid: l.gid, totalQuantity: l.quantity, remainingQuantity: l.quantity })),
      });
    }
    shop.orders.push(order);
    const total = totals(order).total;
    const tx = (kind: 'AUTHORIZATION' | 'SALE') => {
      const tid = store.id();
      const t = { id: tid, gid: store.gid('OrderTransaction', tid), kind, status: 'SUCCESS' as const, amount: total, parentGid: null, gateway: 'bogus', createdAt, errorCode: null, authorizationExpiresAt: kind === 'AUTHORIZATION' ? new Date(Date.now() + b.authorizationExpiresInSeconds * 1000).toISOString() : null };
      order.transactions.push(t);
      return t;
    };
    webhooks.emit(shop, 'orders/create', orderBody(order));
    if (b.payment === 'authorized') webhooks.emit(shop, 'order_transactions/create', transactionBody(order, tx('AUTHORIZATION')));
    if (b.payment === 'paid') {
      webhooks.emit(shop, 'order_transactions/create', transactionBody(order, tx('SALE')));
      webhooks.emit(shop, 'orders/paid', orderBody(order));
    }
    return orderState(shop, order);
  }));

  r.get('/shops/:domain/orders/:id', handle((req) => {
    const shop = shopOf(req);
    return orderState(shop, orderOf(shop, req));
  }));

  r.post('/shops/:domain/orders/:id/authorize', handle((req) => {
    const shop = shopOf(req);
    const order = orderOf(shop, req);
    const tid = store.id();
    const t = { id: tid, gid: store.gid('OrderTransaction', tid), kind: 'AUTHORIZATION' as const, status: 'SUCCESS' as const, amount: totals(order).total, parentGid: null, gateway: 'bogus', createdAt: nowIso(), errorCode: null, authorizationExpiresAt: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString() };
    order.transactions.push(t);
    order.updatedAt = nowIso();
    webhooks.emit(shop, 'order_transactions/create', transactionBody(order, t));
    return orderState(shop, order);
  }));

  r.post('/shops/:domain/orders/:id/cancel', handle((req) => {
    const shop = shopOf(req);
    const order = orderOf(shop, req);
    if (order.cancelledAt) throw new ControlError(409, 'Order is already cancelled');
    cancelOrder(ctx(shop), order, !!(req.body && req.body.refund));
    return orderState(shop, order);
  }));

  r.post('/shops/:domain/orders/:id/update', handle((req) => {
    const shop = shopOf(req);
    const order = orderOf(shop, req);
    const b = parseBody(z.object({ email: z.string().optional(), tags: z.array(z.string()).optional() }), req.body);
    if (b.email) order.email = b.email;
    if (b.tags) order.tags = b.tags;
    order.updatedAt = nowIso();
    webhooks.emit(shop, 'orders/updated', orderBody(order));
    return orderState(shop, order);
  }));

  r.get('/shops/:domain/requests', handle((req) => shopOf(req).requestLog));
  r.delete('/shops/:domain/requests', handle((req) => {
    shopOf(req).requestLog = [];
  }));
  r.post('/shops/:domain/faults', handle((req) => {
    const shop = shopOf(req);
    const b = parseBody(z.object({ kind: z.enum(['latency', 'error5xx', 'throttle', 'loseResponse']), operationName: z.string().optional(), field: z.string().optional(), count: z.number().int().positive().default(1), ms: z.number().int().nonnegative().optional() }), req.body);
    shop.faults.push({ kind: b.kind, operationName: b.operationName, field: b.field, remaining: b.count, ms: b.ms });
    return { faults: shop.faults };
  }));
  r.delete('/shops/:domain/faults', handle((req) => {
    shopOf(req).faults = [];
  }));
  r.put('/shops/:domain/webhook-behavior', handle((req) => {
    const shop = shopOf(req);
    const b = parseBody(z.object({ duplicate: z.number().int().min(0).optional(), delayMs: z.number().int().min(0).optional(), reorderWindow: z.number().int().min(0).optional(), dropTopics: z.array(z.string()).optional(), dropRate: z.number().min(0).max(1).optional() }), req.body);
    shop.webhookBehavior = { ...shop.webhookBehavior, ...b };
    if (!shop.webhookBehavior.reorderWindow) webhooks.flush(shop);
    return shop.webhookBehavior;
  }));
  r.get('/shops/:domain/webhooks', handle((req) => shopOf(req).deliveries));
  r.post('/shops/:domain/webhooks/flush', handle((req) => {
    webhooks.flush(shopOf(req));
  }));

  r.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = err instanceof ControlError ? err.status : 500;
    res.status(status).json({ error: err instanceof Error ? err.message : String(err) });
  });
  return r;
}
