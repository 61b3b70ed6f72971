import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/api/metrics';
import { returnEventSignal, returnWorkflowId } from '../../src/returns/contract';
import { recordReverseFulfillmentOrders } from '../../src/returns/reverse-fulfillment-orders';
import {
  capturingLogger,
  postWebhook,
  SHOP,
  signalsOf,
  startGatewayStack,
  workflowExists,
  type Pool,
  type RunningGateway,
} from './support';

/**
 * Return webhooks routed by what Shopify's bodies carry, against a real
 * Temporal dev server and PostgreSQL, no worker (a told return's workflow
 * exists with the signal). reverse_fulfillment_orders/dispose names the
 * reverse fulfillment order only: its return is the one the workflow
 * recorded reading it (return_reverse_fulfillment_orders).
 */
describe('return webhooks', () => {
  let stack: Awaited<ReturnType<typeof startGatewayStack>>;
  let temporal: typeof stack.temporal;
  let pool: Pool;
  let gw: RunningGateway;
  const { logger, lines } = capturingLogger();
  let next = 7_700_000;
  const id = () => String(++next);

  beforeAll(async () => {
    stack = await startGatewayStack('oo_api_test_return_webhooks', {
      taskQueue: 'api-return-webhooks',
      logger,
      metrics: createMetrics(),
    });
    ({ temporal, pool, gw } = stack);
  });
  afterAll(async () => stack?.stop());

  /** Two open returns of one order, as the return workflows record them. */
  async function orderWithTwoReturns() {
    const orderId = id();
    const returns = [id(), id()];
    for (const r of returns)
      await pool.query(
        `INSERT INTO order_returns (shop_domain, return_id, return_gid, order_gid, stage) VALUES ($1, $2, $3, $4, 'awaiting_parcel')`,
        [SHOP, r, `gid://shopify/Return/${r}`, `gid://shopify/Order/${orderId}`],
      );
    return { orderId, returns };
  }

  /** Shopify's documented example body for reverse_fulfillment_orders/dispose, with our ids. */
  const disposeBody = (rfoId: string, lineId: string) =>
    JSON.stringify({
      id: Number(rfoId),
      admin_graphql_api_id: `gid://shopify/ReverseFulfillmentOrder/${rfoId}`,
      dispositions: [
        {
          reverse_fulfillment_order_line_item: {
            id: Number(lineId),
            admin_graphql_api_id: `gid://shopify/ReverseFulfillmentOrderLineItem/${lineId}`,
          },
          reverse_delivery_line_item: null,
          type: 'missing',
          location: null,
          quantity: 1,
        },
      ],
      total_dispositions: 1,
    });

  it("tells the return whose reverse fulfillment order was disposed, and not the order's other return", async () => {
    const { returns } = await orderWithTwoReturns();
    const [a, b] = returns as [string, string];
    const rfoA = id();
    const rfoB = id();
    await recordReverseFulfillmentOrders(pool, SHOP, a, [rfoA]);
    await recordReverseFulfillmentOrders(pool, SHOP, b, [rfoB]);
    await recordReverseFulfillmentOrders(pool, SHOP, a, [rfoA]); // a later read records nothing twice

    const res = await postWebhook(gw.url, 'reverse_fulfillment_orders/dispose', disposeBody(rfoA, id()));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'accepted', workflowId: returnWorkflowId(SHOP, a) });
    const heard = await signalsOf(temporal.client, returnWorkflowId(SHOP, a));
    expect(heard.map((s) => [s.name, s.args[0].topic])).toEqual([
      [returnEventSignal.name, 'reverse_fulfillment_orders/dispose'],
    ]);
    expect(await workflowExists(temporal.client, returnWorkflowId(SHOP, b))).toBe(false);
  });

  it('accepts the dispositions of a reverse fulfillment order no return has read, tells nobody and logs it', async () => {
    const { returns } = await orderWithTwoReturns();
    const rfo = id();
    const res = await postWebhook(gw.url, 'reverse_fulfillment_orders/dispose', disposeBody(rfo, id()));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'unknown-reverse-fulfillment-order' });
    for (const r of returns) expect(await workflowExists(temporal.client, returnWorkflowId(SHOP, r))).toBe(false);
    expect(lines.some((l) => l.reverseFulfillmentOrderId === rfo && /nothing to tell/.test(l.msg))).toBe(true);
  });

  it("falls back to the order's open returns when an unknown reverse fulfillment order's body names its order", async () => {
    const { orderId, returns } = await orderWithTwoReturns();
    const body = JSON.stringify({ ...JSON.parse(disposeBody(id(), id())), order_id: Number(orderId) });
    const res = await postWebhook(gw.url, 'reverse_fulfillment_orders/dispose', body);
    expect(res.status).toBe(200);
    for (const r of returns)
      expect((await signalsOf(temporal.client, returnWorkflowId(SHOP, r))).map((s) => s.args[0].topic)).toEqual([
        'reverse_fulfillment_orders/dispose',
      ]);
  });

  it('refuses a dispose body that names no reverse fulfillment order, naming the field', async () => {
    const res = await postWebhook(gw.url, 'reverse_fulfillment_orders/dispose', '{"total_dispositions": 0}');
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/admin_graphql_api_id/);
  });

  it('routes a returns/* body by its return, also a returns/update body that carries only admin_graphql_api_id', async () => {
    const r = id();
    const res = await postWebhook(
      gw.url,
      'returns/update',
      JSON.stringify({ admin_graphql_api_id: `gid://shopify/Return/${r}`, return_line_items: {} }),
    );
    expect(res.status).toBe(200);
    expect((await signalsOf(temporal.client, returnWorkflowId(SHOP, r))).map((s) => s.args[0].topic)).toEqual([
      'returns/update',
    ]);
  });
});
