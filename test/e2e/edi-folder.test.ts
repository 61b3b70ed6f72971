import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { logger } from '../../src/logger';
import { EdiFolderPoller, MAX_FILE_BYTES, startEdiFolderPoller, type FileResult } from '../../src/partner/edi-folder';
import { upsertPartner } from '../../src/partner/repository';
import { Harness, PARTNER_TOKENS } from '../support/harness';
import { poAck855, vendorInterchange } from '../support/x12';

/**
 * Brooklyn Store played as a drop-ship vendor that exchanges files through
 * folders: our 850 and 997 are written to its outbound folder, its 855 is
 * dropped (temporary name, then renamed) in its inbound folder and picked up
 * by the poller, which moves each file to processed/ or rejected/.
 */
describe('EDI inbound drop folder', () => {
  let h: Harness;
  let root: string;
  let inbound: string;
  let outbound: string;
  let vendor: string;
  let poller: EdiFolderPoller;
  let control = 700;
  const log = logger.child({ test: 'edi-folder' });

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'edi-folder-'));
    inbound = path.join(root, 'in-from-vendor');
    outbound = path.join(root, 'out-to-vendor');
    await Promise.all([mkdir(inbound), mkdir(outbound)]);
    h = await Harness.start('edi-folder');
    vendor = h.partnerId('bk-store');
    await upsertPartner(h.pool, {
      id: vendor,
      shopDomain: h.shopDomain,
      name: 'Brooklyn Store',
      kind: 'edi_vendor',
      token: PARTNER_TOKENS['bk-store'],
      requiresAcceptance: true,
      acceptanceWindowSeconds: 3600,
      edi: {
        isaQualifier: 'ZZ',
        isaId: 'BKVENDOR',
        gsApplicationCode: 'BKVENDOR',
        tracking: 'REF_CN',
        hierarchy: 'SOPI',
        allowPartialAcceptance: false,
        usageIndicator: 'P',
      },
      transport: { kind: 'folder', path: outbound, inbound },
    });
    poller = new EdiFolderPoller({
      pool: h.pool,
      logger: log,
      temporal: h.client,
      shopDomain: h.shopDomain,
      intervalSeconds: 0,
    });
  });
  afterAll(async () => {
    await poller?.stop();
    await h?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** As a vendor does: write under a hidden temporary name, then rename. */
  async function drop(name: string, body: string | Buffer, mtime?: Date) {
    const temp = path.join(inbound, `.${name}.tmp`);
    await writeFile(temp, body);
    if (mtime) await utimes(temp, mtime, mtime);
    await rename(temp, path.join(inbound, name));
  }

  async function filesIn(dir: string): Promise<string[]> {
    try {
      return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    } catch {
      return [];
    }
  }

  /** A file in `dir` whose name and body match, polling with a deadline. */
  async function waitForFile(
    dir: string,
    match: (name: string, body: string) => boolean,
    what: string,
    timeoutMs = 30_000,
  ) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const name of await filesIn(dir)) {
        const body = await readFile(path.join(dir, name), 'utf8').catch(() => '');
        if (match(name, body)) return { name, body };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${what} in ${dir}; there: ${(await filesIn(dir)).join(', ')}`);
  }

  async function orderAwaitingVendor() {
    const { orderId } = await h.placeOrder([{ sku: 'MUG', quantity: 1 }]);
    const asked = await h.waitForStage(orderId, 'awaiting_acceptance');
    const po = asked.allocations[0]!.id;
    await waitForFile(
      outbound,
      (name, body) => name.startsWith('850-') && body.includes(`BEG*00*DS*${po}*`),
      `850 for ${po}`,
    );
    return { orderId, po };
  }

  const only = (results: FileResult[] | null, file: string) => {
    expect(results).not.toBeNull();
    const mine = results!.filter((r) => r.file === file);
    expect(mine).toHaveLength(1);
    return mine[0]!;
  };

  it('an 855 dropped in the folder accepts the PO; the file goes to processed/, our 997 to the outbound folder; the same 855 again is a duplicate', async () => {
    const { orderId, po } = await orderAwaitingVendor();
    await writeFile(path.join(inbound, '.855-still-writing.x12.tmp'), 'ISA*00*'); // a vendor mid-write: not touched

    const c = ++control;
    const ack = vendorInterchange({ sender: 'BKVENDOR', control: c, functionalId: 'PR' }, [
      poAck855(po, [{ lineId: '1', sku: 'MUG', quantity: 1, acks: [['IA', 1]] }]),
    ]);
    await drop('855-first.x12', ack);
    const first = only(await poller.poll(), '855-first.x12');
    expect(first).toMatchObject({
      partnerId: vendor,
      outcome: 'processed',
      sets: [expect.objectContaining({ type: '855', outcome: 'signalled' })],
    });
    expect(path.dirname(first.movedTo!)).toBe(path.join(inbound, 'processed'));
    expect(path.basename(first.movedTo!)).toMatch(/^\d{8}T\d{6}\.\d{3}Z-855-first\.x12$/);
    expect(await readFile(first.movedTo!, 'utf8')).toBe(ack);
    expect(await filesIn(inbound)).toEqual(['.855-still-writing.x12.tmp']);

    const accepted = await h.waitFor(
      orderId,
      (s) => s.stage !== 'awaiting_acceptance',
      'the order to leave awaiting_acceptance',
    );
    expect(accepted.allocations[0]).toMatchObject({ id: po, locationName: 'Brooklyn Store' });
    const ours = await waitForFile(
      outbound,
      (name, body) => name.startsWith('997-') && body.includes(`AK1*PR*${c}~`),
      `our 997 for group ${c}`,
    );
    expect(ours.body).toMatch(/AK5\*A/);

    const settled = await h.waitForStage(orderId, 'awaiting_shipment');
    await drop('855-again.x12', ack);
    const again = only(await poller.poll(), '855-again.x12');
    expect(again).toMatchObject({
      outcome: 'processed',
      sets: [expect.objectContaining({ type: '855', outcome: 'duplicate' })],
    });
    expect(path.dirname(again.movedTo!)).toBe(path.join(inbound, 'processed'));
    const after = await h.status(orderId);
    expect(after).toMatchObject({ stage: 'awaiting_shipment', allocations: settled.allocations });
    expect(after!.timeline).toHaveLength(settled.timeline.length);
    const { rows } = await h.pool.query(
      `SELECT outcome FROM edi_inbound WHERE partner_id = $1 AND po_number = $2 AND type = '855'`,
      [vendor, po],
    );
    expect(rows.map((r) => r.outcome)).toEqual(['signalled']);
    await rm(path.join(inbound, '.855-still-writing.x12.tmp'));
  });

  it('unreadable, rejected and oversized files go to rejected/ (a rejected group still gets our 997 with the error)', async () => {
    await drop('garbage.x12', 'this is not X12 at all', new Date(Date.now() - 3000));
    const c = ++control;
    await drop(
      'miscounted.x12',
      vendorInterchange({ sender: 'BKVENDOR', control: c, functionalId: 'PR', seCountOffset: 1 }, [
        poAck855('NO-SUCH-PO', [{ lineId: '1', sku: 'MUG', quantity: 1, acks: [['IA', 1]] }]),
      ]),
      new Date(Date.now() - 2000),
    );
    await drop('huge.x12', Buffer.alloc(MAX_FILE_BYTES + 1, 'A'), new Date(Date.now() - 1000));

    const results = await poller.poll();
    expect(results!.map((r) => r.file)).toEqual(['garbage.x12', 'miscounted.x12', 'huge.x12']); // oldest first
    const rejectedDir = path.join(inbound, 'rejected');
    expect(only(results, 'garbage.x12')).toMatchObject({
      outcome: 'rejected',
      reason: expect.stringMatching(/^unreadable X12: /),
    });
    expect(only(results, 'miscounted.x12')).toMatchObject({
      outcome: 'rejected',
      reason: expect.stringMatching(/^X12 rejected: /),
      sets: [expect.objectContaining({ outcome: 'rejected' })],
    });
    expect(only(results, 'huge.x12')).toMatchObject({
      outcome: 'rejected',
      reason: expect.stringMatching(/^larger than 10485760 bytes/),
    });
    for (const r of results!) expect(path.dirname(r.movedTo!)).toBe(rejectedDir);
    expect((await filesIn(rejectedDir)).map((n) => n.replace(/^\d{8}T\d{6}\.\d{3}Z-/, '')).sort()).toEqual([
      'garbage.x12',
      'huge.x12',
      'miscounted.x12',
    ]);
    expect((await stat(only(results, 'huge.x12').movedTo!)).size).toBe(MAX_FILE_BYTES + 1);
    expect(await filesIn(inbound)).toEqual([]);
    const ours = await waitForFile(
      outbound,
      (name, body) => name.startsWith('997-') && body.includes(`AK1*PR*${c}~`),
      `our 997 for group ${c}`,
    );
    expect(ours.body).toMatch(/AK5\*R\*4/);
  });

  it('an interchange-level error (IEA01 count, IEA02 vs ISA13, no IEA) rejects the file whole: rejected/, a TA1 R, the PO not accepted; the corrected resend under the same ISA13 is taken', async () => {
    const { orderId, po } = await orderAwaitingVendor();
    const accept = [poAck855(po, [{ lineId: '1', sku: 'MUG', quantity: 1, acks: [['IA', 1]] }])];
    const cases = [
      { name: 'iea-count.x12', iea: { count: 2 } as const, code: '021' },
      { name: 'iea-control.x12', iea: { control: '000000999' } as const, code: '001' },
      { name: 'iea-missing.x12', iea: 'missing' as const, code: '023' },
    ];
    for (const [i, k] of cases.entries()) {
      const c = ++control;
      await drop(
        k.name,
        vendorInterchange({ sender: 'BKVENDOR', control: c, functionalId: 'PR', iea: k.iea }, accept),
        new Date(Date.now() - 5000 + i * 1000),
      );
      const r = only(await poller.poll(), k.name);
      expect(r).toMatchObject({
        outcome: 'rejected',
        reason: expect.stringMatching(
          new RegExp(`^X12 rejected: interchange 0*${c} rejected whole \\(TA1 ${k.code}\\)`),
        ),
        sets: [expect.objectContaining({ type: '855', outcome: 'rejected' })],
      });
      const ta1 = await waitForFile(
        outbound,
        (name, body) => name.startsWith('997-') && body.includes(`TA1*${String(c).padStart(9, '0')}*`),
        `our TA1 for ${c}`,
      );
      expect(ta1.body).toContain(`*R*${k.code}~`);
      expect(ta1.body).not.toContain('AK1*');
    }
    // Nothing was applied: the order still waits for the vendor.
    const still = (await h.status(orderId))!;
    expect(still.stage).toBe('awaiting_acceptance');
    expect(still.allocations[0]!.state).toBe('awaiting_acceptance');
    // The vendor resends the intact interchange under the last ISA13: accepted, not "duplicate".
    await drop('resent.x12', vendorInterchange({ sender: 'BKVENDOR', control, functionalId: 'PR' }, accept));
    expect(only(await poller.poll(), 'resent.x12')).toMatchObject({
      outcome: 'processed',
      sets: [expect.objectContaining({ outcome: 'signalled' })],
    });
    await h.waitForStage(orderId, 'awaiting_shipment');
  });

  it('a file whose signal cannot reach Temporal stays (and files after it wait); the next poll takes it', async () => {
    const { orderId, po } = await orderAwaitingVendor();
    const c = ++control;
    await drop(
      '855-retry.x12',
      vendorInterchange({ sender: 'BKVENDOR', control: c, functionalId: 'PR' }, [
        poAck855(po, [{ lineId: '1', sku: 'MUG', quantity: 1, acks: [['IA', 1]] }]),
      ]),
      new Date(Date.now() - 2000),
    );
    await drop('later.x12', 'not X12 either', new Date(Date.now() - 1000));

    // A Temporal that never answers: the signal's deadline ends the wait.
    const silent = {
      withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
      workflow: { getHandle: () => ({ signal: () => new Promise(() => {}) }) },
    } as unknown as Client;
    const down = new EdiFolderPoller({
      pool: h.pool,
      logger: log,
      temporal: silent,
      shopDomain: h.shopDomain,
      intervalSeconds: 0,
      temporalTimeoutMs: 300,
    });
    expect(await down.poll()).toEqual([
      expect.objectContaining({
        file: '855-retry.x12',
        outcome: 'left',
        movedTo: null,
        reason: 'not received, retried at the next poll: signal: Temporal did not answer in time, try again',
      }),
    ]);
    expect((await filesIn(inbound)).sort()).toEqual(['855-retry.x12', 'later.x12']);
    const { rows } = await h.pool.query(`SELECT outcome FROM edi_inbound WHERE partner_id = $1 AND po_number = $2`, [
      vendor,
      po,
    ]);
    expect(rows.map((r) => r.outcome)).toEqual(['pending']);
    expect((await h.status(orderId))!.stage).toBe('awaiting_acceptance');

    const results = await poller.poll();
    expect(results!.map((r) => [r.file, r.outcome])).toEqual([
      ['855-retry.x12', 'processed'],
      ['later.x12', 'rejected'],
    ]);
    expect(only(results, '855-retry.x12').sets).toEqual([
      expect.objectContaining({ type: '855', outcome: 'signalled' }),
    ]);
    await h.waitFor(orderId, (s) => s.stage !== 'awaiting_acceptance', 'the order to leave awaiting_acceptance');
    expect(await filesIn(inbound)).toEqual([]);
  });

  it('one poll at a time; the timer picks files up on its own and stops cleanly', async () => {
    const running = poller.poll();
    expect(await poller.poll()).toBeNull();
    expect(await running).toEqual([]);

    const timed = startEdiFolderPoller({
      pool: h.pool,
      logger: log,
      temporal: h.client,
      shopDomain: h.shopDomain,
      intervalSeconds: 1,
    });
    try {
      await drop('by-timer.x12', 'still not X12');
      await waitForFile(
        path.join(inbound, 'rejected'),
        (name) => name.endsWith('-by-timer.x12'),
        'by-timer.x12 in rejected/',
        15_000,
      );
      expect(await filesIn(inbound)).toEqual([]);
    } finally {
      await timed.stop();
    }
    await drop('after-stop.x12', 'not X12');
    expect(await timed.poll()).toEqual([]); // stopped: nothing more is taken
    expect(await filesIn(inbound)).toEqual(['after-stop.x12']);
    expect(only(await poller.poll(), 'after-stop.x12').outcome).toBe('rejected');
  });
});
