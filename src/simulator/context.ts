import type { Shop, SimOrder, SimStore } from './store';
import type { WebhookEmitter } from './webhooks';

/** What every resolver gets: the shop the access token names, the store, the webhook emitter. */
export interface SimContext {
  shop: Shop;
  store: SimStore;
  webhooks: WebhookEmitter;
}

export const userError = (field: string[] | null, message: string, code: string | null = null) => ({
  field,
  message,
  code,
});

export function touch(order: SimOrder) {
  order.updatedAt = new Date().toISOString();
}
