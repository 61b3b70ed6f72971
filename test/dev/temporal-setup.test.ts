import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { resolveTemporalCli } from '../../src/dev/temporal-cli';
import { startDevServer, type DevServer } from '../../src/dev/dev-server';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../src/temporal/search-attributes';
import { registerSearchAttributes } from '../../scripts/temporal-setup';

const ROOT = path.resolve(__dirname, '../..');
const NAMES = SEARCH_ATTRIBUTE_DEFINITIONS.map((sa) => sa.name);
const run = promisify(execFile);

describe('npm run temporal:setup', () => {
  let server: DevServer;
  let connection: Connection;
  beforeAll(async () => {
    server = await startDevServer({ cliPath: await resolveTemporalCli(), headless: true });
    connection = await Connection.connect({ address: server.address });
    // A namespace the dev server did not set up: no custom search attributes yet.
    await connection.workflowService.registerNamespace({
      namespace: 'bare',
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
    for (let i = 0; ; i++) {
      try {
        await connection.workflowService.describeNamespace({ namespace: 'bare' });
        break;
      } catch (err) {
        if (i > 50) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  });

  it('adds the missing search attributes once, then changes nothing', async () => {
    const before = await connection.operatorService.listSearchAttributes({ namespace: 'bare' });
    expect(NAMES.filter((n) => before.customAttributes?.[n] !== undefined)).toEqual([]);
    expect((await registerSearchAttributes(connection, 'bare')).sort()).toEqual([...NAMES].sort());
    expect(await registerSearchAttributes(connection, 'bare')).toEqual([]);
    const after = await connection.operatorService.listSearchAttributes({ namespace: 'bare' });
    expect(NAMES.filter((n) => after.customAttributes?.[n] !== undefined).sort()).toEqual([...NAMES].sort());
  });

  it('runs as a script against TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE, twice', async () => {
    const env = { ...process.env, TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'default' };
    const script = path.join(ROOT, 'scripts', 'temporal-setup.ts');
    const first = await run(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env });
    expect(first.stdout).toMatch(/already registered/); // the dev server registered them at start
    const second = await run(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env });
    expect(second.stdout).toMatch(/already registered/);
  });

  it('exits non-zero with a clear line when Temporal is unreachable', async () => {
    const env = { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1', TEMPORAL_NAMESPACE: 'default' };
    const err = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'temporal-setup.ts')], {
      cwd: ROOT,
      env,
    }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/cannot reach Temporal at 127\.0\.0\.1:1/);
  });
});
