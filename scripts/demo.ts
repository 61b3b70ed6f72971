/**
 * npm run demo — with `npm start` running, place a handful of orders in the
 * simulated shop and play the partners over the gateway's partner endpoints,
 * so every main path shows up in the Temporal UI within a minute:
 * one location, a split, a vendor rejection and reroute, a store that accepts,
 * a cancellation, and one order left waiting for a person. Then the inventory
 * side: a point-of-sale sale at the store and a damaged count, and what Shopify
 * shows after the engine publishes them. Last a return: the customer asks for
 * one on a shipped order, the partner reports it arrived, and the refund and
 * the restock follow; and an exchange made by the call centre, whose
 * replacement is reserved at once and released when the parcel arrives.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { OrderStatus } from '../src/order/types';
import { orderWorkflowId } from '../src/order/contract';
import { returnWorkflowId, type ReturnStatusView } from '../src/returns/contract';
import { loadSettings } from '../src/config';
import { projectRoot } from '../src/paths';
import { DEMO_SHOP } from '../src/simulator/seed';

const SETTINGS = loadSettings([
  'GATEWAY_URL',
  'SIMULATOR_URL',
  'TEMPORAL_UI_URL',
  'ORDERS_READ_TOKEN',
  'OPS_TOKEN',
  'DATA_DIR',
]);
const GATEWAY = SETTINGS.GATEWAY_URL;
const SIMULATOR = SETTINGS.SIMULATOR_URL;
const UI = SETTINGS.TEMPORAL_UI_URL;
const partners: { id: string; token: string }[] = JSON.parse(
  readFileSync(path.join(projectRoot(), 'config', 'demo-partners.json'), 'utf8'),
).partners;
const tokenOf = (id: string) => partners.find((p) => p.id === id)?.token ?? '';

const ADDRESSES = {
  elizabeth: {
    address1: '1 Broad St',
    city: 'Elizabeth',
    provinceCode: 'NJ',
    countryCode: 'US',
    zip: '07201',
    latitude: 40.664,
    longitude: -74.2107,
  },
  brooklyn: {
    address1: '5 Court St',
    city: 'Brooklyn',
    provinceCode: 'NY',
    countryCode: 'US',
    zip: '11201',
    latitude: 40.6928,
    longitude: -73.9903,
  },
  chicago: {
    address1: '9 State St',
    city: 'Chicago',
    provinceCode: 'IL',
    countryCode: 'US',
    zip: '60602',
    latitude: 41.8832,
    longitude: -87.6278,
  },
};

type PartnerPlay = (a: OrderStatus['allocations'][number]) => 'accept' | 'reject' | 'ignore';
interface Scenario {
  title: string;
  lines: { sku: string; quantity: number }[];
  shipTo: keyof typeof ADDRESSES;
  extra?: Record<string, unknown>;
  /** How the partner answers an acceptance request. */
  answer?: PartnerPlay;
  /** Cancel in Shopify once the order waits for acceptance. */
  cancelWhileWaiting?: boolean;
  /** Leave it waiting for a person (attention). */
  expectAttention?: boolean;
}

const SCENARIOS: Scenario[] = [
  { title: 'Ships from one location (NJ Warehouse)', lines: [{ sku: 'TEE-BLK-M', quantity: 2 }], shipTo: 'elizabeth' },
  {
    title: 'Split across LA Warehouse and NJ Warehouse',
    lines: [
      { sku: 'HOODIE-GRY-L', quantity: 1 },
      { sku: 'POSTER-A2', quantity: 2 },
    ],
    shipTo: 'elizabeth',
  },
  {
    title: 'Drop-ship vendor rejects; rerouted to LA Warehouse',
    lines: [{ sku: 'CAP-NAVY', quantity: 1 }],
    shipTo: 'chicago',
    answer: (a) => (a.partnerId === 'acme-dropship' ? 'reject' : 'accept'),
  },
  {
    title: 'Brooklyn Store accepts within its window',
    lines: [{ sku: 'MUG-CLASSIC', quantity: 2 }],
    shipTo: 'brooklyn',
    answer: () => 'accept',
  },
  {
    title: 'Cancelled in Shopify while the store decides',
    lines: [{ sku: 'MUG-CLASSIC', quantity: 1 }],
    shipTo: 'brooklyn',
    answer: () => 'ignore',
    cancelWhileWaiting: true,
  },
  {
    title: 'High fraud risk: waits for a person (see README, Ops)',
    lines: [{ sku: 'TEE-WHT-M', quantity: 1 }],
    shipTo: 'elizabeth',
    extra: { risk: 'HIGH' },
    expectAttention: true,
  },
];

