import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { Context } from '@temporalio/activity';
import { Client, Connection, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type SignalDefinition, type UpdateDefinition } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { OrderActivities } from '../../src/activities';
import type { ReturnActivities } from '../../src/activities/returns';
import type { returnRequestActivities } from '../../src/activities/return-requests';
import {
  ORDER_WORKFLOW_TYPE,
  orderWorkflowId,
  statusQuery,
  type OrderSettings,
  type OrderWorkflowInput,
} from '../../src/order/contract';
import type { AllocateRequest } from '../../src/inventory/reservations';
import type { Allocation, OrderSnapshot, OrderStatus, PaymentTransaction, Stage } from '../../src/order/types';

/**
 * The order workflow on the suite's real Temporal dev server, with controlled
 * activities: every activity the workflow calls is recorded and answers what
 * the test scripted (default: the happy path below), so a test decides what
 * routing returns, that a capture is declined, and so on. No Shopify, no
 * PostgreSQL: the workflow's decisions only. Windows (acceptance, ship-by,
 * payment wait) are set small through the scripted allocations and the
 * workflow's settings; tests wait for a state through the `status` query.
 *
 * One worker per test file on its own task queue; each order gets its own
 * script (activities find it by the calling workflow's id).
 */

/** The order workflow's activities (the return workflow's are another harness's). */
export type ActivityName = Exclude<
  keyof OrderActivities,
  keyof ReturnActivities | keyof ReturnType<typeof returnRequestActivities>
>;
export type Script = { [K in ActivityName]: OrderActivities[K] };
export interface Call {
  name: ActivityName;
  /** The activity's (first and only) argument. */
  input: any;
}

// ---- fixtures -----------------------------------------------------------------

/** A live authorization (expires in a week). */
export function authorization(amount: string, id = 'gid://shopify/OrderTransaction/1'): PaymentTransaction {
  const expires = new Date(Date.now() + 7 * 86_400_000).toISOString();
  return {
    id,
    kind: 'AUTHORIZATION',
    status: 'SUCCESS',
    amount,
    currencyCode: 'USD',
    parentId: null,
    gateway: 'bogus',
    createdAt: new Date().toISOString(),
    authorizationExpiresAt: expires,
  };
}

/** The order as loadOrder returns it: 2 x TEE at 20.00, 40.00 authorized, shipping to Elizabeth, NJ. */
export function orderSnapshot(orderId: string, overrides: Partial<OrderSnapshot> = {}): OrderSnapshot {
  return {
    id: `gid://shopify/Order/${orderId}`,
    name: `#${orderId}`,
    cancelledAt: null,
    closed: false,
    currencyCode: 'USD',
    fulfillmentStatus: 'UNFULFILLED',
    total: '40.00',
    riskRecommendation: 'ACCEPT',
    riskLevels: [],
    shipTo: {
      city: 'Elizabeth',
      provinceCode: 'NJ',
      countryCode: 'US',
      zip: '07201',
      latitude: 40.664,
      longitude: -74.2107,
    },
    lines: [
      {
        lineItemId: 'gid://shopify/LineItem/1',
        sku: 'TEE',
        title: 'TEE',
        quantity: 2,
        requiresShipping: true,
        discountedTotal: '40.00',
      },
    ],
    transactions: [authorization('40.00')],
    ...overrides,
  };
}

/** A location routing may choose, with its partner's terms. */
export interface Place {
  name: string;
  requiresAcceptance?: boolean;
  acceptanceWindowSeconds?: number;
  shipBySeconds?: number;
  shipByPolicy?: 'reroute';
}

export const NJ: Place = { name: 'NJ Warehouse' };
export const LA: Place = { name: 'LA Warehouse' };
/** Must accept, within an hour (tests that want a timeout pass their own window). */
export const BK: Place = { name: 'Brooklyn Store', requiresAcceptance: true, acceptanceWindowSeconds: 3600 };

