import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/shopify/documents';
import {
  control,
  gql,
  ORDER_AS_SHOPIFY_SHOWS_IT,
  rawGraphql,
  startSimulator,
  testShop,
  webhookReceiver,
  type Simulator,
} from './support';

/** Captures, voids, refunds and cancellations, with Shopify's rules. */
describe('simulator payments', () => {
  let sim: Simulator;
  let shop: Awaited<ReturnType<typeof testShop>>;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    hooks = await webhookReceiver();
    shop = await testShop(sim, 'pay-test.myshopify.com', { webhookUrl: `${hooks.url}/hooks` });
  });
  afterAll(async () => {
    await sim?.close();
    await hooks?.close();
  });

  const auth = async (id: string) =>
    (await gql(shop.client, D.ORDER_TRANSACTIONS, { id })).order.transactions.find(
      (t: any) => t.kind === 'AUTHORIZATION',
    );
  const capture = (input: Record<string, unknown>) =>
    gql(shop.client, D.ORDER_CAPTURE, { input }).then((d) => d.orderCapture);
  const financial = async (id: string) =>
    (await gql(shop.client, ORDER_AS_SHOPIFY_SHOWS_IT, { id })).order.displayFinancialStatus;

  it('refuses to capture more than is capturable', async () => {
    const o = await shop.order();
    const a = await auth(o.id);
    const over = await capture({ id: o.id, parentTransactionId: a.id, amount: '50.01', currency: 'USD' });
    expect(over.transaction).toBeNull();
    expect(over.userErrors[0]).toMatchObject({
      field: ['amount'],
      message: expect.stringMatching(/exceeds the capturable amount of 50.00/),
    });
    const wrongCurrency = await capture({ id: o.id, parentTransactionId: a.id, amount: '1.00', currency: 'EUR' });
    expect(wrongCurrency.userErrors[0].field).toEqual(['currency']);
    const notAuth = await capture({
      id: o.id,
      parentTransactionId: 'gid://shopify/OrderTransaction/1',
      amount: '1.00',
    });
    expect(notAuth.userErrors[0].field).toEqual(['parentTransactionId']);
    expect((await shop.state(o.legacyResourceId)).transactions).toHaveLength(1);
  });

  it('multi-captures, and finalCapture releases the rest', async () => {
    const o = await shop.order();
    const a = await auth(o.id);
    const first = await capture({ id: o.id, parentTransactionId: a.id, amount: '20.00', currency: 'USD' });
    expect(first.transaction).toMatchObject({
      kind: 'CAPTURE',
      status: 'SUCCESS',
      amountSet: { shopMoney: { amount: '20.00' } },
    });
    expect(await financial(o.id)).toBe('PARTIALLY_PAID');
    await capture({ id: o.id, parentTransactionId: a.id, amount: '10.00', currency: 'USD', finalCapture: true });
    const after = await gql(shop.client, D.ORDER_TRANSACTIONS, { id: o.id });
    expect(after.order.totalCapturableSet.shopMoney.amount).toBe('0.00');
    const again = await capture({ id: o.id, parentTransactionId: a.id, amount: '1.00' });
    expect(again.userErrors[0].message).toMatch(/exceeds the capturable amount of 0.00/);
    expect(await financial(o.id)).toBe('PARTIALLY_PAID');
  });

  it('marks the order paid on a full capture and says so by webhook', async () => {
    const o = await shop.order();
    await capture({ id: o.id, parentTransactionId: (await auth(o.id)).id, amount: '50.00' });
    expect(await financial(o.id)).toBe('PAID');
    await expect
      .poll(() => hooks.byTopic('orders/paid').some((h) => h.body.includes(`"id":${o.legacyResourceId}`)))
      .toBe(true);
    await expect
      .poll(
        () =>
          hooks.byTopic('order_transactions/create').filter((h) => h.body.includes(`"order_id":${o.legacyResourceId}`))
            .length,
      )
      .toBe(2);
  });

  it('refuses to capture an expired authorization', async () => {
    const o = await shop.order({ authorizationExpiresInSeconds: 0.2 });
    const a = await auth(o.id);
    await new Promise((r) => setTimeout(r, 300));
    const late = await capture({ id: o.id, parentTransactionId: a.id, amount: '1.00' });
    expect(late.userErrors[0].message).toMatch(/expired/);
    expect(await financial(o.id)).toBe('EXPIRED');
  });

  it('records a declined capture as a FAILURE with CARD_DECLINED, money untouched', async () => {
    const o = await shop.order({ declineCaptures: true });
    const r = await capture({ id: o.id, parentTransactionId: (await auth(o.id)).id, amount: '50.00' });
    expect(r.transaction).toMatchObject({ kind: 'CAPTURE', status: 'FAILURE' });
    const txs = (await gql(shop.client, ORDER_AS_SHOPIFY_SHOWS_IT, { id: o.id })).order;
    expect(txs.displayFinancialStatus).toBe('AUTHORIZED');
    const state = await shop.state(o.legacyResourceId);
    expect(state.transactions.find((t: any) => t.kind === 'CAPTURE')).toMatchObject({
      status: 'FAILURE',
      errorCode: 'CARD_DECLINED',
    });
  });

  it('voids an uncaptured authorization only', async () => {
    const o = await shop.order();
    const a = await auth(o.id);
    const v = await gql(shop.client, D.TRANSACTION_VOID, { parentTransactionId: a.id });
    expect(v.transactionVoid.transaction.kind).toBe('VOID');
    expect(await financial(o.id)).toBe('VOIDED');
    const twice = await gql(shop.client, D.TRANSACTION_VOID, { parentTransactionId: a.id });
    expect(twice.transactionVoid.userErrors[0].code).toBe('AUTH_NOT_VOIDABLE');
    const p = await shop.order();
    const pa = await auth(p.id);
    await capture({ id: p.id, parentTransactionId: pa.id, amount: '5.00' });
    expect(
      (await gql(shop.client, D.TRANSACTION_VOID, { parentTransactionId: pa.id })).transactionVoid.userErrors,
    ).toHaveLength(1);
  });

  it('requires @idempotent on refundCreate, replays a repeated key, refuses a reused key with other input', async () => {
    const o = await shop.order();
    const cap = await capture({ id: o.id, parentTransactionId: (await auth(o.id)).id, amount: '50.00' });
    const input = (amount: string) => ({
      orderId: o.id,
      transactions: [{ orderId: o.id, parentId: cap.transaction.id, amount, kind: 'REFUND', gateway: 'bogus' }],
    });
    const bare = await rawGraphql(
      sim,
      shop.token,
      'mutation R($input: RefundInput!) { refundCreate(input: $input) { refund { id } } }',
      { input: input('10.00') },
    );
    expect(bare.body.errors[0]).toMatchObject({
      message: expect.stringMatching(/@idempotent directive is required for the refundCreate mutation/),
      extensions: { code: 'IDEMPOTENCY_KEY_REQUIRED' },
    });
    const first = await gql(shop.client, D.REFUND_CREATE, { input: input('10.00'), idempotencyKey: 'refund-k1' });
    const again = await gql(shop.client, D.REFUND_CREATE, { input: input('10.00'), idempotencyKey: 'refund-k1' });
    expect(again.refundCreate.refund.id).toBe(first.refundCreate.refund.id);
    const other = await gql(shop.client, D.REFUND_CREATE, { input: input('11.00'), idempotencyKey: 'refund-k1' });
    expect(other.refundCreate.refund).toBeNull();
    expect(other.refundCreate.userErrors[0].message).toMatch(
      /same idempotency key cannot be used with different operation parameters/,
    );
    const state = await shop.state(o.legacyResourceId);
    expect(state.transactions.filter((t: any) => t.kind === 'REFUND').map((t: any) => t.amount)).toEqual(['10.00']);
    expect(state.refunds).toHaveLength(1);
    const tooMuch = await gql(shop.client, D.REFUND_CREATE, { input: input('40.01'), idempotencyKey: 'refund-k2' });
    expect(tooMuch.refundCreate.userErrors[0].message).toMatch(/exceeds the refundable 40.00/);
    await expect
      .poll(
        () => hooks.byTopic('refunds/create').filter((h) => h.body.includes(`"order_id":${o.legacyResourceId}`)).length,
      )
      .toBe(1);
  });

  it('cancels: voids open authorizations, refunds captures on request, cancels fulfillment orders, once', async () => {
    const o = await shop.order();
    const c = await gql(shop.client, D.ORDER_CANCEL, {
      orderId: o.id,
      reason: 'CUSTOMER',
      restock: true,
      refund: false,
    });
    expect(c.orderCancel.job.done).toBe(true);
    const state = await shop.state(o.legacyResourceId);
    expect(state.cancelledAt).toBeTruthy();
    expect(state.transactions.map((t: any) => t.kind)).toEqual(['AUTHORIZATION', 'VOID']);
    expect(state.fulfillmentOrders.map((f: any) => f.status)).toEqual(['CANCELLED']);
    const twice = await gql(shop.client, D.ORDER_CANCEL, { orderId: o.id, reason: 'CUSTOMER', restock: true });
    expect(twice.orderCancel.orderCancelUserErrors[0].message).toMatch(/already been cancelled/);

    const paid = await shop.order();
    await capture({ id: paid.id, parentTransactionId: (await auth(paid.id)).id, amount: '50.00' });
    await gql(shop.client, D.ORDER_CANCEL, { orderId: paid.id, reason: 'FRAUD', restock: true, refund: true });
    expect(await financial(paid.id)).toBe('REFUNDED');
    await expect
      .poll(() => hooks.byTopic('orders/cancelled').some((h) => h.body.includes(`"id":${paid.legacyResourceId}`)))
      .toBe(true);
  });

  it('authorizes a pending order from the control API', async () => {
    const o = await shop.order({ payment: 'pending' });
    expect(await financial(o.id)).toBe('PENDING');
    await control(sim, 'POST', shop.path(`/orders/${o.legacyResourceId}/authorize`), {});
    expect(await financial(o.id)).toBe('AUTHORIZED');
    await expect(control(sim, 'POST', shop.path(`/orders/${o.legacyResourceId}/authorize`), {})).rejects.toThrow(/409/);
  });
});
