import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/api/metrics';
import { findFreePort } from '../../src/dev/ports';
import { orderWorkflowId, partnerAcknowledgmentSignal, shopifyEventSignal } from '../../src/order/contract';
import { upsertPartner } from '../../src/partner/repository';
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
  unreachableTemporal,
  type Pool,
  type RunningGateway,
} from './support';

/** Partner acknowledgments and ship notices, against real Temporal and PostgreSQL, no worker. */
describe('POST /partners/:partnerId/{acknowledgments,shipments}', () => {
  let temporal: Awaited<ReturnType<typeof startTemporal>>;
  let pool: Pool;
  let gw: RunningGateway;
  const metrics = createMetrics();
  const { logger, lines } = capturingLogger();
  const ORDER = '820001';
  const workflowId = orderWorkflowId(SHOP, ORDER);
  const GONE_WORKFLOW = orderWorkflowId(SHOP, '820999');

  beforeAll(async () => {
    const [t, databaseUrl] = await Promise.all([startTemporal(), freshDatabase('oo_api_test_partners')]);
    temporal = t;
    pool = createPool(databaseUrl, 2);
    await upsertPartner(pool, {
      id: 'acme-3pl',
      shopDomain: SHOP,
      name: 'Acme 3PL',
      token: 'acme-token',
      requiresAcceptance: true,
    });
    await upsertPartner(pool, {
      id: 'other-vendor',
      shopDomain: SHOP,
      name: 'Other Vendor',
      kind: 'edi_vendor',
      token: 'other-token',
    });
    await pool.query(
      `INSERT INTO locations (shop_domain, id, name, partner_id) VALUES
         ($1, 'gid://shopify/Location/1', 'Acme DC', 'acme-3pl'),
         ($1, 'gid://shopify/Location/2', 'Other Vendor', 'other-vendor')`,
      [SHOP],
    );
    const lines = JSON.stringify([{ lineItemId: 'gid://shopify/LineItem/1', sku: 'SKU-1', quantity: 1 }]);
    await pool.query(
      `INSERT INTO allocations (id, workflow_id, shop_domain, order_id, location_id, partner_id, route_attempt, status, lines) VALUES
         ('alloc-acme', $1, $3, $4, 'gid://shopify/Location/1', 'acme-3pl', 1, 'reserved', $5),
         ('alloc-other', $1, $3, $4, 'gid://shopify/Location/2', 'other-vendor', 1, 'reserved', $5),
         ('alloc-gone', $2, $3, '820999', 'gid://shopify/Location/1', 'acme-3pl', 1, 'reserved', $5)`,
      [workflowId, GONE_WORKFLOW, SHOP, ORDER, lines],
    );
    gw = await listen({
      shopDomain: SHOP,
      webhookSecrets: SECRETS,
      temporal: temporal.client,
      taskQueue: 'api-partners',
      pool,
      logger,
      metrics,
    });
    // The order's workflow, started the way Shopify starts it.
    const res = await postWebhook(gw.url, 'orders/create', `{"id": ${ORDER}, "name": "#${ORDER}"}`);
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await gw?.close();
    await pool?.end();
    await temporal?.connection.close();
    await temporal?.server.stop();
  });

  const send = (
    kind: 'acknowledgments' | 'shipments',
    partnerId: string,
    token: string | null,
    body: unknown,
    base = gw.url,
  ) =>
    fetch(`${base}/partners/${partnerId}/${kind}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const partnerSignals = async () =>
    (await signalsOf(temporal.client, workflowId)).filter((s) => s.name !== shopifyEventSignal.name);

  it('refuses a bad token, an unknown partner and a missing token with the same 401, signalling nothing', async () => {
    const ack = { allocationId: 'alloc-acme', decision: 'accepted' };
    const answers = [];
    for (const [partner, token] of [
      ['acme-3pl', 'wrong-token'],
      ['acme-3pl', 'other-token'],
      ['nobody', 'acme-token'],
      ['acme-3pl', null],
    ] as const) {
      const res = await send('acknowledgments', partner, token, ack);
      expect(res.status, `${partner} ${token}`).toBe(401);
      answers.push(await res.json());
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual({ error: 'Unknown partner or bad token' });
    // Authentication comes before the body: an unauthenticated garbage body is still a 401.
    expect((await send('shipments', 'acme-3pl', 'wrong-token', '{not json')).status).toBe(401);
    expect(await partnerSignals()).toEqual([]);
  });

  it('answers 400 naming every invalid field', async () => {
    const res = await send('acknowledgments', 'acme-3pl', 'acme-token', { decision: 'maybe', reason: 42 });
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.details.map((d: any) => d.field).sort()).toEqual(['allocationId', 'decision', 'reason']);
    expect(body.error).toMatch(/decision/);

    const ship = await send('shipments', 'acme-3pl', 'acme-token', {
      allocationId: 'alloc-acme',
      tracking: { company: 'UPS', url: 'not a url' },
    });
    expect(ship.status).toBe(400);
    expect(((await ship.json()) as any).details.map((d: any) => d.field).sort()).toEqual([
      'tracking.number',
      'tracking.url',
    ]);

    const notJson = await send('shipments', 'acme-3pl', 'acme-token', '{"allocationId": ');
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as any).error).toMatch(/not valid JSON/);
    expect(await partnerSignals()).toEqual([]);
  });

  it("answers 404 for an unknown allocation and 403 for another partner's", async () => {
    const unknown = await send('acknowledgments', 'acme-3pl', 'acme-token', {
      allocationId: 'alloc-nope',
      decision: 'accepted',
    });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).error).toMatch(/alloc-nope/);
    const others = await send('shipments', 'acme-3pl', 'acme-token', {
      allocationId: 'alloc-other',
      tracking: { number: '1Z' },
    });
    expect(others.status).toBe(403);
    expect(await partnerSignals()).toEqual([]);
  });

  it("answers 404 when the allocation's workflow does not exist", async () => {
    const before = lines.length;
    const res = await send('acknowledgments', 'acme-3pl', 'acme-token', {
      allocationId: 'alloc-gone',
      decision: 'accepted',
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error).toMatch(/no such order workflow/);
    expect(lines.slice(before).find((l) => l.status === 404)).toMatchObject({
      requestId: res.headers.get('x-request-id'),
      reason: expect.stringMatching(/alloc-gone/),
    });
  });

  it('signals a valid acknowledgment (202) with the authenticated partner id', async () => {
    const res = await send('acknowledgments', 'acme-3pl', 'acme-token', {
      allocationId: 'alloc-acme',
      decision: 'rejected',
      reason: 'no stock',
      messageId: 'm-1',
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'accepted', workflowId });
    const signals = await partnerSignals();
    expect(signals).toEqual([
      {
        name: partnerAcknowledgmentSignal.name,
        args: [
          {
            allocationId: 'alloc-acme',
            partnerId: 'acme-3pl',
            decision: 'rejected',
            reason: 'no stock',
            messageId: 'm-1',
          },
        ],
      },
    ]);
  });

  it('signals a valid ship notice (202), tracking filled in', async () => {
    const res = await send('shipments', 'acme-3pl', 'acme-token', {
      allocationId: 'alloc-acme',
      tracking: { number: '1Z999', company: 'UPS' },
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'accepted', workflowId });
    const last = (await partnerSignals()).at(-1);
    expect(last).toEqual({
      name: 'shipment',
      args: [
        {
          allocationId: 'alloc-acme',
          partnerId: 'acme-3pl',
          tracking: { number: '1Z999', company: 'UPS', url: null },
          messageId: null,
        },
      ],
    });
  });

  it('counts partner events by kind and outcome', async () => {
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    const value = (labels: string) =>
      Number(new RegExp(`oo_partner_events_total\\{${labels}\\} (\\d+)`).exec(text)?.[1] ?? NaN);
    expect(value('kind="acknowledgment",outcome="accepted"')).toBe(1);
    expect(value('kind="shipment",outcome="accepted"')).toBe(1);
    expect(value('kind="acknowledgment",outcome="unauthorized"')).toBe(4);
    expect(value('kind="acknowledgment",outcome="bad_request"')).toBe(1);
    expect(value('kind="shipment",outcome="forbidden"')).toBe(1);
    expect(value('kind="acknowledgment",outcome="not_found"')).toBe(2);
  });

  it('answers 503 when PostgreSQL cannot check the token', async () => {
    const deadPool = createPool(`postgresql://postgres@127.0.0.1:${await findFreePort()}/none`, 1);
    const down = await listen({
      shopDomain: SHOP,
      webhookSecrets: SECRETS,
      temporal: temporal.client,
      taskQueue: 'x',
      pool: deadPool,
      logger,
    });
    try {
      const res = await send(
        'acknowledgments',
        'acme-3pl',
        'acme-token',
        { allocationId: 'alloc-acme', decision: 'accepted' },
        down.url,
      );
      expect(res.status).toBe(503);
      expect(((await res.json()) as any).error).toMatch(/database/);
    } finally {
      await down.close();
      await deadPool.end();
    }
  });

  it('answers 503 when Temporal cannot take the signal', async () => {
    const down = await listen({
      shopDomain: SHOP,
      webhookSecrets: SECRETS,
      temporal: await unreachableTemporal(),
      taskQueue: 'x',
      pool,
      logger,
      temporalTimeoutMs: 1000,
    });
    try {
      const res = await send(
        'shipments',
        'acme-3pl',
        'acme-token',
        { allocationId: 'alloc-acme', tracking: { number: '1Z' } },
        down.url,
      );
      expect(res.status).toBe(503);
      expect(((await res.json()) as any).error).toMatch(/Temporal/);
    } finally {
      await down.close();
    }
  });
});
