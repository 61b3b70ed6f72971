import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as D from '../../src/shopify/documents';
import { adminSchema } from '../../src/simulator/schema';
import * as P from './payment-collection-documents';
import * as R from './return-documents';
import { fulfilledOrder } from './return-support';
import { control, gql, rawGraphql, simulatorWithShop } from './support';

/**
 * Collecting what an order owes, as Shopify does it: the vaulted card
 * (Order.paymentCollectionDetails) charged with orderCreateMandatePayment for
 * the difference of an exchange for something dearer, once per idempotency
 * key (also after a lost response), never above the outstanding balance nor
 * with another order's mandate; and orderInvoiceSend, recorded on the order.
 */
describe('simulator payment collection', () => {
  const env = simulatorWithShop('collect-test.myshopify.com');

  const balance = async (id: string) => (await gql(env.shop.client, P.ORDER_BALANCE, { id })).order;
  const owed = async (id: string) => (await balance(id)).totalOutstandingSet.shopMoney.amount as string;
  const mandateOf = async (id: string) => (await balance(id)).paymentCollectionDetails.vaultedPaymentMethods[0].id;
  const pay = async (vars: Record<string, unknown>) =>
    (await gql(env.shop.client, P.ORDER_CREATE_MANDATE_PAYMENT, vars)).orderCreateMandatePayment;
  const usd = (amount: string) => ({ amount, currencyCode: 'USD' });

  /** An order edit adding a 10.00 mug. */
  const addMug = (o: { legacyResourceId: string }) =>
    control(env.sim, 'POST', env.shop.path(`/orders/${o.legacyResourceId}/edit`), {
      add: [{ sku: 'MUG', quantity: 1 }],
    });
  /** TEE x2 + MUG x1 = 50.00 captured in full, then a MUG added by an edit: 10.00 owed. */
  async function owingOrder(body: Record<string, unknown> = {}) {
    const o = await env.shop.order(body);
    const auth = (await gql(env.shop.client, D.ORDER_TRANSACTIONS, { id: o.id })).order.transactions[0];
    const cap = await gql(env.shop.client, D.ORDER_CAPTURE, {
      input: { id: o.id, parentTransactionId: auth.id, amount: '50.00', currency: 'USD' },
    });
    expect(cap.orderCapture.userErrors).toEqual([]);
    await addMug(o);
    expect(await owed(o.id)).toBe('10.00');
    return o;
  }

  it('validates its documents against the vendored schema', () => {
    for (const [name, doc] of Object.entries(P.PAYMENT_COLLECTION_DOCUMENTS))
      expect(validate(adminSchema(), parse(doc)).map((e) => `${name}: ${e.message}`)).toEqual([]);
  });

  it('charges the vaulted card exactly what an exchange for something dearer left owing', async () => {
    const o = await fulfilledOrder(env.shop);
    const teeVariant = (await control(env.sim, 'GET', env.shop.path(''))).variants.find(
      (v: any) => v.sku === 'TEE',
    ).gid;
    const created = await gql(env.shop.client, R.RETURN_CREATE, {
      returnInput: {
        orderId: o.id,
        returnLineItems: [{ fulfillmentLineItemId: o.mug, quantity: 1, returnReason: 'COLOR' }],
        exchangeLineItems: [{ variantId: teeVariant, quantity: 1 }],
      },
    });
    expect(created.returnCreate.userErrors).toEqual([]);
    const ret = created.returnCreate.return;
    const before = await balance(o.id);
    expect(before.totalOutstandingSet.shopMoney.amount).toBe('0.00');
    expect(before.paymentCollectionDetails.additionalPaymentCollectionUrl).toBeNull();

    const processed = await gql(env.shop.client, R.RETURN_PROCESS_PLAIN, {
      input: {
        returnId: ret.id,
        returnLineItems: [{ id: ret.returnLineItems.nodes[0].id, quantity: 1 }],
        exchangeLineItems: [{ id: ret.exchangeLineItems.nodes[0].id, quantity: 1 }],
      },
    });
    expect(processed.returnProcess.userErrors).toEqual([]);
    // 50.00 paid; the mug (10.00) went back and a tee (20.00) came in: 10.00 owed.
    const owing = await balance(o.id);
    const outstanding = owing.totalOutstandingSet.shopMoney;
    expect(outstanding).toEqual({ amount: '10.00', currencyCode: 'USD' });
    expect(owing.paymentCollectionDetails.additionalPaymentCollectionUrl).toMatch(
      new RegExp(`^https://${env.shop.domain}/\\d+/invoices/[0-9a-f]{32}$`),
    );
    expect(owing.paymentCollectionDetails.vaultedPaymentMethods).toEqual([
      {
        id: expect.stringMatching(/^gid:\/\/shopify\/PaymentMandate\/\d+$/),
        paymentInstrument: {
          __typename: 'VaultCreditCard',
          brand: 'Bogus',
          lastDigits: '1',
          expiryMonth: 12,
          expiryYear: new Date().getUTCFullYear() + 3,
          expired: false,
          name: 'Bogus Gateway',
        },
      },
    ]);

    const paid = await pay({
      id: o.id,
      mandateId: owing.paymentCollectionDetails.vaultedPaymentMethods[0].id,
      idempotencyKey: `exchange-${o.id}`,
      amount: outstanding,
    });
    expect(paid.userErrors).toEqual([]);
    expect(paid.paymentReferenceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(paid.job).toEqual({
      id: expect.stringMatching(/^gid:\/\/shopify\/Job\//),
      done: true,
      query: { order: { id: o.id, totalOutstandingSet: { shopMoney: { amount: '0.00' } } } },
    });
    expect(paid.jobResult).toMatchObject({ id: paid.job.id, done: true, status: 'SUCCEEDED', errors: [] });

    const after = await balance(o.id);
    expect(after.totalOutstandingSet.shopMoney.amount).toBe('0.00');
    expect(after.paymentCollectionDetails.additionalPaymentCollectionUrl).toBeNull();
    const sale = after.transactions.filter((t: any) => t.kind === 'SALE');
    expect(sale).toEqual([
      {
        id: expect.any(String),
        kind: 'SALE',
        status: 'SUCCESS',
        paymentId: paid.paymentReferenceId,
        gateway: 'bogus',
        amountSet: { shopMoney: { amount: '10.00', currencyCode: 'USD' } },
      },
    ]);
    // The same webhook every other transaction sends.
    await expect
      .poll(() => env.hooks.byTopic('order_transactions/create').some((h) => h.body.includes(sale[0].id)))
      .toBe(true);
    const hook = JSON.parse(
      env.hooks.byTopic('order_transactions/create').find((h) => h.body.includes(sale[0].id))!.body,
    );
    expect(hook).toMatchObject({
      kind: 'sale',
      status: 'success',
      amount: '10.00',
      order_id: Number(o.legacyResourceId),
    });
  });

  it('replays the first result for a repeated idempotency key, also after a lost response, charging once', async () => {
    const o = await owingOrder();
    const vars = { id: o.id, mandateId: await mandateOf(o.id), idempotencyKey: `replay-${o.id}`, amount: usd('4.00') };
    const first = await pay(vars);
    expect(first.userErrors).toEqual([]);
    const again = await pay(vars);
    expect(again.paymentReferenceId).toBe(first.paymentReferenceId);
    expect(again.job.id).toBe(first.job.id);
    expect(await owed(o.id)).toBe('6.00');
    const other = await pay({ ...vars, amount: usd('5.00') });
    expect(other.paymentReferenceId).toBeNull();
    expect(other.userErrors[0].message).toMatch(/same idempotency key/);

    // The answer to a new key is lost; its retry replays the charge that was made.
    await control(env.sim, 'POST', env.shop.path('/faults'), {
      kind: 'loseResponse',
      field: 'orderCreateMandatePayment',
    });
    const lost = { ...vars, idempotencyKey: `lost-${o.id}`, amount: usd('6.00') };
    await expect(
      rawGraphql(env.sim, env.shop.token, P.ORDER_CREATE_MANDATE_PAYMENT, lost).then((r) => r.status),
    ).rejects.toThrow();
    expect(await owed(o.id)).toBe('0.00');
    const retry = (await rawGraphql(env.sim, env.shop.token, P.ORDER_CREATE_MANDATE_PAYMENT, lost)).body.data
      .orderCreateMandatePayment;
    expect(retry.userErrors).toEqual([]);
    const sales = (await env.shop.state(o.legacyResourceId)).transactions.filter((t: any) => t.kind === 'SALE');
    expect(sales.map((t: any) => t.amount)).toEqual(['4.00', '6.00']);
    expect((await balance(o.id)).transactions.find((t: any) => t.amountSet.shopMoney.amount === '6.00').paymentId).toBe(
      retry.paymentReferenceId,
    );
  });

  it('refuses more than the outstanding balance, a wrong currency or nothing, and charges nothing', async () => {
    const o = await owingOrder();
    const base = { id: o.id, mandateId: await mandateOf(o.id) };
    const cases: [Record<string, unknown>, string[], RegExp][] = [
      [{ amount: usd('10.01') }, ['amount', 'amount'], /exceeds the order's outstanding balance of 10\.00/],
      [{ amount: { amount: '10.00', currencyCode: 'EUR' } }, ['amount', 'currencyCode'], /USD/],
      [{ amount: usd('0') }, ['amount', 'amount'], /greater than zero/],
      [{ amount: usd('1.00'), paymentScheduleId: 'gid://shopify/PaymentSchedule/1' }, ['paymentScheduleId'], /exist/],
      [{ id: 'gid://shopify/Order/1', amount: usd('1.00') }, ['id'], /does not exist/],
    ];
    for (const [i, [extra, field, message]] of cases.entries()) {
      const r = await pay({ ...base, idempotencyKey: `refuse-${i}-${o.id}`, ...extra });
      expect(r.paymentReferenceId, JSON.stringify(extra)).toBeNull();
      expect(r.job).toBeNull();
      expect(r.userErrors).toEqual([
        { field, message: expect.stringMatching(message), code: 'ORDER_MANDATE_PAYMENT_ERROR_CODE' },
      ]);
    }
    expect(await owed(o.id)).toBe('10.00');
    // No amount: the whole balance; then nothing is left to collect.
    const all = await pay({ ...base, idempotencyKey: `all-${o.id}` });
    expect(all.userErrors).toEqual([]);
    expect(await owed(o.id)).toBe('0.00');
    const none = await pay({ ...base, idempotencyKey: `none-${o.id}` });
    expect(none.userErrors).toEqual([
      {
        field: ['id'],
        message: expect.stringMatching(/no outstanding balance/),
        code: 'ORDER_MANDATE_PAYMENT_ERROR_CODE',
      },
    ]);
    const over = await pay({ ...base, idempotencyKey: `over-${o.id}`, amount: usd('0.01') });
    expect(over.userErrors[0].field).toEqual(['amount', 'amount']);
    const sales = (await env.shop.state(o.legacyResourceId)).transactions.filter((t: any) => t.kind === 'SALE');
    expect(sales.map((t: any) => t.amount)).toEqual(['10.00']);
  });

  it("refuses another order's mandate, an unknown one, and an order created without a vaulted card", async () => {
    const o = await owingOrder();
    const other = await owingOrder();
    const theirs = await mandateOf(other.id);
    expect(theirs).not.toBe(await mandateOf(o.id));
    const wrong = await pay({ id: o.id, mandateId: theirs, idempotencyKey: `wrong-${o.id}`, amount: usd('1.00') });
    expect(wrong.userErrors).toEqual([
      {
        field: ['mandateId'],
        message: 'The payment mandate does not belong to this order',
        code: 'ORDER_MANDATE_PAYMENT_ERROR_CODE',
      },
    ]);
    const unknown = await pay({
      id: o.id,
      mandateId: 'gid://shopify/PaymentMandate/1',
      idempotencyKey: `unknown-${o.id}`,
    });
    expect(unknown.userErrors[0]).toMatchObject({ field: ['mandateId'], message: 'Payment mandate does not exist' });
    expect(await owed(o.id)).toBe('10.00');
    expect(await owed(other.id)).toBe('10.00');

    const unvaulted = await owingOrder({ vaultedPaymentMethod: false });
    const details = (await balance(unvaulted.id)).paymentCollectionDetails;
    expect(details.vaultedPaymentMethods).toEqual([]);
    expect(details.additionalPaymentCollectionUrl).toMatch(/^https:\/\//);
    expect((await env.shop.state(unvaulted.legacyResourceId)).vaultedPaymentMethods).toEqual([]);
    expect((await env.shop.state(o.legacyResourceId)).vaultedPaymentMethods).toEqual([await mandateOf(o.id)]);
    const pending = await env.shop.order({ payment: 'pending' });
    expect((await balance(pending.id)).paymentCollectionDetails.vaultedPaymentMethods).toEqual([]);
  });

  it('authorizes without capturing when autoCapture is false; a declined card fails the job, not the request', async () => {
    const o = await owingOrder();
    const auth = await pay({
      id: o.id,
      mandateId: await mandateOf(o.id),
      idempotencyKey: `auth-${o.id}`,
      amount: usd('10.00'),
      autoCapture: false,
    });
    expect(auth.userErrors).toEqual([]);
    const after = await balance(o.id);
    expect(after.totalOutstandingSet.shopMoney.amount).toBe('10.00');
    expect(after.transactions.filter((t: any) => t.paymentId === auth.paymentReferenceId)).toMatchObject([
      { kind: 'AUTHORIZATION', status: 'SUCCESS', amountSet: { shopMoney: { amount: '10.00' } } },
    ]);

    const d = await env.shop.order({ declineCaptures: true, payment: 'paid' });
    await addMug(d);
    expect(await owed(d.id)).toBe('10.00');
    const declined = await pay({ id: d.id, mandateId: await mandateOf(d.id), idempotencyKey: `decline-${d.id}` });
    expect(declined.userErrors).toEqual([]);
    expect(declined.jobResult).toMatchObject({ done: true, status: 'FAILED', errors: [{ message: /declined/ }] });
    expect(await owed(d.id)).toBe('10.00');
    expect(
      (await balance(d.id)).transactions.find((t: any) => t.paymentId === declined.paymentReferenceId),
    ).toMatchObject({ kind: 'SALE', status: 'FAILURE' });
  });

  it('sends an invoice for what is owed and records it; refuses an unknown order', async () => {
    const o = await owingOrder();
    const sent = (
      await gql(env.shop.client, P.ORDER_INVOICE_SEND, {
        id: o.id,
        email: { subject: 'Your exchange', customMessage: 'The new tee costs 10.00 more', bcc: ['ops@example.com'] },
      })
    ).orderInvoiceSend;
    expect(sent).toEqual({
      order: { id: o.id, email: 'a@example.com', totalOutstandingSet: { shopMoney: { amount: '10.00' } } },
      userErrors: [],
    });
    const elsewhere = (await gql(env.shop.client, P.ORDER_INVOICE_SEND, { id: o.id, email: { to: 'b@example.com' } }))
      .orderInvoiceSend;
    expect(elsewhere.userErrors).toEqual([]);
    expect((await env.shop.state(o.legacyResourceId)).invoices).toEqual([
      {
        to: 'a@example.com',
        from: null,
        bcc: ['ops@example.com'],
        subject: 'Your exchange',
        customMessage: 'The new tee costs 10.00 more',
        amountDue: '10.00',
        sentAt: expect.any(String),
      },
      expect.objectContaining({ to: 'b@example.com', subject: null, amountDue: '10.00' }),
    ]);

    const unknown = (await gql(env.shop.client, P.ORDER_INVOICE_SEND, { id: 'gid://shopify/Order/1' }))
      .orderInvoiceSend;
    expect(unknown).toEqual({
      order: null,
      userErrors: [{ field: ['id'], message: 'Order does not exist', code: 'ORDER_INVOICE_SEND_UNSUCCESSFUL' }],
    });
    const noEmail = await env.shop.order({ email: undefined });
    const nowhere = (await gql(env.shop.client, P.ORDER_INVOICE_SEND, { id: noEmail.id })).orderInvoiceSend;
    expect(nowhere.userErrors[0]).toMatchObject({ field: ['email', 'to'], code: 'ORDER_INVOICE_SEND_UNSUCCESSFUL' });
    expect((await env.shop.state(noEmail.legacyResourceId)).invoices).toEqual([]);
  });
});
