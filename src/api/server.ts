/**
 * The gateway process on its own (production, docker-compose): Shopify
 * webhooks and partner events in, Temporal signals out.
 */
import { Client, Connection } from '@temporalio/client';
import { startGateway } from './app';
import {
  gatewaySecurity,
  returnPolicyOf,
  inventorySyncSettings,
  loadConfig,
  temporalSettings,
  webhookDeliverySettings,
} from '../config';
import { createPool } from '../db/pool';
import { startEdiFolderPoller } from '../partner/edi-folder';
import { logger } from '../logger';
import { createShopifyAdmin } from '../shopify/client';
import { resolveShopDomain } from '../shopify/shop-identity';
import { temporalConnectionOptions } from '../temporal/connection';

async function main() {
  const config = loadConfig();
  const pool = createPool(config.DATABASE_URL, config.DATABASE_POOL_MAX);
  const shopify = createShopifyAdmin({
    shop: config.SHOPIFY_SHOP,
    accessToken: config.SHOPIFY_ACCESS_TOKEN,
    apiVersion: config.SHOPIFY_API_VERSION,
  });
  const shopDomain = await resolveShopDomain(shopify, config.SHOPIFY_SHOP);
  const connection = await Connection.connect(temporalConnectionOptions(temporalSettings(config)));
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
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
  const ediFolder = startEdiFolderPoller({
    pool,
    logger,
    temporal: client,
    shopDomain,
    intervalSeconds: config.EDI_POLL_SECONDS,
  });
  logger.info({ port: config.PORT, shopDomain }, 'gateway listening');
  const stop = () =>
    server.close(async () => {
      await ediFolder.stop();
      await connection.close();
      await pool.end();
      logger.info('gateway stopped');
      process.exit(0);
    });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  logger.fatal({ err: err.message }, 'gateway failed to start');
  process.exit(1);
});
