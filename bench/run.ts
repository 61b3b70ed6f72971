/**
 * npm run bench [-- --full] — figures, never verdicts. Starts the same local
 * stack as the tests (Temporal dev server, PostgreSQL, the Shopify simulator
 * over HTTP), prints tables and writes bench-results/bench-<time>.json.
 *
 * Measured so far: per-order Temporal actions, history events, Shopify
 * requests and points for the main paths; webhook ingest against a bare
 * signal-with-start baseline. (End-to-end throughput at rising concurrency,
 * reservation contention and worker memory are not measured yet.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { Harness } from '../test/support/harness';
import { startStack } from '../test/support/stack';
import { projectRoot } from '../src/paths';
import { measureIngest } from './ingest';
import { measureOrderCosts, printOrderCosts } from './order-costs';
import { fmt } from './stats';

async function main() {
  const full = process.argv.includes('--full');
  const scale = full ? { ordersPerPath: 25, webhooks: 2000, rounds: 5 } : { ordersPerPath: 5, webhooks: 300, rounds: 3 };
  process.env.LOG_LEVEL ??= 'error';
  const machine = `${cpus().length} x ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`Order Orchestrator bench (${full ? 'full' : 'quick'}) on ${machine}`);

  const stack = await startStack('bench');
  const h = await Harness.start('bench', { stockMultiplier: 1000 }, stack.env);
  try {
    const costs = await measureOrderCosts(h, scale.ordersPerPath);
    const ingest = await measureIngest(h.client, h.pool, { webhooks: scale.webhooks, rounds: scale.rounds, concurrency: 32 });

    printOrderCosts(costs);
    console.log(`\nWebhook ingest, ${scale.webhooks} orders/create per round, ${scale.rounds} rounds, ${ingest.concurrency} in flight`);
    console.log(`  gateway  ${fmt(ingest.gatewayPerSecond)} /s   p50 ${fmt(ingest.gatewayP50Ms)} ms   p99 ${fmt(ingest.gatewayP99Ms)} ms`);
    console.log(`  baseline ${fmt(ingest.baselinePerSecond)} /s   p50 ${fmt(ingest.baselineP50Ms)} ms   p99 ${fmt(ingest.baselineP99Ms)} ms   (bare client signal-with-start)`);
    console.log(`  ratio gateway/baseline ${ingest.ratio.toFixed(2)}`);
    console.log(`  steady load ${ingest.steady.offeredPerSecond}/s: p50 ${fmt(ingest.steady.p50Ms)} ms   p99 ${fmt(ingest.steady.p99Ms)} ms`);

    const dir = path.join(projectRoot(), 'bench-results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ machine, mode: full ? 'full' : 'quick', scale, orderCosts: costs, ingest }, null, 2));
    console.log(`\nWrote ${path.relative(process.cwd(), file)}`);
  } finally {
    await h.close();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(`bench failed: ${err.stack ?? err}`);
  process.exit(1);
});
