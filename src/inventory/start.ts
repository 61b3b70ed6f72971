import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { inventorySyncSettings, type Config, returnPolicyOf } from '../config';
import type { Logger } from '../logger';
import { ensureSchedules, scheduleIds } from '../temporal/schedules';
import { applyInventorySettings } from './bootstrap';
import { nudgeInventorySync } from './sync-nudge';
import type { ShopInventorySettings } from './sync-settings';

/**
 * At engine start (npm start, or the worker process in a split deployment):
 * the shop's publishing settings (seeded from INVENTORY_* on the shop's first
 * start; after that as stored, PUT /inventory/settings), the Schedules, and,
 * when publishing is on, the initial sync in the background: a reconciliation
 * now (it reads the catalog first when there is none) and the per-shop sync
 * workflow started. Idempotent: every start does the same and changes nothing
 * that is already right.
 */
export async function startInventoryWork(d: {
  client: Client;
  pool: Pool;
  config: Config;
  shopDomain: string;
  logger: Logger;
}): Promise<ShopInventorySettings> {
  const { client, config, shopDomain } = d;
  const { settings, ignored } = await applyInventorySettings(d.pool, shopDomain, config);
  if (ignored.length) {
    d.logger.warn(
      { shopDomain, ignored },
      `${ignored.join(', ')} not applied: ${shopDomain} has stored publishing settings, which win (change them with PUT /inventory/settings)`,
    );
  }
  await ensureSchedules(client, {
    shopDomain,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    reconcileCron: config.INVENTORY_RECONCILE_CRON,
    catalogSyncMinutes: config.CATALOG_SYNC_MINUTES,
    orderSweepMinutes: config.ORDER_SWEEP_MINUTES,
    returnPolicy: returnPolicyOf(config),
  });
  if (settings.enabled) {
    try {
      await client.schedule.getHandle(scheduleIds(shopDomain).reconcile).trigger();
    } catch (err) {
      d.logger.warn(
        { err: (err as Error).message },
        'could not start the initial reconciliation; the schedule will run it',
      );
    }
    await nudgeInventorySync(
      client,
      config.TEMPORAL_TASK_QUEUE,
      { shopDomain, ...inventorySyncSettings(config) },
      d.logger,
    );
  }
  return settings;
}
