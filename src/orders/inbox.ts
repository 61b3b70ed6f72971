import type { Client } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import {
  opsUpdates,
  editUpdate,
  ORDER_WORKFLOW_TYPE,
  orderWorkflowId,
  shopifyEventSignal,
  statusQuery,
  type EditArgs,
  type EditOutcome,
  type OrderSettings,
  type OrderSignal,
  type OrderWorkflowInput,
  type ShopifyEvent,
} from '../order/contract';
import type { OpsOutcome } from '../order/ops';
import { orderStaticDetails, orderStaticSummary } from '../order/presentation';
import type { OpsAction, OrderStatus } from '../order/types';
import { keywordValue, NeedsAttention, OrderName, OrderStage, ShopDomain } from '../temporal/search-attributes';
import { classifyTemporalFailure, withTemporalDeadline, type TemporalFailure } from '../temporal/failures';

/**
 * The order inbox: the only code that signals, queries, updates or
 * signal-with-starts an order workflow. Every caller (the webhook gateway,
 * partner endpoints, the EDI folder, the sweep, the ops API and CLI) comes
 * through here, so there is one deadline policy and one reading of Temporal's
 * failures (OrderInboxError); turning those into HTTP stays in src/api.
 */

/**
 * The deadline policy. Events and reads: 3 s, the tightest caller's budget
 * (Shopify gives a webhook 5 s in all, and the gateway also writes to
 * PostgreSQL). Ops actions: 10 s, since an Update waits for a worker to run
 * the workflow's validator. One setting overrides both (tests shorten it).
 */
export const INBOX_DEADLINES = { messageMs: 3000, actionMs: 10_000 } as const;

export interface OrderInboxOptions {
  /** Replaces both deadlines (ms). */
  deadlineMs?: number;
}

/** What handing an event to an order needs: the order, its event, and what the Web UI shows of it. */
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

export type InboxFailureKind = TemporalFailure['kind'] | 'refused' | 'finished';

/** A call to an order workflow that did not go through, and why (the message is the cause's, or the workflow's reason). */
export class OrderInboxError extends Error {
  override name = 'OrderInboxError';
  constructor(
    /** gone / closed / invalid / late / unavailable (see TemporalFailure); refused: an Update's validator said no; finished: the order's workflow has ended. */
    readonly kind: InboxFailureKind,
    message: string,
    /** The gRPC status behind a late or unavailable call, when there is one. */
    readonly code?: string,
    /** For `finished`: Temporal's execution status (COMPLETED, TERMINATED, ...). */
    readonly executionStatus?: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }

  /** Late and unavailable calls are worth a retry; the rest are not. */
  get retryable(): boolean {
    return this.kind === 'late' || this.kind === 'unavailable';
  }
}

