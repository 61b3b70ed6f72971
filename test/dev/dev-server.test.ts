import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '@temporalio/client';
import { resolveTemporalCli } from '../../src/dev/temporal-cli';
import { startDevServer, type DevServer } from '../../src/dev/dev-server';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../src/temporal/search-attributes';
import { isAlive, portOpen, waitForExit } from './support';

const ROOT = path.resolve(__dirname, '../..');
const CONTRACT_NAMES: string[] = SEARCH_ATTRIBUTE_DEFINITIONS.map((sa) => sa.name).sort();

describe('Temporal dev server', () => {
  let cliPath: string;
  beforeAll(async () => {
    cliPath = await resolveTemporalCli({ log: (m) => console.log(`[temporal-cli] ${m}`) });
  });

  describe('started on a namespace with persistence and a log file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'oo-dev-server-'));
    let server: DevServer;
    beforeAll(async () => {
      server = await startDevServer({
        cliPath,
        headless: true,
        namespace: 'infra-test',
        dbFile: path.join(dir, 'temporal.db'),
        logFile: path.join(dir, 'temporal.log'),
      });
    });
    afterAll(() => server?.stop());

    it('answers on 127.0.0.1 with the contract search attributes registered with their types', async () => {
      expect(server.address).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(server.namespace).toBe('infra-test');
      const connection = await Connection.connect({ address: server.address });
      try {
        const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'infra-test' });
        const mine = Object.keys(customAttributes ?? {})
          .filter((n) => CONTRACT_NAMES.includes(n))
          .sort();
        expect(mine).toEqual(CONTRACT_NAMES);
        // Types as the contract says: Keyword = 2, Bool = 5, KeywordList = 7 (temporal.api.enums.v1.IndexedValueType).
        const code = { Keyword: 2, Bool: 5, KeywordList: 7 } as const;
        for (const sa of SEARCH_ATTRIBUTE_DEFINITIONS)
          expect([sa.name, customAttributes?.[sa.name]]).toEqual([sa.name, code[sa.type]]);
      } finally {
        await connection.close();
      }
      expect(existsSync(path.join(dir, 'temporal.db'))).toBe(true);
    });

    it('stops: the process exits and the port closes', async () => {
      expect(isAlive(server.pid)).toBe(true);
      await server.stop();
      expect(await waitForExit(server.pid, 5_000)).toBe(true);
      expect(await portOpen(server.address)).toBe(false);
      await server.stop(); // idempotent
      expect(existsSync(path.join(dir, 'temporal.log'))).toBe(true);
      readFileSync(path.join(dir, 'temporal.log'), 'utf8'); // written, possibly empty at --log-level warn
    });
  });

  it('dies with its parent even when the parent is SIGKILLed (no orphans)', async () => {
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'fixtures', 'start-dev-server.ts')],
      {
        cwd: ROOT,
        env: { ...process.env, TEMPORAL_CLI_PATH: cliPath },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const line = await new Promise<string>((resolve, reject) => {
      let buf = '';
      parent.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        if (buf.includes('\n')) resolve(buf.split('\n')[0]);
      });
      parent.once('exit', (code) => reject(new Error(`fixture exited with ${code} before starting the server`)));
    });
    const { pid, address } = JSON.parse(line) as { pid: number; address: string };
    expect(isAlive(pid)).toBe(true);
    expect(await portOpen(address)).toBe(true);
    parent.kill('SIGKILL');
    // The server process is gone (its port may already be reused by a parallel test file's server).
    expect(await waitForExit(pid, 10_000)).toBe(true);
  });

  it('refuses a port that is taken instead of talking to another server there', async () => {
    const first = await startDevServer({ cliPath, headless: true });
    try {
      const port = Number(first.address.split(':')[1]);
      const second = startDevServer({ cliPath, headless: true, port });
      await expect(second).rejects.toThrow(new RegExp(`port ${port} on 127.0.0.1 is in use`));
      await second.then(
        (s) => s.stop(),
        () => undefined,
      );
    } finally {
      await first.stop();
    }
  });

  it('fails with the server output when the server exits at start', async () => {
    // A directory as the SQLite file: the server logs why and exits 1.
    const notAFile = mkdtempSync(path.join(tmpdir(), 'oo-dev-server-'));
    await expect(startDevServer({ cliPath, headless: true, dbFile: notAFile })).rejects.toThrow(
      /exited \(code 1\)[\s\S]*SQLite/,
    );
  });
});
