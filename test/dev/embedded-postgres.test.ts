import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Client, Pool } from 'pg';
import { startEmbeddedPostgres } from '../../src/dev/embedded-postgres';

describe('embedded PostgreSQL (PGlite over the wire protocol)', () => {
  it('serves pg queries and transactions, and keeps committed data across a restart of the same data dir', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'oo-pglite-'));
    let pg = await startEmbeddedPostgres({ dataDir });
    expect(pg.poolMax).toBe(1);
    expect(pg.url).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    let c = new Client({ connectionString: pg.url });
    await c.connect();
    expect((await c.query('SELECT version() AS v')).rows[0].v).toMatch(/PostgreSQL/);
    await c.query('CREATE TABLE items (id text PRIMARY KEY, qty int NOT NULL)');
    await c.query('BEGIN');
    await c.query('INSERT INTO items VALUES ($1, $2)', ['kept', 1]);
    await c.query('UPDATE items SET qty = qty + $1 WHERE id = $2', [2, 'kept']);
    await c.query('COMMIT');
    await c.query('BEGIN');
    await c.query('INSERT INTO items VALUES ($1, $2)', ['rolled-back', 1]);
    await c.query('ROLLBACK');
    await expect(c.query('INSERT INTO items VALUES ($1, $2)', ['kept', 9])).rejects.toThrow(/duplicate key/);
    await c.end();
    await pg.stop();

    pg = await startEmbeddedPostgres({ dataDir });
    c = new Client({ connectionString: pg.url });
    await c.connect();
    expect((await c.query('SELECT id, qty FROM items ORDER BY id')).rows).toEqual([{ id: 'kept', qty: 3 }]);
    await c.end();
    await pg.stop();
  });

  it('serialises concurrent work through a Pool of max poolMax', async () => {
    const pg = await startEmbeddedPostgres({ dataDir: mkdtempSync(path.join(tmpdir(), 'oo-pglite-')) });
    const pool = new Pool({ connectionString: pg.url, max: pg.poolMax });
    try {
      await pool.query('CREATE TABLE counter (n int NOT NULL)');
      await pool.query('INSERT INTO counter VALUES (0)');
      // Read-modify-write in transactions, 20 at once: lost updates would show as n < 20.
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          const c = await pool.connect();
          try {
            await c.query('BEGIN');
            const { rows } = await c.query('SELECT n FROM counter');
            await c.query('UPDATE counter SET n = $1', [rows[0].n + 1]);
            await c.query('COMMIT');
          } finally {
            c.release();
          }
        }),
      );
      expect((await pool.query('SELECT n FROM counter')).rows[0].n).toBe(20);
    } finally {
      await pool.end();
      await pg.stop();
    }
  });

  it('runs the project migrations idempotently', async () => {
    const migrateFile = path.resolve(__dirname, '../../src/db/migrate.ts');
    if (!existsSync(migrateFile)) return; // the lead's module; nothing to run yet
    const { migrate } = (await import(migrateFile)) as { migrate: (url: string) => Promise<string[]> };
    const pg = await startEmbeddedPostgres({ dataDir: mkdtempSync(path.join(tmpdir(), 'oo-pglite-')) });
    try {
      expect((await migrate(pg.url)).length).toBeGreaterThan(0);
      expect(await migrate(pg.url)).toEqual([]);
    } finally {
      await pg.stop();
    }
  });
});
