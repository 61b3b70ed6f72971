/**
 * npm run bench [-- --full] — figures, never verdicts. Starts the same local
 * stack as the tests (Temporal dev server, PostgreSQL, the Shopify simulator
 * over HTTP), prints tables and writes bench-results/bench-<time>.json.
 *
 * Measured: per-order Temporal actions, history events, Shopify requests and
 * points by path; the same per return, beside a recorded baseline and a
 * target (bench/baseline/costs.ts); end-to-end throughput at rising
 * concurrency against a no-op baseline, and where an order's time goes;
 * webhook ingest against a bare signal-with-start baseline; reservation
 * contention; worker memory with orders parked waiting for a partner; Shopify
 * points spent keeping inventory published, against one push per change, and
 * ERP import throughput (`-- --inventory` runs only that; `-- --returns` only
 * the per-return costs).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { Harness } from '../test/support/harness';
import { startStack } from '../test/support/stack';
import { loadSettings } from '../src/config';
import { logger } from '../src/logger';
import { projectRoot } from '../src/paths';
import { measureContention } from './contention';
import { measureIngest } from './ingest';
import { measureMemory } from './memory';
import { measureThroughput } from './throughput';
import { measureOrderCosts, printOrderCosts } from './order-costs';
import { measureReturnCosts, printReturnCosts } from './return-costs';
import { fmt } from './stats';
import { measureInventorySync, printInventory } from './inventory';

async function main() {
  const full = process.argv.includes('--full');
  const onlyInventory = process.argv.includes('--inventory');
  const onlyReturns = process.argv.includes('--returns');
  const scale = full
    ? {
        ordersPerPath: 25,
        returns: 15,
        webhooks: 2000,
        rounds: 5,
        levels: [1, 8, 32],
        ordersPerLevel: 20,
        racers: 50,
        parked: 1000,
        inventory: { skus: 200, changes: 5000, ratePerSecond: 100, erpLines: 1_000_000 },
      }
    : {
        ordersPerPath: 5,
        returns: 5,
        webhooks: 300,
        rounds: 3,
        levels: [2, 8],
        ordersPerLevel: 6,
        racers: 20,
        parked: 200,
        inventory: { skus: 50, changes: 1000, ratePerSecond: 50, erpLines: 100_000 },
      };
  process.env.LOG_LEVEL ||= 'warn'; // the bench's own default, for the processes it starts too
  logger.level = loadSettings(['LOG_LEVEL']).LOG_LEVEL; // the logger exists already (imports); per-request info lines would flood the tables
  const machine = `${cpus().length} x ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`Order Orchestrator bench (${full ? 'full' : 'quick'}) on ${machine}`);

  const stack = await startStack('bench');
  if (onlyInventory) {
    try {
      printInventory(await measureInventorySync(stack.env, scale.inventory));
    } finally {
      await stack.stop();
    }
    return;
  }
  const h = await Harness.start('bench', { stockMultiplier: 1000 }, stack.env);
  if (onlyReturns) {
    try {
      printReturnCosts(await measureReturnCosts(h, scale.returns));
    } finally {
      await h.close();
      await stack.stop();
    }
    return;
  }
  try {
    const costs = await measureOrderCosts(h, scale.ordersPerPath);
    const returnCosts = await measureReturnCosts(h, scale.returns);
    const throughput = await measureThroughput(h, {
      levels: scale.levels,
      ordersPerLevel: scale.ordersPerLevel,
      rounds: scale.rounds,
    });
    const ingest = await measureIngest(h.client, h.pool, {
      webhooks: scale.webhooks,
      rounds: scale.rounds,
      concurrency: 32,
    });
    const contention = await measureContention(h, { concurrent: scale.racers, rounds: scale.rounds });
    const memory = [await measureMemory(stack.env, scale.parked), await measureMemory(stack.env, scale.parked, 100)];
    const inventory = await measureInventorySync(stack.env, scale.inventory);

    printOrderCosts(costs);
    printReturnCosts(returnCosts);
    console.log(
      `\nEnd-to-end orders per minute (single location; ${scale.ordersPerLevel} orders x ${scale.rounds} rounds per level) against a workflow of ${throughput.activitiesPerOrder} no-op activities`,
    );
    for (const l of throughput.levels) {
      console.log(
        `  ${String(l.concurrency).padStart(3)} in flight: orders ${fmt(l.ordersPerMinute, 0).padEnd(18)}/min   baseline ${fmt(l.baselinePerMinute, 0).padEnd(18)}/min   ratio ${l.ratio.toFixed(2)}`,
      );
    }
    console.log(
      `  where an order's time goes: each activity waits ${fmt(throughput.queueWaitMs, 0)} ms in the task queue, then runs (median ms): ` +
        Object.entries(throughput.timeByActivityMs)
          .sort((a, b) => b[1].median - a[1].median)
          .map(([k, v]) => `${k} ${v.median.toFixed(0)}`)
          .join(', '),
    );
    console.log(
      `\nWebhook ingest, ${scale.webhooks} orders/create per round, ${scale.rounds} rounds, ${ingest.concurrency} in flight`,
    );
    console.log(
      `  gateway  ${fmt(ingest.gatewayPerSecond)} /s   p50 ${fmt(ingest.gatewayP50Ms)} ms   p99 ${fmt(ingest.gatewayP99Ms)} ms`,
    );
    console.log(
      `  baseline ${fmt(ingest.baselinePerSecond)} /s   p50 ${fmt(ingest.baselineP50Ms)} ms   p99 ${fmt(ingest.baselineP99Ms)} ms   (bare client signal-with-start)`,
    );
    console.log(`  ratio gateway/baseline ${ingest.ratio.toFixed(2)}`);
    console.log(
      `  steady load ${ingest.steady.offeredPerSecond}/s: p50 ${fmt(ingest.steady.p50Ms)} ms   p99 ${fmt(ingest.steady.p99Ms)} ms`,
    );
    console.log(`\nReservation contention, ${contention.concurrent} concurrent reservations, ${scale.rounds} rounds`);
    console.log(
      `  one SKU ${fmt(contention.sameSkuPerSecond, 0)}/s   distinct SKUs ${fmt(contention.distinctSkusPerSecond, 0)}/s   ratio ${contention.ratio.toFixed(2)}`,
    );
    console.log(
      `\nWorker memory with ${scale.parked} orders parked waiting for acknowledgment (worker in its own process)`,
    );
    for (const m of memory) {
      console.log(
        `  cache ${String(m.maxCachedWorkflows ?? 'SDK default').padEnd(12)} RSS ${m.rssBeforeMiB.toFixed(0)} MiB -> ${m.rssAfterMiB.toFixed(0)} MiB: ${m.perOrderKiB.toFixed(1)} KiB per open order`,
      );
    }

    printInventory(inventory);

    const dir = path.join(projectRoot(), 'bench-results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          machine,
          mode: full ? 'full' : 'quick',
          scale,
          orderCosts: costs,
          returnCosts,
          throughput,
          ingest,
          contention,
          memory,
          inventory,
        },
        null,
        2,
      ),
    );
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
