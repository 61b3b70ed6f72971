import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { proxyActivities, startChild } from '@temporalio/workflow';
import type { returnRequestActivities } from '../../activities/return-requests';
import {
  RETURN_WORKFLOW_TYPE,
  returnWorkflowId,
  type ReturnRequestInput,
  type ReturnRequestResult,
  type ReturnWorkflowInput,
} from '../../returns/contract';

const { createReturnInShopify } = proxyActivities<ReturnType<typeof returnRequestActivities>>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '20 seconds', // lost with a stopped worker: retried after this, not the minute
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * A return the engine was asked to create: made in Shopify once, then its
 * return workflow started (unless Shopify's returns/approve webhook already
 * started it). The return workflow outlives this one.
 */
export async function returnRequestWorkflow(input: ReturnRequestInput): Promise<ReturnRequestResult> {
  const { returnGid, adopted } = await createReturnInShopify(input);
  const returnId = returnGid.replace(/^gid:\/\/shopify\/Return\//, '');
  const workflowId = returnWorkflowId(input.shopDomain, returnId);
  const child: ReturnWorkflowInput = {
    shopDomain: input.shopDomain,
    returnId,
    returnGid,
    origin: 'engine',
    inStoreLocationId: input.inStoreLocationId ?? null,
    policy: input.policy,
  };
  try {
    await startChild(RETURN_WORKFLOW_TYPE, {
      workflowId,
      args: [child],
      parentClosePolicy: 'ABANDON',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return { returnId, returnGid, returnWorkflowId: workflowId, adopted };
}
