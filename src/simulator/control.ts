import { Router } from 'express';
import { catalogRoutes } from './control-catalog';
import { fulfillmentRoutes } from './control-fulfillment';
import { orderRoutes } from './control-orders';
import { opsRoutes } from './control-ops';
import { returnRoutes } from './control-returns';
import { productRoutes } from './products';
import { ControlError, controlErrors } from './control-util';
import type { SimStore } from './store';
import type { WebhookEmitter } from './webhooks';

export { orderState } from './orders';

/**
 * The control API (/_sim, JSON) for tests and the demo: build shops, place
 * orders as a shopper would, act as the merchant in the admin, inject faults,
 * shape webhook delivery, and read back state for assertions.
 */
export function controlRouter(store: SimStore, webhooks: WebhookEmitter): Router {
  const r = Router();
  const shopOf = (domain: string) => {
    const shop = store.shops.get(domain);
    if (!shop) throw new ControlError(404, `No shop ${domain}`);
    return shop;
  };
  catalogRoutes(r, store, shopOf, webhooks);
  productRoutes(r, store, webhooks, shopOf);
  orderRoutes(r, store, webhooks, shopOf);
  fulfillmentRoutes(r, store, webhooks, shopOf);
  returnRoutes(r, store, webhooks, shopOf);
  opsRoutes(r, webhooks, shopOf);
  r.use(controlErrors);
  return r;
}
