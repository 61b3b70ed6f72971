import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Pool } from 'pg';
import { inTransaction } from '../db/pool';
import { CsvParser, CsvTooLongError, type CsvRecord } from './csv';
import { applyAdjustmentsIn, type AdjustmentLine } from './ledger';
import { locationIndex } from './locations';

/**
 * The ERP morning feed: a CSV of on-hand counts (`sku,location,on_hand`) that
 * sets on hand per SKU and location, through the adjustment ledger (kind
 * 'set', reason 'erp_feed', reference: the file name or 'http').
 *
 * The file: RFC 4180 CSV in UTF-8 (quoted fields, `""`, CRLF or LF, an
 * optional BOM). A header row is required; columns are found by name,
 * case-insensitively: `sku`, `location` (the location's GID, numeric id or
 * name) and `on_hand` (a whole number >= 0, digits only); other columns are
 * ignored. A missing required column, an empty file, a file that is not UTF-8
 * text, or one record longer than 64 KiB (an unclosed quote) refuses the whole
 * file: nothing is applied.
 *
 * Bad lines are reported and skipped, the rest applies: an empty sku, an
 * unknown location, an on_hand that is not a non-negative integer, the wrong
 * number of columns, a malformed record, or a (sku, location) pair already
 * given earlier in the file (the later line is the bad one). Each error names
 * the physical line (1-based, the header is line 1; a record spanning lines
 * is reported at its first) and the field and value.
 *
 * Decisions:
 * - Atomic per location. The valid lines of one location apply in one
 *   transaction (inTransaction + applyAdjustmentsIn): a failure part-way
 *   through a location leaves that location as it was and is reported under
 *   `failed`; other locations are unaffected. One big transaction for the
 *   whole file would hold every row lock of every location for the length of
 *   the import; per line would leave a location half-counted.
 * - Idempotent per file and location: the ledger key is
 *   `erp:<sha256 of the file's bytes>:<locationId>`, so importing the same file
 *   again (a retry, or the same file through the CLI and over HTTP) changes
 *   nothing and reports the location `replayed`. A retry after a partial
 *   failure applies only the locations that did not apply. A consequence worth
 *   knowing: the same bytes imported again after on hand moved do NOT set it
 *   back; a new count is a new file.
 * - Streamed: the input is read chunk by chunk, hashed while it streams and
 *   parsed one record at a time; nothing is applied until the stream has ended
 *   (the hash is the key, and a refusal late in the file must leave
 *   everything untouched). What is held meanwhile is only the valid rows, per
 *   location: a Map sku -> row, with on_hand and the line (for duplicate
 *   reports) in typed columns, and each kept sku copied off the chunk it was
 *   sliced from. The duplicate check needs that set of pairs anyway, so it is
 *   about the minimum a one-pass import can hold: ~70 bytes per valid row
 *   (~70 MB for a million), never the file itself. (Spooling to a temp file and reading it twice would hold less but
 *   would need a second pass over disk and still a set for duplicates.)
 */

export interface ImportOptions {
  /** The file name, or 'http': the ledger's reference. */
  source: string;
  /** Who imported it (the ledger's actor). */
  actor?: string;
  /** Errors listed in the report (the rest are counted); default 1000. */
  maxErrors?: number;
  /** Largest record in characters; default 64 KiB. */
  maxRecordChars?: number;
}

export interface LineError {
  line: number;
  message: string;
}

export interface AppliedLocation {
  locationId: string;
  locationName?: string;
  /** Lines of the file applied to this location (now or, when replayed, by the first import). */
  lines: number;
  /** How many of them changed on hand now (0 when replayed). */
  changed: number;
  /** This file had already been applied to this location: nothing changed. */
  replayed: boolean;
  /** Why it counts as replayed, when the earlier import came through another source. */
  note?: string;
}

export interface FailedLocation {
  locationId: string;
  locationName?: string;
  lines: number;
  message: string;
}

export interface ImportReport {
  /** Physical lines read, the header included (what `wc -l` says for a file ending in a line break). */
  linesRead: number;
  /** sha256 of the file's bytes (the idempotency key's core). */
  fileSha256?: string;
  applied: AppliedLocation[];
  /** Locations whose transaction failed: none of their lines applied; importing the file again retries them. */
  failed: FailedLocation[];
  /** Bad lines (at most maxErrors; see errorsNotListed). */
  errors: LineError[];
  /** Bad lines beyond the listed ones. */
  errorsNotListed?: number;
  /** The whole file was refused: nothing applied. */
  refused?: string;
}

/** The file was refused as a whole. */
class Refusal extends Error {}

const REQUIRED = ['sku', 'location', 'on_hand'] as const;
const MAX_INT4 = 2_147_483_647;