const slug = (name: string) => name.toLowerCase().replace(/\W+/g, '-');
export const locationId = (p: Place) => `gid://shopify/Location/${slug(p.name)}`;
export const partnerId = (p: Place) => `${slug(p.name)}-partner`;

/**
 * Routing as a controlled `allocate`: all lines to the first place in `places`
 * that is not excluded (by id, name or partner, as the real router reads
 * `exclude`) and, when an operator named one, is that place. None left: a shortage.
 */
export function routesTo(...places: Place[]): Script['allocate'] {
  return async (req: AllocateRequest) => {
    const matches = (p: Place, x: string) => [locationId(p), p.name, partnerId(p)].includes(x);
    const place = places.find((p) => !req.exclude.some((x) => matches(p, x)) && (!req.only || matches(p, req.only)));
    if (!place)
      return {
        ok: false as const,
        shortages: req.lines.map((l) => ({ sku: l.sku, needed: l.quantity, available: 0 })),
      };
    return { ok: true as const, allocations: [allocationAt(place, req)] };
  };
}

export function allocationAt(p: Place, req: AllocateRequest, n = 0): Allocation {
  return {
    id: `${req.orderId}-A${req.firstSequence + n}`,
    locationId: locationId(p),
    locationName: p.name,
    partnerId: partnerId(p),
    partnerName: p.name,
    requiresAcceptance: p.requiresAcceptance ?? false,
    acceptanceWindowSeconds: p.acceptanceWindowSeconds ?? 3600,
    lines: req.lines.map((l) => ({ lineItemId: l.lineItemId, sku: l.sku, quantity: l.quantity })),
    state: 'reserved',
    routeAttempt: req.routeAttempt,
    fulfillmentOrderIds: [],
    captureAmount: null,
    captured: false,
    tracking: null,
    rejectionReason: null,
    ...(p.shipBySeconds ? { shipBySeconds: p.shipBySeconds } : {}),
    ...(p.shipByPolicy ? { shipByPolicy: p.shipByPolicy } : {}),
  };
}

/** A business failure the workflow does not retry (a decline, a userError): it asks a person. */
export function refuse(message: string, type = 'PaymentDeclined'): never {
  throw ApplicationFailure.nonRetryable(message, type);
}

const notScripted = (name: string) => async (): Promise<never> =>
  refuse(`${name} is not scripted for this test`, 'NotScripted');

/** The happy path: the order is authorized, routes to NJ Warehouse (no acceptance), every call succeeds. */
function defaults(orderId: string): Script {
  return {
    loadOrder: async () => orderSnapshot(orderId),
    orderCancellation: async () => ({ cancelledAt: new Date().toISOString() }),
    holdFulfillmentOrders: async () => ({ held: [`${orderId}-FO`], onHold: [`${orderId}-FO`] }),
    allocate: routesTo(NJ, LA),
    applyRouting: async (input) => Object.fromEntries(input.allocations.map((a) => [a.id, [`${a.id}-FO`]])),
    holdForOperator: async (input) => ({ held: input.fulfillmentOrderIds, onHold: input.fulfillmentOrderIds }),
    setFulfillmentDeadline: async () => ({ set: true }),
    releaseHolds: async (input) => ({ released: input.fulfillmentOrderIds }),
    createFulfillment: async (input) => ({
      fulfillmentId: `gid://shopify/Fulfillment/${input.allocation.id}`,
      alreadyFulfilled: false,
    }),
    captureForAllocation: async (input) => ({
      captured: input.targetCaptured,
      alreadyCaptured: false,
      transactionIds: [`capture-${input.allocationId}`],
    }),
    settlePaymentOnCancel: async () => ({ voided: ['gid://shopify/OrderTransaction/1'], refunded: '0' }),
    cancelInShopify: async () => ({ alreadyCancelled: false }),
    cancelRemainderInShopify: async (input) => ({
      refunded: input.refund,
      refundedNow: input.refund,
      cancelledLines: [],
      voided: [],
      leftToExpire: [],
    }),
    releaseReservation: async () => ({ released: 1 }),
    shrinkReservation: async () => ({ released: 1 }),
    consumeShipped: async () => ({ consumed: 1 }),
    consumeReservation: async () => ({ consumed: 1 }),
    fulfilledByPartner: async (input) =>
      input.allocations.map((a) => ({ allocationId: a.id, shipped: false, trackingNumber: null })),
    sendPartnerMessage: async () => ({ sent: true }),
    recordOutcomeInShopify: async () => undefined,
    publishOrderEvent: async () => ({ sent: false }),
    closeOrderDemand: async () => ({ closed: 0 }),
    publishInventoryChanges: notScripted('publishInventoryChanges'),
    reconcileInventory: notScripted('reconcileInventory'),
    syncCatalog: notScripted('syncCatalog'),
    sweepMissedOrders: notScripted('sweepMissedOrders'),
    confirmRefund: notScripted('confirmRefund'),
    restockRefundedUnits: notScripted('restockRefundedUnits'),
    recordOrderRefund: notScripted('recordOrderRefund'),
    tellOrderOfRefund: notScripted('tellOrderOfRefund'),
    applyOrderEdit: notScripted('applyOrderEdit'),
    collectForEdit: notScripted('collectForEdit'),
    reserveExchange: notScripted('reserveExchange'),
    releaseExchangeReservation: notScripted('releaseExchangeReservation'),
    releaseExchange: notScripted('releaseExchange'),
    adoptExchangeLines: notScripted('adoptExchangeLines'),
    collectExchangeBalance: notScripted('collectExchangeBalance'),
  };
}

