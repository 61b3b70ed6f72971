import path from 'node:path';
import { loadSettings } from '../config';

export const MIGRATIONS_DIR = path.join(__dirname, 'migrations');

/** Apply every pending migration (idempotent; takes node-pg-migrate's advisory lock). */
export async function migrate(databaseUrl: string, log: (msg: string) => void = () => undefined) {
  // node-pg-migrate is an ES module; a dynamic import loads it from this CommonJS file.
  const { runner } = await import('node-pg-migrate');
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    count: Infinity,
    checkOrder: true,
    log,
    verbose: false,
  });
  return applied.map((m) => m.name);
}

if (require.main === module) {
  // npm run db:migrate; without DATABASE_URL, the test database `npm run setup` looks for first.
  const url = loadSettings(['DATABASE_URL']).DATABASE_URL ?? 'postgresql://127.0.0.1:5432/test';
  migrate(url, () => undefined)
    .then((names) => console.log(names.length ? `applied ${names.join(', ')}` : 'database is up to date'))
    .catch((err) => {
      console.error(`migration failed: ${err.message}`);
      process.exit(1);
    });
}