/** Text chunks from bytes or strings, hashing the bytes as they pass. */
async function* decoded(
  input: AsyncIterable<string | Buffer | Uint8Array>,
  hash: ReturnType<typeof createHash>,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  for await (const chunk of input) {
    let text: string;
    if (typeof chunk === 'string') {
      hash.update(chunk, 'utf8');
      text = chunk;
    } else {
      hash.update(chunk);
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new Refusal('the file is not UTF-8 text');
      }
    }
    if (text.includes('\u0000')) throw new Refusal('the file is not CSV text (it contains NUL bytes)');
    if (text) yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new Refusal('the file is not UTF-8 text (it ends inside a character)');
  }
}

/** A growable column of 32-bit integers (4 bytes a row instead of a boxed pair). */
class Int32Column {
  private data = new Int32Array(1024);
  private n = 0;
  /** Appends; returns the row. */
  push(v: number): number {
    if (this.n === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.n] = v;
    return this.n++;
  }
  get(row: number): number {
    return this.data[row]!;
  }
}

/**
 * A copy of a string that does not keep its source alive: the parser's fields
 * are slices of the chunk they came from, and a kept slice would keep the
 * whole chunk (the file, in the end) in memory.
 */
const detach = (s: string) => (s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8'));

const show = (v: string) => JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);

/**
 * Import an on-hand CSV into a shop's inventory. Never throws for a bad file
 * (see `refused`); throws only when the database or the input stream fails
 * before anything is applied.
 */
export async function importOnHandCsv(
  pool: Pool,
  shopDomain: string,
  input: Readable | AsyncIterable<string | Buffer>,
  opts: ImportOptions,
): Promise<ImportReport> {
  const maxErrors = opts.maxErrors ?? 1000;
  const report: ImportReport = { linesRead: 0, applied: [], failed: [], errors: [] };
  let notListed = 0;
  const bad = (line: number, message: string) => {
    if (report.errors.length < maxErrors) report.errors.push({ line, message });
    else notListed++;
  };

  const resolve = await locationIndex(pool, shopDomain);
  const names = new Map(
    (
      await pool.query<{ id: string; name: string }>(`SELECT id, name FROM locations WHERE shop_domain = $1`, [
        shopDomain,
      ])
    ).rows.map((r) => [r.id, r.name]),
  );

  // Per location: sku -> row (insertion order is file order); a row's on_hand and line in typed columns.
  const byLocation = new Map<string, Map<string, number>>();
  const quantities = new Int32Column();
  const lineNumbers = new Int32Column();
  let columns: { sku: number; location: number; onHand: number; count: number } | null = null;
  let rows = 0;

  const onRecord = (r: CsvRecord) => {
    if (!columns) {
      if (r.problem) throw new Refusal(`line ${r.line}: the header is malformed (${r.problem})`);
      const names = r.fields.map((f) => f.trim().toLowerCase());
      const seen = new Set<string>();
      for (const n of names) {
        if (n && seen.has(n) && (REQUIRED as readonly string[]).includes(n))
          throw new Refusal(`line ${r.line}: column ${n} appears twice in the header`);
        seen.add(n);
      }
      const missing = REQUIRED.filter((c) => !names.includes(c));
      if (missing.length) {
        throw new Refusal(
          `missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} in the header on line ${r.line} (found: ${names
            .map((n) => n || '(empty)')
            .join(', ')
            .slice(0, 200)}); expected sku, location, on_hand`,
        );
      }
      columns = {
        sku: names.indexOf('sku'),
        location: names.indexOf('location'),
        onHand: names.indexOf('on_hand'),
        count: names.length,
      };
      return;
    }
    rows++;
    if (r.problem) return bad(r.line, `malformed CSV: ${r.problem}`);
    if (r.fields.length !== columns.count)
      return bad(r.line, `expected ${columns.count} columns as in the header, found ${r.fields.length}`);
    const sku = r.fields[columns.sku]!.trim();
    const locationRef = r.fields[columns.location]!.trim();
    const onHandText = r.fields[columns.onHand]!.trim();
    if (!sku) return bad(r.line, 'sku is empty');
    if (!locationRef) return bad(r.line, 'location is empty');
    const locationId = resolve(locationRef);
    if (!locationId)
      return bad(
        r.line,
        `location ${show(locationRef)} is not a location of this shop (give its name, numeric id or GID)`,
      );
    if (!/^\d+$/.test(onHandText) || Number(onHandText) > MAX_INT4)
      return bad(r.line, `on_hand ${show(onHandText)} is not a whole number from 0 to ${MAX_INT4}`);
    let skus = byLocation.get(locationId);
    if (!skus) byLocation.set(locationId, (skus = new Map()));
    const earlier = skus.get(sku);
    if (earlier !== undefined)
      return bad(
        r.line,
        `sku ${show(sku)} at location ${show(names.get(locationId) ?? locationRef)} was already given on line ${lineNumbers.get(earlier)}`,
      );
    quantities.push(Number(onHandText));
    skus.set(detach(sku), lineNumbers.push(r.line));
  };

  const hash = createHash('sha256');
  const parser = new CsvParser(opts.maxRecordChars);
  try {
    for await (const text of decoded(input as AsyncIterable<string | Buffer>, hash)) {
      for (const r of parser.push(text)) onRecord(r);
    }
    for (const r of parser.end()) onRecord(r);
    report.linesRead = parser.lines;
    if (!columns) throw new Refusal('the file is empty: a header row (sku, location, on_hand) is required');
    if (!rows) throw new Refusal('the file has a header but no rows');
  } catch (err) {
    report.linesRead = parser.lines;
    if (err instanceof Refusal) return { ...report, errors: [], refused: err.message };
    if (err instanceof CsvTooLongError)
      return { ...report, errors: [], refused: `${err.message}; nothing was applied` };
    throw err;
  }
  const fileSha256 = hash.digest('hex');
  report.fileSha256 = fileSha256;
  if (notListed) report.errorsNotListed = notListed;

  for (const locationId of [...byLocation.keys()].sort()) {
    const skus = byLocation.get(locationId)!;
    if (!skus.size) continue;
    const lines: AdjustmentLine[] = [];
    for (const [sku, row] of skus) lines.push({ sku, locationId, kind: 'set', quantity: quantities.get(row) });
    byLocation.delete(locationId); // let the rows go once they are in a request
    const locationName = names.get(locationId);
    const idempotencyKey = `erp:${fileSha256}:${locationId}`;
    try {
      const result = await inTransaction(pool, (c) =>
        applyAdjustmentsIn(c, {
          shopDomain,
          idempotencyKey,
          reason: 'erp_feed',
          reference: opts.source,
          actor: opts.actor ?? null,
          lines,
        }),
      );
      if (result.ok) {
        const changed = result.replayed
          ? 0
          : result.entries.filter((e) => e && e.onHandBefore !== e.onHandAfter).length;
        report.applied.push({
          locationId,
          ...(locationName ? { locationName } : {}),
          lines: lines.length,
          changed,
          replayed: result.replayed,
        });
      } else if (result.code === 'idempotency_conflict') {
        // The same bytes were applied to this location before under another reference (the CLI, then HTTP).
        const prior = await pool.query(
          `SELECT reference, count(*)::int AS n FROM inventory_adjustments WHERE shop_domain = $1 AND idempotency_key = $2 GROUP BY reference LIMIT 1`,
          [shopDomain, idempotencyKey],
        );
        report.applied.push({
          locationId,
          ...(locationName ? { locationName } : {}),
          lines: prior.rows[0]?.n ?? lines.length,
          changed: 0,
          replayed: true,
          note: `this file was already applied here from ${JSON.stringify(prior.rows[0]?.reference ?? 'another source')}`,
        });
      } else {
        report.failed.push({
          locationId,
          ...(locationName ? { locationName } : {}),
          lines: lines.length,
          message: result.message,
        });
      }
    } catch (err) {
      report.failed.push({
        locationId,
        ...(locationName ? { locationName } : {}),
        lines: lines.length,
        message: (err as Error).message,
      });
    }
  }
  return report;
}

