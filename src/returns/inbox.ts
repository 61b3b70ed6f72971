import type { Client } from '@temporalio/client';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { inboxCall, INBOX_DEADLINES, OrderInboxError } from '../orders/inbox';
import { RETURN_REFUSED } from './refusal';
import { NeedsAttention, ReturnStatus, ShopDomain } from '../temporal/search-attributes';
import {
  RETURN_REQUEST_WORKFLOW_TYPE,
  RETURN_WORKFLOW_TYPE,
  returnRequestWorkflowId,
  type ReturnRequestInput,
  type ReturnRequestResult,
  returnActionUpdate,
  returnEventSignal,
  returnReceiptSignal,
  returnScanSignal,
  returnStatusQuery,
  returnWorkflowId,
  type ReturnAction,
  type ReturnActionOutcome,
  type ReturnEvent,
  type ReturnOrigin,
  type ReturnPolicy,
  type ReturnReceipt,
  type ReturnScan,
  type ReturnStatusView,
  type ReturnWorkflowInput,
} from './contract';

/**
 * The return inbox: the only code that starts, signals, queries or updates a
 * return workflow (webhooks, POST /returns, partner receipts, the sweep, the
 * ops CLI). Same deadlines and the same reading of Temporal failures as the
 * order inbox (OrderInboxError), so src/api maps both one way.
 */
export class ReturnInbox {
  constructor(
    private readonly temporal: Client,
    private readonly deadlineMs: number = INBOX_DEADLINES.messageMs,
  ) {}

  /**
   * Hand an event to the return's workflow, starting it if none runs. A
   * return whose workflow has ended is started again (a reopened return); the
   * new run reads Shopify's return and rebuilds what was received from its
   * dispositions, so a late duplicate only reads and ends.
   */
  async start(r: {
    shopDomain: string;
    returnId: string;
    taskQueue: string;
    origin: ReturnOrigin;
    event: ReturnEvent;
    policy?: Partial<ReturnPolicy>;
    inStoreLocationId?: string | null;
  }): Promise<string> {
    const workflowId = returnWorkflowId(r.shopDomain, r.returnId);
    const input: ReturnWorkflowInput = {
      shopDomain: r.shopDomain,
      returnId: r.returnId,
      returnGid: `gid://shopify/Return/${r.returnId}`,
      origin: r.origin,
      inStoreLocationId: r.inStoreLocationId ?? null,
      policy: r.policy,
    };
    await this.call(() =>
      this.temporal.workflow.signalWithStart(RETURN_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: r.taskQueue,
        args: [input],
        signal: returnEventSignal,
        signalArgs: [r.event],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        typedSearchAttributes: [
          { key: ShopDomain, value: r.shopDomain },
          { key: ReturnStatus, value: 'reading' },
          { key: NeedsAttention, value: false },
        ],
        staticSummary: `Return ${r.returnId} (${r.shopDomain})`,
      }),
    );
    return workflowId;
  }

  /**
   * Ask for a return to be created (POST /returns). Durable once this
   * resolves or throws `late`: the request's workflow runs on. Waits up to the
   * action deadline for Shopify's return; `pending` when it takes longer. A
   * request Shopify or the order refuses is `refused` with the reason.
   */
  async request(
    input: ReturnRequestInput,
    taskQueue: string,
  ): Promise<{ pending: true; workflowId: string } | ({ pending: false; replayed: boolean } & ReturnRequestResult)> {
    const workflowId = returnRequestWorkflowId(input.shopDomain, input.requestId);
    const ms = Math.max(this.deadlineMs, INBOX_DEADLINES.actionMs);
    let replayed = false;
    await this.call(async () => {
      try {
        await this.temporal.workflow.start(RETURN_REQUEST_WORKFLOW_TYPE, {
          workflowId,
          taskQueue,
          args: [input],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          staticSummary: `Return request ${input.requestId} for order ${input.orderId}`,
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        replayed = true; // a resend: the first request's answer
      }
    });
    try {
      const result: ReturnRequestResult = await this.call(
        () => this.temporal.workflow.getHandle(workflowId).result(),
        ms,
      );
      return { pending: false, replayed, ...result };
    } catch (err) {
      if (err instanceof OrderInboxError && err.kind === 'late') return { pending: true, workflowId };
      // The activity's refusal (RETURN_REFUSED) under the workflow's and the activity's failures.
      let cause: unknown = err instanceof WorkflowFailedError ? err.cause : undefined;
      while (cause instanceof Error && !(cause instanceof ApplicationFailure)) cause = cause.cause;
      if (cause instanceof ApplicationFailure && cause.type === RETURN_REFUSED)
        throw new OrderInboxError('refused', cause.message, undefined, undefined, err);
      throw err;
    }
  }

  async receipt(workflowId: string, receipt: ReturnReceipt): Promise<void> {
    await this.call(() => this.temporal.workflow.getHandle(workflowId).signal(returnReceiptSignal, receipt));
  }

  async scan(workflowId: string, scan: ReturnScan): Promise<void> {
    await this.call(() => this.temporal.workflow.getHandle(workflowId).signal(returnScanSignal, scan));
  }

  async event(workflowId: string, event: ReturnEvent): Promise<void> {
    await this.call(() => this.temporal.workflow.getHandle(workflowId).signal(returnEventSignal, event));
  }

  async status(workflowId: string): Promise<ReturnStatusView> {
    return this.call(() => this.temporal.workflow.getHandle(workflowId).query(returnStatusQuery));
  }

  /** A person's action as the workflow's Update (`refused` with the validator's reason). */
  async act(workflowId: string, action: ReturnAction): Promise<ReturnActionOutcome> {
    return this.call(
      () => this.temporal.workflow.getHandle(workflowId).executeUpdate(returnActionUpdate, { args: [action] }),
      Math.max(this.deadlineMs, INBOX_DEADLINES.actionMs),
    );
  }

  private call<T>(fn: () => Promise<T>, ms = this.deadlineMs): Promise<T> {
    return inboxCall(this.temporal, ms, fn);
  }
}
