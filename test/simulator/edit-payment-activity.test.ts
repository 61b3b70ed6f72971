import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Pool } from 'pg';
import * as D from '../../src/shopify/documents';
import { createShopifyAdmin } from '../../src/shopify/client';
import { createPool } from '../../src/db/pool';
import { editPaymentActivities } from '../../src/activities/edit-payment';
import { API_VERSION, control, gql, startSimulator, testShop, type Simulator } from './support';

/**
 * What units added after the capture ask, against the simulator and the real
 * database: captured while the authorization still allows it, charged to the
 * saved card once the final capture closed it, invoiced without a saved card;
 * a repeat (a retry after a lost answer) takes nothing more.
 */
describe('collectForEdit', () => {
  let sim: Simulator;
  let pool: Pool;
  let shop: Awaited<ReturnType<typeof testShop>>;
  let collect: ReturnType<typeof editPaymentActivities>['collectForEdit'];
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    pool = createPool(inject('databaseUrl'), 2);
    shop = await testShop(sim, `edit-payment-${Date.now()}.myshopify.com`);
    const shopify = createShopifyAdmin({ shop: sim.url, accessToken: shop.token, apiVersion: API_VERSION });
    collect = editPaymentActivities(pool, shopify).collectForEdit;
  });
  afterAll(async () => {
    await pool?.end();
    await sim?.close();
  });

  const ok = async (id: string, kind: string) =>
    (await gql(shop.client, D.ORDER_TRANSACTIONS, { id })).order.transactions
      .filter((t: any) => t.kind === kind && t.status === 'SUCCESS')
      .map((t: any) => t.amountSet.shopMoney.amount);
  const capture = async (id: string, amount: string, finalCapture: boolean) => {
    const auth = (await gql(shop.client, D.ORDER_TRANSACTIONS, { id })).order.transactions.find(
      (t: any) => t.kind === 'AUTHORIZATION',
    );
    const d = await gql(shop.client, D.ORDER_CAPTURE, {
      input: { id, parentTransactionId: auth.id, amount, currency: 'USD', finalCapture },
    });
    expect(d.orderCapture.userErrors).toEqual([]);
  };
  /** An order of 50.00, captured, then edited in Shopify to add a MUG (60.00). */
  async function editedOrder(body: Record<string, unknown>, finalCapture: boolean) {
    const o = await shop.order(body);
    await capture(o.id, '50.00', finalCapture);
    await control(sim, 'POST', shop.path(`/orders/${o.legacyResourceId}/edit`), {
      lines: [{ sku: 'MUG', quantity: 2 }],
    });
    return o.id as string;
  }
  const input = (orderGid: string, editKey: string) => ({ orderGid, editKey, target: '60.00', currency: 'USD' });

  it('captures from an authorization still open; a repeat captures nothing more', async () => {
    const orderGid = await editedOrder({ authorizedAmount: '70.00' }, false);
    expect(await collect(input(orderGid, `${orderGid}:edit-1`))).toEqual({
      owed: '10.00',
      collected: '10.00',
      how: 'captured',
    });
    expect(await collect(input(orderGid, `${orderGid}:edit-1`))).toMatchObject({ owed: '0', how: 'nothing_owed' });
    expect(await ok(orderGid, 'CAPTURE')).toEqual(['50.00', '10.00']);
  });

  it('charges the saved card once the final capture closed the authorization; a repeat charges nothing more', async () => {
    const orderGid = await editedOrder({ authorizedAmount: '70.00' }, true);
    const key = `${orderGid}:edit-1`;
    expect(await collect(input(orderGid, key))).toEqual({ owed: '10.00', collected: '10.00', how: 'charged' });
    expect(await collect(input(orderGid, key))).toEqual({ owed: '0', collected: '10.00', how: 'nothing_owed' });
    expect(await ok(orderGid, 'CAPTURE')).toEqual(['50.00']);
    expect(await ok(orderGid, 'SALE')).toEqual(['10.00']);
  });

  it('invoices the customer without a saved card, and says so', async () => {
    const orderGid = await editedOrder({ vaultedPaymentMethod: false }, true);
    expect(await collect(input(orderGid, `${orderGid}:edit-1`))).toEqual({
      owed: '10.00',
      collected: '0',
      how: 'invoiced',
    });
    expect(await ok(orderGid, 'SALE')).toEqual([]);
  });
});
