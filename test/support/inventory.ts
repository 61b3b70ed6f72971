import type { Harness } from './harness';
import { currentTargets } from '../../src/inventory/publish';
import { loadInventorySettings } from '../../src/inventory/sync-settings';
import { nudgeInventorySync } from '../../src/inventory/sync-nudge';
import { INVENTORY_RECONCILE_WORKFLOW_TYPE } from '../../src/inventory/contract';

/** Test helpers for the inventory side: the gateway's API, what Shopify shows, what the engine publishes. */
export class InventoryProbe {
  private keySeq = 0;
  readonly loc: Record<string, string> = {};

  constructor(readonly h: Harness) {}

  async init() {
    const { rows } = await this.h.pool.query(`SELECT id, name FROM locations WHERE shop_domain = $1`, [
      this.h.shopDomain,
    ]);
    for (const r of rows) this.loc[r.name] = r.id;
    return this;
  }

  async api(
    method: string,
    path: string,
    body?: unknown,
    token: string | null = this.h.opsToken,
    headers: Record<string, string> = {},
  ) {
    const res = await fetch(`${this.h.gatewayUrl}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  async adjust(sku: string, location: string, change: { delta?: number; count?: number }, reason = 'correction') {
    const r = await this.api('POST', '/inventory/adjustments', {
      idempotencyKey: `t-${++this.keySeq}-${Date.now()}`,
      reason,
      lines: [{ sku, location, ...change }],
    });
    if (r.status !== 201) throw new Error(`adjustment -> ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** What the simulated Shopify shows as `available`, by location name. */
  async shopifyAvailable(sku: string): Promise<Record<string, number>> {
    const shop = await this.h.sim.call<any>('GET', this.h.sim.shopPath());
    const v = shop.variants.find((x: any) => x.sku === sku);
    const names = new Map<string, string>(shop.locations.map((l: any) => [l.gid, l.name]));
    return Object.fromEntries(
      Object.entries(v.inventory as Record<string, { available: number }>).map(([gid, q]) => [
        names.get(gid),
        q.available ?? 0,
      ]),
    );
  }

  /** What the engine publishes, by location name. */
  async engineTargets(sku: string): Promise<Record<string, number>> {
    const settings = await loadInventorySettings(this.h.pool, this.h.shopDomain);
    const names = new Map(Object.entries(this.loc).map(([name, id]) => [id, name]));
    return Object.fromEntries(
      (await currentTargets(this.h.pool, this.h.shopDomain, [sku], settings)).map((t) => [
        names.get(t.shopifyLocationId),
        t.quantity,
      ]),
    );
  }

  /** Successful inventorySetQuantities calls the shop has received. */
  async setCalls() {
    return (await this.h.sim.requests()).filter((r) => r.operationName === 'InventorySetQuantities' && r.status === 200)
      .length;
  }

  async reconciliations() {
    return (
      await this.h.pool.query(`SELECT count(*)::int AS n FROM inventory_reconciliations WHERE shop_domain = $1`, [
        this.h.shopDomain,
      ])
    ).rows[0].n as number;
  }

  /** Until webhooks are delivered and the sync has taken every change (three looks in a row, a moment apart). */
  async settle(timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    let quiet = 0;
    while (Date.now() < deadline) {
      await this.h.sim.flushWebhooks();
      const { rows } = await this.h.pool.query(
        `SELECT count(*)::int AS n FROM inventory_dirty WHERE shop_domain = $1`,
        [this.h.shopDomain],
      );
      quiet = rows[0].n === 0 ? quiet + 1 : 0;
      if (quiet >= 3) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('inventory sync did not settle');
  }

  /** Run a reconciliation now; its outcome, with the workflow id it ran under. */
  async reconcile(method?: 'paged' | 'bulk'): Promise<any> {
    const workflowId = `reconcile-${this.h.shopDomain}-${Date.now()}`;
    const outcome = await this.h.client.workflow.execute(INVENTORY_RECONCILE_WORKFLOW_TYPE, {
      taskQueue: this.h.taskQueue,
      workflowId,
      args: [{ shopDomain: this.h.shopDomain, ...(method ? { method } : {}) }],
    });
    return { ...(outcome as object), workflowId };
  }

  startSync(extra: Record<string, unknown> = {}) {
    return nudgeInventorySync(this.h.client, this.h.taskQueue, {
      shopDomain: this.h.shopDomain,
      debounceMs: 50,
      pollSeconds: 2,
      ...extra,
    });
  }

  /** Poll until `read` returns what `ok` accepts; returns the last value read. */
  async until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let v = await read();
    while (!ok(v) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      v = await read();
    }
    return v;
  }
}
