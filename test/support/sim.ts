/** A small typed client for the simulator's control API (/_sim), for tests. */
export class SimulatorControl {
  constructor(
    readonly baseUrl: string,
    readonly domain: string,
  ) {}

  async call<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/_sim${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} /_sim${path} -> ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  shopPath(p = '') {
    return `/shops/${this.domain}${p}`;
  }

  createShop(body: Record<string, unknown>) {
    return this.call('POST', '/shops', { domain: this.domain, ...body });
  }
  addLocation(body: Record<string, unknown>) {
    return this.call<{ id: string }>('POST', this.shopPath('/locations'), body);
  }
  addProduct(body: Record<string, unknown>) {
    return this.call('POST', this.shopPath('/products'), body);
  }
  /** The product as the simulator holds it: { id, legacyResourceId, title, handle, status, imageUrl, updatedAt, variants: [{ id, sku, barcode, title, inventoryItemId, imageUrl }] }. */
  product(productId: string) {
    return this.call<any>('GET', this.shopPath(`/products/${encodeURIComponent(productId)}`));
  }
  products() {
    return this.call<any[]>('GET', this.shopPath('/products'));
  }
  /**
   * Change a product as the merchant would in the admin (emits products/update): title, status, imageUrl;
   * `variants: [{ id, sku?, barcode?, title?, imageUrl? }]` changes variants, `addVariants` adds (as addProduct's variants),
   * `removeVariants: [variantGid]` deletes.
   */
  updateProduct(productId: string, body: Record<string, unknown>) {
    return this.call<any>('PATCH', this.shopPath(`/products/${encodeURIComponent(productId)}`), body);
  }
  createOrder(body: Record<string, unknown>) {
    return this.call<{ id: string; legacyResourceId: string; name: string }>('POST', this.shopPath('/orders'), body);
  }
  order(legacyId: string) {
    return this.call<any>('GET', this.shopPath(`/orders/${legacyId}`));
  }
  orderAction(
    legacyId: string,
    action: 'authorize' | 'cancel' | 'update' | 'edit',
    body: Record<string, unknown> = {},
  ) {
    return this.call('POST', this.shopPath(`/orders/${legacyId}/${action}`), body);
  }
  fault(body: Record<string, unknown>) {
    return this.call('POST', this.shopPath('/faults'), body);
  }
  webhookBehavior(body: Record<string, unknown>) {
    return this.call('PUT', this.shopPath('/webhook-behavior'), body);
  }
  flushWebhooks() {
    return this.call('POST', this.shopPath('/webhooks/flush'));
  }
  webhooks() {
    return this.call<any[]>('GET', this.shopPath('/webhooks'));
  }
  requests() {
    return this.call<any[]>('GET', this.shopPath('/requests'));
  }
  /** A location that belongs to a fulfillment service (3PL): { id, fulfillmentServiceId }. */
  addFulfillmentServiceLocation(body: Record<string, unknown> & { fulfillmentService?: Record<string, unknown> }) {
    return this.call<{ id: string; fulfillmentServiceId: string }>('POST', this.shopPath('/locations'), {
      fulfillmentService: {},
      ...body,
    });
  }
  fulfillmentOrder(id: string) {
    return this.call<any>('GET', this.shopPath(`/fulfillment-orders/${encodeURIComponent(id)}`));
  }
  /** Answer as the fulfillment service; throws (409) with Shopify's userError when the request status does not allow it. */
  fulfillmentServiceAction(
    id: string,
    action: 'accept-request' | 'reject-request' | 'accept-cancellation' | 'reject-cancellation',
    body: Record<string, unknown> = {},
  ) {
    return this.call<any>('POST', this.shopPath(`/fulfillment-orders/${encodeURIComponent(id)}/${action}`), body);
  }
}
