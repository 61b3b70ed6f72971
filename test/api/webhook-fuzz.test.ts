import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/api/metrics';
import { orderWorkflowId } from '../../src/order/contract';
import {
  capturingLogger,
  createPool,
  freshDatabase,
  listen,
  postWebhook,
  SECRETS,
  SHOP,
  signalsOf,
  startTemporal,
  workflowExists,
  type Pool,
  type RunningGateway,
} from './support';

/**
 * Fuzz-style tests of POST /webhooks/shopify: mutations of the
 * payload shapes Shopify documents for the handled topics (REST resources;
 * bare-id deletions; fulfillment order answers), signed and unsigned, under
 * swapped topics, with fields removed, retyped, made huge or nested deep.
 * Seeded, so every run sends the same few hundred requests; nothing is timed.
 *
 * For every request: no 5xx (Temporal and PostgreSQL are up, so every refusal
 * is permanent); without a valid signature nothing starts; with one, an order
 * workflow is signalled only when the body is consistent with the topic by an
 * oracle written here from Shopify's documented shapes (not the gateway's
 * code); a duplicate adds no history.
 */

type Json = Record<string, unknown>;

/** Deterministic PRNG (mulberry32). */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

const ORDER_TOPICS = ['orders/create', 'orders/updated', 'orders/paid', 'orders/cancelled'];
const CHILD_TOPICS = ['order_transactions/create', 'refunds/create', 'fulfillments/create'];
const OTHER_TOPICS = [
  'products/create',
  'products/update',
  'products/delete',
  'inventory_levels/update',
  'fulfillment_orders/fulfillment_request_accepted',
  'fulfillment_orders/fulfillment_request_rejected',
  'fulfillment_orders/cancellation_request_accepted',
  'fulfillment_orders/cancellation_request_rejected',
];
const ALL_TOPICS = [...ORDER_TOPICS, ...CHILD_TOPICS, ...OTHER_TOPICS];

/** Shopify's documented shapes, with this case's ids. `BIG:<digits>` marks an exact integer literal. */
function shapes(orderId: string, n: number): Record<string, Json> {
  const at = '2026-11-23T10:00:00-05:00';
  const order = {
    id: `BIG:${orderId}`,
    admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
    name: `#${n}`,
    created_at: at,
    updated_at: at,
    cancelled_at: null,
    currency: 'USD',
    total_price: '199.00',
    financial_status: 'authorized',
    line_items: [
      {
        id: `BIG:${orderId}1`,
        admin_graphql_api_id: `gid://shopify/LineItem/${orderId}1`,
        sku: 'IPOD2008PINK',
        quantity: 1,
        current_quantity: 1,
        price: '199.00',
      },
    ],
  };
  return {
    order,
    cancelled: { ...order, cancelled_at: at, cancel_reason: 'customer' },
    transaction: {
      id: `BIG:${orderId}2`,
      admin_graphql_api_id: `gid://shopify/OrderTransaction/${orderId}2`,
      order_id: `BIG:${orderId}`,
      kind: 'capture',
      status: 'success',
      amount: '199.00',
      currency: 'USD',
    },
    refund: {
      id: `BIG:${orderId}3`,
      admin_graphql_api_id: `gid://shopify/Refund/${orderId}3`,
      order_id: `BIG:${orderId}`,
      refund_line_items: [],
      transactions: [],
    },
    fulfillment: {
      id: `BIG:${orderId}4`,
      admin_graphql_api_id: `gid://shopify/Fulfillment/${orderId}4`,
      order_id: `BIG:${orderId}`,
      status: 'success',
      tracking_number: '1Z2345',
      line_items: [],
    },
    product: {
      id: `BIG:${orderId}5`,
      admin_graphql_api_id: `gid://shopify/Product/${orderId}5`,
      title: 'IPod Nano - 8GB',
      updated_at: at,
      variants: [
        {
          id: `BIG:${orderId}6`,
          admin_graphql_api_id: `gid://shopify/ProductVariant/${orderId}6`,
          sku: 'IPOD2008PINK',
          inventory_item_id: `BIG:${orderId}7`,
        },
      ],
    },
    deletion: { id: `BIG:${orderId}` },
    level: {
      inventory_item_id: `BIG:${orderId}7`,
      location_id: 24826418,
      available: 6,
      updated_at: at,
      admin_graphql_api_id: `gid://shopify/InventoryLevel/24826418?inventory_item_id=${orderId}7`,
    },
    accepted: {
      fulfillment_order: {
        id: `gid://shopify/FulfillmentOrder/${orderId}8`,
        status: 'in_progress',
        request_status: 'accepted',
      },
      message: 'ok',
    },
    rejected: {
      fulfillment_order: {
        id: `gid://shopify/FulfillmentOrder/${orderId}8`,
        status: 'open',
        request_status: 'rejected',
      },
      message: 'no stock',
    },
  };
}

