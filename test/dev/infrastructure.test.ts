import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { resolveTemporalCli } from '../../src/dev/temporal-cli';
import { startDevServer } from '../../src/dev/dev-server';
import { startEmbeddedPostgres } from '../../src/dev/embedded-postgres';
import { migrate } from '../../src/db/migrate';
import { registerSearchAttributes } from '../../scripts/temporal-setup';
import { findFreePort } from '../../src/dev/ports';

/** The parts `npm start` runs on its own: the dev server, PGlite, and search-attribute registration. */
describe('local infrastructure', () => {
  it('starts a dev server with the contract search attributes, registers idempotently, and stops', async () => {
    const server = await startDevServer({ cliPath: await resolveTemporalCli({ build: false }), headless: true, namespace: 'infra-test' });
    const connection = await Connection.connect({ address: server.address });
    try {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'infra-test' });
      expect(Object.keys(customAttributes ?? {}).sort()).toEqual(['FulfillmentLocations', 'NeedsAttention', 'OrderName', 'OrderStage', 'Partners', 'ShopDomain']);
      expect(await registerSearchAttributes(connection, 'infra-test')).toEqual([]); // already there: nothing to add
    } finally {
      await connection.close();
      await server.stop();
    }
    await expect(Connection.connect({ address: server.address, connectTimeout: 500 }).then((c) => c.workflowService.getSystemInfo({}))).rejects.toThrow();
  });

  it('serves PGlite to the pg driver, migrates it, and keeps data across a restart', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'oo-pglite-'));
    const port = await findFreePort();
    let pg = await startEmbeddedPostgres({ dataDir, port });
    expect(await migrate(pg.url)).toHaveLength(1);
    let c = new PgClient({ connectionString: pg.url });
    await c.connect();
    await c.query('BEGIN');
    await c.query(`INSERT INTO partners (id, shop_domain, name, kind, token_sha256) VALUES ('p1', 's.myshopify.com', 'P', 'json_warehouse', 'x')`);
    await c.query('COMMIT');
    await c.end();
    await pg.stop();

    pg = await startEmbeddedPostgres({ dataDir, port });
    c = new PgClient({ connectionString: pg.url });
    await c.connect();
    expect((await c.query('SELECT id FROM partners')).rows).toEqual([{ id: 'p1' }]);
    await c.end();
    expect(await migrate(pg.url)).toEqual([]);
    await pg.stop();
  });
});
