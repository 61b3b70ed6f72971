import { proxyActivities } from '@temporalio/workflow';
import type { OrderActivities } from '../../activities';
import type { OrderSweepInput, SweepResult } from '../../order/sweep-contract';

const { sweepMissedOrders } = proxyActivities<Pick<OrderActivities, 'sweepMissedOrders'>>({
  // A busy window is thousands of orders: pages of 250, one heartbeat per page.
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
});

/**
 * Orders missed by webhooks: a Schedule runs this every 15 minutes per shop
 * (args [{ shopDomain }]). The activity lists the orders updated since the last
 * sweep and signal-with-starts those without a workflow; see src/orders/sweep.ts.
 */
export async function orderSweepWorkflow(input: OrderSweepInput): Promise<SweepResult> {
  const args: OrderSweepInput = {
    shopDomain: input.shopDomain,
    ...(input.settings ? { settings: input.settings } : {}),
    ...(input.returnPolicy ? { returnPolicy: input.returnPolicy } : {}),
    ...(input.overlapMinutes !== undefined ? { overlapMinutes: input.overlapMinutes } : {}),
    ...(input.firstSweepLookbackHours !== undefined ? { firstSweepLookbackHours: input.firstSweepLookbackHours } : {}),
    ...(input.pageSize !== undefined ? { pageSize: input.pageSize } : {}),
  };
  return sweepMissedOrders(args);
}
