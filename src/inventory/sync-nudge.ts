import type { Client } from '@temporalio/client';
import type { Logger } from '../logger';

/** The per-shop inventory sync workflow, by name (callers never import workflow code). */
export const INVENTORY_SYNC_WORKFLOW = 'inventorySyncWorkflow';
export const INVENTORY_CHANGED_SIGNAL = 'inventoryChanged';
export const inventorySyncWorkflowId = (shopDomain: string) => `inventory-sync-${shopDomain}`;

export interface InventorySyncInput {
  shopDomain: string;
  /** Wait this long after a change before pushing, so a burst costs one call (default 1000). */
  debounceMs?: number;
  /** Look for changes at least this often even without a signal (default 60). */
  pollSeconds?: number;
  /** A level left stale below a boundary is made exact once it has been quiet this long (default 300; 0: only reconciliation does). */
  settleSeconds?: number;
  /** Continue-as-new once the history has this many events (default 2000; tests lower it). */
  maxHistoryEvents?: number;
  /** Internal: a change was pending when the previous run continued as new. */
  pending?: boolean;
}

/**
 * Wake the shop's inventory sync after a change (starting it if it is not
 * running). Best effort by design: the change itself is already durable in
 * `inventory_dirty` (a trigger writes it in the same transaction), and the
 * sync looks there every `pollSeconds` anyway, so a lost nudge only delays a push.
 */
export async function nudgeInventorySync(client: Client, taskQueue: string, input: InventorySyncInput, logger?: Logger): Promise<void> {
  try {
    await client.workflow.signalWithStart(INVENTORY_SYNC_WORKFLOW, {
      workflowId: inventorySyncWorkflowId(input.shopDomain),
      taskQueue,
      args: [input],
      signal: INVENTORY_CHANGED_SIGNAL,
      signalArgs: [],
      staticSummary: `Inventory sync · ${input.shopDomain}`,
      staticDetails: [
        `Publishes available-to-sell for **${input.shopDomain}** to Shopify: every change is evaluated,`,
        'pushed when it crosses a boundary (0, the low-stock level, a large change), and made exact once quiet.',
        'Query `status` for counts; see the README, Inventory.',
      ].join('\n'),
    });
  } catch (err) {
    logger?.warn({ err: (err as Error).message, shopDomain: input.shopDomain }, 'could not wake the inventory sync; it will find the change at its next poll');
  }
}
