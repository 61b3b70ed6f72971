import type { ReturnPolicy } from '../../src/returns/contract';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { resolveTemporalCli } from '../../src/dev/temporal-cli';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { startGateway } from '../../src/api/app';
import { createPool } from '../../src/db/pool';
import { logger } from '../../src/logger';
import { assignPartnerToLocation, importLocationsAndInventory } from '../../src/inventory/import-from-shopify';
import { upsertPartner } from '../../src/partner/repository';
import { createShopifyAdmin, type ShopifyAdmin } from '../../src/shopify/client';
import { type OrderStatus, type Stage } from '../../src/order/types';
import { orderWorkflowId, statusQuery, type OrderSettings } from '../../src/order/contract';
import { createOrderWorker } from '../../src/worker';
import { SimulatorControl } from './sim';

/**
 * One isolated shop for a test file: its own simulator shop, PostgreSQL rows,
 * Temporal task queue, worker and gateway, all real and talking over the wire.
 *
 * The shop: NJ Warehouse (Newark), Brooklyn Store (acceptance required) and
 * LA Warehouse, with TEE, MUG, CAP and LAST stocked unevenly so orders can
 * ship from one place, split, or race for the last unit.
 */
export const LOCATIONS = {
  nj: {
    name: 'NJ Warehouse',
    address: {
      city: 'Newark',
      provinceCode: 'NJ',
      countryCode: 'US',
      zip: '07102',
      latitude: 40.7357,
      longitude: -74.1724,
    },
  },
  bk: {
    name: 'Brooklyn Store',
    address: {
      city: 'Brooklyn',
      provinceCode: 'NY',
      countryCode: 'US',
      zip: '11201',
      latitude: 40.6782,
      longitude: -73.9442,
    },
  },
  la: {
    name: 'LA Warehouse',
    address: {
      city: 'Los Angeles',
      provinceCode: 'CA',
      countryCode: 'US',
      zip: '90012',
      latitude: 34.0522,
      longitude: -118.2437,
    },
  },
} as const;

export const STOCK: Record<string, { price: string; nj: number; bk: number; la: number }> = {
  TEE: { price: '20.00', nj: 10, bk: 5, la: 10 },
  MUG: { price: '15.00', nj: 0, bk: 3, la: 5 },
  CAP: { price: '12.00', nj: 0, bk: 0, la: 2 },
  LAST: { price: '30.00', nj: 1, bk: 0, la: 0 },
};

/** Elizabeth, NJ: nearest NJ Warehouse, then Brooklyn Store, then LA. */
export const SHIP_TO = {
  address1: '1 Broad St',
  city: 'Elizabeth',
  provinceCode: 'NJ',
  countryCode: 'US',
  zip: '07201',
  latitude: 40.664,
  longitude: -74.2107,
};

export const PARTNER_TOKENS = { 'nj-wh': 'token-nj', 'bk-store': 'token-bk', 'la-wh': 'token-la' } as const;
export type PartnerId = keyof typeof PARTNER_TOKENS;

/** Where the shared infrastructure runs: from vitest's global setup in tests, from the bench's own start elsewhere. */
export interface HarnessEnv {
  temporalAddress: string;
  simulatorUrl: string;
  databaseUrl: string;
  workflowBundlePath: string;
}

async function vitestEnv(): Promise<HarnessEnv> {
  // Loaded lazily so the harness also runs outside vitest (npm run bench).
  const { inject } = await import('vitest');
  return {
    temporalAddress: inject('temporalAddress'),
    simulatorUrl: inject('simulatorUrl'),
    databaseUrl: inject('databaseUrl'),
    workflowBundlePath: inject('workflowBundlePath'),
  };
}

export interface HarnessOptions {
  /** Seconds Brooklyn Store has to accept (it always requires acceptance). */
  brooklynWindowSeconds?: number;
  /** Whether NJ Warehouse requires acceptance too. */
  njRequiresAcceptance?: boolean;
  orderSettings?: Partial<OrderSettings>;
  /** The gateway's return policy (tests may give fractional days: seconds-long windows). */
  returnPolicy?: Partial<ReturnPolicy>;
  /** Where partners' outbound messages go (all partners), signed with `outboundSecret`. */
  partnerOutboundUrl?: string;
  /** OUTBOUND_EVENTS_URL for the worker. */
  outboundEventsUrl?: string;
  outboundSecret?: string;
  /** Multiply the shop's stock (benchmarks place many orders). */
  stockMultiplier?: number;
  /** false: no worker in this process (the bench runs one in its own). */
  worker?: boolean;
}