/** JSON text with `BIG:` strings written as bare integer literals (beyond 2^53, exactly). */
const text = (v: unknown) => JSON.stringify(v).replace(/"BIG:(-?\d+)"/g, '$1');

const isTimestamp = (v: unknown) =>
  typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) && !Number.isNaN(Date.parse(v));
const u64 = (v: unknown) => {
  const s = typeof v === 'string' ? v.replace(/^BIG:/, '') : typeof v === 'number' ? String(v) : '';
  return /^[1-9]\d{0,19}$/.test(s) && BigInt(s) <= 18446744073709551615n;
};

/**
 * The oracle: may a body make the engine act on an order under this topic?
 * Written from Shopify's documented payloads: an order topic's body is an
 * order (its GID, when present, an Order's; a 64-bit id); a cancellation
 * carries cancelled_at; a child's body names its order by a 64-bit order_id
 * and its own resource GID.
 */
function mayActOnOrder(topic: string, b: Json): boolean {
  const gid = b.admin_graphql_api_id;
  if (ORDER_TOPICS.includes(topic)) {
    if (gid !== undefined && gid !== null && !(typeof gid === 'string' && /^gid:\/\/shopify\/Order\/\d+$/.test(gid)))
      return false;
    if (!u64(typeof gid === 'string' ? gid.split('/').pop() : b.id)) return false;
    if (topic === 'orders/cancelled' && !isTimestamp(b.cancelled_at)) return false;
    return true;
  }
  const type = {
    'order_transactions/create': 'OrderTransaction',
    'refunds/create': 'Refund',
    'fulfillments/create': 'Fulfillment',
  }[topic];
  if (!type) return false;
  if (
    gid !== undefined &&
    gid !== null &&
    !(typeof gid === 'string' && new RegExp(`^gid://shopify/${type}/\\d+$`).test(gid))
  )
    return false;
  return u64(b.order_id);
}

const WRONG_VALUES: unknown[] = [
  null,
  true,
  'x',
  [],
  {},
  'BIG:-1',
  'BIG:0',
  'BIG:123456789012345678901234567890',
  1.5,
  'BIG:2147483648',
  '2026-13-45T99:99:99Z',
];

/** A marker replaced in the text by `depth` nested arrays (too deep to build as an object and stringify). */
const nest = (depth: number) => `NEST:${depth}`;
const unnest = (raw: string) =>
  raw.replace(/"NEST:(\d+)"/g, (_m, d) => `${'['.repeat(Number(d))}1${']'.repeat(Number(d))}`);