// ---- one order under test ------------------------------------------------------

export class TestOrder {
  readonly calls: Call[] = [];
  readonly script: Script;
  readonly handle: WorkflowHandle;

  constructor(
    readonly orderId: string,
    readonly workflowId: string,
    client: Client,
    script: Partial<Script>,
  ) {
    this.script = { ...defaults(orderId), ...script };
    this.handle = client.workflow.getHandle(workflowId);
  }

  /** Inputs of every call to `name`, in order. */
  callsTo<K extends ActivityName>(name: K): Parameters<OrderActivities[K]>[0][] {
    return this.calls.filter((c) => c.name === name).map((c) => c.input);
  }

  /** The kinds of partner messages sent, in order, as `kind allocationId`. */
  partnerMessages(): string[] {
    return this.callsTo('sendPartnerMessage').map((m) => `${m.kind} ${m.allocation.id}`);
  }

  /** Activity names called, in order (optionally only these). */
  sequence(...only: ActivityName[]): ActivityName[] {
    return this.calls.map((c) => c.name).filter((n) => !only.length || only.includes(n));
  }

  status(): Promise<OrderStatus> {
    return this.handle.query(statusQuery);
  }

  /** Poll the status query until `predicate` holds; fails with the last status seen. */
  async waitFor(predicate: (s: OrderStatus) => boolean, what: string, timeoutMs = 30_000): Promise<OrderStatus> {
    const deadline = Date.now() + timeoutMs;
    let last: OrderStatus | null = null;
    while (Date.now() < deadline) {
      last = await this.status().catch(() => null);
      if (last && predicate(last)) return last;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seen = last && {
      stage: last.stage,
      attention: last.attention,
      allocations: last.allocations.map((a) => [a.id, a.state]),
      timeline: last.timeline.slice(-8).map((t) => t.event),
    };
    throw new Error(
      `Timed out waiting for ${what}; last status: ${JSON.stringify(seen)}; calls: ${this.sequence().join(', ')}`,
    );
  }

  waitForStage(stage: Stage): Promise<OrderStatus> {
    return this.waitFor((s) => s.stage === stage, `stage ${stage}`);
  }

  /** Wait until the order asks a person with a reason matching `reason`. */
  waitForAttention(reason: RegExp): Promise<OrderStatus> {
    return this.waitFor((s) => !!s.attention && reason.test(s.attention.reason), `attention ${reason}`);
  }

  /** Wait until the order waits (for a partner, a payment, a ship notice) for something matching `what`. */
  waitForWaiting(what: RegExp): Promise<OrderStatus> {
    return this.waitFor((s) => !!s.waiting && what.test(s.waiting.what), `waiting for ${what}`);
  }

  signal<A extends unknown[]>(def: SignalDefinition<A>, ...args: A): Promise<void> {
    return this.handle.signal(def, ...args);
  }

  update<R, A extends [unknown, ...unknown[]]>(def: UpdateDefinition<R, A>, ...args: A): Promise<R> {
    return this.handle.executeUpdate(def, { args });
  }

  /** The reason an Update's validator refused it; fails if it was accepted. */
  async refusal<R, A extends [unknown, ...unknown[]]>(def: UpdateDefinition<R, A>, ...args: A): Promise<string> {
    try {
      await this.update(def, ...args);
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) return (err.cause as Error).message;
      throw err;
    }
    throw new Error(`${def.name} was accepted`);
  }
}

