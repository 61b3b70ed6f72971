/**
 * `npm start`: the whole engine on one machine. Every part not configured by
 * the environment is started locally:
 *   TEMPORAL_ADDRESS unset -> the Temporal dev server (SQLite under DATA_DIR, Web UI on 8233)
 *   DATABASE_URL unset     -> an embedded PostgreSQL (PGlite) served over a socket
 *   SHOPIFY_SHOP unset     -> the Shopify simulator with a seeded demo shop
 * then the worker and the gateway in this process. Ctrl-C stops everything.
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { startGateway } from './api/app';
import {
  ediIdentity,
  gatewaySecurity,
  returnPolicyOf,
  inventorySyncSettings,
  loadConfig,
  loadSettings,
  temporalSettings,
  webhookDeliverySettings,
} from './config';
import { migrate } from './db/migrate';
import { createPool } from './db/pool';
import { resolveTemporalCli } from './dev/temporal-cli';
import { startDevServer } from './dev/dev-server';
import { startEmbeddedPostgres } from './dev/embedded-postgres';
import { logger } from './logger';
import { bootstrapShop } from './bootstrap';
import { startSimulator } from './simulator';
import { DEMO_SHOP } from './simulator/seed';
import { createShopifyAdmin } from './shopify/client';
import { resolveShopDomain } from './shopify/shop-identity';
import { ensureWebhookSubscriptions } from './shopify/webhook-subscriptions';
import { temporalConnectionOptions } from './temporal/connection';
import { createOrderWorker } from './worker';
import { startEdiFolderPoller } from './partner/edi-folder';
import { projectRoot } from './paths';
import { startInventoryWork } from './inventory/start';

const ROOT = projectRoot();

type Stopper = { name: string; stop: () => Promise<unknown> | unknown };

async function main() {
  // What the user set; the embedded parts fill in the rest of `env` below.
  const userEnv: NodeJS.ProcessEnv = { ...process.env };
  const env: NodeJS.ProcessEnv = { ...userEnv };
  const say = (msg: string) => console.log(`[start] ${msg}`);
  // Fail on the user's own settings before starting anything.
  const dev = loadSettings(['DATA_DIR', 'EMBEDDED_PG_PORT', 'SIMULATOR_PORT'], userEnv);
  const precheck = loadConfig({
    ...env,
    TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS || '127.0.0.1:7233',
    DATABASE_URL: env.DATABASE_URL || 'postgresql://embedded/postgres',
    ...(env.SHOPIFY_SHOP
      ? {}
      : {
          SHOPIFY_SHOP: 'http://127.0.0.1:4000',
          SHOPIFY_ACCESS_TOKEN: 'embedded',
          SHOPIFY_WEBHOOK_SECRET: 'embedded',
        }),
  });
  const dataDir = path.resolve(dev.DATA_DIR ?? path.join(ROOT, '.data'));
  mkdirSync(dataDir, { recursive: true });
  // The SDK's own logs (bundling, worker state) only at warn unless asked for.
  Runtime.install({ logger: new DefaultLogger(precheck.LOG_LEVEL === 'debug' ? 'DEBUG' : 'WARN') });
  const stoppers: Stopper[] = [];

  if (!env.TEMPORAL_ADDRESS) {
    const cliPath = await resolveTemporalCli({ log: say });
    const temporal = await startDevServer({
      cliPath,
      port: 7233,
      uiPort: 8233,
      dbFile: path.join(dataDir, 'temporal.db'),
      logFile: path.join(dataDir, 'temporal.log'),
    });
    stoppers.push({ name: 'Temporal dev server', stop: () => temporal.stop() });
    env.TEMPORAL_ADDRESS = temporal.address;
    say(`Temporal dev server on ${temporal.address}, Web UI ${temporal.uiUrl}`);
  }

  let poolMax: number | undefined;
  if (!env.DATABASE_URL) {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pglite'), port: dev.EMBEDDED_PG_PORT });
    stoppers.push({ name: 'embedded PostgreSQL', stop: () => pg.stop() });
    env.DATABASE_URL = pg.url;
    poolMax = 1; // PGlite is one connection underneath; its socket server interleaves transactions
    say(`embedded PostgreSQL (PGlite) at ${pg.url}, data in ${path.join(dataDir, 'pglite')}`);
  }

  let seedPartners = precheck.PARTNERS_FILE;
  if (!env.SHOPIFY_SHOP) {
    const sim = await startSimulator({
      port: dev.SIMULATOR_PORT,
      seedDemo: true,
      stateFile: path.join(dataDir, 'simulator.json'),
    });
    stoppers.push({ name: 'Shopify simulator', stop: () => sim.close() });
    env.SHOPIFY_SHOP = sim.url;
    env.SHOPIFY_ACCESS_TOKEN = DEMO_SHOP.accessToken;
    env.SHOPIFY_WEBHOOK_SECRET = DEMO_SHOP.webhookSecret;
    seedPartners ??= path.join(ROOT, 'config', 'demo-partners.json');
    say(`Shopify simulator at ${sim.url} (shop ${DEMO_SHOP.domain})`);
  }

  // Ops endpoints need a token; on embedded defaults one is made once and kept in DATA_DIR.
  if (!env.OPS_TOKEN && !userEnv.SHOPIFY_SHOP) env.OPS_TOKEN = localOpsToken(dataDir);
  const config = loadConfig(env);
  await migrate(config.DATABASE_URL);
  const pool = createPool(config.DATABASE_URL, poolMax ?? config.DATABASE_POOL_MAX);
  stoppers.push({ name: 'database pool', stop: () => pool.end() });
  const shopify = createShopifyAdmin({
    shop: config.SHOPIFY_SHOP,
    accessToken: config.SHOPIFY_ACCESS_TOKEN,
    apiVersion: config.SHOPIFY_API_VERSION,
  });
  const shopDomain = await resolveShopDomain(shopify, config.SHOPIFY_SHOP);

  await bootstrapShop(pool, shopify, shopDomain, seedPartners, say);

  const temporal = temporalSettings(config);
  const workerConnection = await NativeConnection.connect(temporalConnectionOptions(temporal));
  const worker = await createOrderWorker({
    connection: workerConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    pool,
    shopify,
    outbound: { url: config.OUTBOUND_EVENTS_URL, secret: config.OUTBOUND_EVENTS_SECRET },
    ediIdentity: ediIdentity(config),
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
  });
  const workerDone = worker.run();

  const clientConnection = await Connection.connect(temporalConnectionOptions(temporal));
  const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
  const server = await startGateway(
    {
      shopDomain,
      webhookSecrets: config.SHOPIFY_WEBHOOK_SECRET,
      temporal: client,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      pool,
      logger,
      opsToken: config.OPS_TOKEN,
      inventorySync: inventorySyncSettings(config),
      deliveries: webhookDeliverySettings(config),
      returnPolicy: returnPolicyOf(config),
      ...gatewaySecurity(config),
    },
    config.PORT,
  );
  const gatewayUrl = `http://127.0.0.1:${config.PORT}`;
  if (/^http:\/\/(127\.0\.0\.1|localhost)/.test(config.SHOPIFY_SHOP)) {
    await ensureWebhookSubscriptions(shopify, `${gatewayUrl}/webhooks/shopify`);
  }
  // Stopped in reverse order of start: gateway, worker, then the embedded parts.
  stoppers.push({ name: 'Temporal client', stop: () => clientConnection.close() });
  stoppers.push({
    name: 'worker',
    stop: async () => {
      worker.shutdown();
      await workerDone;
      await workerConnection.close();
    },
  });
  stoppers.push({ name: 'gateway', stop: () => new Promise((r) => server.close(r)) });
  const inventory = await startInventoryWork({ client, pool, config, shopDomain, logger });
  const ediFolder = startEdiFolderPoller({
    pool,
    logger,
    temporal: client,
    shopDomain,
    intervalSeconds: config.EDI_POLL_SECONDS,
  });
  stoppers.push({ name: 'EDI drop-folder poller', stop: () => ediFolder.stop() });

  say(
    `gateway      ${gatewayUrl}  (POST /webhooks/shopify, /partners/{id}/..., GET /orders/{id}, /ops/orders, /healthz, /metrics)`,
  );
  if (config.OPS_TOKEN && !userEnv.OPS_TOKEN)
    say(`ops token    ${config.OPS_TOKEN}  (from ${path.join(dataDir, 'ops-token')}; npm run ops needs none)`);
  if (!userEnv.TEMPORAL_ADDRESS) say('Temporal UI  http://127.0.0.1:8233');
  say(`shop         ${shopDomain}; task queue ${config.TEMPORAL_TASK_QUEUE}`);
  say(
    `inventory    ${inventory.enabled ? `published to Shopify (${inventory.mode}); reconciled on '${config.INVENTORY_RECONCILE_CRON}' UTC` : 'not published (turned off with PUT /inventory/settings, or seeded off by INVENTORY_SYNC=off)'}; catalog sync and missed-order sweep every ${config.CATALOG_SYNC_MINUTES}/${config.ORDER_SWEEP_MINUTES} min`,
  );
  say('ready. In another terminal: npm run demo. Ctrl-C stops everything.');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping`);
    for (const s of stoppers.reverse()) {
      try {
        await s.stop();
      } catch (err) {
        logger.warn({ err: (err as Error).message }, `stopping ${s.name} failed`);
      }
    }
    say('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

function localOpsToken(dataDir: string): string {
  const file = path.join(dataDir, 'ops-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = randomBytes(18).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

main().catch((err) => {
  console.error(`[start] failed: ${err.message}`);
  process.exit(1);
});
