import { proxyActivities } from '@temporalio/workflow';
import type * as activities from './activities';

/**
 * The end-to-end baseline: as many no-op activities as an order runs, on the
 * same server and a worker with the same settings, so the ratio shows what the
 * order's own work costs beyond Temporal's.
 */
const { noop } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });

export async function noopOrder(activityCount: number): Promise<number> {
  for (let i = 0; i < activityCount; i++) await noop(i);
  return activityCount;
}
