import type { Client } from '@temporalio/client';
import type { Logger } from '../logger';
import {
  INVENTORY_SYNC_WORKFLOW_TYPE,
  inventoryChanged,
  inventorySyncWorkflowId,
  type InventorySyncInput,
} from './contract';

/**
 * Wake the shop's inventory sync after a change (starting it if it is not
 * running). Best effort by design: the change itself is already durable in
 * `inventory_dirty` (a trigger writes it in the same transaction), and the
 * sync looks there every `pollSeconds` anyway, so a lost nudge only delays a push.
 */
export async function nudgeInventorySync(
  client: Client,
  taskQueue: string,
  input: InventorySyncInput,
  logger?: Logger,
): Promise<void> {
  try {
    await client.workflow.signalWithStart(INVENTORY_SYNC_WORKFLOW_TYPE, {
      workflowId: inventorySyncWorkflowId(input.shopDomain),
      taskQueue,
      args: [input],
      signal: inventoryChanged,
      signalArgs: [],
      staticSummary: `Inventory sync · ${input.shopDomain}`,
      staticDetails: [
        `Publishes available-to-sell for **${input.shopDomain}** to Shopify: every change is evaluated,`,
        'pushed when it crosses a boundary (0, the low-stock level, a large change), and made exact once quiet.',
        'Query `status` for counts; see the README, Inventory.',
      ].join('\n'),
    });
  } catch (err) {
    logger?.warn(
      { err: (err as Error).message, shopDomain: input.shopDomain },
      'could not wake the inventory sync; it will find the change at its next poll',
    );
  }
}
