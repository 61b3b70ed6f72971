import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { DefaultLogger, bundleWorkflowCode } from '@temporalio/worker';
import { resolveTemporalCli } from '../src/dev/temporal-cli';
import { startDevServer } from '../src/dev/dev-server';
import { startSimulator } from '../src/simulator';
import { migrate } from '../src/db/migrate';
import { WORKFLOWS_PATH } from '../src/worker';

/**
 * Real infrastructure for the whole suite, started once: a Temporal dev
 * server, the Shopify simulator over HTTP, a fresh PostgreSQL database on the
 * local server, and the workflow bundle (built once, shared by every worker).
 */
const BASE_DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

async function freshDatabase(): Promise<string> {
  const name = `oo_test_${process.pid}`;
  const admin = new Client({ connectionString: BASE_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(BASE_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), 'oo-test-'));
  const cliPath = await resolveTemporalCli({ log: (m) => console.log(`[setup] ${m}`) });
  const [temporal, simulator, databaseUrl, bundle] = await Promise.all([
    startDevServer({ cliPath, headless: true, logFile: path.join(dir, 'temporal.log') }),
    startSimulator({ port: 0 }),
    freshDatabase(),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') }),
  ]);
  await migrate(databaseUrl);
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);

  project.provide('temporalAddress', temporal.address);
  project.provide('simulatorUrl', simulator.url);
  project.provide('databaseUrl', databaseUrl);
  project.provide('workflowBundlePath', bundlePath);

  return async () => {
    await simulator.close();
    await temporal.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    simulatorUrl: string;
    databaseUrl: string;
    workflowBundlePath: string;
  }
}
