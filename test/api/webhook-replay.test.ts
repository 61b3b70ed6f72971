import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/api/metrics';
import { orderWorkflowId, partnerAcknowledgmentSignal } from '../../src/order/contract';
import {
  claimDelivery,
  completeDelivery,
  pruneDeliveries,
  releaseDelivery,
} from '../../src/shopify/webhook-deliveries';
import { OrderName } from '../../src/temporal/search-attributes';
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
  uniqueId,
  unreachableTemporal,
  workflowExists,
  type Pool,
  type RunningGateway,
} from './support';

/**
 * Replay protection and bounds at the gateway,
 * against a real Temporal dev server and PostgreSQL, no worker: what reaches a
 * workflow is read back from its history.
 */

/** An order body shaped as Shopify's orders/* payloads (REST resource; exact ids written as literals). */
function orderBody(id: string, extra: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    id,
    admin_graphql_api_id: JSON.stringify(`gid://shopify/Order/${id}`),
    name: JSON.stringify(`#${id}`),
    email: '"buyer@example.com"',
    created_at: '"2026-11-23T10:00:00-05:00"',
    updated_at: '"2026-11-23T10:00:00-05:00"',
    cancelled_at: 'null',
    cancel_reason: 'null',
    currency: '"USD"',
    total_price: '"30.00"',
    financial_status: '"authorized"',
    fulfillment_status: 'null',
    line_items: `[{"id": 9007199254741001, "admin_graphql_api_id": "gid://shopify/LineItem/9007199254741001", "sku": "TEE", "title": "Tee", "quantity": 2, "current_quantity": 2, "price": "15.00"}]`,
    ...extra,
  };
  return `{${Object.entries(fields)
    .map(([k, v]) => `"${k}": ${v}`)
    .join(', ')}}`;
}

