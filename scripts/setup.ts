/**
 * The part of `npm run setup` after npm install: provision the Temporal CLI
 * (cached outside the repo) and migrate the database when one is reachable.
 */
import { Client } from 'pg';
import { resolveTemporalCli } from '../src/dev/temporal-cli';
import { migrate } from '../src/db/migrate';

const say = (m: string) => console.log(`[setup] ${m}`);

async function reachable(url: string): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const cli = await resolveTemporalCli({ log: say });
  const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
  let db: string;
  if (await reachable(url)) {
    const applied = await migrate(url);
    db = `${new URL(url).host}${new URL(url).pathname} ${applied.length ? `migrated (${applied.join(', ')})` : 'up to date'}`;
  } else if (process.env.DATABASE_URL) {
    throw new Error(`DATABASE_URL is set but ${new URL(url).host} does not answer`);
  } else {
    db = 'no local PostgreSQL on 127.0.0.1:5432 (npm start uses the embedded one; npm test needs one)';
  }
  say(`ready: Temporal CLI ${cli}; database ${db}`);
}

main().catch((err) => {
  console.error(`[setup] failed: ${err.message}`);
  process.exit(1);
});
