import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * An embedded PostgreSQL for `npm start` without DATABASE_URL: PGlite (Postgres
 * compiled to WASM) with a persistent data directory, served over the
 * PostgreSQL wire protocol by PGLiteSocketServer so the ordinary `pg` driver
 * connects to it.
 *
 * ┌──────────────────────────────────────────────────────────────────────────┐
 * │ USE A pg Pool WITH max: 1 AGAINST IT (returned as `poolMax`).              │
 * │ PGlite is ONE Postgres session underneath. The socket server accepts     │
 * │ several client connections and queues their protocol messages onto that  │
 * │ one session: statements of different clients interleave, so a second    │
 * │ connection can run inside the first one's transaction, see its          │
 * │ uncommitted rows, or clobber its unnamed prepared statement between       │
 * │ Parse and Execute. One pooled connection serialises everything.          │
 * └──────────────────────────────────────────────────────────────────────────┘
 *
 * Short-lived extra clients (a migration run before the pool opens, a test
 * probe) are accepted — up to `maxConnections` — but must not overlap the
 * pool's transactions. Only one process may open a data directory at a time.
 */
export interface EmbeddedPostgresOptions {
  /** Persistent data directory (created if missing). */
  dataDir: string;
  /** 0 or undefined: a free port chosen by the OS. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Concurrent socket connections accepted (default 4). See the warning above. */
  maxConnections?: number;
}

export interface EmbeddedPostgres {
  /** postgresql://postgres@host:port/postgres */
  url: string;
  host: string;
  port: number;
  /** The only safe pg Pool size against PGlite. */
  poolMax: 1;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  mkdirSync(opts.dataDir, { recursive: true });
  const db = await PGlite.create(opts.dataDir);
  const host = opts.host ?? '127.0.0.1';
  const server = new PGLiteSocketServer({ db, host, port: opts.port ?? 0, maxConnections: opts.maxConnections ?? 4 });
  try {
    await server.start();
  } catch (err) {
    await db.close();
    throw new Error(`embedded PostgreSQL could not listen on ${host}:${opts.port ?? 0}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  // After start() the server reports the port it actually bound (matters for port 0).
  const port = Number(server.getServerConn().split(':').pop());
  let stopped = false;
  return {
    url: `postgresql://postgres@${host}:${port}/postgres`,
    host,
    port,
    poolMax: 1,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close(); // flushes the data directory
    },
  };
}
