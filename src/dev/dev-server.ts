import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../temporal/search-attributes';
import { findFreePort } from './ports';

/**
 * The Temporal CLI dev server as a child process, with the contract's search
 * attributes registered. Persistent when given a SQLite file, in-memory otherwise.
 */
export interface DevServerOptions {
  cliPath: string;
  /** 0 or undefined: a free port. */
  port?: number;
  uiPort?: number;
  headless?: boolean;
  dbFile?: string;
  namespace?: string;
  logFile?: string;
  extraDynamicConfig?: Record<string, string | number | boolean>;
  startTimeoutMs?: number;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  namespace: string;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL'); // never leave an orphaned server behind
});

export async function startDevServer(o: DevServerOptions): Promise<DevServer> {
  const port = o.port || (await findFreePort());
  const namespace = o.namespace ?? 'default';
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', namespace, '--log-level', 'warn'];
  let uiUrl: string | undefined;
  if (o.headless) args.push('--headless');
  else {
    const uiPort = o.uiPort || (await findFreePort());
    args.push('--ui-port', String(uiPort));
    uiUrl = `http://127.0.0.1:${uiPort}`;
  }
  if (o.dbFile) {
    mkdirSync(path.dirname(o.dbFile), { recursive: true });
    args.push('--db-filename', o.dbFile);
  }
  for (const sa of SEARCH_ATTRIBUTE_DEFINITIONS) args.push('--search-attribute', `${sa.name}=${sa.type}`);
  const dynamic = { 'system.forceSearchAttributesCacheRefreshOnRead': true, ...o.extraDynamicConfig };
  for (const [k, v] of Object.entries(dynamic)) args.push('--dynamic-config-value', `${k}=${JSON.stringify(v)}`);

  const child = spawn(o.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  if (o.logFile) {
    const out = createWriteStream(o.logFile, { flags: 'a' });
    child.stdout!.pipe(out);
    child.stderr!.pipe(out);
  }
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = code ?? -1;
      children.delete(child);
      resolve();
    }),
  );

  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + (o.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exited !== null) throw new Error(`Temporal dev server exited with ${exited}: ${tail}`);
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await conn.workflowService.describeNamespace({ namespace });
        break;
      } finally {
        await conn.close();
      }
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`Temporal dev server did not become ready on ${address}: ${(err as Error).message}\n${tail}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  return {
    address,
    uiUrl,
    namespace,
    async stop() {
      if (exited !== null) return;
      child.kill('SIGTERM');
      const killed = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(killed);
    },
  };
}
