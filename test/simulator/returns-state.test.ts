import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as D from '../../src/shopify/documents';
import * as R from './return-documents';
import { fulfilledOrder } from './return-support';
import { adminClient, gql, startSimulator, testShop, webhookReceiver } from './support';

/** Returns kept in the state file across a restart; return topics delivered to their subscriptions. */
describe('simulator returns: state file and subscriptions', () => {
  it('keeps returns across a restart, and gives older fulfillments their line item GIDs on load', async () => {
    const stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'oo-sim-returns-')), 'simulator.json');
    let sim = await startSimulator({ port: 0, stateFile });
    let shop = await testShop(sim, 'returns-state.myshopify.com');
    const o = await fulfilledOrder(shop);
    const created = await gql(shop.client, R.RETURN_CREATE, {
      returnInput: { orderId: o.id, returnLineItems: [{ fulfillmentLineItemId: o.tee, quantity: 1 }] },
    });
    const ret = created.returnCreate.return;
    // A second order, fulfilled, whose saved fulfillment lines will be stripped of their GIDs as in older files.
    const older = await fulfilledOrder(shop);
    await sim.close();
    const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
    const orders = saved.shops[0].orders;
    const stripped = orders.find((x: any) => x.name === older.name);
    for (const f of stripped.fulfillments) for (const l of f.lines) delete l.gid;
    writeFileSync(stateFile, JSON.stringify(saved));

    sim = await startSimulator({ port: 0, stateFile });
    shop = { ...shop, client: adminClient(sim, shop.token) };
    const again = await gql(shop.client, R.RETURN_QUERY, { id: ret.id });
    expect(again.return).toMatchObject({
      id: ret.id,
      name: ret.name,
      status: 'OPEN',
      returnLineItems: { nodes: [{ quantity: 1, fulfillmentLineItem: { id: o.tee } }] },
      reverseFulfillmentOrders: { nodes: [{ id: ret.reverseFulfillmentOrders.nodes[0].id, status: 'OPEN' }] },
    });
    const migrated = await gql(shop.client, R.ORDER_RETURNABLES, { id: older.id });
    const ids = migrated.order.fulfillments[0].fulfillmentLineItems.nodes.map((n: any) => n.id);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^gid:\/\/shopify\/FulfillmentLineItem\/\d+$/);
    expect(ids).not.toContain(older.tee); // new GIDs, handed out after every saved ID
    const request = await gql(shop.client, R.RETURN_REQUEST, {
      input: { orderId: older.id, returnLineItems: [{ fulfillmentLineItemId: ids[0], quantity: 1 }] },
    });
    expect(request.returnRequest.userErrors).toEqual([]);
    await sim.close();
  });

  it('delivers return topics to the subscriptions for them', async () => {
    const sim = await startSimulator({ port: 0 });
    const hooks = await webhookReceiver();
    try {
      const shop = await testShop(sim, 'returns-subs.myshopify.com');
      for (const topic of ['RETURNS_APPROVE', 'RETURNS_CLOSE', 'REVERSE_FULFILLMENT_ORDERS_DISPOSE'])
        await gql(shop.client, D.WEBHOOK_SUBSCRIPTION_CREATE, {
          topic,
          webhookSubscription: { uri: `${hooks.url}/${topic.toLowerCase()}` },
        });
      const o = await fulfilledOrder(shop);
      const { returnCreate } = await gql(shop.client, R.RETURN_CREATE, {
        returnInput: { orderId: o.id, returnLineItems: [{ fulfillmentLineItemId: o.mug, quantity: 1 }] },
      });
      const line = returnCreate.return.reverseFulfillmentOrders.nodes[0].lineItems.nodes[0].id;
      await gql(shop.client, R.REVERSE_FULFILLMENT_ORDER_DISPOSE, {
        dispositionInputs: [{ reverseFulfillmentOrderLineItemId: line, quantity: 1, dispositionType: 'MISSING' }],
      });
      await gql(shop.client, R.RETURN_CLOSE, { id: returnCreate.return.id });
      await expect
        .poll(() => hooks.received.map((h) => `${h.path} ${h.headers['x-shopify-topic']}`).sort())
        .toEqual([
          '/returns_approve returns/approve',
          '/returns_close returns/close',
          '/reverse_fulfillment_orders_dispose reverse_fulfillment_orders/dispose',
        ]);
    } finally {
      await sim.close();
      await hooks.close();
    }
  });
});
