import { Pool } from 'pg';

/**
 * One pg Pool per process. Against the embedded PGlite server use max 1:
 * PGlite is a single connection underneath and its socket server interleaves
 * clients' transactions.
 */
export function createPool(databaseUrl: string, max = 10): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}

export type { Pool, PoolClient } from 'pg';

/** Run fn in a transaction; rolls back on any error. */
export async function inTransaction<T>(pool: Pool, fn: (c: import('pg').PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