async function http(method: string, url: string, body?: unknown, token?: string) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} -> ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function status(orderId: string): Promise<OrderStatus | null> {
  // Order status needs a credential: the ops token (or ORDERS_READ_TOKEN).
  const token = SETTINGS.ORDERS_READ_TOKEN || opsToken();
  const res = await fetch(`${GATEWAY}/orders/${orderId}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (res.status === 401 || res.status === 403)
    throw new Error(
      `GET /orders/${orderId} -> ${res.status}: set OPS_TOKEN (or ORDERS_READ_TOKEN) to the engine's token`,
    );
  return res.ok ? ((await res.json()) as OrderStatus) : null;
}

async function play(
  s: Scenario,
  deadline: number,
): Promise<{ title: string; workflowId: string; stage: string; note: string }> {
  const order = await http('POST', `${SIMULATOR}/_sim/shops/${DEMO_SHOP.domain}/orders`, {
    lineItems: s.lines,
    shippingAddress: ADDRESSES[s.shipTo],
    email: 'shopper@example.com',
    shippingPrice: '6.00',
    ...s.extra,
  });
  const orderId: string = order.legacyResourceId;
  const workflowId = orderWorkflowId(DEMO_SHOP.domain, orderId);
  const answered = new Set<string>();
  const shipped = new Set<string>();
  let cancelled = false;
  while (Date.now() < deadline) {
    const st = await status(orderId);
    if (st) {
      if (['completed', 'cancelled'].includes(st.stage))
        return { title: s.title, workflowId, stage: st.stage, note: `${order.name}` };
      if (st.attention && s.expectAttention)
        return {
          title: s.title,
          workflowId,
          stage: st.stage,
          note: `${order.name} needs attention: ${st.attention.reason}`,
        };
      for (const a of st.allocations) {
        if (a.state === 'awaiting_acceptance' && !answered.has(a.id)) {
          if (s.cancelWhileWaiting && !cancelled) {
            cancelled = true;
            await http('POST', `${SIMULATOR}/_sim/shops/${DEMO_SHOP.domain}/orders/${orderId}/cancel`, {});
            continue;
          }
          const decision = (s.answer ?? (() => 'accept'))(a);
          if (decision === 'ignore') continue;
          answered.add(a.id);
          await http(
            'POST',
            `${GATEWAY}/partners/${a.partnerId}/acknowledgments`,
            {
              allocationId: a.id,
              decision: decision === 'accept' ? 'accepted' : 'rejected',
              reason: decision === 'reject' ? 'out of stock at the vendor' : undefined,
            },
            tokenOf(a.partnerId!),
          );
        }
        if (a.state === 'released_to_ship' && !shipped.has(a.id)) {
          shipped.add(a.id);
          const number = `1Z${a.id.replace(/\W/g, '').slice(-10)}`;
          await http(
            'POST',
            `${GATEWAY}/partners/${a.partnerId}/shipments`,
            {
              allocationId: a.id,
              tracking: { number, company: 'UPS', url: `https://www.ups.com/track?tracknum=${number}` },
            },
            tokenOf(a.partnerId!),
          );
        }
      }
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const st = await status(orderId);
  return {
    title: s.title,
    workflowId,
    stage: st?.stage ?? 'unknown',
    note: `${order.name} did not finish within the demo's minute`,
  };
}

/** What the simulated Shopify shows as available for a SKU, by location name. */
async function shopifyAvailable(sku: string): Promise<Record<string, number>> {
  const shop = await http('GET', `${SIMULATOR}/_sim/shops/${DEMO_SHOP.domain}`);
  const names = new Map<string, string>(shop.locations.map((l: any) => [l.gid, l.name]));
  const v = shop.variants.find((x: any) => x.sku === sku);
  return Object.fromEntries(
    Object.entries(v.inventory as Record<string, { available: number }>).map(([gid, q]) => [
      names.get(gid) ?? gid,
      q.available,
    ]),
  );
}

const opsToken = () => {
  const file = path.join(SETTINGS.DATA_DIR ?? path.join(projectRoot(), '.data'), 'ops-token');
  return SETTINGS.OPS_TOKEN ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : '');
};

/** A store sale and a damaged count: the engine takes them and Shopify shows the result within a couple of seconds. */
async function inventoryDemo() {
  const sku = 'MUG-CLASSIC';
  const before = await shopifyAvailable(sku);
  const shop = await http('GET', `${SIMULATOR}/_sim/shops/${DEMO_SHOP.domain}`);
  const store = shop.locations.find((l: any) => l.name === 'Brooklyn Store');
  await http('POST', `${SIMULATOR}/_sim/shops/${DEMO_SHOP.domain}/orders`, {
    lineItems: [{ sku, quantity: 2 }],
    sourceName: 'pos',
    locationId: store.gid,
    payment: 'paid',
  });
  const token = opsToken();
  if (token) {
    await http(
      'POST',
      `${GATEWAY}/inventory/adjustments`,
      {
        idempotencyKey: `demo-damaged-${Date.now()}`,
        reason: 'damaged',
        by: 'demo',
        lines: [{ sku, location: 'LA Warehouse', count: 3 }],
      },
      token,
    );
  }
  await new Promise((r) => setTimeout(r, 4000));
  const after = await shopifyAvailable(sku);
  console.log(`
Inventory: 2 x ${sku} sold at the Brooklyn Store's till${token ? ', and LA Warehouse counted down to 3 (damaged)' : ''}; Shopify's available:`);
  for (const name of Object.keys(before))
    console.log(`  ${name.padEnd(16)} ${String(before[name]).padStart(5)} -> ${after[name]}`);
  if (token)
    console.log(`  ledger and numbers: curl -H "authorization: Bearer ${token}" ${GATEWAY}/inventory/skus/${sku}`);
}

/** A customer returns one unit of a shipped order; its destination's partner (or staff) reports it arrived. */
async function returnDemo(orderId: string, sku: string) {
  const token = opsToken();
  const asked = await http('POST', `${SIMULATOR}/_sim/shops/${DEMO_SHOP.domain}/orders/${orderId}/returns`, {
    lineItems: [{ sku, quantity: 1, reason: 'SIZE_TOO_SMALL' }],
  });
  const returnId: string = asked.legacyResourceId;
  const read = async () => {
    const res = await fetch(`${GATEWAY}/returns/${returnId}`, { headers: { authorization: `Bearer ${token}` } });
    return res.ok ? ((await res.json()) as ReturnStatusView) : null;
  };
  const until = async (ok: (r: ReturnStatusView) => boolean) => {
    for (const end = Date.now() + 30_000; Date.now() < end; await new Promise((r) => setTimeout(r, 300))) {
      const r = await read();
      if (r && ok(r)) return r;
    }
    return read();
  };
  const open = await until((r) => r.stage === 'awaiting_parcel');
  if (!open) return console.log(`\nA return: ${returnId} did not open within 30 s`);
  const receipt = {
    receiptId: `demo-${returnId}`,
    lines: [{ returnLineItemId: open.lines[0]!.returnLineItemId, quantity: 1, condition: 'sellable' }],
  };
  const partner = open.destination?.partnerId;
  if (partner)
    await http('POST', `${GATEWAY}/partners/${partner}/returns/${returnId}/receipts`, receipt, tokenOf(partner));
  else await http('POST', `${GATEWAY}/ops/returns/${returnId}/receipts`, receipt, token);
  const done = await until((r) => r.stage === 'closed');
  console.log(
    `\nA return: ${open.returnName} of ${open.orderName}, back to ${open.destination?.locationName} (${open.destination?.reason})\n  ${done?.stage ?? '?'}: refunded ${done?.refunded} ${done?.currency ?? ''}, restocked ${done?.lines[0]?.restocked ?? 0}\n  ${UI}/namespaces/default/workflows/${encodeURIComponent(returnWorkflowId(DEMO_SHOP.domain, returnId))}`,
  );
}

/** A call-centre exchange on a shipped order: the replacement is reserved at once and released when the parcel arrives. */
async function exchangeDemo(orderId: string, sku: string, replacement: string) {
  const token = opsToken();
  if (!token) return console.log('\nAn exchange: needs OPS_TOKEN (POST /returns)');
  const made = await http(
    'POST',
    `${GATEWAY}/returns`,
    {
      requestId: `demo-exchange-${orderId}`,
      orderId,
      lines: [{ sku, quantity: 1, reason: 'STYLE' }],
      exchanges: [{ sku: replacement, quantity: 1 }],
      by: 'demo',
    },
    token,
  );
  const returnId: string = made.returnId;
  const read = async () => {
    const res = await fetch(`${GATEWAY}/returns/${returnId}`, { headers: { authorization: `Bearer ${token}` } });
    return res.ok ? ((await res.json()) as ReturnStatusView) : null;
  };
  const until = async (ok: (r: ReturnStatusView) => boolean) => {
    for (const end = Date.now() + 30_000; Date.now() < end; await new Promise((r) => setTimeout(r, 300))) {
      const r = await read();
      if (r && ok(r)) return r;
    }
    return read();
  };
  const open = await until((r) => r.stage === 'awaiting_parcel' && r.exchange?.stage !== 'awaiting_reservation');
  if (!open?.exchange) return console.log(`\nAn exchange: ${returnId} did not open within 30 s`);
  const receipt = {
    receiptId: `demo-${returnId}`,
    lines: [{ returnLineItemId: open.lines[0]!.returnLineItemId, quantity: 1, condition: 'sellable' }],
  };
  const partner = open.destination?.partnerId;
  if (partner)
    await http('POST', `${GATEWAY}/partners/${partner}/returns/${returnId}/receipts`, receipt, tokenOf(partner));
  else await http('POST', `${GATEWAY}/ops/returns/${returnId}/receipts`, receipt, token);
  const done = await until((r) => r.stage === 'closed');
  const x = done?.exchange;
  console.log(
    `\nAn exchange: ${open.returnName} of ${open.orderName}, 1 ${sku} for 1 ${replacement} (worth ${x?.value}), reserved as ${open.exchange.allocationIds.join(', ') || 'nothing yet'}\n  ${done?.stage ?? '?'}: replacement ${x?.stage}, refunded ${done?.refunded}, collected ${x?.collected} ${done?.currency ?? ''}\n  the return: ${UI}/namespaces/default/workflows/${encodeURIComponent(returnWorkflowId(DEMO_SHOP.domain, returnId))}\n  the replacement's run (waits for its partner to ship): ${UI}/namespaces/default/workflows/${encodeURIComponent(open.exchange.workflowId)}`,
  );
}

async function main() {
  try {
    await http('GET', `${GATEWAY}/healthz`);
  } catch {
    console.error(`No gateway at ${GATEWAY}. Start the engine first: npm start`);
    process.exit(2);
  }
  console.log(`Placing ${SCENARIOS.length} demo orders in ${DEMO_SHOP.domain} and playing the partners...`);
  const deadline = Date.now() + 60_000;
  const results = await Promise.all(SCENARIOS.map((s) => play(s, deadline)));
  for (const r of results) {
    console.log(
      `\n${r.title}\n  ${r.stage.padEnd(12)} ${r.note}\n  ${UI}/namespaces/default/workflows/${encodeURIComponent(r.workflowId)}`,
    );
  }
  console.log(
    `\nAll demo orders: ${UI}/namespaces/default/workflows?query=${encodeURIComponent(`ShopDomain="${DEMO_SHOP.domain}"`)}`,
  );
  console.log(
    `Waiting for a person: ${UI}/namespaces/default/workflows?query=${encodeURIComponent('NeedsAttention=true')}`,
  );
  await inventoryDemo();
  const shipped = results.findIndex((r) => r.stage === 'completed');
  if (shipped >= 0)
    await returnDemo(results[shipped]!.workflowId.split('-').pop()!, SCENARIOS[shipped]!.lines[0]!.sku).catch(
      (err: Error) => console.log(`\nA return: ${err.message}`),
    );
  const another = results.findIndex((r, i) => i !== shipped && r.stage === 'completed');
  const replacement = SCENARIOS.flatMap((x) => x.lines.map((l) => l.sku)).find(
    (k) => another >= 0 && k !== SCENARIOS[another]!.lines[0]!.sku,
  );
  if (another >= 0 && replacement)
    await exchangeDemo(
      results[another]!.workflowId.split('-').pop()!,
      SCENARIOS[another]!.lines[0]!.sku,
      replacement,
    ).catch((err: Error) => console.log(`\nAn exchange: ${err.message}`));
}

main().catch((err) => {
  console.error(`demo failed: ${err.message}`);
  process.exit(1);
});
