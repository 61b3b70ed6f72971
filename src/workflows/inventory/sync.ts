import {
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { InventorySyncActivities } from '../../activities/inventory-sync';
import {
  inventoryChanged,
  inventorySyncStatus,
  type InventorySyncInput,
  type InventorySyncStatus,
} from '../../inventory/contract';

const { publishInventoryChanges } = proxyActivities<InventorySyncActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * One per shop (`inventory-sync-{shop}`), running for as long as the engine
 * does: waits for a change (signal) or the poll interval, lets a burst settle
 * (debounce) so it costs one evaluation, then publishes what crossed a
 * boundary, and makes exact the levels that have been quiet a while
 * (settleSeconds) but were left a little stale. Continues as new before its history grows large; a change that
 * arrived meanwhile is carried over.
 */
export async function inventorySyncWorkflow(input: InventorySyncInput): Promise<void> {
  const debounceMs = input.debounceMs ?? 1000;
  const pollMs = (input.pollSeconds ?? 60) * 1000;
  const maxEvents = input.maxHistoryEvents ?? 2000;
  let changed = input.pending ?? true;
  const status: InventorySyncStatus = {
    shopDomain: input.shopDomain,
    runs: 0,
    pushed: 0,
    calls: 0,
    conflicts: 0,
    unmapped: 0,
    lastRunAt: null,
    lastError: null,
    refused: 0,
    lastRefusal: null,
  };
  setHandler(inventoryChanged, () => {
    changed = true;
  });
  setHandler(inventorySyncStatus, () => status);

  for (;;) {
    await condition(() => changed, pollMs);
    if (changed && debounceMs > 0) await sleep(debounceMs);
    changed = false;
    try {
      const r = await publishInventoryChanges({
        shopDomain: input.shopDomain,
        settleSeconds: input.settleSeconds ?? 300,
      });
      status.lastError = null;
      status.runs++;
      status.pushed += r.pushed + (r.settled ?? 0);
      status.calls += r.calls;
      status.conflicts += r.conflicts;
      status.unmapped = r.unmapped;
      status.refused += r.refused ?? 0;
      status.lastRefusal = r.lastRefusal ?? status.lastRefusal;
      status.lastRunAt = new Date().toISOString();
      if (r.more) changed = true;
    } catch (err) {
      // The database is away, or Shopify keeps conflicting: the changes stay in
      // inventory_dirty and are tried again at the next poll. The sync never ends.
      status.lastError = (err as Error).message;
      log.warn('inventory publish failed; will try again at the next poll', { error: status.lastError });
    }
    setCurrentDetails(describe(status));
    const info = workflowInfo();
    if (info.historyLength >= maxEvents || info.continueAsNewSuggested) {
      await continueAsNew<typeof inventorySyncWorkflow>({ ...input, pending: changed });
    }
  }
}

/** The current details the Web UI shows on this workflow's page. */
function describe(s: InventorySyncStatus): string {
  const lines = [
    `Last run ${s.lastRunAt ?? 'not yet'} · ${s.runs} runs in this run of the workflow`,
    `${s.pushed} levels pushed in ${s.calls} calls, ${s.conflicts} compare-and-set conflicts re-read`,
  ];
  if (s.unmapped) lines.push(`${s.unmapped} SKUs have no inventory item in the catalog (not published)`);
  if (s.refused) lines.push(`${s.refused} levels refused by Shopify; latest: ${s.lastRefusal}`);
  if (s.lastError) lines.push(`**Last run failed:** ${s.lastError} (tried again at the next poll)`);
  return lines.join('\n\n');
}
