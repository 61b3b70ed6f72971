/**
 * npm run inventory:import -- <file.csv> [--shop <domain>] [--actor <name>]
 *
 * Import the ERP's on-hand counts (sku,location,on_hand) into the engine's
 * inventory (see src/inventory/erp-import.ts). Reads DATABASE_URL (default: the
 * embedded PostgreSQL of `npm start`, postgresql://postgres@127.0.0.1:EMBEDDED_PG_PORT/postgres)
 * and, unless the shop's stored settings turned publishing off, wakes the
 * inventory sync through Temporal (TEMPORAL_ADDRESS etc., TEMPORAL_TASK_QUEUE)
 * when it can; without Temporal the import still applies and the sync finds
 * the change at its next poll.
 *
 * Exit code: 0 every line applied; 1 some lines were bad (the rest applied) or
 * a location failed (importing the file again retries it); 2 the file was
 * refused or the command is wrong (nothing applied); 3 an unexpected failure
 * (the database unreachable, ...).
 */
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { inventorySyncSettings, loadSettings, TEMPORAL_KEYS, temporalSettings, type Settings } from '../src/config';
import { createPool } from '../src/db/pool';
import {
  formatImportReport,
  importChangedSomething,
  importedCleanly,
  importOnHandCsv,
} from '../src/inventory/erp-import';
import { nudgeInventorySync } from '../src/inventory/sync-nudge';
import { loadInventorySettings } from '../src/inventory/sync-settings';
import { DEMO_SHOP } from '../src/simulator/seed';
import { connectClient } from '../src/temporal/connection';
import type { Logger } from '../src/logger';

const USAGE = 'usage: npm run inventory:import -- <file.csv> [--shop <domain>] [--actor <name>]';
const TEMPORAL_WAIT_MS = 5000;

const SETTINGS = [
  'DATABASE_URL',
  'EMBEDDED_PG_PORT',
  'SHOPIFY_SHOP',
  'TEMPORAL_TASK_QUEUE',
  'INVENTORY_PUSH_DEBOUNCE_MS',
  'INVENTORY_POLL_SECONDS',
  'INVENTORY_SETTLE_SECONDS',
  ...TEMPORAL_KEYS,
] as const;
type ImportSettings = Settings<(typeof SETTINGS)[number]>;

function defaultShop(shop: string | undefined): string {
  const s = shop?.trim();
  if (!s) return DEMO_SHOP.domain; // npm start without a store runs the simulator's demo shop
  return /^https?:\/\//.test(s) ? DEMO_SHOP.domain : s.toLowerCase();
}

function parseArgs(argv: string[]) {
  let file: string | undefined;
  let shop: string | undefined;
  let actor: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--shop' || a === '--actor') {
      const v = argv[++i];
      if (!v) throw new Error(`${a} needs a value\n${USAGE}`);
      if (a === '--shop') shop = v.trim().toLowerCase();
      else actor = v;
    } else if (a === '-h' || a === '--help') {
      throw new Error(USAGE);
    } else if (a.startsWith('--')) {
      throw new Error(`unknown option ${a}\n${USAGE}`);
    } else if (file) {
      throw new Error(`one file at a time\n${USAGE}`);
    } else {
      file = a;
    }
  }
  if (!file) throw new Error(USAGE);
  return { file, shop, actor };
}

function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

async function wakeSync(env: ImportSettings, shopDomain: string): Promise<string> {
  const settings = temporalSettings(env);
  let client: Client | undefined;
  try {
    client = await within(TEMPORAL_WAIT_MS, connectClient(settings));
    let failure: string | undefined;
    const c = client;
    await within(
      TEMPORAL_WAIT_MS,
      c.withDeadline(Date.now() + TEMPORAL_WAIT_MS, () =>
        nudgeInventorySync(c, env.TEMPORAL_TASK_QUEUE, { shopDomain, ...inventorySyncSettings(env) }, {
          warn: (o: { err?: string }) => (failure = o.err),
        } as unknown as Logger),
      ),
    );
    return failure
      ? `note: could not wake the inventory sync (${failure}); it will push the change at its next poll`
      : 'inventory sync woken: Shopify will see the new numbers shortly';
  } catch (err) {
    return `note: Temporal at ${settings.address} is not reachable (${(err as Error).message}); the import applied, the inventory sync will push it at its next poll`;
  } finally {
    await client?.connection.close().catch(() => undefined);
  }
}

async function main(): Promise<number> {
  let args;
  let env: ImportSettings;
  try {
    args = parseArgs(process.argv.slice(2));
    env = loadSettings(SETTINGS);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const shopDomain = args.shop ?? defaultShop(env.SHOPIFY_SHOP);
  try {
    if (!statSync(args.file).isFile()) throw new Error('not a file');
  } catch (err) {
    console.error(`cannot read ${args.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    return 2;
  }
  const databaseUrl = env.DATABASE_URL ?? `postgresql://postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/postgres`;
  // One connection: the embedded PGlite server must not interleave transactions, and the import runs one at a time anyway.
  const pool = createPool(databaseUrl, 1);
  try {
    const located = await pool.query(`SELECT count(*)::int AS n FROM locations WHERE shop_domain = $1`, [shopDomain]);
    if (!located.rows[0].n) {
      console.error(
        `shop ${shopDomain} has no locations in ${databaseUrl.replace(/\/\/[^@/]*@/, '//')}: wrong --shop, or the shop was never bootstrapped`,
      );
      return 2;
    }
    const report = await importOnHandCsv(pool, shopDomain, createReadStream(args.file), {
      source: path.basename(args.file),
      actor: args.actor ?? `cli:${process.env.USER ?? 'unknown'}`, // the operating system's user name
    });
    console.log(`${args.file} -> ${shopDomain}`);
    for (const l of formatImportReport(report)) console.log(l);
    if (importChangedSomething(report)) {
      // The shop's stored settings say whether it publishes (PUT /inventory/settings; INVENTORY_SYNC only seeds a new shop's).
      const stored = await pool.query(`SELECT 1 FROM inventory_settings WHERE shop_domain = $1`, [shopDomain]);
      const off = stored.rowCount && !(await loadInventorySettings(pool, shopDomain)).enabled;
      console.log(
        off
          ? `note: publishing is off for ${shopDomain} (PUT /inventory/settings), Shopify is not updated from here`
          : await wakeSync(env, shopDomain),
      );
    }
    return report.refused ? 2 : importedCleanly(report) ? 0 : 1;
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`inventory import failed: ${(err as Error).message}`);
    process.exitCode = 3;
  },
);
