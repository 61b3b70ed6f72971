import type { Harness } from '../test/support/harness';
import { spread, type Spread } from './stats';

/**
 * How the bench counts what one order or one return costs: the billable
 * kinds of Temporal action in a workflow's history, and the Shopify GraphQL
 * requests and points in the simulator's request log since it was emptied
 * (so one subject runs at a time and every request is its own).
 */

/** The kinds Temporal bills as actions, from history event attribute names. */
const BILLABLE: Record<string, string> = {
  workflowExecutionStartedEventAttributes: 'start',
  workflowExecutionSignaledEventAttributes: 'signal',
  activityTaskScheduledEventAttributes: 'activity',
  timerStartedEventAttributes: 'timer',
  upsertWorkflowSearchAttributesEventAttributes: 'upsert',
  markerRecordedEventAttributes: 'marker',
};

export const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One workflow's billable actions by kind, and all its history events (its latest run unless runId is given). */
export async function workflowActions(h: Harness, workflowId: string, runId?: string) {
  const history = await h.client.workflow.getHandle(workflowId, runId).fetchHistory();
  const byKind: Record<string, number> = {};
  for (const e of history.events ?? []) {
    for (const [attr, kind] of Object.entries(BILLABLE))
      if ((e as Record<string, unknown>)[attr]) byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  return { events: history.events?.length ?? 0, byKind };
}

export const totalActions = (byKind: Record<string, number>) => Object.values(byKind).reduce((s, x) => s + x, 0);

/** What one order or return measured: its actions by kind, history events, Shopify requests and points, latency. */
export interface CostRow {
  byKind: Record<string, number>;
  events: number;
  requests: number;
  requested: number;
  actual: number;
  latencyMs: number;
}

/** Each figure as a median (min–max) over the orders or returns run. */
export interface Costs {
  actions: Spread;
  historyEvents: Spread;
  shopifyRequests: Spread;
  requestedPoints: Spread;
  actualPoints: Spread;
  latencyMs: Spread;
  /** The median of each billable kind. */
  actionsByKind: Record<string, number>;
}

export function summarize(rows: CostRow[]): Costs {
  const actionsByKind: Record<string, number> = {};
  for (const k of Object.values(BILLABLE)) actionsByKind[k] = spread(rows.map((r) => r.byKind[k] ?? 0)).median;
  return {
    actions: spread(rows.map((r) => totalActions(r.byKind))),
    historyEvents: spread(rows.map((r) => r.events)),
    shopifyRequests: spread(rows.map((r) => r.requests)),
    requestedPoints: spread(rows.map((r) => r.requested)),
    actualPoints: spread(rows.map((r) => r.actual)),
    latencyMs: spread(rows.map((r) => r.latencyMs)),
    actionsByKind,
  };
}

/** Empty the simulator's request log: what it records next belongs to one order or return. */
export async function clearShopifyLog(h: Harness) {
  await h.sim.call('DELETE', h.sim.shopPath('/requests'));
}

/** Shopify GraphQL requests and points (requested, actual) since the log was emptied. */
export async function shopifyCost(h: Harness) {
  await settle(100);
  const log: { operationName: string | null; requestedCost: number; actualCost: number }[] = await h.sim.requests();
  const byOperation: Record<string, number> = {};
  const requestsByOperation: Record<string, number> = {};
  for (const x of log) {
    const op = x.operationName ?? '?';
    byOperation[op] = (byOperation[op] ?? 0) + x.actualCost;
    requestsByOperation[op] = (requestsByOperation[op] ?? 0) + 1;
  }
  return {
    requests: log.length,
    requested: log.reduce((s, x) => s + x.requestedCost, 0),
    actual: log.reduce((s, x) => s + x.actualCost, 0),
    /** Actual points per GraphQL operation (where the points go). */
    byOperation,
    requestsByOperation,
  };
}

/** Billable kinds with a non-zero median, as `start 1, signal 10, …`. */
export const kindsText = (byKind: Record<string, number>) =>
  Object.entries(byKind)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
