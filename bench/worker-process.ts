/**
 * An order worker alone in its process, so the bench can read its resident
 * memory. Settings come from the environment the bench passes; the workflow
 * bundle's path is the first argument.
 */
import { readFileSync } from 'node:fs';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadSettings } from '../src/config';
import { createPool } from '../src/db/pool';
import { createShopifyAdmin } from '../src/shopify/client';
import { createOrderWorker } from '../src/worker';

async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const e = loadSettings([
    'TEMPORAL_ADDRESS',
    'TEMPORAL_TASK_QUEUE',
    'DATABASE_URL',
    'SHOPIFY_SHOP',
    'SHOPIFY_ACCESS_TOKEN',
    'WORKER_MAX_CACHED_WORKFLOWS',
  ]);
  const connection = await NativeConnection.connect({ address: e.TEMPORAL_ADDRESS });
  const worker = await createOrderWorker({
    connection,
    namespace: 'default',
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    pool: createPool(e.DATABASE_URL!, 10),
    shopify: createShopifyAdmin({ shop: e.SHOPIFY_SHOP!, accessToken: e.SHOPIFY_ACCESS_TOKEN!, apiVersion: '2026-10' }),
    workflowBundle: { code: readFileSync(process.argv[2]!, 'utf8') },
    maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
  });
  process.once('SIGTERM', () => worker.shutdown());
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
  process.exit(0);
}

void main();
