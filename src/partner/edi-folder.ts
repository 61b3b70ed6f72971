import { access, mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { OrderInbox, OrderInboxError } from '../orders/inbox';
import { retryAdvice } from '../temporal/failures';
import type { Logger } from '../logger';
import { receiveEdi, resendUnsentAcknowledgments, type ReceiveDeps, type SetResult } from './edi-receive';
import { getPartner, type Partner } from './repository';

/**
 * Inbound X12 from vendors' drop folders (`transport.inbound`): every
 * `intervalSeconds` each EDI vendor's inbound folder is listed and each regular
 * file not starting with `.` (a vendor still writing under a temporary name) is
 * taken, oldest first, through receiveEdi (as POST /partners/{id}/edi does;
 * our 997 goes out over the partner's transport), then moved:
 *
 * - `processed/<time>-<name>`: readable and accepted, whatever each set's
 *   outcome (signalled, duplicate, unmatched);
 * - `rejected/<time>-<name>`: unreadable, larger than 10 MB, or the receipt had
 *   problems (our 997 says which);
 * - left where it is: receiveEdi threw (Temporal or the database did not take
 *   it), or the file could not be read or moved. The next poll takes it again;
 *   sets already signalled are recognised. A throw ends that folder's pass so
 *   later files do not overtake it.
 *
 * Each pass also sends again our 997s/TA1s whose delivery failed (every EDI
 * vendor, with or without an inbound folder).
 *
 * One poll at a time: a tick that finds the previous poll still running is
 * skipped, so no file is ever processed twice at once in this process. One
 * line is logged per file with its outcome.
 */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface EdiFolderDeps {
  pool: Pool;
  logger: Logger;
  temporal: Client;
  /** Only this shop's partners (a gateway serves one shop); every shop's when absent. */
  shopDomain?: string;
  /** Seconds between polls (EDI_POLL_SECONDS, 10 by default); 0: no timer, poll() only. */
  intervalSeconds?: number;
  /** Replaces the order inbox's deadline for each signal (default: INBOX_DEADLINES, like the HTTP endpoint's). */
  temporalTimeoutMs?: number;
  maxFileBytes?: number;
  now?: () => Date;
}

export interface FileResult {
  partnerId: string;
  /** The file's name in the inbound folder. */
  file: string;
  /** processed/ or rejected/ (moved there), or left in place for the next poll. */
  outcome: 'processed' | 'rejected' | 'left';
  movedTo: string | null;
  reason: string | null;
  sets: SetResult[];
}

interface Candidate {
  name: string;
  full: string;
  size: number;
  mtimeMs: number;
}

export class EdiFolderPoller {
  private running: Promise<FileResult[]> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** The last listing problem per partner, so a missing folder is logged once, not every tick. */
  private readonly folderProblems = new Map<string, string>();
  private readonly receive: ReceiveDeps;
  private readonly maxBytes: number;
  private readonly now: () => Date;

  constructor(private readonly d: EdiFolderDeps) {
    this.receive = {
      pool: d.pool,
      logger: d.logger,
      orders: new OrderInbox(d.temporal, { deadlineMs: d.temporalTimeoutMs }),
    };
    this.maxBytes = d.maxFileBytes ?? MAX_FILE_BYTES;
    this.now = d.now ?? (() => new Date());
  }

  /** Start the timer (no-op when intervalSeconds is 0). */
  start(): this {
    const seconds = this.d.intervalSeconds ?? 10;
    if (seconds > 0 && !this.timer && !this.stopped) {
      this.timer = setInterval(() => this.tick(), seconds * 1000);
      this.timer.unref();
    }
    return this;
  }

  /** One pass over every inbound folder; null when a pass is already running (nothing is done). */
  poll(): Promise<FileResult[] | null> {
    if (this.running) return Promise.resolve(null);
    const run = this.pollAll().finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  /** Stop the timer and wait for a running pass (it stops after the file in hand). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private tick() {
    if (this.running) {
      this.d.logger.debug('EDI drop-folder poll still running; tick skipped');
      return;
    }
    this.poll().catch((err) => this.d.logger.error({ err: (err as Error).message }, 'EDI drop-folder poll failed'));
  }

  private async pollAll(): Promise<FileResult[]> {
    if (this.stopped) return [];
    const { rows } = await this.d.pool.query<{ id: string }>(
      `SELECT id FROM partners
        WHERE kind = 'edi_vendor' AND edi IS NOT NULL AND transport IS NOT NULL AND ($1::text IS NULL OR shop_domain = $1)
        ORDER BY id`,
      [this.d.shopDomain ?? null],
    );
    const results: FileResult[] = [];
    for (const { id } of rows) {
      if (this.stopped) break;
      let partner: Partner | null;
      try {
        partner = await getPartner(this.d.pool, id);
      } catch (err) {
        this.folderProblem(id, `partner settings unreadable: ${(err as Error).message}`);
        continue;
      }
      if (!partner?.transport) continue;
      // Our 997s/TA1s whose delivery failed are sent again on every pass, whichever way the partner sends to us.
      await resendUnsentAcknowledgments(this.receive, partner).catch((err) =>
        this.d.logger.warn({ partnerId: id, err: (err as Error).message }, 'resending unsent 997s failed'),
      );
      const inbound = partner.transport.inbound;
      if (!inbound) continue;
      results.push(...(await this.pollFolder(partner, inbound)));
    }
    return results;
  }

  private async pollFolder(partner: Partner, inbound: string): Promise<FileResult[]> {
    let entries;
    try {
      entries = await readdir(inbound, { withFileTypes: true });
    } catch (err) {
      this.folderProblem(
        partner.id,
        `cannot list inbound folder ${inbound}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
      return [];
    }
    if (this.folderProblems.delete(partner.id))
      this.d.logger.info({ partnerId: partner.id, inbound }, 'EDI inbound folder readable again');

    const files: Candidate[] = [];
    for (const e of entries) {
      if (!e.isFile() || e.name.startsWith('.')) continue;
      const full = path.join(inbound, e.name);
      try {
        const s = await stat(full);
        if (s.isFile()) files.push({ name: e.name, full, size: s.size, mtimeMs: s.mtimeMs });
      } catch {
        // Gone since the listing (the vendor took it back): nothing to do.
      }
    }
    files.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

    const results: FileResult[] = [];
    for (const f of files) {
      if (this.stopped) break;
      const taken = await this.takeFile(partner, inbound, f);
      if (!taken) continue;
      const { halt, ...r } = taken;
      this.logResult(r);
      results.push(r);
      if (halt) break; // later files wait: they must not overtake this one
    }
    return results;
  }

  private async takeFile(
    partner: Partner,
    inbound: string,
    f: Candidate,
  ): Promise<(FileResult & { halt?: boolean }) | null> {
    const base = { partnerId: partner.id, file: f.name, sets: [] as SetResult[] };
    const tooLarge = (size: number) => `larger than ${this.maxBytes} bytes (${size} bytes)`;
    if (f.size > this.maxBytes) return this.move(base, inbound, f, 'rejected', tooLarge(f.size));

    let bytes: Buffer;
    try {
      bytes = await readFile(f.full);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null; // taken away since the listing
      return {
        ...base,
        outcome: 'left',
        movedTo: null,
        reason: `cannot read the file: ${code ?? (err as Error).message}`,
      };
    }
    if (bytes.length > this.maxBytes) return this.move(base, inbound, f, 'rejected', tooLarge(bytes.length));

    let receipt;
    try {
      receipt = await receiveEdi(this.receive, partner, bytes.toString('utf8'));
    } catch (err) {
      // Kept as pending in edi_inbound; the next poll signals again.
      const why =
        err instanceof OrderInboxError && err.retryable
          ? `signal: ${retryAdvice(err.kind === 'late', err.code)}`
          : (err as Error).message;
      return {
        ...base,
        outcome: 'left',
        movedTo: null,
        reason: `not received, retried at the next poll: ${why}`,
        halt: true,
      };
    }
    if (!receipt.readable) return this.move(base, inbound, f, 'rejected', `unreadable X12: ${receipt.reason}`);
    const withSets = { ...base, sets: receipt.sets };
    const unsent = receipt.acknowledgments.filter((a) => !a.sent).map((a) => a.interchangeControl);
    const note = unsent.length ? `; our 997 for interchange ${unsent.join(', ')} not delivered (kept unsent)` : '';
    if (receipt.problems.length)
      return this.move(withSets, inbound, f, 'rejected', `X12 rejected: ${receipt.problems.join('; ')}${note}`);
    return this.move(withSets, inbound, f, 'processed', note ? note.slice(2) : null);
  }

  /** Move the file into processed/ or rejected/ under a timestamped name that does not overwrite anything. */
  private async move(
    base: Pick<FileResult, 'partnerId' | 'file' | 'sets'>,
    inbound: string,
    f: Candidate,
    to: 'processed' | 'rejected',
    reason: string | null,
  ): Promise<FileResult> {
    const dir = path.join(inbound, to);
    const stamp = this.now().toISOString().replace(/[-:]/g, ''); // 20261123T215000.123Z
    try {
      await mkdir(dir, { recursive: true });
      for (let i = 0; ; i++) {
        const target = path.join(dir, `${stamp}${i ? `-${i}` : ''}-${f.name}`);
        if (await exists(target)) continue;
        await rename(f.full, target);
        return { ...base, outcome: to, movedTo: target, reason };
      }
    } catch (err) {
      const why = `could not move to ${to}/: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
      return {
        ...base,
        outcome: 'left',
        movedTo: null,
        reason: [reason, why, 'taken again at the next poll (sets already received are recognised)']
          .filter(Boolean)
          .join('; '),
      };
    }
  }

  private logResult(r: FileResult) {
    const fields = {
      partnerId: r.partnerId,
      file: r.file,
      outcome: r.outcome,
      movedTo: r.movedTo,
      reason: r.reason,
      sets: r.sets.map((s) => `${s.type}:${s.control}:${s.outcome}`),
    };
    if (r.outcome === 'processed') this.d.logger.info(fields, 'EDI drop-folder file processed');
    else if (r.outcome === 'rejected') this.d.logger.warn(fields, 'EDI drop-folder file rejected');
    else this.d.logger.warn(fields, 'EDI drop-folder file left for the next poll');
  }

  private folderProblem(partnerId: string, problem: string) {
    if (this.folderProblems.get(partnerId) === problem) return;
    this.folderProblems.set(partnerId, problem);
    this.d.logger.warn({ partnerId, problem }, 'EDI inbound folder skipped');
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

/** A poller with its timer running (`EDI_POLL_SECONDS`); `stop()` on shutdown. */
export function startEdiFolderPoller(d: EdiFolderDeps): EdiFolderPoller {
  return new EdiFolderPoller(d).start();
}
