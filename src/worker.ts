import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities } from './activities';
import type { EdiIdentity } from './edi';
import type { OutboundSettings } from './activities/notify';
import { ediIdentity, loadConfig, temporalSettings } from './config';
import { createPool } from './db/pool';
import { logger } from './logger';
import { createShopifyAdmin, type ShopifyAdmin } from './shopify/client';
import { temporalConnectionOptions } from './temporal/connection';
import { resolveShopDomain } from './shopify/shop-identity';
import { startInventoryWork } from './inventory/start';

/** The worker: order workflows plus their activities, built from explicit dependencies. */
export interface OrderWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  pool: Pool;
  shopify: ShopifyAdmin;
  outbound?: OutboundSettings;
  /** Our EDI envelope identity (ISA qualifier/ID, GS application code). */
  ediIdentity?: EdiIdentity;
  /** A prebuilt bundle (tests build once); default bundles src/workflows at start. */
  workflowBundle?: WorkflowBundleOption;
  identity?: string;
  /** Bound on workflows kept in memory (each parked order otherwise stays cached, ~1 MiB). */
  maxCachedWorkflows?: number;
}

/** The workflow entry, as TypeScript source (tsx, tests) or compiled JavaScript (dist). */
export const WORKFLOWS_PATH = ['index.ts', 'index.js']
  .map((f) => path.join(__dirname, 'workflows', f))
  .find((f) => existsSync(f))!;

export async function createOrderWorker(o: OrderWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    ...(o.identity ? { identity: o.identity } : {}),
    ...(o.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: o.maxCachedWorkflows } : {}),
    ...(o.workflowBundle ? { workflowBundle: o.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: createActivities({
      pool: o.pool,
      shopify: o.shopify,
      outbound: o.outbound,
      ediIdentity: o.ediIdentity,
    }),
  });
}

async function main() {
  const config = loadConfig();
  const pool = createPool(config.DATABASE_URL, config.DATABASE_POOL_MAX);
  const connection = await NativeConnection.connect(temporalConnectionOptions(temporalSettings(config)));
  const shopify = createShopifyAdmin({
    shop: config.SHOPIFY_SHOP,
    accessToken: config.SHOPIFY_ACCESS_TOKEN,
    apiVersion: config.SHOPIFY_API_VERSION,
  });
  const worker = await createOrderWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    pool,
    shopify,
    outbound: { url: config.OUTBOUND_EVENTS_URL, secret: config.OUTBOUND_EVENTS_SECRET },
    ediIdentity: ediIdentity(config),
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
  });
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE }, 'worker started');
  const stop = () => worker.shutdown();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const running = worker.run();
  // The Schedules and the initial inventory sync need a worker to run on: this one.
  const clientConnection = await Connection.connect(temporalConnectionOptions(temporalSettings(config)));
  const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
  const shopDomain = await resolveShopDomain(shopify, config.SHOPIFY_SHOP);
  await startInventoryWork({ client, pool, config, shopDomain, logger }).catch((err) =>
    logger.warn({ err: (err as Error).message }, 'inventory schedules and initial sync not set up'),
  );
  await running;
  await clientConnection.close();
  await connection.close();
  await pool.end();
  logger.info('worker stopped');
}

if (require.main === module) {
  main().catch((err) => {
    logger.fatal({ err: err.message }, 'worker failed');
    process.exit(1);
  });
}
