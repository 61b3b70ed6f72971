import type { Harness, PartnerId } from '../test/support/harness';
import { fmt, progress } from './stats';
import { clearShopifyLog, kindsText, settle, shopifyCost, summarize, workflowActions, type Costs } from './costs';

/**
 * What one order costs on each main path, counted from its Temporal history
 * (the billable kinds of action) and the simulator's request log (Shopify
 * GraphQL requests and points). Orders run one at a time so every request
 * is attributed to exactly one order.
 */
export interface PathCost extends Costs {
  path: string;
  orders: number;
}

const PATHS: { path: string; lines: { sku: string; quantity: number }[]; answer?: 'accepted' | 'rejected' }[] = [
  { path: 'single location', lines: [{ sku: 'TEE', quantity: 2 }] },
  {
    path: 'split (2 locations)',
    lines: [
      { sku: 'LAST', quantity: 1 },
      { sku: 'CAP', quantity: 1 },
    ],
  },
  { path: 'acceptance (accepted)', lines: [{ sku: 'MUG', quantity: 1 }], answer: 'accepted' },
  { path: 'vendor rejects, reroute', lines: [{ sku: 'MUG', quantity: 1 }], answer: 'rejected' },
];

async function runOrder(h: Harness, p: (typeof PATHS)[number]) {
  const started = Date.now();
  const { orderId } = await h.placeOrder(p.lines);
  for (;;) {
    const s = await h.status(orderId);
    if (s?.stage === 'completed') break;
    for (const a of s?.allocations ?? []) {
      const partner = (['nj-wh', 'bk-store', 'la-wh'] as PartnerId[]).find((x) => h.partnerId(x) === a.partnerId)!;
      if (a.state === 'awaiting_acceptance' && p.answer)
        await h.partnerPost(partner, 'acknowledgments', { allocationId: a.id, decision: p.answer });
      if (a.state === 'released_to_ship')
        await h.partnerPost(partner, 'shipments', { allocationId: a.id, tracking: { number: `1Z${a.id.slice(-6)}` } });
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const latencyMs = Date.now() - started;
  await settle(300); // late webhooks (fulfillments/create, orders/updated) land in the history too
  return { latencyMs, ...(await workflowActions(h, h.workflowId(orderId))) };
}

export async function measureOrderCosts(h: Harness, ordersPerPath: number): Promise<PathCost[]> {
  const results: PathCost[] = [];
  for (const p of PATHS) {
    const rows = [];
    for (let i = 0; i < ordersPerPath; i++) {
      await clearShopifyLog(h);
      const r = await runOrder(h, p);
      rows.push({ ...r, ...(await shopifyCost(h)) });
      progress(p.path, i + 1, ordersPerPath);
    }
    results.push({ path: p.path, orders: rows.length, ...summarize(rows) });
  }
  return results;
}

/** Shopify GraphQL restore rates (points per second) by plan. */
export const RESTORE_RATES = { Standard: 100, Advanced: 200, Plus: 1000, Enterprise: 2000 } as const;

export function printOrderCosts(costs: PathCost[]) {
  console.log('\nPer order, by path (median (min–max))');
  console.log(
    [
      'path'.padEnd(26),
      'Temporal actions'.padEnd(20),
      'history events'.padEnd(20),
      'Shopify requests'.padEnd(20),
      'points (actual)'.padEnd(22),
      'latency ms',
    ].join(''),
  );
  for (const c of costs) {
    console.log(
      [
        c.path.padEnd(26),
        fmt(c.actions, 0).padEnd(20),
        fmt(c.historyEvents, 0).padEnd(20),
        fmt(c.shopifyRequests, 0).padEnd(20),
        fmt(c.actualPoints, 0).padEnd(22),
        fmt(c.latencyMs, 0),
      ].join(''),
    );
  }
  console.log(
    '\nActions by kind (median per order): ' + costs.map((c) => `${c.path}: ${kindsText(c.actionsByKind)}`).join(' | '),
  );
  console.log(
    '\nOrders per minute one store can sustain on Shopify points alone (restore rate x 60 / actual points per order)',
  );
  console.log(['path'.padEnd(26), ...Object.keys(RESTORE_RATES).map((k) => k.padEnd(12))].join(''));
  for (const c of costs) {
    console.log(
      [
        c.path.padEnd(26),
        ...Object.values(RESTORE_RATES).map((r) => String(Math.floor((r * 60) / c.actualPoints.median)).padEnd(12)),
      ].join(''),
    );
  }
  console.log(
    'Temporal Cloud default: 500 actions/s per namespace -> orders per minute: ' +
      costs.map((c) => `${c.path} ${Math.floor((500 * 60) / c.actions.median)}`).join(', '),
  );
}
