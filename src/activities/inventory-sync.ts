import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { ShopifyAdmin } from '../shopify/client';
import { publishInventory } from '../inventory/publish';
import { reconcileInventory } from '../inventory/reconcile';

/** Publishing available-to-sell to Shopify: ongoing (boundary pushes) and reconciliation. */
export function inventorySyncActivities(pool: Pool, shopify: ShopifyAdmin) {
  return {
    /** Evaluate the changed SKUs and push what crossed a boundary. Counts only: the details are in the database. */
    async publishInventoryChanges(input: { shopDomain: string }) {
      const r = await publishInventory(pool, shopify, input.shopDomain, { mode: 'boundary', cause: 'change' });
      return { enabled: r.enabled, evaluated: r.evaluated, pushed: r.pushed.length, calls: r.calls, conflicts: r.conflicts, unmapped: r.unmapped.length, more: r.more };
    },
    async reconcileInventory(input: { shopDomain: string; method?: 'auto' | 'paged' | 'bulk' }) {
      return reconcileInventory(pool, shopify, input.shopDomain, { method: input.method, heartbeat: (d) => Context.current().heartbeat(d) });
    },
  };
}

export type InventorySyncActivities = ReturnType<typeof inventorySyncActivities>;