describe('webhook replay protection and bounds', () => {
  let temporal: Awaited<ReturnType<typeof startTemporal>>;
  let pool: Pool;
  let gw: RunningGateway;
  const { logger, lines } = capturingLogger();
  const taskQueue = 'api-webhook-replay';
  let nextOrder = 7_200_000_000_000;
  const orderNo = () => String(++nextOrder);
  const historyLength = async (workflowId: string) =>
    (await temporal.client.workflow.getHandle(workflowId).describe()).historyLength;

  beforeAll(async () => {
    const [t, databaseUrl] = await Promise.all([startTemporal(), freshDatabase('oo_api_test_webhook_replay')]);
    temporal = t;
    pool = createPool(databaseUrl, 4);
    gw = await listen({
      shopDomain: SHOP,
      webhookSecrets: SECRETS,
      temporal: temporal.client,
      taskQueue,
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

  it('refuses a signed orders/create body replayed as orders/cancelled with a fresh event id: 400 naming cancelled_at, logged, nothing signalled', async () => {
    const id = orderNo();
    const body = orderBody(id);
    expect((await postWebhook(gw.url, 'orders/create', body)).status).toBe(200);
    const workflowId = orderWorkflowId(SHOP, id);
    const before = lines.length;
    const forged = await postWebhook(gw.url, 'orders/cancelled', body, { eventId: uniqueId('forged') });
    expect(forged.status).toBe(400);
    const answer = (await forged.json()) as any;
    expect(answer.error).toMatch(/cancelled_at/);
    expect(answer.details).toEqual([{ field: 'cancelled_at', problem: expect.stringMatching(/not a cancellation/) }]);
    expect(lines.slice(before).some((l) => l.field === 'cancelled_at' && /refused/.test(l.msg))).toBe(true);
    expect((await signalsOf(temporal.client, workflowId)).map((s) => s.args[0].topic)).toEqual(['orders/create']);
    // Shopify's own cancellation body carries cancelled_at: that one goes through.
    const genuine = await postWebhook(
      gw.url,
      'orders/cancelled',
      orderBody(id, { cancelled_at: '"2026-11-23T11:00:00-05:00"', cancel_reason: '"customer"' }),
    );
    expect(genuine.status).toBe(200);
    expect((await signalsOf(temporal.client, workflowId)).map((s) => s.args[0].topic)).toEqual([
      'orders/create',
      'orders/cancelled',
    ]);
  });

  it('refuses a body of another resource replayed under an order topic, and a 3PL acceptance replayed as a rejection', async () => {
    const product = `{"id": 632910392, "admin_graphql_api_id": "gid://shopify/Product/632910392", "title": "IPod Nano", "updated_at": "2026-11-23T10:00:00-05:00", "variants": []}`;
    const asOrder = await postWebhook(gw.url, 'orders/create', product);
    expect(asOrder.status).toBe(400);
    expect(((await asOrder.json()) as any).details[0].field).toBe('admin_graphql_api_id');
    expect(await workflowExists(temporal.client, orderWorkflowId(SHOP, '632910392'))).toBe(false);

    const accepted = JSON.stringify({
      fulfillment_order: {
        id: 'gid://shopify/FulfillmentOrder/1046000791',
        status: 'in_progress',
        request_status: 'accepted',
      },
      message: 'ok',
    });
    const asRejected = await postWebhook(gw.url, 'fulfillment_orders/fulfillment_request_rejected', accepted);
    expect(asRejected.status).toBe(400);
    expect(((await asRejected.json()) as any).details[0].field).toBe('fulfillment_order.request_status');
  });

  it('200 replays of one delivery leave the order history as it was (describe historyLength), each answered 200 "duplicate"', async () => {
    const id = orderNo();
    const body = orderBody(id);
    const eventId = uniqueId('evt');
    expect((await postWebhook(gw.url, 'orders/create', body, { eventId })).status).toBe(200);
    const workflowId = orderWorkflowId(SHOP, id);
    const length = await historyLength(workflowId);
    const statuses: string[] = [];
    for (let round = 0; round < 20; round++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          postWebhook(gw.url, 'orders/create', body, { eventId }).then(
            async (r) => `${r.status} ${((await r.json()) as any).status}`,
          ),
        ),
      );
      statuses.push(...answers);
    }
    expect(new Set(statuses)).toEqual(new Set(['200 duplicate']));
    expect(statuses).toHaveLength(200);
    expect(await historyLength(workflowId)).toBe(length);
    expect(await signalsOf(temporal.client, workflowId)).toHaveLength(1);
  });

  it('a signed order body replayed under its own topic with 50 forged event ids signals once; a changed body (new updated_at) is a new event', async () => {
    const id = orderNo();
    const body = orderBody(id);
    expect((await postWebhook(gw.url, 'orders/updated', body, { eventId: uniqueId('evt') })).status).toBe(200);
    const workflowId = orderWorkflowId(SHOP, id);
    const length = await historyLength(workflowId);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        postWebhook(gw.url, 'orders/updated', body, { eventId: uniqueId('forged') }).then(
          async (r) => `${r.status} ${((await r.json()) as any).status}`,
        ),
      ),
    );
    expect(new Set(answers)).toEqual(new Set(['200 duplicate']));
    expect(await historyLength(workflowId)).toBe(length);
    const later = orderBody(id, { updated_at: '"2026-11-23T11:00:00-05:00"' });
    expect((await postWebhook(gw.url, 'orders/updated', later, { eventId: uniqueId('evt') })).status).toBe(200);
    expect(await signalsOf(temporal.client, workflowId)).toHaveLength(2);
  });

  it('two identical deliveries arriving together signal once; the same event id under another topic is its own delivery', async () => {
    const id = orderNo();
    const body = orderBody(id);
    const eventId = uniqueId('evt');
    const both = await Promise.all([1, 2].map(() => postWebhook(gw.url, 'orders/create', body, { eventId })));
    const answers = await Promise.all(both.map(async (r) => `${r.status} ${((await r.json()) as any).status}`));
    expect(answers.sort()).toEqual(['200 accepted', '200 duplicate']);
    const workflowId = orderWorkflowId(SHOP, id);
    expect(await signalsOf(temporal.client, workflowId)).toHaveLength(1);
    expect((await postWebhook(gw.url, 'orders/paid', body, { eventId })).status).toBe(200);
    expect((await signalsOf(temporal.client, workflowId)).map((s) => s.args[0].topic)).toEqual([
      'orders/create',
      'orders/paid',
    ]);
  });

  it('a delivery answered 503 (Temporal unreachable) goes through on its retry: the claim is released, not marked done', async () => {
    const down = await listen({
      shopDomain: SHOP,
      webhookSecrets: SECRETS,
      temporal: await unreachableTemporal(),
      taskQueue,
      pool,
      logger,
      temporalTimeoutMs: 500,
    });
    try {
      const id = orderNo();
      const eventId = uniqueId('evt');
      expect((await postWebhook(down.url, 'orders/create', orderBody(id), { eventId })).status).toBe(503);
      const retry = await postWebhook(gw.url, 'orders/create', orderBody(id), { eventId });
      expect(retry.status).toBe(200);
      expect(((await retry.json()) as any).status).toBe('accepted');
      expect((await signalsOf(temporal.client, orderWorkflowId(SHOP, id))).map((s) => s.args[0].eventId)).toEqual([
        eventId,
      ]);
    } finally {
      await down.close();
    }
  });

  it('acknowledges a delivery triggered before the horizon as "stale" and acts on nothing; a malformed X-Shopify-Triggered-At is a 400', async () => {
    const id = orderNo();
    const old = new Date(Date.now() - 49 * 3600_000).toISOString();
    const stale = await postWebhook(gw.url, 'orders/create', orderBody(id), { triggeredAt: old });
    expect(stale.status).toBe(200);
    expect(await stale.json()).toMatchObject({ status: 'stale' });
    expect(await workflowExists(temporal.client, orderWorkflowId(SHOP, id))).toBe(false);
    const bad = await postWebhook(gw.url, 'orders/create', orderBody(id), { triggeredAt: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error).toMatch(/X-Shopify-Triggered-At/);
    // The header only refuses: a fresh one grants nothing a stale one would not (the body still has to pass).
    expect((await postWebhook(gw.url, 'orders/create', orderBody(id))).status).toBe(200);
  });

  it('a 3PL answer delivered twice with the same event id is signalled once', async () => {
    const id = orderNo();
    expect((await postWebhook(gw.url, 'orders/create', orderBody(id))).status).toBe(200);
    const workflowId = orderWorkflowId(SHOP, id);
    const allocationId = `${workflowId}-A1`;
    await pool.query(
      `INSERT INTO allocations (id, workflow_id, shop_domain, order_id, location_id, route_attempt, status, lines) VALUES ($1, $2, $3, $4, 'gid://shopify/Location/1', 1, 'released', '[]')`,
      [allocationId, workflowId, SHOP, id],
    );
    const fo = `gid://shopify/FulfillmentOrder/${id}`;
    await pool.query(`INSERT INTO fulfillment_requests (fulfillment_order_id, allocation_id) VALUES ($1, $2)`, [
      fo,
      allocationId,
    ]);
    const body = JSON.stringify({
      fulfillment_order: { id: fo, status: 'in_progress', request_status: 'accepted' },
      message: 'on it',
    });
    const eventId = uniqueId('evt');
    const first = await postWebhook(gw.url, 'fulfillment_orders/fulfillment_request_accepted', body, { eventId });
    const again = await postWebhook(gw.url, 'fulfillment_orders/fulfillment_request_accepted', body, { eventId });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(((await again.json()) as any).status).toBe('duplicate');
    const acks = (await signalsOf(temporal.client, workflowId)).filter(
      (s) => s.name === partnerAcknowledgmentSignal.name,
    );
    expect(acks.map((s) => s.args[0])).toEqual([
      expect.objectContaining({ allocationId, decision: 'accepted', messageId: eventId }),
    ]);
  });

  it('an order name over the search-attribute limit is cut to fit (the order still starts); quantities beyond PostgreSQL integer are a 400 naming the field', async () => {
    const id = orderNo();
    const longName = `#${id}-${'é'.repeat(1500)}`; // 3,000+ bytes of UTF-8
    const res = await postWebhook(gw.url, 'orders/create', orderBody(id, { name: JSON.stringify(longName) }));
    expect(res.status).toBe(200);
    const d = await temporal.client.workflow.getHandle(orderWorkflowId(SHOP, id)).describe();
    const stored = d.typedSearchAttributes.get(OrderName)!;
    expect(Buffer.byteLength(stored, 'utf8')).toBeLessThanOrEqual(2046);
    expect(stored.startsWith(`#${id}-éé`)).toBe(true);
    const [signal] = await signalsOf(temporal.client, orderWorkflowId(SHOP, id));
    expect(Buffer.byteLength(signal!.args[0].orderName, 'utf8')).toBeLessThanOrEqual(2046);

    const huge = orderNo();
    const tooMany = await postWebhook(
      gw.url,
      'orders/create',
      orderBody(huge, { line_items: '[{"id": 1, "sku": "TEE", "quantity": 2147483648}]' }),
    );
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as any).details).toEqual([
      { field: 'line_items[0].quantity', problem: expect.stringMatching(/out of range/) },
    ]);
    expect(await workflowExists(temporal.client, orderWorkflowId(SHOP, huge))).toBe(false);
    const level = await postWebhook(
      gw.url,
      'inventory_levels/update',
      '{"inventory_item_id": 808950810, "location_id": 905684977, "available": 99999999999, "updated_at": "2026-11-23T10:00:00-05:00"}',
    );
    expect(level.status).toBe(400);
    expect(((await level.json()) as any).details[0].field).toBe('available');
    // Values PostgreSQL would refuse further down: a date JavaScript reads and timestamptz does not, units that overflow when summed per SKU.
    const jsDate = await postWebhook(
      gw.url,
      'inventory_levels/update',
      '{"inventory_item_id": 808950810, "location_id": 905684977, "available": 3, "updated_at": "Mon Nov 23 2026 10:00:00 GMT-0500 (Eastern Standard Time)"}',
    );
    expect(jsDate.status).toBe(400);
    expect(((await jsDate.json()) as any).details[0].field).toBe('updated_at');
    const summed = orderNo();
    const overflow = await postWebhook(
      gw.url,
      'orders/updated',
      orderBody(summed, {
        line_items:
          '[{"id": 1, "sku": "TEE", "quantity": 2000000000}, {"id": 2, "sku": "TEE", "quantity": 2000000000}]',
      }),
    );
    expect(overflow.status).toBe(400);
    expect(((await overflow.json()) as any).details[0].field).toBe('line_items');
  });

  it('a top-level JSON number, string or array is not a body; ids longer than 64 bits are refused', async () => {
    for (const raw of ['42', '"order"', '[{"id": 1}]', 'null']) {
      const res = await postWebhook(gw.url, 'orders/create', raw);
      expect(res.status, raw).toBe(400);
      expect(((await res.json()) as any).error, raw).toMatch(/not a JSON object/);
    }
    const long = '123456789012345678901234567890';
    const res = await postWebhook(gw.url, 'orders/create', `{"id": ${long}, "name": "#1"}`);
    expect(res.status).toBe(400);
    expect(await workflowExists(temporal.client, orderWorkflowId(SHOP, long))).toBe(false);
    const beyond = await postWebhook(
      gw.url,
      'refunds/create',
      '{"id": 1, "order_id": 18446744073709551616, "transactions": []}',
    );
    expect(beyond.status).toBe(400);
    // The largest 64-bit id is still an id.
    const max = await postWebhook(
      gw.url,
      'refunds/create',
      '{"id": 1, "order_id": 18446744073709551615, "transactions": []}',
    );
    expect(max.status).toBe(200);
  });

  it('claims: a live claim is in flight for others; a crashed attempt (lease run out) is taken over; a released one is claimed afresh; done is a duplicate', async () => {
    const key = { shopDomain: 'claims.myshopify.com', topic: 'orders/create', deliveryId: uniqueId('evt') };
    const first = await claimDelivery(pool, key);
    expect(first).toMatchObject({ kind: 'claimed', attempts: 1 });
    expect(await claimDelivery(pool, key)).toEqual({ kind: 'in_flight' });
    // A process that died mid-delivery: its lease is over (set in the past here, instead of waiting 30 s).
    await pool.query(`UPDATE webhook_deliveries SET lease_until = now() - interval '1 second' WHERE delivery_id = $1`, [
      key.deliveryId,
    ]);
    const takeover = await claimDelivery(pool, key);
    expect(takeover).toMatchObject({ kind: 'claimed', attempts: 2 });
    // The dead attempt's release must not drop the live one's claim.
    await releaseDelivery(pool, key, (first as { token: string }).token);
    expect(await claimDelivery(pool, key)).toEqual({ kind: 'in_flight' });
    await releaseDelivery(pool, key, (takeover as { token: string }).token);
    const afresh = await claimDelivery(pool, key);
    expect(afresh).toMatchObject({ kind: 'claimed', attempts: 1 });
    await completeDelivery(pool, key, 'accepted');
    expect(await claimDelivery(pool, key)).toEqual({ kind: 'duplicate', outcome: 'accepted' });
  });

  it('prunes deliveries older than the retention window, in bounded batches, keeping recent ones', async () => {
    await pool.query(
      `INSERT INTO webhook_deliveries (shop_domain, topic, delivery_id, state, claim_token, lease_until, received_at)
       SELECT 'prune.myshopify.com', 'orders/create', 'old-' || g, 'done', gen_random_uuid(), now(), now() - interval '80 hours' FROM generate_series(1, 30) g
       UNION ALL SELECT 'prune.myshopify.com', 'orders/create', 'new-' || g, 'done', gen_random_uuid(), now(), now() - interval '1 hour' FROM generate_series(1, 5) g`,
    );
    expect(await pruneDeliveries(pool, 72, 20)).toBe(20);
    expect(await pruneDeliveries(pool, 72, 20)).toBe(10);
    expect(await pruneDeliveries(pool, 72, 20)).toBe(0);
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE shop_domain = 'prune.myshopify.com'`,
    );
    expect(rows[0].n).toBe(5);
  });
});
