import { STAGES, type Stage } from '../order/types';
import { ORDER_WORKFLOW_TYPE } from '../order/contract';

/**
 * Finding orders through Temporal visibility: the list filters ops staff use
 * (the same queries work in the Web UI's list filter), built from named
 * filters with values checked, never pasted in raw.
 */

export interface OrderFilters {
  attention?: boolean;
  stage?: Stage;
  shop?: string;
  /** A fulfillment location's name (FulfillmentLocations). */
  location?: string;
  /** A partner id (Partners). */
  partner?: string;
  /** The merchant-facing order name, e.g. "#1001" (OrderName). */
  name?: string;
  /** Only open (running) workflows. */
  open?: boolean;
}

export class FilterError extends Error {
  override name = 'FilterError';
}

/** A string literal for a visibility query; refuses what could break out of it. */
function literal(field: string, value: string): string {
  const v = value.trim();
  if (!v) throw new FilterError(`${field} must not be empty`);
  if (/["'\\\n\r]/.test(v) || v.length > 200)
    throw new FilterError(`${field} must be at most 200 characters without quotes or backslashes`);
  return `"${v}"`;
}

export function orderListQuery(f: OrderFilters): string {
  const parts = [`WorkflowType = "${ORDER_WORKFLOW_TYPE}"`];
  if (f.attention !== undefined) parts.push(`NeedsAttention = ${f.attention ? 'true' : 'false'}`);
  if (f.stage !== undefined) {
    if (!STAGES.includes(f.stage)) throw new FilterError(`stage must be one of ${STAGES.join(', ')}`);
    parts.push(`OrderStage = "${f.stage}"`);
  }
  if (f.shop !== undefined) parts.push(`ShopDomain = ${literal('shop', f.shop)}`);
  if (f.location !== undefined) parts.push(`FulfillmentLocations = ${literal('location', f.location)}`);
  if (f.partner !== undefined) parts.push(`Partners = ${literal('partner', f.partner)}`);
  if (f.name !== undefined) parts.push(`OrderName = ${literal('name', f.name)}`);
  if (f.open) parts.push(`ExecutionStatus = "Running"`);
  return parts.join(' AND ');
}