// ---- the worker ----------------------------------------------------------------

export class WorkflowHarness {
  readonly taskQueue: string;
  readonly shopDomain: string;
  private readonly orders = new Map<string, TestOrder>();
  private nextOrder = 1;
  private client!: Client;
  private clientConnection!: Connection;
  private workerConnection!: NativeConnection;
  private worker!: Worker;
  private running!: Promise<void>;

  private constructor(name: string) {
    const id = `${name}-${randomBytes(3).toString('hex')}`;
    this.taskQueue = `wf-${id}`;
    this.shopDomain = `${id}.myshopify.com`;
  }

  static async start(name: string): Promise<WorkflowHarness> {
    const h = new WorkflowHarness(name);
    await h.init();
    return h;
  }

  private async init() {
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') }); // scripted failures would log a warning each
    } catch {
      // Installed already in this process (another harness): keep that one.
    }
    const address = inject('temporalAddress');
    this.clientConnection = await Connection.connect({ address });
    this.client = new Client({ connection: this.clientConnection, namespace: 'default' });
    this.workerConnection = await NativeConnection.connect({ address });
    this.worker = await Worker.create({
      connection: this.workerConnection,
      namespace: 'default',
      taskQueue: this.taskQueue,
      workflowBundle: { code: readFileSync(inject('workflowBundlePath'), 'utf8') },
      activities: this.dispatcher(),
    });
    this.running = this.worker.run();
  }

  /** One function per activity: records the call and runs the calling order's script. */
  private dispatcher(): Script {
    const names = Object.keys(defaults('0')) as ActivityName[];
    return Object.fromEntries(
      names.map((name) => [
        name,
        async (input: unknown) => {
          const workflowId = Context.current().info.workflowExecution?.workflowId ?? '';
          const order = this.orders.get(workflowId);
          if (!order) throw ApplicationFailure.nonRetryable(`no test order for ${workflowId}`, 'NotScripted');
          order.calls.push({ name, input });
          return (order.script[name] as (i: unknown) => Promise<unknown>)(input);
        },
      ]),
    ) as Script;
  }

  /** Start an order workflow whose activities answer from `script` (the rest: the happy path). */
  async order(script: Partial<Script> = {}, settings: Partial<OrderSettings> = {}): Promise<TestOrder> {
    const orderId = String(this.nextOrder++);
    const workflowId = orderWorkflowId(this.shopDomain, orderId);
    const order = new TestOrder(orderId, workflowId, this.client, script);
    this.orders.set(workflowId, order);
    const input: OrderWorkflowInput = {
      shopDomain: this.shopDomain,
      orderId,
      orderGid: `gid://shopify/Order/${orderId}`,
      orderName: `#${orderId}`,
      settings,
    };
    await this.client.workflow.start(ORDER_WORKFLOW_TYPE, { workflowId, taskQueue: this.taskQueue, args: [input] });
    return order;
  }

  async close() {
    for (const o of this.orders.values()) await o.handle.terminate('test done').catch(() => undefined);
    this.worker.shutdown();
    await this.running;
    await this.workerConnection.close();
    await this.clientConnection.close();
  }
}
