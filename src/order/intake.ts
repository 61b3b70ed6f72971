import type { Client } from '@temporalio/client';
import { orderWorkflowId } from './types';
import { orderStaticDetails, orderStaticSummary } from './presentation';
import { keywordValue, NeedsAttention, OrderName, OrderStage, ShopDomain } from '../temporal/search-attributes';
import { shopifyEventSignal, type OrderSettings, type OrderWorkflowInput, type ShopifyEvent } from '../workflows/order/definitions';

/** The workflow type, by name: callers never import workflow code (only its definitions). */
const ORDER_WORKFLOW = 'orderWorkflow';

/** The UI's one-line summary and Markdown details are for reading, not storage: bounded. */
const SUMMARY_MAX_CHARS = 400;
const DETAILS_MAX_CHARS = 20_000;

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}\u2026`);

export interface OrderIntake {
  shopDomain: string;
  orderId: string;
  orderName: string | null;
  taskQueue: string;
  event: ShopifyEvent;
  /** A REST-shaped order body for the static summary and details (a webhook's), if there is one. */
  body: Record<string, unknown> | null;
  settings?: Partial<OrderSettings>;
}

/**
 * Hand an event to its order's workflow, starting it if it is not running
 * (signal-with-start). A closed order is never started again
 * (REJECT_DUPLICATE): the caller gets WorkflowExecutionAlreadyStartedError.
 * The webhook gateway and the missed-order sweep both come through here.
 *
 * The order name becomes the OrderName search attribute, which Temporal caps
 * (2,048 bytes): a longer one (no real Shopify order has one) is cut to fit,
 * here and in the event, so the workflow never upserts what Temporal refuses;
 * the workflow reads the order's real name from Shopify anyway.
 */
export async function signalOrder(temporal: Client, o: OrderIntake): Promise<string> {
  const workflowId = orderWorkflowId(o.shopDomain, o.orderId);
  const orderName = o.orderName === null ? null : keywordValue(o.orderName);
  const input: OrderWorkflowInput = {
    shopDomain: o.shopDomain,
    orderId: o.orderId,
    orderGid: `gid://shopify/Order/${o.orderId}`,
    orderName,
    settings: o.settings,
  };
  const event: ShopifyEvent = o.event.orderName ? { ...o.event, orderName: keywordValue(o.event.orderName) } : o.event;
  const details = orderStaticDetails(o.orderId, o.body);
  await temporal.workflow.signalWithStart(ORDER_WORKFLOW, {
    workflowId,
    taskQueue: o.taskQueue,
    args: [input],
    signal: shopifyEventSignal,
    signalArgs: [event],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: [
      { key: ShopDomain, value: o.shopDomain },
      { key: OrderStage, value: 'received' },
      { key: NeedsAttention, value: false },
      ...(orderName ? [{ key: OrderName, value: orderName }] : []),
    ],
    staticSummary: clip(orderStaticSummary(o.orderId, orderName, o.shopDomain, o.body), SUMMARY_MAX_CHARS),
    staticDetails: details === undefined ? undefined : clip(details, DETAILS_MAX_CHARS),
  });
  return workflowId;
}
