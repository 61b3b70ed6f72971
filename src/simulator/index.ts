import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
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
 */
export interface Simulator {
  url: string;
  port: number;
  store: SimStore;
  close(): Promise<void>;
}

export async function startSimulator(opts: { port?: number; host?: string; seedDemo?: boolean; stateFile?: string } = {}): Promise<Simulator> {
  const store = new SimStore();
  const webhooks = new WebhookEmitter();
  if (opts.stateFile) loadStore(store, opts.stateFile);
  if (opts.seedDemo) seedDemoShop(store); // a no-op for a shop loaded from the state file
  const app = express();
  app.disable('x-powered-by');
  app.post('/admin/api/:version/graphql.json', express.json({ limit: '2mb' }), graphqlHandler(store, webhooks));
  app.use('/_sim', express.json({ limit: '2mb' }), controlRouter(store, webhooks));
  app.use((_req, res) => {
    res.status(404).json({ errors: 'Not Found' });
  });
  const host = opts.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(opts.port ?? 0, host, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    store,
    close: () =>
      new Promise((resolve) => {
        if (opts.stateFile) saveStore(store, opts.stateFile);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