describe('webhook endpoint fuzz', () => {
  let temporal: Awaited<ReturnType<typeof startTemporal>>;
  let pool: Pool;
  let gw: RunningGateway;
  const { logger } = capturingLogger();

  beforeAll(async () => {
    const [t, databaseUrl] = await Promise.all([startTemporal(), freshDatabase('oo_api_test_webhook_fuzz')]);
    temporal = t;
    pool = createPool(databaseUrl, 4);
    gw = await listen({
      shopDomain: SHOP,
      webhookSecrets: SECRETS,
      temporal: temporal.client,
      taskQueue: 'api-webhook-fuzz',
      pool,
      logger,
      metrics: createMetrics(),
    });
  });
  afterAll(async () => {
    await gw?.close();
    await pool?.end();
    await temporal?.connection.close();
    await temporal?.server.stop();
  });

  it('300 mutated deliveries: no 5xx, nothing acts unsigned or on a body inconsistent with its topic, duplicates add no history', async () => {
    const r = prng(20261123);
    const seen = { unsigned: 0, refused: 0, accepted: 0, duplicates: 0 };
    for (let n = 1; n <= 300; n++) {
      const orderId = String(7_300_000_000_000_000n + BigInt(n) * 10n ** 3n);
      const s = shapes(orderId, n);
      const base = r.pick(Object.keys(s));
      let body: Json = structuredClone(s[base]!);
      const topic = r.pick(ALL_TOPICS);
      const mutation = r.pick(['none', 'drop', 'retype', 'nest', 'huge-id'] as const);
      const keys = Object.keys(body);
      if (mutation === 'drop' && keys.length) delete body[r.pick(keys)];
      if (mutation === 'retype' && keys.length) body[r.pick(keys)] = r.pick(WRONG_VALUES);
      if (mutation === 'nest') body[r.pick(keys)] = nest(r.pick([50, 2_000, 20_000]));
      if (mutation === 'huge-id')
        body = { ...body, id: 'BIG:99999999999999999999999', order_id: 'BIG:99999999999999999999999' };
      let raw = unnest(text(body));
      if (r.next() < 0.05) raw = r.pick(['42', '[]', '"order"', 'null', '{', '']);
      const signing = r.next();
      const eventId = `fuzz-${n}`;
      const opts =
        signing < 0.15
          ? { secret: null, eventId }
          : signing < 0.25
            ? { secret: 'stolen-secret', eventId }
            : { eventId };
      const what = `#${n} ${base}->${topic} ${mutation} ${signing < 0.25 ? 'unsigned' : 'signed'}`;

      const res = await postWebhook(gw.url, topic, raw, opts);
      const answer = (await res.json().catch(() => ({}))) as any;
      expect(res.status, `${what}: ${JSON.stringify(answer)}`).toBeLessThan(500);
      const workflowId = orderWorkflowId(SHOP, orderId);
      const started = await workflowExists(temporal.client, workflowId);
      if (signing < 0.25) {
        seen.unsigned++;
        expect(res.status, what).toBe(401);
        expect(started, what).toBe(false);
        continue;
      }
      let parsed: Json | null;
      try {
        const v = JSON.parse(raw.replace(/(?<=[:[,]\s*)(-?\d{16,})/g, '"BIG:$1"'));
        parsed = v && typeof v === 'object' && !Array.isArray(v) ? v : null;
      } catch {
        parsed = null;
      }
      const consistent = parsed !== null && mayActOnOrder(topic, parsed);
      if (started) {
        // Something reached an order workflow: only a signed body consistent with its topic may have.
        expect(consistent, `${what} started ${workflowId} with ${raw.slice(0, 200)}`).toBe(true);
        const signals = await signalsOf(temporal.client, workflowId);
        expect(
          signals.map((x) => x.args[0].topic),
          what,
        ).toEqual([topic]);
        // The same delivery again: 200 duplicate, no new history.
        const length = (await temporal.client.workflow.getHandle(workflowId).describe()).historyLength;
        const again = await postWebhook(gw.url, topic, raw, { eventId });
        expect(again.status, what).toBe(200);
        expect(((await again.json()) as any).status, what).toBe('duplicate');
        expect((await temporal.client.workflow.getHandle(workflowId).describe()).historyLength, what).toBe(length);
        seen.accepted++;
        seen.duplicates++;
      } else if (res.status >= 400) seen.refused++;
    }
    // The mix really exercised each path.
    expect(seen.unsigned).toBeGreaterThan(40);
    expect(seen.refused).toBeGreaterThan(40);
    expect(seen.accepted).toBeGreaterThan(10);
    expect(seen.duplicates).toBe(seen.accepted);
  });
});
