import { ActivityFailure, ApplicationFailure, patched, proxyActivities } from '@temporalio/workflow';
import type { OrderActivities } from '../../activities';
import type { OpsAction, OrderSnapshot } from '../../order/types';
import { paymentView, readLedger } from '../../payment/ledger';
import { FailureType } from '../../order/failure-types';
import type { OrderState } from './state';

/** The order's activities, with Temporal's retries for transient faults. */
export const orderActivities = proxyActivities<OrderActivities>({
  startToCloseTimeout: '2 minutes',
  // Every order activity heartbeats while it runs (src/activities/heartbeat.ts): one on a worker
  // that died is retried elsewhere after this long, not after the start-to-close timeout.
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 8 },
});

function failureType(err: ActivityFailure): string | undefined {
  return err.cause instanceof ApplicationFailure ? (err.cause.type ?? undefined) : undefined;
}

type Activity<A extends unknown[], R> = ((...args: A) => Promise<R>) & {
  executeWithOptions(options: { summary?: string }, args: A): Promise<R>;
};

export function describeFailure(err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return cause.message;
  return cause instanceof Error ? cause.message : String(err);
}

/**
 * How the order workflow runs an activity: with a sentence for the event
 * history and Temporal's retries (orderActivities); when the activity fails
 * for good (a business refusal or retries exhausted) the order is not failed
 * but parked for a person (attention), who retries, skips (when allowed) or
 * cancels; the step then runs again or returns what skipping means.
 */
export interface StepOptions<R> {
  /** Allow `skip` (the step was done by hand); its result is this. */
  onSkip?: () => R;
}

export async function runOrAskPerson<A extends unknown[], R>(
  s: OrderState,
  summary: string,
  activity: Activity<A, R>,
  args: A,
  opts: StepOptions<R> = {},
): Promise<R> {
  for (;;) {
    await s.checkCancel();
    try {
      return await activity.executeWithOptions({ summary }, args);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      // A cancel the engine never heard about (its orders/cancelled lost or late): compensate, or, once
      // something has shipped, record it for a person; then this step is still put to a person.
      if (failureType(err) === FailureType.OrderCancelledInShopify && patched('unseen-shopify-cancel'))
        await s.cancelledInShopify(describeFailure(err));
      const actions: OpsAction[] = opts.onSkip ? ['retry', 'skip', 'cancel'] : ['retry', 'cancel'];
      const action = await s.waitForPerson(`${summary} failed: ${describeFailure(err)}`, actions);
      if (action === 'skip' && opts.onSkip) {
        s.note(`Skipped by operator: ${summary}`);
        return opts.onSkip();
      }
    }
  }
}

/** Read the order from Shopify and take in what the status shows of it. */
export async function loadOrder(s: OrderState): Promise<OrderSnapshot> {
  const order = await runOrAskPerson(
    s,
    `Read order ${s.orderName ?? s.input.orderId} from Shopify`,
    orderActivities.loadOrder,
    [s.input.orderGid],
  );
  s.absorbOrder(order);
  s.payment = paymentView(readLedger(order.transactions, order.currencyCode), order.total, new Date());
  s.orderChanged = false;
  return order;
}
