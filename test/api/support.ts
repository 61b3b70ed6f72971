import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { Client as PgClient } from 'pg';
import pino from 'pino';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { createApp, type GatewayDeps } from '../../src/api/app';
import { migrate } from '../../src/db/migrate';
import { createPool, type Pool } from '../../src/db/pool';
import { startDevServer, type DevServer } from '../../src/dev/dev-server';
import { resolveTemporalCli } from '../../src/dev/temporal-cli';
import { findFreePort } from '../../src/dev/ports';
import { signShopifyWebhook } from '../../src/shopify/webhook-hmac';

/**
 * Real infrastructure for one gateway test file: its own Temporal dev server
 * (the contract's search attributes registered), its own database on the local
 * PostgreSQL (dropped and created, migrated), and the gateway over real HTTP.
 * No worker: a started workflow waits with its signals in its history.
 */

export const SHOP = 'api-test.myshopify.com';
export const SECRETS = ['old-secret', 'new-secret'];
const BASE_DATABASE_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export async function startTemporal(): Promise<{ server: DevServer; connection: Connection; client: Client }> {
  const cliPath = await resolveTemporalCli({ build: false });
  const server = await startDevServer({
    cliPath,
    headless: true,
    logFile: path.join(tmpdir(), `oo-api-temporal-${process.pid}.log`),
  });
  const connection = await Connection.connect({ address: server.address });
  return { server, connection, client: new Client({ connection, namespace: server.namespace }) };
}

/** Drop and create `name` on the local server, migrate it, and return its URL. */
export async function freshDatabase(name: string): Promise<string> {
  const admin = new PgClient({ connectionString: BASE_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(BASE_DATABASE_URL);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return url.toString();
}

/** A real pino logger whose JSON lines are kept for assertions. */
export function capturingLogger() {
  const lines: Record<string, any>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

export interface RunningGateway {
  url: string;
  close(): Promise<void>;
}

export async function listen(deps: GatewayDeps): Promise<RunningGateway> {
  const app = createApp(deps);
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Temporal, a fresh database and the gateway on them, for one test file; `stop` ends all three. */
export async function startGatewayStack(
  database: string,
  deps: Omit<GatewayDeps, 'shopDomain' | 'webhookSecrets' | 'temporal' | 'pool'>,
) {
  const [temporal, databaseUrl] = await Promise.all([startTemporal(), freshDatabase(database)]);
  const pool = createPool(databaseUrl, 2);
  const gw = await listen({ shopDomain: SHOP, webhookSecrets: SECRETS, temporal: temporal.client, pool, ...deps });
  return {
    temporal,
    pool,
    gw,
    async stop() {
      await gw.close();
      await pool.end();
      await temporal.connection.close();
      await temporal.server.stop();
    },
  };
}

export interface WebhookOptions {
  /** Secret to sign with; null: no X-Shopify-Hmac-Sha256 header. */
  secret?: string | null;
  shop?: string;
  eventId?: string;
  webhookId?: string;
  /** Override the signature header verbatim. */
  signature?: string;
  /** X-Shopify-Triggered-At (default: now). */
  triggeredAt?: string;
}

let seq = 0;
export function uniqueId(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now()}-${++seq}`;
}

/** POST a webhook the way Shopify does: raw JSON body, signed, with Shopify's headers. */
export function postWebhook(url: string, topic: string, body: string, o: WebhookOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-shopify-topic': topic,
    'x-shopify-shop-domain': o.shop ?? SHOP,
    'x-shopify-api-version': '2026-10',
    'x-shopify-event-id': o.eventId ?? uniqueId('evt'),
    'x-shopify-webhook-id': o.webhookId ?? uniqueId('wh'),
    'x-shopify-triggered-at': o.triggeredAt ?? new Date().toISOString(),
  };
  if (o.signature !== undefined) headers['x-shopify-hmac-sha256'] = o.signature;
  else if (o.secret !== null) headers['x-shopify-hmac-sha256'] = signShopifyWebhook(body, o.secret ?? 'new-secret');
  return fetch(`${url}/webhooks/shopify`, { method: 'POST', headers, body });
}

export interface SignalSeen {
  name: string;
  args: any[];
}

/** The signals in a workflow's history, with their decoded arguments, in order. */
export async function signalsOf(client: Client, workflowId: string): Promise<SignalSeen[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .filter((e) => e.workflowExecutionSignaledEventAttributes)
    .map((e) => {
      const a = e.workflowExecutionSignaledEventAttributes!;
      return {
        name: a.signalName ?? '',
        args: (a.input?.payloads ?? []).map((p) => defaultPayloadConverter.fromPayload(p)),
      };
    });
}

/** The input the workflow was started with. */
export async function startInputOf(client: Client, workflowId: string): Promise<any[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  return (started?.input?.payloads ?? []).map((p) => defaultPayloadConverter.fromPayload(p));
}

/** Every run (open or closed) with this workflow id, from visibility (immediate on the dev server). */
export async function runsOf(client: Client, workflowId: string): Promise<string[]> {
  const runs: string[] = [];
  for await (const w of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.push(w.runId);
  return runs;
}

/** Does a workflow with this id exist at all? */
export async function workflowExists(client: Client, workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (err) {
    if ((err as Error).name === 'WorkflowNotFoundError') return false;
    throw err;
  }
}

/**
 * A client for a Temporal that is not there (a closed port), with the SDK's
 * default retries. Deliberately never closed: the client's retry interceptor
 * may still have a backoff timer pending after the gateway has answered, and
 * closing the channel under it throws from that timer.
 */
export async function unreachableTemporal(): Promise<Client> {
  const connection = await Connection.lazy({ address: `127.0.0.1:${await findFreePort()}` });
  return new Client({ connection });
}

export type { Pool };
export { createPool };
