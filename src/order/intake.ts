import type { Client } from '@temporalio/client';
import { orderWorkflowId } from './types';
import { orderStaticDetails, orderStaticSummary } from './presentation';
import { NeedsAttention, OrderName, OrderStage, ShopDomain } from '../temporal/search-attributes';
import type { OrderSettings, OrderWorkflowInput, ShopifyEvent } from '../workflows/order/definitions';

/** The workflow type, by name: callers never import workflow code. */
const ORDER_WORKFLOW = 'orderWorkflow';

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
 */
export async function signalOrder(temporal: Client, o: OrderIntake): Promise<string> {
  const workflowId = orderWorkflowId(o.shopDomain, o.orderId);
  const input: OrderWorkflowInput = {
    shopDomain: o.shopDomain,
    orderId: o.orderId,
    orderGid: `gid://shopify/Order/${o.orderId}`,
    orderName: o.orderName,
    settings: o.settings,
  };
  await temporal.workflow.signalWithStart(ORDER_WORKFLOW, {
    workflowId,
    taskQueue: o.taskQueue,
    args: [input],
    signal: 'shopifyEvent',
    signalArgs: [o.event],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    typedSearchAttributes: [
      { key: ShopDomain, value: o.shopDomain },
      { key: OrderStage, value: 'received' },
      { key: NeedsAttention, value: false },
      ...(o.orderName ? [{ key: OrderName, value: o.orderName }] : []),
    ],
    staticSummary: orderStaticSummary(o.orderId, o.orderName, o.shopDomain, o.body),
    staticDetails: orderStaticDetails(o.orderId, o.body),
  });
  return workflowId;
}
