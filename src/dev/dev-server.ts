import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../temporal/search-attributes';
import { findFreePort } from './ports';

/**
 * The Temporal CLI dev server (`temporal server start-dev`) as a child process,
 * bound to 127.0.0.1, with the contract's search attributes registered on the
 * namespace. Persistent when given a SQLite file, in-memory otherwise.
 *
 * The child never outlives this process: on Linux it is started through
 * `setpriv --pdeathsig SIGKILL` (util-linux), so the kernel kills it even when
 * this process is SIGKILLed; elsewhere a small shell watchdog does the same by
 * polling this process's pid. A normal exit also kills it ('exit' handler).
 * (PDEATHSIG follows the spawning *thread*: start it from the main thread, not
 * from a worker_thread that may end first.)
 */
export interface DevServerOptions {
  cliPath: string;
  /** Frontend gRPC port; 0 or undefined: a free port. */
  port?: number;
  /** Web UI port; 0 or undefined: a free port. Ignored when headless. */
  uiPort?: number;
  headless?: boolean;
  /** SQLite file for persistence; omitted: in-memory. */
  dbFile?: string;
  /** Created at start (besides `default`, which always exists). Default 'default'. */
  namespace?: string;
  /** The server's stdout and stderr are appended here. */
  logFile?: string;
  /** Extra `--dynamic-config-value` entries, on top of DEV_DYNAMIC_CONFIG. */
  extraDynamicConfig?: Record<string, string | number | boolean>;
  /** How long to wait for the frontend and the search attributes. Default 60 s. */
  startTimeoutMs?: number;
}

export interface DevServer {
  /** host:port of the frontend. */
  address: string;
  uiUrl?: string;
  namespace: string;
  /** Pid of the server process (for tests and diagnostics). */
  pid: number;
  /** SIGTERM, then SIGKILL after 10 s. Idempotent. */
  stop(): Promise<void>;
}

/** Dynamic config for development and tests. */
export const DEV_DYNAMIC_CONFIG: Record<string, string | number | boolean> = {
  // Upserted search attributes are visible to list queries at once (no cache lag).
  'system.forceSearchAttributesCacheRefreshOnRead': true,
  // Update-with-start and multi-operations, used by signal/update-with-start paths.
  'frontend.enableExecuteMultiOperation': true,
  'frontend.enableUpdateWorkflowExecution': true,
};

const children = new Set<ChildProcess>();
let exitHookInstalled = false;
function killChildrenOnExit() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of children) c.kill('SIGKILL');
  });
}

function findSetpriv(): string | null {
  if (process.platform !== 'linux') return null;
  for (const p of ['/usr/bin/setpriv', '/bin/setpriv']) {
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* next */
    }
  }
  return null;
}

/** Command and args so that the server dies with this process. */
function tiedToParent(cli: string, args: string[]): { cmd: string; args: string[] } {
  const setpriv = findSetpriv();
  if (setpriv) return { cmd: setpriv, args: ['--pdeathsig', 'SIGKILL', '--', cli, ...args] };
  // Fallback: the shell execs nothing; it runs the server in the background and
  // a watchdog loop that kills it once the parent pid is gone.
  const script =
    'parent=$1; shift; "$@" & child=$!; trap \'kill -TERM $child 2>/dev/null\' TERM INT; ' +
    '( while kill -0 "$parent" 2>/dev/null; do sleep 1; done; kill -KILL "$child" 2>/dev/null ) & watchdog=$!; ' +
    'wait $child; code=$?; wait $child 2>/dev/null; kill $watchdog 2>/dev/null; exit $code';
  return { cmd: '/bin/sh', args: ['-c', script, 'temporal-dev-server', String(process.pid), cli, ...args] };
}

/** Throws when something listens on host:port already. */
function assertPortFree(host: string, port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `${what} port ${port} on ${host} is in use (${err.code}); stop what listens there or pick another port`,
        ),
      ),
    );
    srv.listen({ host, port, exclusive: true }, () => srv.close(() => resolve()));
  });
}

export async function startDevServer(o: DevServerOptions): Promise<DevServer> {
  // The server binds with SO_REUSEPORT: on a taken port it would start "fine" next
  // to the other process and the readiness probe would talk to the wrong server.
  if (o.port) await assertPortFree('127.0.0.1', o.port, 'Temporal frontend');
  if (o.uiPort && !o.headless) await assertPortFree('127.0.0.1', o.uiPort, 'Temporal Web UI');
  const port = o.port || (await findFreePort());
  const namespace = o.namespace ?? 'default';
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn'];
  if (namespace !== 'default') args.push('--namespace', namespace);
  let uiUrl: string | undefined;
  if (o.headless) args.push('--headless');
  else {
    const uiPort = o.uiPort || (await findFreePort());
    args.push('--ui-port', String(uiPort));
    uiUrl = `http://127.0.0.1:${uiPort}`;
  }
  if (o.dbFile) {
    mkdirSync(path.dirname(path.resolve(o.dbFile)), { recursive: true });
    args.push('--db-filename', o.dbFile);
  }
  for (const sa of SEARCH_ATTRIBUTE_DEFINITIONS) args.push('--search-attribute', `${sa.name}=${sa.type}`);
  for (const [k, v] of Object.entries({ ...DEV_DYNAMIC_CONFIG, ...o.extraDynamicConfig })) {
    args.push('--dynamic-config-value', `${k}=${JSON.stringify(v)}`);
  }

  killChildrenOnExit();
  const launch = tiedToParent(o.cliPath, args);
  const child = spawn(launch.cmd, launch.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  if (o.logFile) {
    mkdirSync(path.dirname(path.resolve(o.logFile)), { recursive: true });
    const out = createWriteStream(o.logFile, { flags: 'a' });
    child.stdout!.pipe(out, { end: false });
    child.stderr!.pipe(out, { end: false });
    child.once('close', () => out.end());
  }
  let exited: string | null = null;
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });
  const exit = new Promise<void>((resolve) =>
    child.once('close', (code, signal) => {
      exited = signal ? `signal ${signal}` : `code ${code}`;
      children.delete(child);
      resolve();
    }),
  );

  const address = `127.0.0.1:${port}`;
  const timeoutMs = o.startTimeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  const wanted = SEARCH_ATTRIBUTE_DEFINITIONS.map((sa) => sa.name);
  let lastError: string;
  for (;;) {
    if (spawnError) throw new Error(`Could not start the Temporal dev server (${o.cliPath}): ${spawnError.message}`);
    if (exited !== null)
      throw new Error(`Temporal dev server exited (${exited}) before it was ready on ${address}. Its output:\n${tail}`);
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await conn.workflowService.describeNamespace({ namespace });
        const { customAttributes } = await conn.operatorService.listSearchAttributes({ namespace });
        const missing = wanted.filter((n) => !(customAttributes ?? {})[n]);
        if (missing.length === 0) break;
        lastError = `search attributes not registered yet: ${missing.join(', ')}`;
      } finally {
        await conn.close();
      }
    } catch (err) {
      lastError = (err as Error).message;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exit;
      throw new Error(
        `Temporal dev server not ready on ${address} within ${timeoutMs} ms (${lastError}). Its output:\n${tail}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    address,
    uiUrl,
    namespace,
    pid: child.pid!,
    async stop() {
      if (exited !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(killer);
    },
  };
}
