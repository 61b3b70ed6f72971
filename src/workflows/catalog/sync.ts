import { proxyActivities } from '@temporalio/workflow';
import type { catalogActivities } from '../../activities/catalog';
import type { CatalogSyncInput, CatalogSyncResult } from '../../catalog/contract';

/**
 * One catalog sync: Shopify's products into catalog_variants (see
 * src/catalog/catalog-sync.ts). Start it on a schedule or by hand with
 * workflow id `catalog-sync-{shop}` (src/catalog/contract.ts); `full` rereads everything and retires
 * deleted products (done once a day anyway, and on the first sync).
 */
const { syncCatalog } = proxyActivities<ReturnType<typeof catalogActivities>>({
  startToCloseTimeout: '30 minutes',
  // A page per heartbeat: a worker that died mid-sync is noticed in a minute, and the retry resumes from the high-water mark.
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 10 },
});

export async function catalogSyncWorkflow(input: CatalogSyncInput): Promise<CatalogSyncResult> {
  return syncCatalog({ shopDomain: input.shopDomain, full: input.full ?? false });
}
