import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { startGateway } from '../src/api/app';
import { logger } from '../src/logger';
import { signShopifyWebhook } from '../src/shopify/webhook-hmac';
import { NeedsAttention, OrderName, OrderStage, ShopDomain } from '../src/temporal/search-attributes';
import { percentile, pool, progress, spread, type Spread } from './stats';
import { ORDER_WORKFLOW_TYPE, orderWorkflowId, shopifyEventSignal } from '../src/order/contract';

/**
 * Webhook ingest: verified orders/create webhooks through the gateway (HMAC,
 * lossless parse, signal-with-start, 200) against a bare Temporal client doing
 * the same signal-with-start in a loop. No worker polls the task queue, so
 * only ingest is measured.
 */
const SHOP = 'bench-ingest.myshopify.com';
const SECRET = 'bench-secret';

export interface IngestResult {
  concurrency: number;
  gatewayPerSecond: Spread;
  baselinePerSecond: Spread;
  ratio: number;
  gatewayP50Ms: Spread;
  gatewayP99Ms: Spread;
  baselineP50Ms: Spread;
  baselineP99Ms: Spread;
  steady: { offeredPerSecond: number; p50Ms: Spread; p99Ms: Spread };
}

let nextId = 9_007_199_254_800_000n;
const body = () => {
  const id = (nextId += 7n);
  return `{"id":${id},"admin_graphql_api_id":"gid://shopify/Order/${id}","name":"#B${id % 100000n}","email":"bench@example.com","total_price":"10.00"}`;
};

async function timed(n: number, concurrency: number, send: () => Promise<void>) {
  const latencies: number[] = [];
  const t0 = performance.now();
  await pool(n, concurrency, async () => {
    const s = performance.now();
    await send();
    latencies.push(performance.now() - s);
  });
  const seconds = (performance.now() - t0) / 1000;
  return { perSecond: n / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export async function measureIngest(
  client: Client,
  dbPool: Pool,
  opts: { webhooks: number; rounds: number; concurrency: number },
): Promise<IngestResult> {
  const server: Server = await startGateway(
    {
      shopDomain: SHOP,
      webhookSecrets: [SECRET],
      temporal: client,
      taskQueue: 'bench-ingest-no-worker',
      pool: dbPool,
      logger: logger.child({ bench: 'ingest' }),
    },
    0,
    '127.0.0.1',
  );
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/shopify`;
  const viaGateway = async () => {
    const raw = body();
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shopify-topic': 'orders/create',
        'x-shopify-shop-domain': SHOP,
        'x-shopify-event-id': `e${nextId}`,
        'x-shopify-hmac-sha256': signShopifyWebhook(raw, SECRET),
      },
      body: raw,
    });
    if (res.status !== 200) throw new Error(`gateway answered ${res.status}`);
    await res.arrayBuffer();
  };
  const direct = async () => {
    const id = (nextId += 7n).toString();
    await client.workflow.signalWithStart(ORDER_WORKFLOW_TYPE, {
      workflowId: orderWorkflowId(SHOP, id),
      taskQueue: 'bench-ingest-no-worker',
      args: [{ shopDomain: SHOP, orderId: id, orderGid: `gid://shopify/Order/${id}` }],
      signal: shopifyEventSignal,
      signalArgs: [{ topic: 'orders/create', eventId: `e${id}`, webhookId: null, triggeredAt: null }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: ShopDomain, value: SHOP },
        { key: OrderStage, value: 'received' },
        { key: NeedsAttention, value: false },
        { key: OrderName, value: `#B${id}` },
      ],
      staticSummary: `Order #B${id} · ${SHOP}`,
    });
  };
  const g: Awaited<ReturnType<typeof timed>>[] = [];
  const b: Awaited<ReturnType<typeof timed>>[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    g.push(await timed(opts.webhooks, opts.concurrency, viaGateway));
    b.push(await timed(opts.webhooks, opts.concurrency, direct));
    progress('webhook ingest (saturation)', r + 1, opts.rounds);
  }
  // Steady load: half the saturated gateway rate, requests spaced evenly.
  const offered = Math.max(1, Math.floor(spread(g.map((x) => x.perSecond)).median / 2));
  const steady: { p50: number; p99: number }[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    const latencies: number[] = [];
    const n = Math.min(opts.webhooks, offered * 5);
    await Promise.all(
      Array.from(
        { length: n },
        (_, i) =>
          new Promise<void>((resolve, reject) =>
            setTimeout(
              () => {
                const s = performance.now();
                viaGateway().then(() => {
                  latencies.push(performance.now() - s);
                  resolve();
                }, reject);
              },
              (i * 1000) / offered,
            ),
          ),
      ),
    );
    steady.push({ p50: percentile(latencies, 50), p99: percentile(latencies, 99) });
    progress('webhook ingest (steady)', r + 1, opts.rounds);
  }
  server.close();
  const gatewayPerSecond = spread(g.map((x) => x.perSecond));
  const baselinePerSecond = spread(b.map((x) => x.perSecond));
  return {
    concurrency: opts.concurrency,
    gatewayPerSecond,
    baselinePerSecond,
    ratio: gatewayPerSecond.median / baselinePerSecond.median,
    gatewayP50Ms: spread(g.map((x) => x.p50)),
    gatewayP99Ms: spread(g.map((x) => x.p99)),
    baselineP50Ms: spread(b.map((x) => x.p50)),
    baselineP99Ms: spread(b.map((x) => x.p99)),
    steady: {
      offeredPerSecond: offered,
      p50Ms: spread(steady.map((x) => x.p50)),
      p99Ms: spread(steady.map((x) => x.p99)),
    },
  };
}
