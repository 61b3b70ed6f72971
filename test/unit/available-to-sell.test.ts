import { describe, expect, it } from 'vitest';
import {
  availableToSell,
  publishTargets,
  pushReason,
  type PublishSettings,
  type StockLevel,
} from '../../src/inventory/available-to-sell';

const level = (o: Partial<StockLevel>): StockLevel => ({
  sku: 'TEE',
  locationId: 'L1',
  shopifyLocationId: 'S1',
  onHand: 10,
  safetyStock: 0,
  reserved: 0,
  brokeringThreshold: 0,
  sellsOnline: true,
  ...o,
});
const perLocation: PublishSettings = {
  mode: 'per_location',
  aggregateLocationId: null,
  lowStockLevel: 5,
  relativeChange: 0.25,
};

describe('available-to-sell', () => {
  it('is on hand less safety stock, reserved and threshold, never below zero', () => {
    expect(availableToSell(level({ onHand: 20, safetyStock: 2, reserved: 5, brokeringThreshold: 3 }))).toBe(10);
    expect(availableToSell(level({ onHand: 4, safetyStock: 2, reserved: 5 }))).toBe(0);
  });
  it('is zero at a location excluded from online selling', () => {
    expect(availableToSell(level({ onHand: 50, sellsOnline: false }))).toBe(0);
  });
});

describe('publish targets', () => {
  const levels = [
    level({ locationId: 'L1', shopifyLocationId: 'S1', onHand: 10 }),
    level({ locationId: 'L2', shopifyLocationId: 'S2', onHand: 7, reserved: 2 }),
    level({ locationId: 'L3', shopifyLocationId: 'S3', onHand: 9, sellsOnline: false }),
  ];

  it('per location: each engine location to its Shopify location (excluded ones publish 0)', () => {
    expect(publishTargets(levels, new Map(), perLocation)).toEqual([
      { sku: 'TEE', shopifyLocationId: 'S1', quantity: 10 },
      { sku: 'TEE', shopifyLocationId: 'S2', quantity: 5 },
      { sku: 'TEE', shopifyLocationId: 'S3', quantity: 0 },
    ]);
  });
  it('aggregated: the sum over online-selling locations at the one Shopify location', () => {
    expect(
      publishTargets(levels, new Map(), { ...perLocation, mode: 'aggregated', aggregateLocationId: 'AGG' }),
    ).toEqual([{ sku: 'TEE', shopifyLocationId: 'AGG', quantity: 15 }]);
  });
  it('takes open demand (committed in Shopify, not reserved yet) off, never below zero', () => {
    expect(
      publishTargets(levels, new Map([['TEE', 6]]), {
        ...perLocation,
        mode: 'aggregated',
        aggregateLocationId: 'AGG',
      })[0]!.quantity,
    ).toBe(9);
    expect(publishTargets(levels, new Map([['TEE', 6]]), perLocation).map((t) => t.quantity)).toEqual([4, 0, 0]);
  });
});

describe('when a change is pushed', () => {
  const s = { lowStockLevel: 5, relativeChange: 0.25 };
  it('always when Shopify is unknown, never when it already shows the number', () => {
    expect(pushReason(null, 40, s)).toBe('unknown');
    expect(pushReason(40, 40, s)).toBeNull();
  });
  it('at zero both ways', () => {
    expect(pushReason(40, 0, s)).toBe('sold_out');
    expect(pushReason(0, 40, s)).toBe('back_in_stock');
  });
  it('every change at or below the low-stock level, crossing it included', () => {
    expect(pushReason(5, 4, s)).toBe('low_stock');
    expect(pushReason(6, 5, s)).toBe('low_stock');
    expect(pushReason(3, 8, s)).toBe('low_stock');
  });
  it('above it, only a large relative change', () => {
    expect(pushReason(100, 80, s)).toBeNull();
    expect(pushReason(100, 76, s)).toBeNull();
    expect(pushReason(100, 75, s)).toBe('large_change');
    expect(pushReason(100, 125, s)).toBe('large_change');
    expect(pushReason(7, 6, s)).toBeNull();
  });
});