/** The UI's one-line summary and Markdown details are for reading, not storage: bounded. */
const SUMMARY_MAX_CHARS = 400;
const DETAILS_MAX_CHARS = 20_000;
const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}\u2026`);

export class OrderInbox {
  readonly deadlines: { messageMs: number; actionMs: number };

  constructor(
    private readonly temporal: Client,
    options: OrderInboxOptions = {},
  ) {
    const ms = options.deadlineMs;
    this.deadlines = ms === undefined ? { ...INBOX_DEADLINES } : { messageMs: ms, actionMs: ms };
  }

  /**
   * Hand a Shopify event to its order's workflow, starting it if it is not
   * running (signal-with-start). A closed order is never started again
   * (REJECT_DUPLICATE): that is OrderInboxError `closed`.
   *
   * The order name becomes the OrderName search attribute, which Temporal caps
   * (2,048 bytes): a longer one (no real Shopify order has one) is cut to fit,
   * here and in the event, so the workflow never upserts what Temporal refuses;
   * the workflow reads the order's real name from Shopify anyway.
   */
  async start(o: OrderIntake): Promise<string> {
    const workflowId = orderWorkflowId(o.shopDomain, o.orderId);
    const orderName = o.orderName === null ? null : keywordValue(o.orderName);
    const input: OrderWorkflowInput = {
      shopDomain: o.shopDomain,
      orderId: o.orderId,
      orderGid: `gid://shopify/Order/${o.orderId}`,
      orderName,
      settings: o.settings,
    };
    const event: ShopifyEvent = o.event.orderName
      ? { ...o.event, orderName: keywordValue(o.event.orderName) }
      : o.event;
    const details = orderStaticDetails(o.orderId, o.body);
    await this.call(this.deadlines.messageMs, () =>
      this.temporal.workflow.signalWithStart(ORDER_WORKFLOW_TYPE, {
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
      }),
    );
    return workflowId;
  }

  /** Whether Temporal knows the order (any execution under its workflow id) and whether it runs. */
  async lifecycle(workflowId: string): Promise<'none' | 'running' | 'closed'> {
    try {
      const d = await this.call(this.deadlines.messageMs, () =>
        this.temporal.workflow.getHandle(workflowId).describe(),
      );
      return d.status.name === 'RUNNING' ? 'running' : 'closed';
    } catch (err) {
      if (err instanceof OrderInboxError && err.kind === 'gone') return 'none';
      throw err;
    }
  }

  /** Signal a running order workflow (`gone` when there is none). */
  async send(s: OrderSignal): Promise<void> {
    const { workflowId, signal, arg } = s as { workflowId: string; signal: SignalDefinition<[unknown]>; arg: unknown };
    await this.call(this.deadlines.messageMs, () => this.temporal.workflow.getHandle(workflowId).signal(signal, arg));
  }

  /** The order's status query (it needs a worker: with none polling, the deadline makes it `late`). */
  async status(workflowId: string): Promise<OrderStatus> {
    return this.call(this.deadlines.messageMs, () => this.temporal.workflow.getHandle(workflowId).query(statusQuery));
  }

  /**
   * Run an ops action as the workflow's Update; resolves once the workflow
   * accepted it. `refused` carries the validator's reason; `finished` says the
   * order's workflow has ended (Updates reach only running workflows).
   */
  async act(workflowId: string, action: OpsAction, args: Record<string, unknown> = {}): Promise<OpsOutcome> {
    return this.update(workflowId, () =>
      this.temporal.workflow.getHandle(workflowId).executeUpdate(opsUpdates[action], { args: [args] }),
    );
  }

  /** An operator's order edit (the `edit` Update): queued by the order when its validator accepts it. */
  async edit(workflowId: string, args: EditArgs): Promise<EditOutcome> {
    return this.update(workflowId, () =>
      this.temporal.workflow.getHandle(workflowId).executeUpdate(editUpdate, { args: [args] }),
    );
  }

  /** An Update under the action deadline; an order that has closed reads as 'finished'. */
  private async update<T>(workflowId: string, run: () => Promise<T>): Promise<T> {
    try {
      return await this.call(this.deadlines.actionMs, run);
    } catch (err) {
      if (err instanceof OrderInboxError && err.kind === 'gone') {
        const closed = await this.temporal.workflow
          .getHandle(workflowId)
          .describe()
          .then(
            (x) => x.status.name,
            () => null,
          );
        if (closed)
          throw new OrderInboxError(
            'finished',
            `the order's workflow has finished (${closed})`,
            undefined,
            closed,
            err,
          );
      }
      throw err;
    }
  }

  private call<T>(ms: number, fn: () => Promise<T>): Promise<T> {
    return inboxCall(this.temporal, ms, fn);
  }
}

/** One deadline, one reading of failures (OrderInboxError), for every inbox (orders, returns). */
export async function inboxCall<T>(temporal: Client, ms: number, fn: () => Promise<T>): Promise<T> {
  try {
    return await withTemporalDeadline(temporal, ms, fn);
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError)
      throw new OrderInboxError('refused', err.cause?.message ?? err.message, undefined, undefined, err);
    const failure = classifyTemporalFailure(err);
    if (!failure) throw err;
    throw new OrderInboxError(
      failure.kind,
      (err as Error).message,
      'code' in failure ? failure.code : undefined,
      undefined,
      err,
    );
  }
}