/** Everything in the file applied (nothing bad, nothing failed, not refused). */
export function importedCleanly(r: ImportReport): boolean {
  return !r.refused && !r.errors.length && !r.errorsNotListed && !r.failed.length;
}

/** Some location's on hand changed (worth waking the inventory sync). */
export function importChangedSomething(r: ImportReport): boolean {
  return r.applied.some((a) => a.changed > 0);
}

/** The report as lines for a person (the CLI). */
export function formatImportReport(r: ImportReport): string[] {
  const out: string[] = [];
  if (r.refused) {
    out.push(`refused: ${r.refused}`);
    return out;
  }
  out.push(`read ${r.linesRead} lines`);
  for (const a of r.applied) {
    const where = a.locationName ? `${a.locationName} (${a.locationId})` : a.locationId;
    out.push(
      a.replayed
        ? `${where}: ${a.lines} lines already applied by an earlier import of this file, nothing changed${a.note ? ` (${a.note})` : ''}`
        : `${where}: ${a.lines} lines applied, ${a.changed} changed on hand`,
    );
  }
  for (const f of r.failed) {
    out.push(
      `${f.locationName ? `${f.locationName} (${f.locationId})` : f.locationId}: FAILED, none of its ${f.lines} lines applied: ${f.message} (importing the file again retries it)`,
    );
  }
  const badCount = r.errors.length + (r.errorsNotListed ?? 0);
  if (badCount) out.push(`${badCount} bad line${badCount > 1 ? 's' : ''} skipped:`);
  for (const e of r.errors) out.push(`line ${e.line}: ${e.message}`);
  if (r.errorsNotListed) out.push(`... and ${r.errorsNotListed} more bad lines`);
  return out;
}
