import { describe, expect, it } from 'vitest';
import { fromMinor, toMinor } from '../../src/payment/money';
import { captureShortfall, paymentReadiness, planCaptures, readLedger } from '../../src/payment/ledger';
import { captureAmounts } from '../../src/payment/capture-plan';
import type { PaymentTransaction } from '../../src/order/types';

const tx = (
  p: Partial<PaymentTransaction> & Pick<PaymentTransaction, 'id' | 'kind' | 'amount'>,
): PaymentTransaction => ({
  status: 'SUCCESS',
  currencyCode: 'USD',
  parentId: null,
  gateway: 'bogus',
  createdAt: '2026-01-01T00:00:00Z',
  authorizationExpiresAt: null,
  ...p,
});

describe('money', () => {
  it('converts decimals exactly per currency precision', () => {
    expect(toMinor('12.5', 'USD')).toBe(1250n);
    expect(fromMinor(1250n, 'USD')).toBe('12.50');
    expect(toMinor('1200', 'JPY')).toBe(1200n);
    expect(fromMinor(1234n, 'KWD')).toBe('1.234');
    expect(fromMinor(5n, 'USD')).toBe('0.05');
    expect(() => toMinor('1.005', 'USD')).toThrow(/precision/);
    expect(() => toMinor('abc', 'USD')).toThrow(/decimal/);
  });
});

describe('ledger', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it('reads capturable per authorization, net of captures and voids', () => {
    const l = readLedger(
      [
        tx({ id: 'A1', kind: 'AUTHORIZATION', amount: '100.00' }),
        tx({ id: 'C1', kind: 'CAPTURE', amount: '40.00', parentId: 'A1' }),
        tx({ id: 'C2', kind: 'CAPTURE', amount: '10.00', parentId: 'A1', status: 'FAILURE' }),
        tx({ id: 'A2', kind: 'AUTHORIZATION', amount: '20.00' }),
        tx({ id: 'V2', kind: 'VOID', amount: '20.00', parentId: 'A2' }),
      ],
      'USD',
    );
    expect(l.authorizations.map((a) => [a.id, a.capturable])).toEqual([
      ['A1', 6000n],
      ['A2', 0n],
    ]);
    expect(l.captured).toBe(4000n);
    expect(l.refundable).toEqual([{ id: 'C1', gateway: 'bogus', amount: 4000n }]);
  });

  it('says ready, pending or expired', () => {
    const auth = tx({
      id: 'A1',
      kind: 'AUTHORIZATION',
      amount: '50.00',
      authorizationExpiresAt: '2026-07-01T00:00:00Z',
    });
    expect(paymentReadiness(readLedger([auth], 'USD'), '50.00', now)).toEqual({ kind: 'ready' });
    expect(paymentReadiness(readLedger([], 'USD'), '50.00', now)).toEqual({ kind: 'pending' });
    expect(paymentReadiness(readLedger([auth], 'USD'), '50.00', new Date('2026-08-01T00:00:00Z'))).toEqual({
      kind: 'expired',
      expiresAt: '2026-07-01T00:00:00Z',
    });
    expect(paymentReadiness(readLedger([tx({ id: 'S', kind: 'SALE', amount: '50.00' })], 'USD'), '50.00', now)).toEqual(
      { kind: 'ready' },
    );
  });

  it('plans captures across authorizations, or not at all when they cannot cover it', () => {
    const l = readLedger(
      [
        tx({ id: 'A1', kind: 'AUTHORIZATION', amount: '30.00' }),
        tx({ id: 'A2', kind: 'AUTHORIZATION', amount: '30.00' }),
      ],
      'USD',
    );
    expect(planCaptures(l, 4500n, now)).toEqual([
      { parentId: 'A1', amount: 3000n },
      { parentId: 'A2', amount: 1500n },
    ]);
    expect(planCaptures(l, 7000n, now)).toEqual([]);
  });
});

describe('capture amounts', () => {
  const lines = [
    { lineItemId: 'L1', sku: 'TEE', title: 'Tee', quantity: 2, requiresShipping: true, discountedTotal: '40.00' },
    { lineItemId: 'L2', sku: 'MUG', title: 'Mug', quantity: 1, requiresShipping: true, discountedTotal: '15.00' },
  ];
  it('gives each allocation its lines plus a proportional share, summing to the total', () => {
    const amounts = captureAmounts(
      [
        { lines: [{ lineItemId: 'L1', sku: 'TEE', quantity: 2 }] },
        { lines: [{ lineItemId: 'L2', sku: 'MUG', quantity: 1 }] },
      ],
      lines,
      '66.00',
      'USD',
    );
    expect(amounts).toEqual(['48.00', '18.00']);
  });
  it('puts the rounding remainder on the last allocation', () => {
    const amounts = captureAmounts(
      [
        { lines: [{ lineItemId: 'L1', sku: 'TEE', quantity: 1 }] },
        { lines: [{ lineItemId: 'L1', sku: 'TEE', quantity: 1 }] },
        { lines: [{ lineItemId: 'L2', sku: 'MUG', quantity: 1 }] },
      ],
      lines,
      '55.01',
      'USD',
    );
    expect(amounts.reduce((s, a) => s + toMinor(a, 'USD'), 0n)).toBe(5501n);
    expect(amounts[0]).toBe('20.00');
  });
  it('is the whole total for a single allocation', () => {
    expect(captureAmounts([{ lines: [{ lineItemId: 'L1', sku: 'TEE', quantity: 2 }] }], lines, '99.99', 'USD')).toEqual(
      ['99.99'],
    );
  });
});

describe('why a capture cannot happen', () => {
  it('names the voided authorization instead of "only 0.00 is capturable"', () => {
    const ledger = readLedger(
      [
        tx({ id: 'A', kind: 'AUTHORIZATION', amount: '40.00' }),
        tx({ id: 'V', kind: 'VOID', amount: '40.00', parentId: 'A' }),
      ],
      'USD',
    );
    expect(captureShortfall(ledger, 4000n, new Date('2026-01-02T00:00:00Z'))).toBe(
      '40.00 USD still to capture, but authorization A was voided',
    );
    const expired = readLedger(
      [tx({ id: 'B', kind: 'AUTHORIZATION', amount: '10.00', authorizationExpiresAt: '2026-01-01T12:00:00Z' })],
      'USD',
    );
    expect(captureShortfall(expired, 1000n, new Date('2026-01-02T00:00:00Z'))).toMatch(
      /authorization B expired at 2026-01-01T12:00:00Z/,
    );
    expect(captureShortfall(readLedger([], 'USD'), 100n, new Date())).toMatch(/no authorization/);
  });
});
