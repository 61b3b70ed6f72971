import type { Harness } from '../test/support/harness';
import { ReturnsDriver } from '../test/support/returns';
import { RETURN_COST_BASELINE, RETURN_COST_TARGET } from './baseline/costs';
import {
  clearShopifyLog,
  kindsText,
  settle,
  shopifyCost,
  summarize,
  totalActions,
  workflowActions,
  type Costs,
} from './costs';
import { fmt, progress, spread, type Spread } from './stats';

/**
 * What one return costs, counted as an order's is (bench/costs.ts): a
 * shipped order's customer asks to return its unit in the store, the policy
 * approves it, the partner reports it arrived sellable, and the engine
 * disposes it (restocked), refunds it and closes the return. Counted from the
 * request to the end: every workflow the return started (its own, a run a
 * late webhook starts again, the refund's workflow that refunds/create
 * starts) and every Shopify request made meanwhile. Returns run one at a time.
 */
export interface ReturnCost extends Costs {
  returns: number;
  /** The return workflow's own runs alone (the rest: the refund's workflow). */
  returnWorkflowActions: Spread;
  /** Median actions per workflow type, e.g. returnWorkflow 30, refundWorkflow 5. */
  actionsByWorkflow: Record<string, number>;
  /** Median actual Shopify points per GraphQL operation, e.g. ReturnForEngine 60, ReturnProcess 10. */
  pointsByOperation: Record<string, number>;
  /** Median requests per GraphQL operation. */
  requestsByOperation: Record<string, number>;
}

const LINES = [{ sku: 'TEE', quantity: 1 }];

/** Every execution of this shop's started since `since`, once each has ended. */
async function executionsSince(h: Harness, since: Date) {
  const found: { workflowId: string; runId: string; type: string }[] = [];
  for await (const e of h.client.workflow.list({ query: `StartTime >= '${since.toISOString()}'` }))
    if (e.workflowId.includes(h.shopDomain)) found.push({ workflowId: e.workflowId, runId: e.runId, type: e.type });
  await Promise.all(found.map((e) => h.client.workflow.getHandle(e.workflowId, e.runId).result()));
  return found;
}

async function runReturn(h: Harness, r: ReturnsDriver) {
  const { orderId } = await h.placeOrder(LINES);
  await h.shipAllReleased(orderId);
  await h.result(orderId);
  await settle(300); // the order's own late webhooks are not the return's
  await clearShopifyLog(h);
  const since = new Date();
  const asked = await r.request(
    orderId,
    LINES.map((l) => ({ ...l, reason: 'SIZE_TOO_SMALL' })),
  );
  const returnId: string = asked.legacyResourceId;
  const open = await r.waitFor(returnId, (s) => s.stage === 'awaiting_parcel', 'awaiting the parcel');
  const receipt = await r.receipt('nj-wh', returnId, {
    receiptId: `RCPT-${returnId}`,
    lines: open.lines.map((l) => ({
      returnLineItemId: l.returnLineItemId,
      quantity: l.quantity,
      condition: 'sellable',
    })),
  });
  if (receipt.status !== 202) throw new Error(`receipt for return ${returnId} -> ${receipt.status}`);
  const done = await r.result(returnId);
  if (done.stage !== 'closed' || done.refunded === '0.00')
    throw new Error(`return ${returnId} ended ${done.stage}, refunded ${done.refunded}`);
  const latencyMs = Date.now() - since.getTime();
  await settle(300); // late webhooks (returns/close, refunds/create) start or signal workflows too
  const byKind: Record<string, number> = {};
  const byWorkflow: Record<string, number> = {};
  let events = 0;
  for (const e of await executionsSince(h, since)) {
    const w = await workflowActions(h, e.workflowId, e.runId);
    events += w.events;
    for (const [k, v] of Object.entries(w.byKind)) byKind[k] = (byKind[k] ?? 0) + v;
    byWorkflow[e.type] = (byWorkflow[e.type] ?? 0) + totalActions(w.byKind);
  }
  return { latencyMs, events, byKind, byWorkflow, ...(await shopifyCost(h)) };
}

export async function measureReturnCosts(h: Harness, returns: number): Promise<ReturnCost> {
  const r = new ReturnsDriver(h);
  const rows: Awaited<ReturnType<typeof runReturn>>[] = [];
  for (let i = 0; i < returns; i++) {
    rows.push(await runReturn(h, r));
    progress('return (receipt, refund)', i + 1, returns);
  }
  const types = [...new Set(rows.flatMap((x) => Object.keys(x.byWorkflow)))];
  const operations = [...new Set(rows.flatMap((x) => Object.keys(x.byOperation)))].sort();
  return {
    returns: rows.length,
    ...summarize(rows),
    returnWorkflowActions: spread(rows.map((x) => x.byWorkflow.returnWorkflow ?? 0)),
    actionsByWorkflow: Object.fromEntries(types.map((t) => [t, spread(rows.map((x) => x.byWorkflow[t] ?? 0)).median])),
    pointsByOperation: Object.fromEntries(
      operations.map((o) => [o, spread(rows.map((x) => x.byOperation[o] ?? 0)).median]),
    ),
    requestsByOperation: Object.fromEntries(
      operations.map((o) => [o, spread(rows.map((x) => x.requestsByOperation[o] ?? 0)).median]),
    ),
  };
}

export function printReturnCosts(c: ReturnCost) {
  console.log(
    `\nPer return (requested in the store, approved by policy, one receipt: restocked, refunded, closed; median (min–max) over ${c.returns})`,
  );
  console.log([''.padEnd(28), 'measured'.padEnd(22), 'baseline'.padEnd(12), 'target'].join(''));
  const row = (what: string, measured: Spread, baseline: number | string, target: number | string) =>
    console.log([what.padEnd(28), fmt(measured, 0).padEnd(22), String(baseline).padEnd(12), String(target)].join(''));
  row('Temporal actions', c.actions, RETURN_COST_BASELINE.actions, `<= ${RETURN_COST_TARGET.actions}`);
  row('  return workflow alone', c.returnWorkflowActions, RETURN_COST_BASELINE.returnWorkflowActions, '');
  row(
    'Shopify points (actual)',
    c.actualPoints,
    RETURN_COST_BASELINE.actualPoints,
    `<= ${RETURN_COST_TARGET.actualPoints}`,
  );
  row('Shopify points (requested)', c.requestedPoints, '', '');
  row('Shopify requests', c.shopifyRequests, RETURN_COST_BASELINE.shopifyRequests, '');
  row('history events', c.historyEvents, RETURN_COST_BASELINE.historyEvents, '');
  row('latency ms', c.latencyMs, '', '');
  console.log(
    `  actions by kind: ${kindsText(c.actionsByKind)}; by workflow: ${kindsText(c.actionsByWorkflow)} (baseline recorded ${RETURN_COST_BASELINE.recorded})`,
  );
  console.log(
    `  actual points by operation (requests): ${Object.entries(c.pointsByOperation)
      .map(([op, p]) => `${op} ${p} (${c.requestsByOperation[op] ?? 0})`)
      .join(', ')}`,
  );
}
