/*
 * The refund workflow's contract (src/workflows/refunds/workflow.ts): one
 * workflow per Shopify refund, started by the refunds/create gateway, which
 * confirms the refund with Shopify and takes it into the engine (restocked
 * units through the ledger, the money into order_refunds, the order told).
 * Deterministic; the type name is recorded in histories and never changes.
 */

export const REFUND_WORKFLOW_TYPE = 'refundWorkflow';

/** One workflow per refund and shop: a redelivered webhook finds it started. */
export function refundWorkflowId(shopDomain: string, refundId: string): string {
  return `refund-${shopDomain}-${refundId}`;
}

/** What the gateway knows from the webhook: a hint; the workflow reads the refund from Shopify. */
export interface RefundWorkflowInput {
  shopDomain: string;
  /** The numeric part of the refund's GID. */
  refundId: string;
  refundGid: string;
  /** The order the body names (not trusted: the refund read from Shopify names its order). */
  orderId: string;
}

/** How a refund was taken in. */
export interface RefundOutcome {
  refundGid: string;
  /** unconfirmed: Shopify has no such refund (a forged or mistaken body); nothing was applied. */
  status: 'recorded' | 'unconfirmed';
  orderId?: string;
  source?: RefundSource;
  amount?: string;
  currencyCode?: string;
  /** Ledger lines applied for restocked units (0 for a return's refund: the return workflow restocks). */
  restockedLines?: number;
  /** Whether the order's running workflow was told. */
  orderTold?: boolean;
}

/** Who made the refund: staff or another app in Shopify, a Return's settlement, or the engine (cancel). */
export type RefundSource = 'shopify' | 'return' | 'engine';

/** What the order workflow hears of a refund (order contract's refundRecorded signal). */
export interface RefundRecorded {
  refundGid: string;
  source: RefundSource;
  amount: string;
  currencyCode: string;
  /** Shopify's refunded total for the order when the refund was read (it includes this refund). */
  orderRefunded: string;
  /** Units refunded before they shipped (restock CANCEL): the order's lines changed. */
  cancelledUnits: number;
  /** Units put back to stock through the ledger for this refund. */
  restockedUnits: number;
  at: string;
}
