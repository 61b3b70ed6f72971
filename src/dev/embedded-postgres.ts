import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * An embedded PostgreSQL for `npm start` without DATABASE_URL: PGlite (Postgres
 * compiled to WASM) with a persistent data directory, served over the
 * PostgreSQL wire protocol so the ordinary `pg` driver connects to it.
 *
 * IMPORTANT: PGlite is ONE connection underneath. Its socket server multiplexes
 * clients onto it, which interleaves their transactions. Use a pg Pool of
 * max 1 against it (returned as `poolMax`).
 */
export interface EmbeddedPostgres {
  url: string;
  poolMax: 1;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(opts: { dataDir: string; port?: number; host?: string }): Promise<EmbeddedPostgres> {
  mkdirSync(opts.dataDir, { recursive: true });
  const db = await PGlite.create(opts.dataDir);
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? 5433;
  // Several clients may connect (migrations, the pool); PGlite serves them one query at a time.
  const server = new PGLiteSocketServer({ db, port, host, maxConnections: 32 });
  await server.start();
  return {
    url: `postgresql://postgres@${host}:${port}/postgres`,
    poolMax: 1,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
