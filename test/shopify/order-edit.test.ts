import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderEditActivities } from '../../src/activities/order-edit';
import { createShopifyAdmin } from '../../src/shopify/client';
import { control, startSimulator, testShop, type Simulator } from '../simulator/support';

/** The engine's edit activity against the simulator: one edit, applied once, even when the commit's answer is lost. */
describe('applyOrderEdit', () => {
  let sim: Simulator;
  let shop: Awaited<ReturnType<typeof testShop>>;
  let edits: ReturnType<typeof orderEditActivities>;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    shop = await testShop(sim, 'edit-activity.myshopify.com');
    await control(sim, 'POST', shop.path('/products'), {
      title: 'Cap',
      variants: [{ sku: 'CAP', price: '5.00', inventory: { [shop.locations.b]: 10 } }],
    });
    edits = orderEditActivities(createShopifyAdmin({ shop: sim.url, accessToken: shop.token, apiVersion: '2026-10' }));
  });
  afterAll(() => sim?.close());

  const quantities = async (legacyId: string) => {
    const state = await shop.state(legacyId);
    return Object.fromEntries(
      state.lineItems.map((l: any) => [
        l.sku,
        state.fulfillmentOrders
          .flatMap((fo: any) => fo.lines)
          .filter((x: any) => x.sku === l.sku)
          .reduce((n: number, x: any) => n + x.remainingQuantity, 0),
      ]),
    );
  };

  it('adds a unit, removes a line and adds a variant in one commit, and reports the lines after it', async () => {
    const o = await shop.order(); // TEE x2, MUG x1
    const [tee, mug] = (await shop.state(o.legacyResourceId)).lineItems;
    const result = await edits.applyOrderEdit({
      orderGid: o.id,
      editKey: 'order-x:edit-1',
      set: [
        { lineItemId: tee.id, quantity: 3 },
        { lineItemId: mug.id, quantity: 0 },
      ],
      add: [{ sku: 'CAP', quantity: 2 }],
      note: 'by ann',
    });
    expect(result.committed).toBe(true);
    expect(result.lines.map((l) => [l.sku, l.quantity])).toEqual([
      ['TEE', 3],
      ['MUG', 0],
      ['CAP', 2],
    ]);
    expect(await quantities(o.legacyResourceId)).toEqual({ TEE: 3, MUG: 0, CAP: 2 });
  });

  it('a retry after a lost commit response finds the edit committed and adds nothing again', async () => {
    const o = await shop.order();
    const [tee] = (await shop.state(o.legacyResourceId)).lineItems;
    const input = { orderGid: o.id, editKey: 'order-y:edit-1', set: [{ lineItemId: tee.id, quantity: 3 }], add: [] };
    await control(sim, 'POST', shop.path('/faults'), { kind: 'loseResponse', operationName: 'OrderEditCommit' });
    await expect(edits.applyOrderEdit(input)).rejects.toThrow();
    expect(await quantities(o.legacyResourceId)).toEqual({ TEE: 3, MUG: 1 }); // committed, answer lost
    const retried = await edits.applyOrderEdit(input);
    expect(retried.committed).toBe(false);
    expect(retried.lines.find((l) => l.sku === 'TEE')!.quantity).toBe(3);
    expect(await quantities(o.legacyResourceId)).toEqual({ TEE: 3, MUG: 1 });
    // Another edit of the same order (another key, even one this key is a prefix of) is applied.
    const next = await edits.applyOrderEdit({
      ...input,
      editKey: 'order-y:edit-10',
      set: [{ lineItemId: tee.id, quantity: 4 }],
    });
    expect(next.committed).toBe(true);
    expect(await quantities(o.legacyResourceId)).toEqual({ TEE: 4, MUG: 1 });
  });

  it('refuses an unknown SKU or a cancelled order without editing', async () => {
    const o = await shop.order();
    await expect(
      edits.applyOrderEdit({ orderGid: o.id, editKey: 'order-z:edit-1', set: [], add: [{ sku: 'NOPE', quantity: 1 }] }),
    ).rejects.toThrow(/No product variant has SKU NOPE/);
    await control(sim, 'POST', shop.path(`/orders/${o.legacyResourceId}/cancel`), {});
    await expect(
      edits.applyOrderEdit({ orderGid: o.id, editKey: 'order-z:edit-2', set: [], add: [{ sku: 'CAP', quantity: 1 }] }),
    ).rejects.toThrow(/cancelled the order/);
    expect((await shop.state(o.legacyResourceId)).lineItems.map((l: any) => l.sku)).toEqual(['TEE', 'MUG']);
  });
});
