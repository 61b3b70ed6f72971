import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/shopify/documents';
import { control, gql, rawGraphql, startSimulator, testShop, webhookReceiver, type Simulator } from './support';

/** Order edits: begin, add a variant, set quantities, commit; their effect on lines, fulfillment orders, stock, totals and webhooks. */
describe('simulator order edits', () => {
  let sim: Simulator;
  let shop: Awaited<ReturnType<typeof testShop>>;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  let cap: { variantId: string; itemId: string };
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    hooks = await webhookReceiver();
    shop = await testShop(sim, 'edit-test.myshopify.com', { webhookUrl: `${hooks.url}/hooks` });
    const p = await control(sim, 'POST', shop.path('/products'), {
      title: 'Cap',
      variants: [{ sku: 'CAP', price: '5.00', inventory: { [shop.locations.b]: 10 } }],
    });
    cap = { variantId: p.variants[0].id, itemId: p.variants[0].inventoryItemId };
  });
  afterAll(async () => {
    await sim?.close();
    await hooks?.close();
  });

  const begin = (id: string) => gql(shop.client, D.ORDER_EDIT_BEGIN, { id }).then((d) => d.orderEditBegin);
  const setQuantity = (v: Record<string, unknown>) =>
    gql(shop.client, D.ORDER_EDIT_SET_QUANTITY, v).then((d) => d.orderEditSetQuantity);
  const addVariant = (v: Record<string, unknown>) =>
    gql(shop.client, D.ORDER_EDIT_ADD_VARIANT, v).then((d) => d.orderEditAddVariant);
  const commit = (v: Record<string, unknown>) =>
    gql(shop.client, D.ORDER_EDIT_COMMIT, v).then((d) => d.orderEditCommit);
  const calculatedLine = (calc: any, sku: string) => calc.lineItems.nodes.find((l: any) => l.sku === sku);
  const available = async (itemId: string, locationId: string) => {
    const levels = (await gql(shop.client, D.INVENTORY_ITEM_LEVELS, { id: itemId })).inventoryItem.inventoryLevels
      .nodes;
    return levels.find((l: any) => l.location.id === locationId).quantities.find((q: any) => q.name === 'available')
      .quantity as number;
  };
  const bodiesFor = (topic: string, orderId: string) =>
    hooks
      .byTopic(topic)
      .map((r) => r.body)
      .filter((b) => b.includes(orderId));
  const waitForBody = async (topic: string, orderId: string) => {
    for (;;) {
      const found = bodiesFor(topic, orderId);
      if (found.length) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('commits an added unit, a removed line and an added variant: lines, fulfillment orders, stock, totals and webhooks follow', async () => {
    const o = await shop.order(); // TEE x2 (20.00) + MUG x1 (10.00) at A, 50.00 authorized
    const teeItem = shop.teeItem;
    const teeBefore = await available(teeItem, shop.locations.a);
    const capBefore = await available(cap.itemId, shop.locations.b);
    const started = await begin(o.id);
    expect(started.userErrors).toEqual([]);
    const calc = started.calculatedOrder;
    expect(calc.id).toMatch(/^gid:\/\/shopify\/CalculatedOrder\/\d+$/);
    const tee = calculatedLine(calc, 'TEE');
    const mug = calculatedLine(calc, 'MUG');
    expect([tee.quantity, mug.quantity]).toEqual([2, 1]);

    expect((await setQuantity({ id: calc.id, lineItemId: tee.id, quantity: 3 })).calculatedLineItem.quantity).toBe(3);
    expect(
      (await setQuantity({ id: calc.id, lineItemId: mug.id, quantity: 0, restock: true })).calculatedLineItem.quantity,
    ).toBe(0);
    const added = await addVariant({ id: calc.id, variantId: cap.variantId, quantity: 2 });
    expect(added.userErrors).toEqual([]);
    expect(added.calculatedLineItem.quantity).toBe(2);
    // Nothing changes before the commit.
    expect((await shop.state(o.legacyResourceId)).fulfillmentOrders).toHaveLength(1);

    const committed = await commit({
      id: calc.id,
      staffNote: 'order-orchestrator edit key k-1',
      notifyCustomer: false,
    });
    expect(committed.userErrors).toEqual([]);
    const lines = committed.order.lineItems.nodes.map((l: any) => [l.sku, l.currentQuantity]);
    expect(lines).toEqual([
      ['TEE', 3],
      ['MUG', 0],
      ['CAP', 2],
    ]);

    const state = await shop.state(o.legacyResourceId);
    // The original fulfillment order keeps TEE x2 and lost its MUG; the added units went where they are stocked.
    const foLines = state.fulfillmentOrders.map((fo: any) => [
      fo.locationName,
      fo.status,
      fo.lines.map((l: any) => `${l.sku}:${l.remainingQuantity}/${l.totalQuantity}`).join(','),
    ]);
    expect(foLines).toEqual([
      ['A', 'OPEN', 'TEE:2/2,MUG:0/0'],
      ['A', 'OPEN', 'TEE:1/1'],
      ['B', 'OPEN', 'CAP:2/2'],
    ]);
    expect(await available(teeItem, shop.locations.a)).toBe(teeBefore - 1);
    expect(await available(cap.itemId, shop.locations.b)).toBe(capBefore - 2);

    const order = (await gql(shop.client, D.ORDER_FOR_ORCHESTRATION, { id: o.id })).order;
    expect(order.currentTotalPriceSet.shopMoney.amount).toBe('70.00'); // 3 x 20 + 2 x 5
    const owed = await rawGraphql(
      sim,
      shop.token,
      'query Owed($id: ID!) { order(id: $id) { totalOutstandingSet { shopMoney { amount } } totalCapturableSet { shopMoney { amount } } } }',
      { id: o.id },
    );
    // The authorization (50.00) is what can be captured; the edit raised what is owed to 70.00.
    expect(owed.body.data.order).toEqual({
      totalOutstandingSet: { shopMoney: { amount: '70.00' } },
      totalCapturableSet: { shopMoney: { amount: '50.00' } },
    });
    const edits = (await gql(shop.client, D.ORDER_EDIT_STATE, { id: o.id })).order;
    expect(edits.events.nodes.map((e: any) => e.secondaryMessage)).toContain('order-orchestrator edit key k-1');
    expect(edits.lineItems.nodes.find((l: any) => l.sku === 'CAP').variant.id).toBe(cap.variantId);

    const [edited] = await waitForBody('orders/edited', o.legacyResourceId);
    const body = JSON.parse(edited!).order_edit;
    expect(body.staff_note).toBe('order-orchestrator edit key k-1');
    expect(body.line_items.additions.map((a: any) => a.delta).sort()).toEqual([1, 2]);
    expect(body.line_items.removals.map((a: any) => a.delta)).toEqual([1]);
    const updates = await waitForBody('orders/updated', o.legacyResourceId);
    const items = JSON.parse(updates.at(-1)!).line_items.map((l: any) => [l.sku, l.current_quantity]);
    expect(items).toEqual([
      ['TEE', 3],
      ['MUG', 0],
      ['CAP', 2],
    ]);
  });

  it('refuses what Shopify refuses, with userErrors, and changes nothing', async () => {
    const o = await shop.order();
    const calc = (await begin(o.id)).calculatedOrder;
    const tee = calculatedLine(calc, 'TEE');
    expect((await setQuantity({ id: calc.id, lineItemId: tee.id, quantity: -1 })).userErrors[0].field).toEqual([
      'quantity',
    ]);
    expect(
      (await setQuantity({ id: calc.id, lineItemId: 'gid://shopify/CalculatedLineItem/1', quantity: 1 })).userErrors[0]
        .field,
    ).toEqual(['lineItemId']);
    expect(
      (await addVariant({ id: calc.id, variantId: 'gid://shopify/ProductVariant/1', quantity: 1 })).userErrors[0].field,
    ).toEqual(['variantId']);
    const teeVariant = (await gql(shop.client, D.VARIANTS_BY_SKU, { query: 'sku:TEE' })).productVariants.nodes[0].id;
    expect((await addVariant({ id: calc.id, variantId: teeVariant, quantity: 1 })).userErrors[0].message).toMatch(
      /allowDuplicates/,
    );
    expect((await addVariant({ id: calc.id, variantId: cap.variantId, quantity: 0 })).userErrors[0].field).toEqual([
      'quantity',
    ]);
    expect((await commit({ id: calc.id })).userErrors).toEqual([]);
    expect((await commit({ id: calc.id })).userErrors[0].field).toEqual(['id']); // committed once only

    const cancelled = await shop.order();
    await control(sim, 'POST', shop.path(`/orders/${cancelled.legacyResourceId}/cancel`), {});
    const refused = await begin(cancelled.id);
    expect(refused.calculatedOrder).toBeNull();
    expect(refused.userErrors[0].message).toMatch(/cancelled/);
    expect((await shop.state(cancelled.legacyResourceId)).lineItems.map((l: any) => l.quantity)).toEqual([2, 1]);
  });

  it('the control API edit is the same commit: removed units come off the open fulfillment order, added ones get their own', async () => {
    const o = await shop.order();
    const state = await control(sim, 'POST', shop.path(`/orders/${o.legacyResourceId}/edit`), {
      lines: [{ sku: 'TEE', quantity: 1 }],
      add: [{ sku: 'CAP', quantity: 1, location: 'B' }],
      staffNote: 'from the admin',
    });
    expect(
      state.fulfillmentOrders.map((fo: any) => fo.lines.map((l: any) => `${l.sku}:${l.remainingQuantity}`).join(',')),
    ).toEqual(['TEE:1,MUG:1', 'CAP:1']);
    const [edited] = await waitForBody('orders/edited', o.legacyResourceId);
    expect(JSON.parse(edited!).order_edit.staff_note).toBe('from the admin');
    await expect(
      control(sim, 'POST', shop.path(`/orders/${o.legacyResourceId}/edit`), { lines: [{ sku: 'NOPE', quantity: 1 }] }),
    ).rejects.toThrow(/404.*no line item with SKU NOPE/);
  });
});
