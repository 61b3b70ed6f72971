/*
 * The catalog sync workflow's contract (src/workflows/catalog/sync.ts).
 * Deterministic; the type name is recorded in histories and never changes.
 */

export const CATALOG_SYNC_WORKFLOW_TYPE = 'catalogSyncWorkflow';

/** The Schedule's runs use this id; a sync by hand may use any other. */
export const catalogSyncWorkflowId = (shopDomain: string) => `catalog-sync-${shopDomain}`;

export interface CatalogSyncInput {
  shopDomain: string;
  /** Reread everything and retire deleted products (done once a day anyway, and on the first sync). */
  full?: boolean;
}

export interface CatalogSyncResult {
  products: number;
  variants: number;
  deactivated: number;
  skipped: number;
  full: boolean;
}
