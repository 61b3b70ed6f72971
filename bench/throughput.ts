import { NativeConnection, Worker, bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import type { Harness, PartnerId } from '../test/support/harness';
import * as noopActivities from './baseline/activities';
import { pool, progress, spread, type Spread } from './stats';

/**
 * End-to-end orders per minute (single-location path, partners answering at
 * once) at rising concurrency, beside a baseline workflow with the same number
 * of no-op activities on the same server; and where an order's time goes,
 * from its history (activity time by type, and time waiting on signals).
 */
export interface ThroughputLevel {
  concurrency: number;
  ordersPerMinute: Spread;
  baselinePerMinute: Spread;
  ratio: number;
}

export interface Throughput {
  activitiesPerOrder: number;
  levels: ThroughputLevel[];
  /** Started to completed: the activity's own work (Shopify, PostgreSQL, HTTP). */
  timeByActivityMs: Record<string, Spread>;
  /** Scheduled to started: waiting in the task queue for a worker slot and poll. */
  queueWaitMs: Spread;
}

async function completeOrder(h: Harness): Promise<string> {
  const { orderId } = await h.placeOrder([{ sku: 'TEE', quantity: 1 }]);
  const shipped = new Set<string>();
  for (;;) {
    const s = await h.status(orderId);
    if (s?.stage === 'completed') return orderId;
    for (const a of s?.allocations ?? []) {
      if (a.state === 'released_to_ship' && !shipped.has(a.id)) {
        shipped.add(a.id);
        const partner = (['nj-wh', 'bk-store', 'la-wh'] as PartnerId[]).find((x) => h.partnerId(x) === a.partnerId)!;
        await h.partnerPost(partner, 'shipments', { allocationId: a.id, tracking: { number: `1Z${a.id.slice(-6)}` } });
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function whereTimeGoes(h: Harness, orderIds: string[]) {
  const run: Record<string, number[]> = {};
  const queue: number[] = [];
  for (const id of orderIds) {
    const events = (await h.client.workflow.getHandle(h.workflowId(id)).fetchHistory()).events ?? [];
    const at = new Map<string, number>();
    const type = new Map<string, string>();
    for (const e of events) {
      const t = Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
      at.set(String(e.eventId), t);
      if (e.activityTaskScheduledEventAttributes)
        type.set(String(e.eventId), e.activityTaskScheduledEventAttributes.activityType?.name ?? '?');
      const done = e.activityTaskCompletedEventAttributes;
      if (done) {
        const scheduled = at.get(String(done.scheduledEventId))!;
        const started = at.get(String(done.startedEventId))!;
        queue.push(started - scheduled);
        (run[type.get(String(done.scheduledEventId))!] ??= []).push(t - started);
      }
    }
  }
  return {
    timeByActivityMs: Object.fromEntries(Object.entries(run).map(([k, v]) => [k, spread(v)])),
    queueWaitMs: spread(queue),
  };
}

export async function measureThroughput(
  h: Harness,
  opts: { levels: number[]; ordersPerLevel: number; rounds: number },
): Promise<Throughput> {
  // The baseline runs on its own task queue, with the same worker settings, on the same server.
  const connection = await NativeConnection.connect({ address: h.env.temporalAddress });
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./baseline/workflows'),
    logger: new DefaultLogger('ERROR'),
  });
  const worker = await Worker.create({
    connection,
    taskQueue: `${h.taskQueue}-baseline`,
    workflowBundle: bundle,
    activities: noopActivities,
  });
  const running = worker.run();

  const sample = await completeOrder(h);
  const history = (await h.client.workflow.getHandle(h.workflowId(sample)).fetchHistory()).events ?? [];
  const activitiesPerOrder = history.filter((e) => e.activityTaskScheduledEventAttributes).length;

  const levels: ThroughputLevel[] = [];
  const finished: string[] = [];
  let n = 0;
  for (const c of opts.levels) {
    const orders: number[] = [];
    const baseline: number[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      const t0 = performance.now();
      finished.push(...(await pool(opts.ordersPerLevel, c, () => completeOrder(h))));
      orders.push((opts.ordersPerLevel / ((performance.now() - t0) / 1000)) * 60);
      const b0 = performance.now();
      await pool(opts.ordersPerLevel, c, () =>
        h.client.workflow.execute('noopOrder', {
          taskQueue: `${h.taskQueue}-baseline`,
          workflowId: `bench-noop-${c}-${n++}-${Date.now()}`,
          args: [activitiesPerOrder],
        }),
      );
      baseline.push((opts.ordersPerLevel / ((performance.now() - b0) / 1000)) * 60);
    }
    const ordersPerMinute = spread(orders);
    const baselinePerMinute = spread(baseline);
    levels.push({
      concurrency: c,
      ordersPerMinute,
      baselinePerMinute,
      ratio: ordersPerMinute.median / baselinePerMinute.median,
    });
    progress('end-to-end throughput', levels.length, opts.levels.length);
  }
  worker.shutdown();
  await running;
  await connection.close();
  return { activitiesPerOrder, levels, ...(await whereTimeGoes(h, finished.slice(-Math.min(20, finished.length)))) };
}
