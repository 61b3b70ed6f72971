/**
 * The part of `npm run setup` after the dependencies (scripts/setup.sh):
 *   1. resolve the Temporal CLI, building or downloading it into the cache
 *      outside the repo when needed (src/dev/temporal-cli.ts);
 *   2. migrate the database: DATABASE_URL when set, else the local server on
 *      postgresql://127.0.0.1:5432/test when it answers (user from PGUSER, then
 *      postgres, then root). Without either, npm start uses embedded PGlite.
 * Idempotent; prints one summary line when there was nothing to do.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
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
  let url = process.env.DATABASE_URL;
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
    if (!url) return 'no DATABASE_URL and no PostgreSQL on 127.0.0.1:5432/test (npm start will use embedded PGlite; npm test needs a PostgreSQL: set DATABASE_URL)';
  }
  const migrate = loadMigrate();
  if (!migrate) return `database ${redact(url)} reachable, but src/db/migrate.ts is missing: migrations skipped`;
  const applied = await migrate(url);
  return `database ${redact(url)} ${applied.length ? `migrated (${applied.join(', ')})` : 'up to date'}`;
}

async function main() {
  const cli = await resolveTemporalCli({ log: say });
  const db = await database();
  say(`ready: Temporal CLI ${TEMPORAL_CLI_VERSION === path.basename(path.dirname(cli)) ? TEMPORAL_CLI_VERSION + ' ' : ''}${cli}; ${db}`);
}

main().catch((err: Error) => {
  console.error(`[setup] failed: ${err.message}`);
  process.exit(1);
});
