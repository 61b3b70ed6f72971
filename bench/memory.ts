import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Harness, type HarnessEnv } from '../test/support/harness';
import { pool, progress } from './stats';

/**
 * Resident memory of a worker holding N open orders, all parked waiting for a
 * partner's acknowledgment (Brooklyn Store, a long window). The worker runs in
 * its own process; its RSS is read from /proc before and after.
 */
export interface MemoryResult {
  /** null: the SDK's default cache size. */
  maxCachedWorkflows: number | null;
  parkedOrders: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  perOrderKiB: number;
}

const rss = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

export async function measureMemory(
  env: HarnessEnv,
  orders: number,
  maxCachedWorkflows: number | null = null,
): Promise<MemoryResult> {
  const h = await Harness.start(
    'bench-memory',
    { stockMultiplier: Math.ceil(orders / 3) + 10, brooklynWindowSeconds: 24 * 3600, worker: false },
    env,
  );
  // One process (node --import tsx), so /proc/<pid> is the worker itself.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'worker-process.ts'), env.workflowBundlePath],
    {
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: env.temporalAddress,
        TEMPORAL_TASK_QUEUE: h.taskQueue,
        DATABASE_URL: env.databaseUrl,
        SHOPIFY_SHOP: env.simulatorUrl,
        SHOPIFY_ACCESS_TOKEN: h.token,
        LOG_LEVEL: 'error',
        ...(maxCachedWorkflows !== null ? { WORKER_MAX_CACHED_WORKFLOWS: String(maxCachedWorkflows) } : {}),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d) => String(d).includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    });
    await new Promise((r) => setTimeout(r, 2000));
    const before = rss(child.pid!);
    let placed = 0;
    await pool(orders, 16, async () => {
      await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
      if (++placed % 50 === 0 || placed === orders) progress('placing parked orders', placed, orders);
    });
    const query = `ShopDomain = '${h.shopDomain}' AND OrderStage = 'awaiting_acceptance'`;
    // Wait until every order is parked, or until the count stops moving for 30 s (an order that
    // needs a person is not parked for acknowledgment; the figure is per order actually parked).
    let parked = 0;
    for (let last = -1, stalledSince = Date.now(); parked < orders && Date.now() - stalledSince < 30_000;) {
      await new Promise((r) => setTimeout(r, 2000));
      parked = (await h.client.workflow.count(query)).count;
      if (parked !== last) [last, stalledSince] = [parked, Date.now()];
      progress(`parked (cache ${maxCachedWorkflows ?? 'default'})`, parked, orders);
    }
    await new Promise((r) => setTimeout(r, 2000));
    const after = rss(child.pid!);
    return {
      maxCachedWorkflows,
      parkedOrders: parked,
      rssBeforeMiB: before,
      rssAfterMiB: after,
      perOrderKiB: ((after - before) * 1024) / Math.max(1, parked),
    };
  } finally {
    child.kill('SIGTERM');
    await h.close();
  }
}
