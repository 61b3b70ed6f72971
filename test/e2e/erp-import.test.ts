import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { inventoryImportRouter } from '../../src/api/inventory-import';
import { errorHandler } from '../../src/api/errors';
import { logger } from '../../src/logger';
import { importOnHandCsv } from '../../src/inventory/erp-import';
import { INVENTORY_SYNC_WORKFLOW_TYPE, inventorySyncWorkflowId } from '../../src/inventory/contract';
import { Harness } from '../support/harness';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');

/**
 * The ERP morning feed: a CSV of on-hand counts through the importer, the
 * gateway (POST /inventory/imports) and `npm run inventory:import`, against
 * real PostgreSQL (and Temporal for the sync nudge).
 *
 * The harness shop: NJ Warehouse, Brooklyn Store, LA Warehouse;
 * TEE nj 10 / bk 5 / la 10, MUG 0 / 3 / 5, CAP 0 / 0 / 2, LAST 1 / 0 / 0.
 */
describe('ERP feed: CSV import of on-hand counts', () => {
  let h: Harness;
  let ids: Record<string, string>;
  const dir = mkdtempSync(path.join(tmpdir(), 'erp-import-'));

  beforeAll(async () => {
    h = await Harness.start('erp');
    const { rows } = await h.pool.query(`SELECT id, name FROM locations WHERE shop_domain = $1`, [h.shopDomain]);
    ids = Object.fromEntries(rows.map((r) => [r.name, r.id]));
  });
  afterAll(async () => {
    // The import nudges the shop's inventory sync: do not leave it running after the file.
    await h?.client.workflow
      .getHandle(inventorySyncWorkflowId(h.shopDomain))
      .terminate('test over')
      .catch(() => undefined);
    await h?.close();
  });

  const byName = <T extends { locationName?: string }>(xs: T[]) =>
    [...xs].sort((a, b) => (a.locationName ?? '').localeCompare(b.locationName ?? ''));
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  const onHand = async (sku: string, location: string) => (await h.inventory(sku))[location]?.onHand;
  const ledger = async (key: string) =>
    (
      await h.pool.query(
        `SELECT sku, location_id, reason, kind, quantity, on_hand_before, on_hand_after, reference, actor FROM inventory_adjustments WHERE shop_domain = $1 AND idempotency_key LIKE $2 ORDER BY location_id, sku`,
        [h.shopDomain, `${key}%`],
      )
    ).rows;

  /** Feed the text in small byte chunks, as a file or a request body arrives. */
  const stream = (text: string, size = 7) => {
    const bytes = Buffer.from(text, 'utf8');
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
    return Readable.from(chunks);
  };

  it('applies the good lines, reports each bad line by number and field, writes the ledger, and a second import of the same file changes nothing', async () => {
    const laNumeric = /\/(\d+)$/.exec(ids['LA Warehouse']!)![1]!;
    const file =
      [
        '\uFEFFSKU,Location,On_Hand,Note', // 1 (BOM, header in any case, an extra column)
        'TEE,NJ Warehouse,12,counted', // 2 ok: 10 -> 12
        'MUG,NJ Warehouse,abc,typo', // 3 bad quantity
        'CAP,Nowhere,4,', // 4 unknown location
        ',LA Warehouse,3,', // 5 missing sku
        'TEE,nj warehouse,99,again', // 6 the same pair as line 2
        '"TEE, LONG",LA Warehouse,7,"quoted, with a comma"', // 7 ok: a new SKU with a comma, 0 -> 7
        `MUG,${laNumeric},8,by numeric id`, // 8 ok: 5 -> 8
        `CAP,${ids['Brooklyn Store']},-1,negative`, // 9 negative
        'TEE,LA Warehouse,4', // 10 wrong column count
        `LAST,${ids['NJ Warehouse']},1,unchanged`, // 11 ok, already 1
      ].join('\r\n') + '\r\n';

    const report = await importOnHandCsv(h.pool, h.shopDomain, stream(file), { source: 'morning.csv', actor: 'test' });
    expect(report.refused).toBeUndefined();
    expect(report.linesRead).toBe(11);
    expect(report.fileSha256).toBe(sha(file));
    expect(report.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 9, 10]);
    const msg = Object.fromEntries(report.errors.map((e) => [e.line, e.message]));
    expect(msg[3]).toMatch(/on_hand "abc" is not a whole number/);
    expect(msg[4]).toMatch(/location "Nowhere" is not a location of this shop/);
    expect(msg[5]).toBe('sku is empty');
    expect(msg[6]).toMatch(/sku "TEE" at location "NJ Warehouse" was already given on line 2/);
    expect(msg[9]).toMatch(/on_hand "-1" is not a whole number/);
    expect(msg[10]).toMatch(/expected 4 columns as in the header, found 3/);
    expect(report.failed).toEqual([]);
    expect(byName(report.applied)).toEqual([
      { locationId: ids['LA Warehouse'], locationName: 'LA Warehouse', lines: 2, changed: 2, replayed: false },
      { locationId: ids['NJ Warehouse'], locationName: 'NJ Warehouse', lines: 2, changed: 1, replayed: false },
    ]);

    expect(await h.inventory('TEE')).toMatchObject({
      'NJ Warehouse': { onHand: 12 },
      'LA Warehouse': { onHand: 10 },
      'Brooklyn Store': { onHand: 5 },
    });
    expect(await onHand('TEE, LONG', 'LA Warehouse')).toBe(7);
    expect(await h.inventory('MUG')).toMatchObject({ 'NJ Warehouse': { onHand: 0 }, 'LA Warehouse': { onHand: 8 } });
    expect(await onHand('CAP', 'Brooklyn Store')).toBe(0);

    // One ledger row per applied line, with the reason, the count and before/after.
    const rows = await ledger(`erp:${sha(file)}:`);
    const line = (r: any) => [
      r.sku,
      r.location_id,
      r.reason,
      r.kind,
      r.quantity,
      r.on_hand_before,
      r.on_hand_after,
      r.reference,
      r.actor,
    ];
    expect(rows.map(line).sort()).toEqual(
      [
        ['TEE', ids['NJ Warehouse'], 'erp_feed', 'set', 12, 10, 12, 'morning.csv', 'test'],
        ['LAST', ids['NJ Warehouse'], 'erp_feed', 'set', 1, 1, 1, 'morning.csv', 'test'],
        ['TEE, LONG', ids['LA Warehouse'], 'erp_feed', 'set', 7, 0, 7, 'morning.csv', 'test'],
        ['MUG', ids['LA Warehouse'], 'erp_feed', 'set', 8, 5, 8, 'morning.csv', 'test'],
      ].sort(),
    );

    // On hand moves after the import (a sale); the same file again is a retry, not a new count.
    await h.pool.query(
      `UPDATE inventory SET on_hand = 11 WHERE shop_domain = $1 AND sku = 'TEE' AND location_id = $2`,
      [h.shopDomain, ids['NJ Warehouse']],
    );
    const again = await importOnHandCsv(h.pool, h.shopDomain, stream(file, 1000), {
      source: 'morning.csv',
      actor: 'test',
    });
    expect(byName(again.applied).map((a) => [a.locationName, a.lines, a.changed, a.replayed])).toEqual([
      ['LA Warehouse', 2, 0, true],
      ['NJ Warehouse', 2, 0, true],
    ]);
    expect(again.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 9, 10]);
    expect(await onHand('TEE', 'NJ Warehouse')).toBe(11);
    expect(await onHand('MUG', 'LA Warehouse')).toBe(8);
    expect(await ledger(`erp:${sha(file)}:`)).toHaveLength(4);

    // The same bytes over HTTP (another reference) are still the same import: replayed, 422 for the bad lines.
    const res = await fetch(`${h.gatewayUrl}/inventory/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.opsToken}`, 'content-type': 'text/csv' },
      body: file,
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as any;
    expect(body.errors.map((e: any) => e.line)).toEqual([3, 4, 5, 6, 9, 10]);
    expect(body.applied.every((a: any) => a.replayed && a.changed === 0)).toBe(true);
    expect(body.applied[0].note).toMatch(/already applied here from "morning.csv"/);
    expect(await onHand('TEE', 'NJ Warehouse')).toBe(11);
    expect(await ledger(`erp:${sha(file)}:`)).toHaveLength(4);
  });

  it('applies each location atomically: a failure part-way through one location leaves all of it untouched while another applies; the same file again applies only the failed one', async () => {
    // A real failure inside the location's transaction, after some of its lines were written:
    // a trigger (for this test's shop only) rejects the ledger row of SKU EXPLODE. Lines of a
    // location are written in (sku) order: CAP, then EXPLODE (fails), then TEE.
    const trigger = `erp_test_fail_${h.shopDomain.split('.')[0]!.replace(/\W/g, '_')}`;
    await h.pool.query(
      `CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated failure writing %', NEW.sku; END $$`,
    );
    await h.pool.query(
      `CREATE TRIGGER ${trigger} BEFORE INSERT ON inventory_adjustments FOR EACH ROW WHEN (NEW.shop_domain = '${h.shopDomain}' AND NEW.sku = 'EXPLODE') EXECUTE FUNCTION ${trigger}()`,
    );
    const file =
      'sku,location,on_hand\nCAP,LA Warehouse,9\nEXPLODE,LA Warehouse,1\nTEE,LA Warehouse,20\nMUG,Brooklyn Store,30\n';
    let report;
    try {
      report = await importOnHandCsv(h.pool, h.shopDomain, stream(file), { source: 'atomic.csv' });
    } finally {
      await h.pool.query(`DROP TRIGGER ${trigger} ON inventory_adjustments`);
      await h.pool.query(`DROP FUNCTION ${trigger}()`);
    }
    expect(report.errors).toEqual([]);
    expect(report.failed).toEqual([
      {
        locationId: ids['LA Warehouse'],
        locationName: 'LA Warehouse',
        lines: 3,
        message: expect.stringMatching(/simulated failure writing EXPLODE/),
      },
    ]);
    expect(report.applied).toEqual([
      { locationId: ids['Brooklyn Store'], locationName: 'Brooklyn Store', lines: 1, changed: 1, replayed: false },
    ]);
    // CAP was updated before EXPLODE failed: rolled back with the rest of LA.
    expect(await onHand('CAP', 'LA Warehouse')).toBe(2);
    expect(await onHand('TEE', 'LA Warehouse')).toBe(10);
    expect(await onHand('EXPLODE', 'LA Warehouse')).toBeUndefined();
    expect(await onHand('MUG', 'Brooklyn Store')).toBe(30);
    expect(await ledger(`erp:${sha(file)}:${ids['LA Warehouse']}`)).toEqual([]);
    expect(await ledger(`erp:${sha(file)}:${ids['Brooklyn Store']}`)).toHaveLength(1);

    // The cause is gone: the same file again applies LA and only replays Brooklyn.
    const retry = await importOnHandCsv(h.pool, h.shopDomain, stream(file), { source: 'atomic.csv' });
    expect(retry.failed).toEqual([]);
    expect(byName(retry.applied).map((a) => [a.locationName, a.lines, a.changed, a.replayed])).toEqual([
      ['Brooklyn Store', 1, 0, true],
      ['LA Warehouse', 3, 3, false],
    ]);
    expect(await onHand('CAP', 'LA Warehouse')).toBe(9);
    expect(await onHand('TEE', 'LA Warehouse')).toBe(20);
  });

  it('refuses a file without a required column, an empty file, and a file that is not text, applying nothing', async () => {
    const before = await h.inventory('TEE');
    const missing = await importOnHandCsv(h.pool, h.shopDomain, stream('sku,location,qty\nTEE,NJ Warehouse,1\n'), {
      source: 'x.csv',
    });
    expect(missing.refused).toMatch(/missing required column on_hand/);
    expect(missing.applied).toEqual([]);
    expect((await importOnHandCsv(h.pool, h.shopDomain, stream(''), { source: 'x.csv' })).refused).toMatch(
      /the file is empty/,
    );
    expect(
      (
        await importOnHandCsv(
          h.pool,
          h.shopDomain,
          Readable.from([Buffer.from([0x73, 0x6b, 0x75, 0xff, 0xfe, 0x00])]),
          { source: 'x.bin' },
        )
      ).refused,
    ).toMatch(/not UTF-8/);
    // A quote opened on line 3 and never closed: refused, although line 2 was fine.
    const open = await importOnHandCsv(
      h.pool,
      h.shopDomain,
      stream(`sku,location,on_hand\nTEE,NJ Warehouse,1\n"TEE,NJ Warehouse,${'999\n'.repeat(30_000)}`),
      { source: 'x.csv' },
    );
    expect(open.refused).toMatch(/line 3: a record longer than/);
    expect(await h.inventory('TEE')).toEqual(before);
  });

  it('lists at most maxErrors bad lines and counts the rest', async () => {
    const lines = ['sku,location,on_hand', ...Array.from({ length: 25 }, (_, i) => `S${i},Nowhere,1`)];
    const r = await importOnHandCsv(h.pool, h.shopDomain, stream(lines.join('\n')), {
      source: 'many.csv',
      maxErrors: 10,
    });
    expect(r.errors).toHaveLength(10);
    expect(r.errors[9]!.line).toBe(11);
    expect(r.errorsNotListed).toBe(15);
  });

  it('HTTP: 401 without or with a wrong token, 415 for JSON, 400 when refused, 422 with line numbers, 200 for a clean file (and the sync is woken)', async () => {
    const url = `${h.gatewayUrl}/inventory/imports`;
    const csv = 'sku,location,on_hand\nCAP,NJ Warehouse,3\nCAP,LA Warehouse,x\n';
    const post = (body: string, headers: Record<string, string>) => fetch(url, { method: 'POST', headers, body });

    const anon = await post(csv, { 'content-type': 'text/csv' });
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as any).error).toMatch(/Bearer/);
    expect((await post(csv, { 'content-type': 'text/csv', authorization: 'Bearer nope' })).status).toBe(401);
    expect(await onHand('CAP', 'NJ Warehouse')).toBe(0);

    const auth = { authorization: `Bearer ${h.opsToken}` };
    expect((await post(csv, { ...auth, 'content-type': 'application/json' })).status).toBe(415);

    const refused = await post('sku,on_hand\nCAP,3\n', { ...auth, 'content-type': 'text/csv' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as any).refused).toMatch(/missing required column location/);

    const partial = await post(csv, { ...auth, 'content-type': 'text/csv; charset=utf-8' });
    expect(partial.status).toBe(422);
    const body = (await partial.json()) as any;
    expect(body.errors).toEqual([{ line: 3, message: expect.stringMatching(/on_hand "x"/) }]);
    expect(body.applied).toEqual([
      { locationId: ids['NJ Warehouse'], locationName: 'NJ Warehouse', lines: 1, changed: 1, replayed: false },
    ]);
    expect(await onHand('CAP', 'NJ Warehouse')).toBe(3);
    expect(await onHand('CAP', 'LA Warehouse')).toBe(9);

    const clean = await post('sku,location,on_hand\nCAP,Brooklyn Store,4\n', {
      ...auth,
      'content-type': 'application/octet-stream',
    });
    expect(clean.status).toBe(200);
    expect(((await clean.json()) as any).applied[0]).toMatchObject({
      locationName: 'Brooklyn Store',
      lines: 1,
      changed: 1,
    });
    expect(await onHand('CAP', 'Brooklyn Store')).toBe(4);
    // The change woke (started) the shop's inventory sync.
    const desc = await h.client.workflow.getHandle(inventorySyncWorkflowId(h.shopDomain)).describe();
    expect(desc.type).toBe(INVENTORY_SYNC_WORKFLOW_TYPE);
  });

  it('HTTP: a big body refused at its header still gets its 400; a body over the limit is 413 (by Content-Length and while streaming), applying nothing', async () => {
    const url = `${h.gatewayUrl}/inventory/imports`;
    const big = 'sku,location,quantity\n' + 'TEE,NJ Warehouse,1\n'.repeat(300_000); // ~6 MB, refused at line 1
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.opsToken}`, 'content-type': 'text/csv' },
      body: big,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).refused).toMatch(/missing required column on_hand/);

    // The limit, on a router of its own with a small one: by Content-Length, and while streaming (chunked).
    const app = express();
    app.use(
      inventoryImportRouter({
        shopDomain: h.shopDomain,
        pool: h.pool,
        logger,
        opsToken: 'small',
        temporal: h.client,
        taskQueue: h.taskQueue,
        maxBytes: 1000,
      }),
    );
    app.use(errorHandler(logger));
    const server = await new Promise<Server>((r) => {
      const s = app.listen(0, '127.0.0.1', () => r(s));
    });
    try {
      const small = `http://127.0.0.1:${(server.address() as AddressInfo).port}/inventory/imports`;
      const body = 'sku,location,on_hand\n' + 'CAP,NJ Warehouse,77\n'.repeat(100);
      const headers = { authorization: 'Bearer small', 'content-type': 'text/csv' };
      expect((await fetch(small, { method: 'POST', headers, body })).status).toBe(413);
      const chunked = await fetch(small, {
        method: 'POST',
        headers,
        body: Readable.toWeb(Readable.from([body.slice(0, 500), body.slice(500)])) as any,
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(await onHand('CAP', 'NJ Warehouse')).not.toBe(77);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('streams a file of a million lines: every line counted and checked, errors capped, the few good lines applied', async () => {
    const N = 1_000_000;
    async function* feed() {
      yield 'sku,location,on_hand\n';
      for (let b = 0; b < N / 1000; b++) {
        let s = '';
        for (let i = 0; i < 1000; i++) {
          const k = b * 1000 + i;
          s += k % 250_000 === 0 ? `BULK-${k},NJ Warehouse,${k / 250_000 + 1}\n` : `BULK-${k},Nowhere,1\n`;
        }
        yield Buffer.from(s);
      }
    }
    const r = await importOnHandCsv(h.pool, h.shopDomain, Readable.from(feed()), { source: 'million.csv' });
    expect(r.linesRead).toBe(N + 1);
    expect(r.errors).toHaveLength(1000);
    expect(r.errors[0]).toEqual({ line: 3, message: expect.stringMatching(/location "Nowhere"/) });
    expect(r.errorsNotListed).toBe(N - 4 - 1000);
    expect(r.applied).toEqual([
      { locationId: ids['NJ Warehouse'], locationName: 'NJ Warehouse', lines: 4, changed: 4, replayed: false },
    ]);
    expect(await onHand('BULK-750000', 'NJ Warehouse')).toBe(4);
  });

  /** `npm run inventory:import -- <file> --shop <shop>` against this harness's database. */
  async function cli(file: string, env: Record<string, string>) {
    try {
      const r = await run(
        path.join(ROOT, 'node_modules', '.bin', 'tsx'),
        [path.join(ROOT, 'scripts', 'inventory-import.ts'), file, '--shop', h.shopDomain],
        {
          env: { ...process.env, DATABASE_URL: h.env.databaseUrl, SHOPIFY_SHOP: '', ...env },
          cwd: ROOT,
        },
      );
      return { code: 0, out: r.stdout, err: r.stderr };
    } catch (e: any) {
      return { code: e.code as number, out: e.stdout as string, err: e.stderr as string };
    }
  }

  it('CLI: prints the summary and each bad line, exits 1 with a bad line (still applying the rest, even without Temporal), 0 when clean, 2 when refused', async () => {
    const bad = path.join(dir, 'feed-bad.csv');
    writeFileSync(bad, 'sku,location,on_hand\nLAST,LA Warehouse,6\nLAST,Brooklyn Store,many\n');
    // Temporal unreachable: the import still applies and says the sync will find it later.
    const r1 = await cli(bad, { TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(r1.code).toBe(1);
    expect(r1.out).toMatch(/LA Warehouse \(.*\): 1 lines applied, 1 changed on hand/);
    expect(r1.out).toMatch(/^line 3: on_hand "many" is not a whole number/m);
    expect(r1.out).toMatch(/note: Temporal at 127\.0\.0\.1:1 is not reachable/);
    expect(await onHand('LAST', 'LA Warehouse')).toBe(6);
    expect(await onHand('LAST', 'Brooklyn Store')).toBe(0);
    const [row] = await ledger(`erp:${sha('sku,location,on_hand\nLAST,LA Warehouse,6\nLAST,Brooklyn Store,many\n')}:`);
    expect(row).toMatchObject({ sku: 'LAST', reference: 'feed-bad.csv', on_hand_before: 0, on_hand_after: 6 });

    const good = path.join(dir, 'feed-good.csv');
    writeFileSync(good, 'sku,location,on_hand\nLAST,Brooklyn Store,2\n');
    const r2 = await cli(good, { TEMPORAL_ADDRESS: h.env.temporalAddress, TEMPORAL_TASK_QUEUE: h.taskQueue });
    expect(r2.code).toBe(0);
    expect(r2.out).toMatch(/Brooklyn Store \(.*\): 1 lines applied, 1 changed on hand/);
    expect(r2.out).toMatch(/inventory sync woken/);
    expect(await onHand('LAST', 'Brooklyn Store')).toBe(2);

    const refused = path.join(dir, 'feed-refused.csv');
    writeFileSync(refused, 'item,where,count\nLAST,Brooklyn Store,9\n');
    const r3 = await cli(refused, {});
    expect(r3.code).toBe(2);
    expect(r3.out).toMatch(/refused: missing required columns sku, location, on_hand/);
    expect(await onHand('LAST', 'Brooklyn Store')).toBe(2);
  });
});
