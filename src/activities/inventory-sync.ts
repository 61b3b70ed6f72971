import { Context } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { ShopifyAdmin } from '../shopify/client';
import { publishInventory, settleQuietLevels } from '../inventory/publish';
import { reconcileInventory } from '../inventory/reconcile';
import type { InventoryReconcileInput } from '../inventory/contract';

/** Publishing available-to-sell to Shopify: ongoing (boundary pushes) and reconciliation. */
export function inventorySyncActivities(pool: Pool, shopify: ShopifyAdmin) {
  return {
    /** Evaluate the changed SKUs and push what crossed a boundary. Counts only: the details are in the database. */
    async publishInventoryChanges(input: { shopDomain: string; settleSeconds?: number }) {
      const ctx = Context.current();
      const r = await publishInventory(pool, shopify, input.shopDomain, {
        mode: 'boundary',
        cause: 'change',
        heartbeat: () => ctx.heartbeat(),
      });
      const s = input.settleSeconds
        ? await settleQuietLevels(pool, shopify, input.shopDomain, input.settleSeconds, () => ctx.heartbeat())
        : null;
      if (s) r.refused.push(...s.refused);
      if (r.refused.length)
        ctx.log.warn('Shopify refused inventory levels; the rest were published', { refused: r.refused.slice(0, 20) });
      return {
        enabled: r.enabled,
        evaluated: r.evaluated,
        pushed: r.pushed.length,
        settled: s?.pushed.length ?? 0,
        calls: r.calls + (s?.calls ?? 0),
        conflicts: r.conflicts + (s?.conflicts ?? 0),
        unmapped: r.unmapped.length,
        refused: r.refused.length,
        lastRefusal: r.refused[0]
          ? `${r.refused[0].sku} at ${r.refused[0].shopifyLocationId}: ${r.refused[0].message}`
          : null,
        more: r.more,
      };
    },
    async reconcileInventory(input: InventoryReconcileInput) {
      const ctx = Context.current();
      return reconcileInventory(pool, shopify, input.shopDomain, {
        method: input.method,
        heartbeat: (d) => ctx.heartbeat(d),
      });
    },
  };
}

export type InventorySyncActivities = ReturnType<typeof inventorySyncActivities>;
