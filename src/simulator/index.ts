import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { bulkDownload } from './bulk';
import { controlRouter } from './control';
import { graphqlHandler } from './graphql';
import { loadStore, saveStore } from './persistence';
import { seedDemoShop } from './seed';
import { SimStore } from './store';
import { WebhookEmitter } from './webhooks';

/**
 * The Shopify simulator: a stateful fake of one or more Shopify stores behind
 * the real Admin GraphQL schema, over real HTTP. Shops are told apart by
 * their access token, as Shopify tells them apart by host.
 *   POST /admin/api/{version}/graphql.json   the Admin API
 *   /_sim/...                                 the control API (control.ts)
 */
export interface SimulatorLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface Simulator {
  url: string;
  port: number;
  store: SimStore;
  webhooks: WebhookEmitter;
  close(): Promise<void>;
}

export interface SimulatorOptions {
  port?: number;
  host?: string;
  seedDemo?: boolean;
  /** Keep shops across restarts in this JSON file (loaded at start, saved on close). */
  stateFile?: string;
  logger?: SimulatorLogger;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const store = new SimStore();
  const webhooks = new WebhookEmitter();
  if (opts.stateFile) loadStore(store, opts.stateFile);
  if (opts.seedDemo) seedDemoShop(store); // a no-op for a shop loaded from the state file
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.post('/admin/api/:version/graphql.json', express.json({ limit: '2mb' }), graphqlHandler(store, webhooks));
  app.get('/_sim/bulk/:file', bulkDownload(store)); // bulk operations' JSONL results (bulk.ts)
  app.use('/_sim', express.json({ limit: '2mb' }), controlRouter(store, webhooks));
  app.use((_req, res) => {
    res.status(404).json({ errors: 'Not Found' });
  });
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    // Unparseable JSON bodies and the like: answer as Shopify does, in its shape.
    const status = err.status && err.status < 500 ? err.status : 500;
    if (status >= 500) opts.logger?.warn({ err }, 'simulator request failed');
    res
      .status(status)
      .json({ errors: status === 400 ? [{ message: `Bad request: ${err.message}` }] : 'Internal Server Error' });
  });
  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(opts.port ?? 0, host, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  opts.logger?.info({ url }, 'Shopify simulator listening');
  return {
    url,
    port,
    store,
    webhooks,
    close: () =>
      new Promise((resolve) => {
        if (opts.stateFile) saveStore(store, opts.stateFile);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
