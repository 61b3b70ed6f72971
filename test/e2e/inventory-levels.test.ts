import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as D from '../../src/shopify/documents';
import {
  BulkOperationError,
  levelKey,
  readAvailableLevels,
  readAvailableOf,
  type LevelRow,
} from '../../src/shopify/inventory-levels';
import { Harness, STOCK } from '../support/harness';

/**
 * Reading Shopify's inventory at scale (src/shopify/inventory-levels.ts):
 * every level paged or by bulk operation, and given levels by GID, against
 * the simulator's own state.
 */
describe('reading inventory levels from Shopify', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start('levels', { worker: false });
  });
  afterAll(async () => h?.close());

  /** The shop as the simulator holds it: one row per level, sorted. */
  async function simRows(): Promise<LevelRow[]> {
    const shop = await h.sim.call<any>('GET', h.sim.shopPath());
    return sortRows(
      shop.variants.flatMap((v: any) =>
        Object.entries(v.inventory as Record<string, { available?: number; on_hand: number }>).map(
          ([locationId, q]) => ({
            inventoryItemId: v.inventoryItemGid,
            sku: v.sku,
            locationId,
            available: q.available ?? 0,
            on_hand: q.on_hand,
          }),
        ),
      ),
    );
  }
  const sortRows = (rows: LevelRow[]) =>
    [...rows].sort((a, b) =>
      levelKey(a.inventoryItemId, a.locationId) < levelKey(b.inventoryItemId, b.locationId) ? -1 : 1,
    );
  async function collect(
    method: 'paged' | 'bulk',
    extra: Parameters<typeof readAvailableLevels>[1] extends infer O ? Partial<O> : never = {},
  ) {
    const rows: LevelRow[] = [];
    const progress: number[] = [];
    for await (const r of readAvailableLevels(h.shopify, { method, onProgress: (n) => progress.push(n), ...extra }))
      rows.push(r);
    return { rows: sortRows(rows), progress };
  }
  const calls = async (operationName: string) =>
    (await h.sim.requests()).filter((r: any) => r.operationName === operationName).length;
  const locations = async () =>
    Object.fromEntries(
      ((await h.sim.call<any>('GET', h.sim.shopPath())).locations as any[]).map((l) => [l.name, l.gid as string]),
    );
  const itemOf = async (sku: string) =>
    ((await h.sim.call<any>('GET', h.sim.shopPath())).variants as any[]).find((v) => v.sku === sku)
      .inventoryItemGid as string;

  it('paged and bulk read the same levels, and they are the shop’s', async () => {
    const expected = await simRows();
    expect(expected).toHaveLength(Object.keys(STOCK).length * 3);
    const paged = await collect('paged');
    const bulk = await collect('bulk');
    expect(paged.rows).toEqual(expected);
    expect(bulk.rows).toEqual(expected);
    const loc = await locations();
    const tee = await itemOf('TEE');
    expect(paged.rows.find((r) => r.inventoryItemId === tee && r.locationId === loc['Brooklyn Store'])).toEqual({
      inventoryItemId: tee,
      sku: 'TEE',
      locationId: loc['Brooklyn Store'],
      available: STOCK.TEE!.bk,
      on_hand: STOCK.TEE!.bk,
    });
    expect(paged.progress.at(-1)).toBe(expected.length);
    expect(bulk.progress.at(-1)).toBe(expected.length);
  });

  it('reads given levels by GID; a level the location does not have is absent', async () => {
    const loc = await locations();
    const [tee, mug, cap] = await Promise.all([itemOf('TEE'), itemOf('MUG'), itemOf('CAP')]);
    await h.shopify.mutate('InventorySetQuantities', 'inventorySetQuantities', D.INVENTORY_SET_QUANTITIES, {
      input: {
        name: 'available',
        reason: 'correction',
        quantities: [{ inventoryItemId: tee, locationId: loc['LA Warehouse'], quantity: 3, changeFromQuantity: null }],
      },
      idempotencyKey: `levels-test-${Date.now()}`,
    });
    const lone = await h.sim.addProduct({
      title: 'Lone',
      variants: [{ sku: 'LONE', price: '1.00', inventory: { [loc['LA Warehouse']!]: 6 } }],
    });
    const loneItem = lone.variants[0].inventoryItemId as string;
    const got = await readAvailableOf(h.shopify, [
      { inventoryItemId: tee, locationId: loc['LA Warehouse']! },
      { inventoryItemId: mug, locationId: loc['Brooklyn Store']! },
      { inventoryItemId: cap, locationId: loc['NJ Warehouse']! },
      { inventoryItemId: loneItem, locationId: loc['LA Warehouse']! },
      { inventoryItemId: loneItem, locationId: loc['NJ Warehouse']! },
      { inventoryItemId: 'gid://shopify/InventoryItem/1', locationId: loc['NJ Warehouse']! },
      { inventoryItemId: tee, locationId: loc['LA Warehouse']! }, // asked twice, read once
    ]);
    expect(Object.fromEntries(got)).toEqual({
      [levelKey(tee, loc['LA Warehouse']!)]: 3,
      [levelKey(mug, loc['Brooklyn Store']!)]: STOCK.MUG!.bk,
      [levelKey(cap, loc['NJ Warehouse']!)]: 0, // stocked with none: a level at 0, not absent
      [levelKey(loneItem, loc['LA Warehouse']!)]: 6,
    });
    expect(await readAvailableOf(h.shopify, [])).toEqual(new Map());
  });

  describe('a larger catalog', () => {
    beforeAll(async () => {
      const base = await locations();
      // Nine more locations, so one item stocked everywhere (12 levels) outgrows a page's 10 levels per item.
      for (let i = 1; i <= 9; i++)
        await h.sim.addLocation({
          name: `Extra ${i}`,
          address: { city: 'Denver', provinceCode: 'CO', countryCode: 'US' },
        });
      const all = Object.values(await locations());
      await h.sim.addProduct({
        title: 'Everywhere',
        variants: [{ sku: 'EVERYWHERE', price: '1.00', inventory: Object.fromEntries(all.map((l, i) => [l, i + 1])) }],
      });
      const three = [base['NJ Warehouse']!, base['Brooklyn Store']!, base['LA Warehouse']!];
      for (let start = 0; start < 300; start += 25) {
        await Promise.all(
          Array.from({ length: 25 }, (_, k) => start + k).map((i) =>
            h.sim.addProduct({
              title: `Bulk ${i}`,
              variants: [
                {
                  sku: `BULK-${String(i).padStart(3, '0')}`,
                  price: '2.00',
                  inventory: Object.fromEntries(three.slice(0, 1 + (i % 3)).map((l, j) => [l, (i * 7 + j) % 50])),
                },
              ],
            }),
          ),
        );
      }
    }, 120_000);

    it('paged reads many pages (and an item’s extra levels), bulk reads one file, and both are the shop’s', async () => {
      const expected = await simRows();
      expect(expected.length).toBeGreaterThan(600);
      const pagesBefore = await calls('InventoryItemsWithLevels');
      const extraBefore = await calls('InventoryItemLevels');
      const paged = await collect('paged');
      expect((await calls('InventoryItemsWithLevels')) - pagesBefore).toBe(
        Math.ceil((Object.keys(STOCK).length + 2 + 300) / 25),
      );
      expect((await calls('InventoryItemLevels')) - extraBefore).toBe(1);
      expect(paged.progress.length).toBeGreaterThan(1);
      expect(paged.rows).toEqual(expected);
      expect(
        paged.rows
          .filter((r) => r.sku === 'EVERYWHERE')
          .map((r) => r.available)
          .sort((a, b) => a - b),
      ).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));

      const polls: string[] = [];
      const bulk = await collect('bulk', { onPoll: (op) => polls.push(op.status) });
      expect(polls.at(-1)).toBe('COMPLETED');
      expect(bulk.rows).toEqual(expected);
    });

    it('reads more than 250 given levels in batches of 250', async () => {
      const expected = await simRows();
      const before = await calls('InventoryLevelsById');
      const got = await readAvailableOf(
        h.shopify,
        expected.map((r) => ({ inventoryItemId: r.inventoryItemId, locationId: r.locationId })),
      );
      expect((await calls('InventoryLevelsById')) - before).toBe(Math.ceil(expected.length / 250));
      expect(got.size).toBe(expected.length);
      for (const r of expected) expect(got.get(levelKey(r.inventoryItemId, r.locationId))).toBe(r.available);
    });
  });

  describe('bulk operation lifecycle', () => {
    const startOther = async () => {
      const d = await h.shopify.request<any>('BulkOperationRunQuery', D.BULK_OPERATION_RUN_QUERY, {
        query: D.INVENTORY_LEVELS_BULK_QUERY,
      });
      expect(d.bulkOperationRunQuery.userErrors).toEqual([]);
      return d.bulkOperationRunQuery.bulkOperation.id as string;
    };
    const current = async () =>
      (await h.shopify.request<any>('CurrentBulkQueryOperation', D.CURRENT_BULK_QUERY_OPERATION)).currentBulkOperation;
    const settle = async () => {
      for (let i = 0; i < 100 && ['CREATED', 'RUNNING', 'CANCELING'].includes((await current())?.status); i++)
        await new Promise((r) => setTimeout(r, 50));
    };

    it('waits for another bulk query of the shop to finish, then runs its own', async () => {
      await settle();
      // The other operation runs long enough that the reader must find it running, however slow the machine.
      await h.sim.call('PUT', h.sim.shopPath('/bulk-behavior'), { minRunningMs: 1500 });
      try {
        const other = await startOther();
        const before = await calls('CurrentBulkQueryOperation');
        const { rows } = await collect('bulk');
        expect(await calls('CurrentBulkQueryOperation')).toBeGreaterThan(before);
        expect(rows).toEqual(await simRows());
        expect((await current()).id).not.toBe(other);
      } finally {
        await h.sim.call('PUT', h.sim.shopPath('/bulk-behavior'), { minRunningMs: null });
      }
    });

    it('fails clearly when another bulk query holds the shop too long', async () => {
      await settle();
      // Held running, so the reader finds it however slow the machine (it finished first once under load).
      await h.sim.call('PUT', h.sim.shopPath('/bulk-behavior'), { minRunningMs: 3000 });
      try {
        const other = await startOther();
        const err = await collect('bulk', { bulk: { waitForOtherMs: 0 } }).catch((e) => e);
        expect(err).toBeInstanceOf(BulkOperationError);
        expect(err.message).toContain(`Another bulk query operation (${other}`);
      } finally {
        await h.sim.call('PUT', h.sim.shopPath('/bulk-behavior'), { minRunningMs: null });
      }
      await settle();
    });

    it('fails clearly when the operation is cancelled', async () => {
      await settle();
      await h.sim.call('PUT', h.sim.shopPath('/bulk-behavior'), { minRunningMs: 5000 }); // still running when the cancel lands, however slow the machine
      let cancelled = false;
      const err = await collect('bulk', {
        onPoll: (op) => {
          if (cancelled) return;
          cancelled = true;
          void h.shopify.request('BulkOperationCancel', D.BULK_OPERATION_CANCEL, { id: op.id });
        },
        bulk: { minPollMs: 20 },
      }).catch((e) => e);
      expect(err).toBeInstanceOf(BulkOperationError);
      expect(err.status).toBe('CANCELED');
      expect(err.message).toMatch(/ended CANCELED/);
      await h.sim.call('PUT', h.sim.shopPath('/bulk-behavior'), { minRunningMs: null });
    });

    it('times out, cancelling the operation so the next run is not blocked', async () => {
      await settle();
      // Still running when the reader gives up and cancels, however slow the machine (it completed first under load).
      await h.sim.call('PUT', h.sim.shopPath('/bulk-behavior'), { minRunningMs: 3000 });
      try {
        const err = await collect('bulk', { bulk: { timeoutMs: 1 } }).catch((e) => e);
        expect(err).toBeInstanceOf(BulkOperationError);
        expect(err.message).toMatch(/did not complete within .*cancelled/);
        const cur = await current();
        expect(cur.id).toBe(err.operationId);
        expect(['CANCELING', 'CANCELED']).toContain(cur.status);
        await settle();
        expect((await current()).status).toBe('CANCELED');
      } finally {
        await h.sim.call('PUT', h.sim.shopPath('/bulk-behavior'), { minRunningMs: null });
      }
    });
  });
});
