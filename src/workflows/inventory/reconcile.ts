import { proxyActivities } from '@temporalio/workflow';
import type { InventorySyncActivities } from '../../activities/inventory-sync';
import type { InventoryReconcileInput } from '../../inventory/contract';

const { reconcileInventory } = proxyActivities<InventorySyncActivities>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '5 minutes', maximumAttempts: 5 },
});

/**
 * Run by the reconciliation Schedule (daily by default) and once at
 * bootstrap (the initial sync): read every quantity Shopify shows, compare
 * with the engine's numbers, correct what drifted, record it.
 */
export async function inventoryReconcileWorkflow(input: InventoryReconcileInput) {
  return reconcileInventory(input);
}
