import type { Harness } from '../test/support/harness';
import { allocateAndReserve } from '../src/inventory/reservations';
import { createPool } from '../src/db/pool';
import { pool, progress, spread, type Spread } from './stats';

/**
 * Reservation contention: N concurrent reservations racing for one SKU at one
 * location (they serialise on its row lock) against N spread over distinct
 * SKUs, through the same allocateAndReserve the activity uses.
 */
export interface ContentionResult {
  concurrent: number;
  sameSkuPerSecond: Spread;
  distinctSkusPerSecond: Spread;
  ratio: number;
}

export async function measureContention(
  h: Harness,
  opts: { concurrent: number; rounds: number },
): Promise<ContentionResult> {
  const db = createPool(h.env.databaseUrl, opts.concurrent); // one connection per racer
  const location = (
    await h.pool.query(`SELECT id FROM locations WHERE shop_domain = $1 AND name = 'LA Warehouse'`, [h.shopDomain])
  ).rows[0].id;
  const stock = async (sku: string, units: number) =>
    h.pool.query(
      `INSERT INTO inventory (shop_domain, sku, location_id, on_hand) VALUES ($1, $2, $3, $4) ON CONFLICT (shop_domain, sku, location_id) DO UPDATE SET on_hand = $4, reserved = 0`,
      [h.shopDomain, sku, location, units],
    );
  let seq = 0;
  const race = async (skuFor: (i: number) => string) => {
    const t0 = performance.now();
    await pool(opts.concurrent, opts.concurrent, async (i) => {
      const n = seq++;
      const r = await allocateAndReserve(db, {
        workflowId: `bench-contention-${n}`,
        shopDomain: h.shopDomain,
        orderId: `c${n}`,
        routeAttempt: 1,
        firstSequence: 1,
        lines: [{ lineItemId: `li-${n}`, sku: skuFor(i), quantity: 1 }],
        shipTo: null,
        exclude: [],
      });
      if (!r.ok) throw new Error('bench reservation found no stock');
    });
    return opts.concurrent / ((performance.now() - t0) / 1000);
  };
  const same: number[] = [];
  const distinct: number[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    await stock('HOT-SKU', opts.concurrent);
    same.push(await race(() => 'HOT-SKU'));
    for (let i = 0; i < opts.concurrent; i++) await stock(`COLD-${i}`, 1);
    distinct.push(await race((i) => `COLD-${i}`));
    progress('reservation contention', r + 1, opts.rounds);
  }
  await db.end();
  const sameSkuPerSecond = spread(same);
  const distinctSkusPerSecond = spread(distinct);
  return {
    concurrent: opts.concurrent,
    sameSkuPerSecond,
    distinctSkusPerSecond,
    ratio: sameSkuPerSecond.median / distinctSkusPerSecond.median,
  };
}
