/** A small typed client for the simulator's control API (/_sim), for tests. */
export class SimulatorControl {
  constructor(readonly baseUrl: string, readonly domain: string) {}

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
  createOrder(body: Record<string, unknown>) {
    return this.call<{ id: string; legacyResourceId: string; name: string }>('POST', this.shopPath('/orders'), body);
  }
  order(legacyId: string) {
    return this.call<any>('GET', this.shopPath(`/orders/${legacyId}`));
  }
  orderAction(legacyId: string, action: 'authorize' | 'cancel' | 'update', body: Record<string, unknown> = {}) {
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
}