let runtimeInstalled = false;
function quietTemporalLogs() {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

export class Harness {
  readonly shopDomain: string;
  readonly sim: SimulatorControl;
  readonly taskQueue: string;
  readonly token: string;
  readonly secret = 'test-webhook-secret';
  readonly opsToken = 'test-ops-token';
  pool!: Pool;
  client!: Client;
  shopify!: ShopifyAdmin;
  gatewayUrl!: string;
  private server!: Server;
  private workerConnection!: NativeConnection;
  private clientConnection!: Connection;
  private worker: Worker | null = null;
  private workerRun: Promise<void> | null = null;

  readonly env: HarnessEnv;

  constructor(
    readonly name: string,
    readonly options: HarnessOptions,
    env: HarnessEnv,
  ) {
    this.env = env;
    const id = `${name}-${randomBytes(3).toString('hex')}`;
    this.shopDomain = `${id}.myshopify.com`;
    this.taskQueue = `orders-${id}`;
    this.token = `shpat_${id}`;
    this.sim = new SimulatorControl(this.env.simulatorUrl, this.shopDomain);
  }

  static async start(name: string, options: HarnessOptions = {}, env?: HarnessEnv): Promise<Harness> {
    const h = new Harness(name, options, env ?? (await vitestEnv()));
    await h.init();
    return h;
  }

  private async init() {
    quietTemporalLogs();
    const simulatorUrl = this.env.simulatorUrl;
    this.pool = createPool(this.env.databaseUrl, 10);
    this.clientConnection = await Connection.connect({ address: this.env.temporalAddress });
    this.client = new Client({ connection: this.clientConnection, namespace: 'default' });
    this.workerConnection = await NativeConnection.connect({ address: this.env.temporalAddress });
    this.shopify = createShopifyAdmin({ shop: simulatorUrl, accessToken: this.token, apiVersion: '2026-10' });

    this.server = await startGateway(
      {
        shopDomain: this.shopDomain,
        webhookSecrets: [this.secret],
        temporal: this.client,
        taskQueue: this.taskQueue,
        pool: this.pool,
        logger: logger.child({ test: this.name }),
        orderSettings: this.options.orderSettings,
        returnPolicy: this.options.returnPolicy,
        opsToken: this.opsToken,
      },
      0,
      '127.0.0.1',
    );
    this.gatewayUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;

    await this.sim.createShop({
      accessToken: this.token,
      webhookSecret: this.secret,
      webhookUrl: `${this.gatewayUrl}/webhooks/shopify`,
    });
    const ids: Record<string, string> = {};
    for (const [key, loc] of Object.entries(LOCATIONS))
      ids[key] = (await this.sim.addLocation({ ...loc, fulfillsOnlineOrders: true })).id;
    for (const [sku, s] of Object.entries(STOCK)) {
      const inventory = Object.fromEntries(
        (['nj', 'bk', 'la'] as const).map((k) => [ids[k]!, s[k] * (this.options.stockMultiplier ?? 1)]),
      );
      await this.sim.addProduct({ title: sku, variants: [{ sku, price: s.price, inventory }] });
    }

    await importLocationsAndInventory(this.pool, this.shopify, this.shopDomain);
    const partners: [PartnerId, string, boolean, number][] = [
      ['nj-wh', LOCATIONS.nj.name, this.options.njRequiresAcceptance ?? false, 3600],
      ['bk-store', LOCATIONS.bk.name, true, this.options.brooklynWindowSeconds ?? 3600],
      ['la-wh', LOCATIONS.la.name, false, 3600],
    ];
    for (const [id, location, requiresAcceptance, window] of partners) {
      // Partner ids are global; suffix them per shop so test files stay isolated.
      await upsertPartner(this.pool, {
        id: this.partnerId(id),
        shopDomain: this.shopDomain,
        name: location,
        token: PARTNER_TOKENS[id],
        requiresAcceptance,
        acceptanceWindowSeconds: window,
        outboundUrl: this.options.partnerOutboundUrl ?? null,
        outboundSecret: this.options.outboundSecret ?? null,
      });
      await assignPartnerToLocation(this.pool, this.shopDomain, location, this.partnerId(id));
    }
    if (this.options.worker !== false) await this.startWorker();
  }

  partnerId(id: PartnerId): string {
    return `${id}-${this.shopDomain.split('.')[0]}`.slice(0, 63);
  }

  async startWorker() {
    if (this.worker) return;
    this.worker = await createOrderWorker({
      connection: this.workerConnection,
      namespace: 'default',
      taskQueue: this.taskQueue,
      pool: this.pool,
      shopify: this.shopify,
      outbound: { url: this.options.outboundEventsUrl, secret: this.options.outboundSecret },
      workflowBundle: { code: readFileSync(this.env.workflowBundlePath, 'utf8') },
    });
    this.workerRun = this.worker.run();
  }

  async stopWorker() {
    if (!this.worker) return;
    this.worker.shutdown();
    await this.workerRun;
    this.worker = null;
    this.workerRun = null;
  }

  async close() {
    await this.stopWorker();
    await new Promise((r) => this.server.close(r));
    await this.workerConnection.close();
    await this.clientConnection.close();
    await this.pool.end();
  }

  // ---- orders ---------------------------------------------------------------

  async placeOrder(lines: { sku: string; quantity: number }[], extra: Record<string, unknown> = {}) {
    const order = await this.sim.createOrder({
      lineItems: lines,
      shippingAddress: SHIP_TO,
      email: 'buyer@example.com',
      ...extra,
    });
    return { orderId: String(order.legacyResourceId), orderGid: order.id, name: order.name };
  }

  workflowId(orderId: string) {
    return orderWorkflowId(this.shopDomain, orderId);
  }

  async status(orderId: string): Promise<OrderStatus | null> {
    try {
      return await this.client.workflow.getHandle(this.workflowId(orderId)).query(statusQuery);
    } catch {
      return null;
    }
  }

  /** Poll the status query until `predicate` holds; fails with the last status seen. */
  async waitFor(
    orderId: string,
    predicate: (s: OrderStatus) => boolean,
    what: string,
    timeoutMs = 60_000,
  ): Promise<OrderStatus> {
    const deadline = Date.now() + timeoutMs;
    let last: OrderStatus | null = null;
    while (Date.now() < deadline) {
      last = await this.status(orderId);
      if (last && predicate(last)) return last;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(
      `Timed out waiting for ${what}; last status: ${JSON.stringify(last && { stage: last.stage, attention: last.attention, allocations: last.allocations.map((a) => [a.id, a.state, a.locationName]), timeline: last.timeline.slice(-8) })}`,
    );
  }

  waitForStage(orderId: string, stage: Stage, timeoutMs?: number) {
    return this.waitFor(orderId, (s) => s.stage === stage, `stage ${stage}`, timeoutMs);
  }

  async result(orderId: string): Promise<OrderStatus> {
    return this.client.workflow.getHandle(this.workflowId(orderId)).result();
  }

  /**
   * With RECORD_HISTORIES=1, keep this order's event history as a replay
   * fixture (test/replay/histories); the replay test guards every workflow change against them.
   */
  async recordHistory(orderId: string, fixture: string) {
    await this.recordWorkflowHistory(this.workflowId(orderId), fixture);
  }

  /** The same for any workflow (one run of it, when runId is given). */
  async recordWorkflowHistory(workflowId: string, fixture: string, runId?: string) {
    if (!process.env.RECORD_HISTORIES) return;
    // The CLI's JSON export is the format Worker.runReplayHistory reads (historyFromJSON).
    const args = [
      'workflow',
      'show',
      '--workflow-id',
      workflowId,
      ...(runId ? ['--run-id', runId] : []),
      '--address',
      this.env.temporalAddress,
      '--output',
      'json',
    ];
    const json = execFileSync(await resolveTemporalCli(), args, { maxBuffer: 64 << 20 });
    writeFileSync(path.join(__dirname, '..', 'replay', 'histories', `${fixture}.json`), json);
  }

  // ---- ops ------------------------------------------------------------------

  /** POST /ops/orders/{orderId}/{action} with the ops token. */
  async ops(orderId: string, action: string, body: unknown = {}, token: string = this.opsToken) {
    const res = await fetch(`${this.gatewayUrl}/ops/orders/${orderId}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  // ---- partners -------------------------------------------------------------

  async partnerPost(
    partner: PartnerId,
    path: 'acknowledgments' | 'shipments',
    body: unknown,
    token: string = PARTNER_TOKENS[partner],
  ) {
    return fetch(`${this.gatewayUrl}/partners/${this.partnerId(partner)}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  }

  async acknowledge(partner: PartnerId, allocationId: string, decision: 'accepted' | 'rejected', reason?: string) {
    const res = await this.partnerPost(partner, 'acknowledgments', { allocationId, decision, reason });
    if (res.status !== 202) throw new Error(`ack ${allocationId} -> ${res.status} ${await res.text()}`);
  }

  async ship(partner: PartnerId, allocationId: string, number: string) {
    const res = await this.partnerPost(partner, 'shipments', {
      allocationId,
      tracking: { number, company: 'UPS', url: `https://ups.example/${number}` },
    });
    if (res.status !== 202) throw new Error(`ship ${allocationId} -> ${res.status} ${await res.text()}`);
  }

  /** Ship every allocation that is released to ship, as its partner. */
  async shipAllReleased(orderId: string) {
    const s = await this.waitFor(orderId, (x) => x.stage === 'awaiting_shipment', 'awaiting_shipment');
    for (const a of s.allocations.filter((x) => x.state === 'released_to_ship')) {
      const partner = (Object.keys(PARTNER_TOKENS) as PartnerId[]).find((p) => this.partnerId(p) === a.partnerId)!;
      await this.ship(partner, a.id, `1Z${a.id.replace(/\W/g, '')}`);
    }
  }

  async inventory(sku: string) {
    const { rows } = await this.pool.query(
      `SELECT l.name, i.on_hand, i.reserved FROM inventory i JOIN locations l ON l.shop_domain = i.shop_domain AND l.id = i.location_id
        WHERE i.shop_domain = $1 AND i.sku = $2 ORDER BY l.name`,
      [this.shopDomain, sku],
    );
    return Object.fromEntries(rows.map((r) => [r.name, { onHand: r.on_hand, reserved: r.reserved }]));
  }
}
