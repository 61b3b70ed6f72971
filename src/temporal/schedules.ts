import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
  type ScheduleOptionsStartWorkflowAction,
  type Workflow,
} from '@temporalio/client';
import { CATALOG_SYNC_WORKFLOW_TYPE, catalogSyncWorkflowId } from '../catalog/contract';
import { INVENTORY_RECONCILE_WORKFLOW_TYPE } from '../inventory/contract';
import { ORDER_SWEEP_WORKFLOW_TYPE, type OrderSweepInput } from '../order/sweep-contract';
import type { ReturnPolicy } from '../returns/contract';

/**
 * The engine's recurring work, as Temporal Schedules per shop (visible and
 * pausable in the Web UI under Schedules):
 *
 * | schedule                       | runs                        | default           |
 * | inventory-reconcile-{shop}     | inventoryReconcileWorkflow  | daily, 03:00 UTC  |
 * | catalog-sync-{shop}            | catalogSyncWorkflow         | every 15 minutes  |
 * | order-sweep-{shop}             | orderSweepWorkflow          | every 15 minutes  |
 *
 * A run still going when the next is due is not doubled (overlap SKIP).
 * ensureSchedules creates them, or updates them to the given settings.
 */
export interface ScheduleSettings {
  shopDomain: string;
  taskQueue: string;
  /** Cron expression (UTC) for reconciliation. */
  reconcileCron: string;
  catalogSyncMinutes: number;
  orderSweepMinutes: number;
  /** The return policy of the return workflows the sweep starts (RETURN_* settings). */
  returnPolicy?: ReturnPolicy;
}

export const scheduleIds = (shopDomain: string) => ({
  reconcile: `inventory-reconcile-${shopDomain}`,
  catalog: catalogSyncWorkflowId(shopDomain),
  sweep: `order-sweep-${shopDomain}`,
});

type StartWorkflowSchedule = ScheduleOptions<ScheduleOptionsStartWorkflowAction<Workflow>>;

export function scheduleDefinitions(s: ScheduleSettings): StartWorkflowSchedule[] {
  const ids = scheduleIds(s.shopDomain);
  const action = (
    workflowType: string,
    workflowId: string,
    what: string,
    args: object = { shopDomain: s.shopDomain },
  ) => ({
    type: 'startWorkflow' as const,
    workflowType,
    workflowId,
    taskQueue: s.taskQueue,
    args: [args],
    staticSummary: `${what} · ${s.shopDomain}`,
  });
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' };
  return [
    {
      scheduleId: ids.reconcile,
      spec: { cronExpressions: [s.reconcileCron] },
      action: action(INVENTORY_RECONCILE_WORKFLOW_TYPE, ids.reconcile, 'Inventory reconciliation'),
      policies,
      memo: { what: 'Reconcile Shopify inventory with the engine' },
    },
    {
      scheduleId: ids.catalog,
      spec: { intervals: [{ every: `${s.catalogSyncMinutes} minutes` }] },
      action: action(CATALOG_SYNC_WORKFLOW_TYPE, ids.catalog, 'Catalog sync'),
      policies,
      memo: { what: 'Sync products and variants from Shopify' },
    },
    {
      scheduleId: ids.sweep,
      spec: { intervals: [{ every: `${s.orderSweepMinutes} minutes` }] },
      action: action(ORDER_SWEEP_WORKFLOW_TYPE, ids.sweep, 'Missed-order sweep', {
        shopDomain: s.shopDomain,
        ...(s.returnPolicy ? { returnPolicy: s.returnPolicy } : {}),
      } satisfies OrderSweepInput),
      policies,
      memo: { what: 'Start orders whose webhooks never came' },
    },
  ];
}

export async function ensureSchedules(client: Client, s: ScheduleSettings): Promise<string[]> {
  const ids: string[] = [];
  for (const def of scheduleDefinitions(s)) {
    try {
      await client.schedule.create(def);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(def.scheduleId).update((prev) => ({
        ...prev,
        spec: def.spec,
        action: def.action,
        policies: { ...prev.policies, ...def.policies },
      }));
    }
    ids.push(def.scheduleId);
  }
  return ids;
}
