import type { Router } from 'express';
import { z } from 'zod';
import { ControlError, parseBody, route } from './control-util';
import { quantity } from './inventory';
import { createFulfillmentService, handleize } from './mutations-fulfillment-service';
import { createProduct, newProductInput } from './products';
import type { Shop, SimStore } from './store';
import type { WebhookEmitter } from './webhooks';

/** Control API: shops, their locations and their products (variants and stock). */
export const addressInput = z.object({
  address1: z.string().optional(),
  address2: z.string().optional(),
  city: z.string().optional(),
  provinceCode: z.string().optional(),
  countryCode: z.string().optional(),
  zip: z.string().optional(),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
});

const throttleInput = z
  .object({
    bucketSize: z.number().positive().optional(),
    maximumAvailable: z.number().positive().optional(),
    restoreRate: z.number().positive().optional(),
  })
  .transform((t) => ({
    ...((t.bucketSize ?? t.maximumAvailable) ? { maximumAvailable: t.bucketSize ?? t.maximumAvailable } : {}),
    ...(t.restoreRate ? { restoreRate: t.restoreRate } : {}),
  }));

const fulfillmentServiceInput = z.object({
  handle: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a handle (lowercase letters, digits, dashes)')
    .optional(),
  serviceName: z.string().min(1).optional(),
  callbackUrl: z.string().url().nullish(),
  inventoryManagement: z.boolean().optional(),
  trackingSupport: z.boolean().optional(),
  requiresShippingMethod: z.boolean().optional(),
});

export const shopInput = z.object({
  domain: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'must be a *.myshopify.com domain'),
  accessToken: z.string().min(1),
  webhookSecret: z.string().min(1),
  webhookUrl: z.string().url().nullish(),
  currency: z.string().length(3).optional(),
  name: z.string().optional(),
  throttle: throttleInput.optional(),
});

export function shopSummary(s: Shop) {
  return {
    domain: s.domain,
    name: s.name,
    currency: s.currency,
    webhookUrl: s.webhookUrl,
    throttle: s.throttle,
    locations: s.locations,
    fulfillmentServices: s.fulfillmentServices ?? [],
    variants: s.variants.map((v) => ({
      ...v,
      price: (v.price / 100).toFixed(2),
      inventory: Object.fromEntries(
        [...(s.levels.get(v.inventoryItemGid) ?? new Map()).entries()].map(([loc, level]) => [
          loc,
          { ...level, on_hand: quantity(level, 'on_hand') },
        ]),
      ),
    })),
    subscriptions: s.subscriptions,
    orders: s.orders.length,
  };
}

export function catalogRoutes(r: Router, store: SimStore, shopOf: (domain: string) => Shop, webhooks?: WebhookEmitter) {
  r.post(
    '/shops',
    route((req) => {
      const b = parseBody(shopInput, req.body);
      const existing = store.shops.get(b.domain);
      const tokenOwner = store.shopByToken(b.accessToken);
      if (tokenOwner && tokenOwner !== existing)
        throw new ControlError(409, `Access token already belongs to ${tokenOwner.domain}`);
      return shopSummary(store.createShop(b));
    }),
  );
  r.get(
    '/shops/:domain',
    route((req) => shopSummary(shopOf(String(req.params.domain)))),
  );

  r.post(
    '/shops/:domain/locations',
    route((req) => {
      const shop = shopOf(String(req.params.domain));
      const b = parseBody(
        z.object({
          name: z.string().min(1),
          address: addressInput,
          fulfillsOnlineOrders: z.boolean().default(true),
          isActive: z.boolean().default(true),
          fulfillmentService: fulfillmentServiceInput.optional(),
        }),
        req.body,
      );
      const existing = shop.locations.find((l) => l.name === b.name);
      if (existing) return { id: existing.gid, fulfillmentServiceId: existing.fulfillmentServiceGid ?? null };
      if (b.fulfillmentService) {
        // A location that belongs to a fulfillment service (3PL), as fulfillmentServiceCreate makes one.
        const fs = b.fulfillmentService;
        const serviceName = fs.serviceName ?? b.name;
        const handle = fs.handle ?? handleize(serviceName);
        if ((shop.fulfillmentServices ?? []).some((f) => f.handle === handle))
          throw new ControlError(409, `A fulfillment service with handle ${handle} already exists`);
        const service = createFulfillmentService(store, shop, {
          ...fs,
          serviceName,
          handle,
          location: { name: b.name, address: b.address, fulfillsOnlineOrders: b.fulfillsOnlineOrders },
        });
        return { id: service.locationGid, fulfillmentServiceId: service.gid };
      }
      const loc = {
        gid: store.gid('Location'),
        name: b.name,
        isActive: b.isActive,
        fulfillsOnlineOrders: b.fulfillsOnlineOrders,
        address: b.address,
      };
      shop.locations.push(loc);
      return { id: loc.gid };
    }),
  );

  r.post(
    '/shops/:domain/products',
    route((req) => {
      const shop = shopOf(String(req.params.domain));
      const { product, variants } = createProduct(store, shop, webhooks, parseBody(newProductInput, req.body));
      return {
        id: product.gid,
        variants: variants.map((v) => ({ id: v.gid, sku: v.sku, inventoryItemId: v.inventoryItemGid })),
      };
    }),
  );
}
