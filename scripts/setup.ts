/**
 * The part of `npm run setup` after the dependencies (scripts/setup.sh):
 *   1. resolve the Temporal CLI, building or downloading it into the cache
 *      outside the repo when needed (src/dev/temporal-cli.ts);
 *   2. migrate the database: DATABASE_URL when set, else the local server on
 *      postgresql://127.0.0.1:5432/test when it answers (user from PGUSER, then
 *      postgres, then root). Without either, npm start uses embedded PGlite.
 *   3. Chromium for the browser test (test/browser): CHROMIUM_PATH, else
 *      Debian's /usr/bin/chromium; when missing and this runs as root with
 *      apt-get, `apt-get install chromium`; otherwise one line saying how to
 *      install it (setup does not fail: only that test needs it).
 * Idempotent; prints one summary line when there was nothing to do.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { loadSettings } from '../src/config';
import { resolveTemporalCli, TEMPORAL_CLI_VERSION } from '../src/dev/temporal-cli';

const say = (m: string) => console.log(`[setup] ${m}`);

async function answers(url: string): Promise<string | null> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return null;
  } catch (err) {
    return (err as Error).message || String(err);
  } finally {
    await c.end().catch(() => undefined);
  }
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

type Migrate = (databaseUrl: string, log?: (msg: string) => void) => Promise<string[]>;

function loadMigrate(): Migrate | null {
  const file = path.join(__dirname, '..', 'src', 'db', 'migrate.ts');
  if (!existsSync(file)) return null;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional module, loaded only when present
  const mod = require(file) as { migrate?: Migrate };
  return typeof mod.migrate === 'function' ? mod.migrate : null;
}

async function database(): Promise<string> {
  let url = loadSettings(['DATABASE_URL']).DATABASE_URL;
  if (url) {
    const err = await answers(url);
    if (err) throw new Error(`DATABASE_URL=${redact(url)} does not answer: ${err}`);
  } else {
    const users = [...new Set([process.env.PGUSER, 'postgres', 'root'].filter((u): u is string => !!u))];
    for (const user of users) {
      const candidate = `postgresql://${user}@127.0.0.1:5432/test`;
      if (!(await answers(candidate))) {
        url = candidate;
        break;
      }
    }
    if (!url)
      return 'no DATABASE_URL and no PostgreSQL on 127.0.0.1:5432/test (npm start will use embedded PGlite; npm test needs a PostgreSQL: set DATABASE_URL)';
  }
  const migrate = loadMigrate();
  if (!migrate) return `database ${redact(url)} reachable, but src/db/migrate.ts is missing: migrations skipped`;
  const applied = await migrate(url);
  return `database ${redact(url)} ${applied.length ? `migrated (${applied.join(', ')})` : 'up to date'}`;
}

const CHROMIUM_DEFAULT = '/usr/bin/chromium';

function onPath(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, cmd);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return null;
}

/** Runs quietly; on failure returns the last line it printed. */
function quiet(cmd: string, args: string[]): string | null {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.status === 0) return null;
  const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').filter(Boolean);
  return out.at(-1) ?? r.error?.message ?? `exit ${r.status}`;
}

/** Chromium for test/browser: present, installed now (root + apt-get), or one line on how to get it. */
function chromium(): string {
  const given = loadSettings(['CHROMIUM_PATH']).CHROMIUM_PATH;
  const wanted = given ?? CHROMIUM_DEFAULT;
  if (existsSync(wanted)) return `Chromium ${wanted}`;
  const need = 'the browser test (test/browser) needs it';
  if (given) {
    say(
      `CHROMIUM_PATH=${wanted} does not exist; ${need}: point CHROMIUM_PATH at a Chromium or Chrome binary, or unset it and apt-get install chromium`,
    );
    return 'Chromium missing';
  }
  const aptGet = onPath('apt-get');
  if (process.getuid?.() !== 0 || !aptGet) {
    say(
      `Chromium not found at ${wanted}; ${need}: install it with \`sudo apt-get install chromium\` (Debian) or set CHROMIUM_PATH to a Chromium binary`,
    );
    return 'Chromium missing';
  }
  say('installing Chromium for the browser test (apt-get install chromium)');
  const failed = quiet(aptGet, ['-qq', 'update']) ?? quiet(aptGet, ['-y', '-qq', 'install', 'chromium']);
  if (failed || !existsSync(wanted)) {
    say(
      `could not install Chromium (${failed ?? `${wanted} still missing`}); ${need}: apt-get install chromium, or set CHROMIUM_PATH`,
    );
    return 'Chromium missing';
  }
  return `Chromium ${wanted} (installed)`;
}

async function main() {
  const cli = await resolveTemporalCli({ log: say });
  const db = await database();
  const browser = chromium();
  say(
    `ready: Temporal CLI ${TEMPORAL_CLI_VERSION === path.basename(path.dirname(cli)) ? TEMPORAL_CLI_VERSION + ' ' : ''}${cli}; ${db}; ${browser}`,
  );
}

main().catch((err: Error) => {
  console.error(`[setup] failed: ${err.message}`);
  process.exit(1);
});
