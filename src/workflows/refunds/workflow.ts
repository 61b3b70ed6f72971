import { log, proxyActivities } from '@temporalio/workflow';
import type { RefundActivities } from '../../activities/refunds';
import type { RefundOutcome, RefundWorkflowInput } from '../../refunds/contract';

const { confirmRefund, restockRefundedUnits, recordOrderRefund, tellOrderOfRefund } = proxyActivities<RefundActivities>(
  {
    startToCloseTimeout: '1 minute',
    heartbeatTimeout: '20 seconds', // lost with a stopped worker: retried after this, not the minute
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  },
);

/**
 * One refund made in Shopify (`refund-{shop}-{refundId}`), taken into the
 * engine once: confirmed by reading it from Shopify (a forged or mistaken
 * webhook changes nothing), its restocked units through the ledger (not a
 * Return's: the return workflow restocks those), its money recorded for the
 * order, and the order's workflow told when it still runs.
 */
export async function refundWorkflow(input: RefundWorkflowInput): Promise<RefundOutcome> {
  const refund = await confirmRefund({ refundGid: input.refundGid });
  if (!refund) {
    log.warn('Shopify has no such refund; nothing applied', { refundGid: input.refundGid, orderId: input.orderId });
    return { refundGid: input.refundGid, status: 'unconfirmed' };
  }
  const restock = await restockRefundedUnits({ shopDomain: input.shopDomain, refund });
  if (restock.problem)
    log.warn('restocked units could not be applied to the ledger', {
      refundGid: refund.refundGid,
      problem: restock.problem,
    });
  await recordOrderRefund({ shopDomain: input.shopDomain, refund, restocked: restock.lines });
  const restockedUnits = restock.lines.reduce((s, l) => s + l.quantity, 0);
  const { told } = await tellOrderOfRefund({ shopDomain: input.shopDomain, refund, restockedUnits });
  return {
    refundGid: refund.refundGid,
    status: 'recorded',
    orderId: refund.orderId,
    source: refund.source,
    amount: refund.amount,
    currencyCode: refund.currencyCode,
    restockedLines: restock.lines.length,
    orderTold: told,
  };
}
