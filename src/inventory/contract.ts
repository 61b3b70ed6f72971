import { defineQuery, defineSignal } from '@temporalio/workflow';

/*
 * The inventory workflows' contract: type names, ids, inputs, signals and
 * queries of the per-shop sync and of reconciliation. Deterministic (the
 * workflows in src/workflows/inventory load it); the names are recorded in
 * histories and never change.
 */

/** The per-shop sync (src/workflows/inventory/sync.ts), running for as long as the engine does. */
export const INVENTORY_SYNC_WORKFLOW_TYPE = 'inventorySyncWorkflow';
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

/** Something changed (the change itself is already in inventory_dirty; this only wakes the sync). */
export const inventoryChanged = defineSignal('inventoryChanged');

export interface InventorySyncStatus {
  shopDomain: string;
  runs: number;
  pushed: number;
  calls: number;
  conflicts: number;
  unmapped: number;
  lastRunAt: string | null;
  /** The last run that failed (after its retries), if the latest did. */
  lastError: string | null;
  /** Levels Shopify refused so far, and the latest refusal (the rest of their batch was published). */
  refused: number;
  lastRefusal: string | null;
}
export const inventorySyncStatus = defineQuery<InventorySyncStatus>('status');

/** Reconciliation (src/workflows/inventory/reconcile.ts): run by its Schedule and once at bootstrap. */
export const INVENTORY_RECONCILE_WORKFLOW_TYPE = 'inventoryReconcileWorkflow';

export interface InventoryReconcileInput {
  shopDomain: string;
  /** How to read Shopify: paged queries, a bulk operation, or chosen by size (default). */
  method?: 'auto' | 'paged' | 'bulk';
}
