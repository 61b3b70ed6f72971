import type { OrderSettings } from './contract';
import type { ReturnPolicy } from '../returns/contract';

/*
 * The missed-order sweep workflow's contract (src/workflows/orders/sweep.ts,
 * run by the order-sweep-{shop} Schedule). Deterministic; the type name is
 * recorded in histories and never changes.
 */

export const ORDER_SWEEP_WORKFLOW_TYPE = 'orderSweepWorkflow';

export interface OrderSweepInput {
  shopDomain: string;
  /** Passed to the order workflows the sweep starts. */
  settings?: Partial<OrderSettings>;
  /** Passed to the return workflows the sweep starts (returns whose webhooks never came). */
  returnPolicy?: Partial<ReturnPolicy>;
  /** How far before the mark to look again (Shopify's search index lags writes). Default 5. */
  overlapMinutes?: number;
  /** With no mark yet (first sweep of a shop), how far back to look (tests and backfills). Default 24. */
  firstSweepLookbackHours?: number;
  /** Orders per Shopify page (Shopify allows up to 250). Default 250. */
  pageSize?: number;
}

export interface SweepResult {
  /** Orders listed by Shopify in the window. */
  checked: number;
  /** Legacy ids of the orders this sweep started a workflow for. */
  started: string[];
  /** Orders that already had a workflow (running or closed). */
  alreadyKnown: number;
  /** Orders not orchestrated: cancelled, already fulfilled, or sold at the point of sale. */
  skipped: number;
  /**
   * Legacy ids of orders Shopify shows cancelled whose workflow still runs: each
   * was told (its orders/cancelled may have been lost; the workflow confirms with Shopify).
   */
  cancelSignalled?: string[];
  /** Return ids Shopify shows requested or open on orders in the window, each handed to its return workflow. */
  returnsSignalled?: string[];
  /** The mark after this sweep (ISO). */
  sweptUntil: string;
}
