import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { resolveTemporalCli } from '../../src/dev/temporal-cli';
import { startDevServer } from '../../src/dev/dev-server';
import { startSimulator } from '../../src/simulator';
import { migrate } from '../../src/db/migrate';
import { WORKFLOWS_PATH } from '../../src/worker';
import type { HarnessEnv } from './harness';

export interface StackOptions {
  /**
   * Start the dev server with its Web UI on a free port (the suite: the
   * browser tests drive it). Default false: headless (the bench).
   */
  ui?: boolean;
}

export interface Stack {
  env: HarnessEnv;
  /** The dev server's Web UI, e.g. http://127.0.0.1:41234, when started with `ui: true`. */
  temporalUiUrl?: string;
  stop(): Promise<void>;
}

/**
 * The real infrastructure the suite and the bench share: a Temporal dev
 * server, the Shopify simulator over HTTP, a fresh database on the local
 * PostgreSQL, and the workflow bundle built once for every worker.
 */
export async function startStack(
  name: string,
  log: (m: string) => void = () => undefined,
  options: StackOptions = {},
): Promise<Stack> {
  const dir = mkdtempSync(path.join(tmpdir(), `oo-${name}-`));
  const cliPath = await resolveTemporalCli({ log });
  const [temporal, simulator, databaseUrl, bundle] = await Promise.all([
    startDevServer({ cliPath, headless: !options.ui, logFile: path.join(dir, 'temporal.log') }),
    startSimulator({ port: 0 }),
    freshDatabase(`oo_${name}_${process.pid}`),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') }),
  ]);
  await migrate(databaseUrl);
  const workflowBundlePath = path.join(dir, 'workflow-bundle.js');
  writeFileSync(workflowBundlePath, bundle.code);
  if (temporal.uiUrl) await waitForUi(temporal.uiUrl);
  return {
    env: { temporalAddress: temporal.address, simulatorUrl: simulator.url, databaseUrl, workflowBundlePath },
    temporalUiUrl: temporal.uiUrl,
    async stop() {
      await simulator.close();
      await temporal.stop();
    },
  };
}

/** The UI server starts beside the frontend; wait until it serves its API (the SPA's first call). */
async function waitForUi(uiUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${uiUrl}/api/v1/settings`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Temporal Web UI at ${uiUrl} not ready within ${timeoutMs} ms (${last})`);
}

const BASE_DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

async function freshDatabase(name: string): Promise<string> {
  const admin = new Client({ connectionString: BASE_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(BASE_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
