import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdminApiClient, type AdminApiClient } from '@shopify/admin-api-client';
import { afterAll, beforeAll } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator';
import { shopFetch } from '../../src/shopify/client';

/** What the simulator suites share: a simulator, shops on it, the SDK client, a webhook receiver. */
export const API_VERSION = '2026-10';

export async function control<T = any>(sim: Simulator, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.url}/_sim${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} /_sim${path} -> ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The Admin API through Shopify's own SDK, plain HTTP via the engine's shopFetch. */
export function adminClient(sim: Simulator, accessToken: string, apiVersion = API_VERSION): AdminApiClient {
  return createAdminApiClient({
    storeDomain: sim.url,
    apiVersion,
    accessToken,
    retries: 0,
    customFetchApi: shopFetch(sim.url) as never,
  });
}

/** A raw POST to the GraphQL endpoint: the whole JSON answer and the HTTP status. */
export async function rawGraphql(
  sim: Simulator,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
  version = API_VERSION,
) {
  const res = await fetch(`${sim.url}/admin/api/${version}/graphql.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  path: string;
}

/** An HTTP server recording every webhook; `fail(n)` answers the next n with 500. */
export async function webhookReceiver() {
  const received: Received[] = [];
  let failures = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failures > 0) {
        failures -= 1;
        res.statusCode = 500;
        res.end('no');
        return;
      }
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), path: req.url ?? '' });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    fail: (n: number) => {
      failures = n;
    },
    byTopic: (topic: string) => received.filter((r) => r.headers['x-shopify-topic'] === topic),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A shop with two locations (A stocks TEE and MUG, B stocks TEE only) and an order helper. */
export async function testShop(sim: Simulator, domain: string, extra: Record<string, unknown> = {}) {
  const token = `shpat_${domain.split('.')[0]}`;
  const secret = `secret-${domain}`;
  await control(sim, 'POST', '/shops', { domain, accessToken: token, webhookSecret: secret, ...extra });
  const p = (s: string) => `/shops/${domain}${s}`;
  const a = (
    await control(sim, 'POST', p('/locations'), {
      name: 'A',
      address: { city: 'Newark', provinceCode: 'NJ', countryCode: 'US', latitude: 40.73, longitude: -74.17 },
    })
  ).id as string;
  const b = (
    await control(sim, 'POST', p('/locations'), {
      name: 'B',
      address: { city: 'Los Angeles', provinceCode: 'CA', countryCode: 'US', latitude: 34.05, longitude: -118.24 },
    })
  ).id as string;
  const products = await control(sim, 'POST', p('/products'), {
    title: 'Tee',
    variants: [{ sku: 'TEE', price: '20.00', inventory: { [a]: 10, [b]: 10 } }],
  });
  await control(sim, 'POST', p('/products'), {
    title: 'Mug',
    variants: [{ sku: 'MUG', price: '10.00', inventory: { [a]: 10 } }],
  });
  return {
    domain,
    token,
    secret,
    locations: { a, b },
    teeItem: products.variants[0].inventoryItemId as string,
    client: adminClient(sim, token),
    path: p,
    /** TEE x2 + MUG x1 = 50.00, authorized unless told otherwise. */
    order: (body: Record<string, unknown> = {}) =>
      control(sim, 'POST', p('/orders'), {
        lineItems: [
          { sku: 'TEE', quantity: 2 },
          { sku: 'MUG', quantity: 1 },
        ],
        shippingAddress: {
          city: 'Newark',
          provinceCode: 'NJ',
          countryCode: 'US',
          zip: '07114',
          latitude: 40.7,
          longitude: -74.1,
        },
        email: 'a@example.com',
        ...body,
      }),
    state: (legacyId: string) => control(sim, 'GET', p(`/orders/${legacyId}`)),
  };
}

export { startSimulator, type Simulator };

/**
 * For a describe block: a simulator, a webhook receiver and a test shop whose
 * webhooks go to it, started before its tests and closed after them. Read the
 * properties inside tests (they are set once beforeAll has run).
 */
export function simulatorWithShop(domain: string) {
  const env = {} as {
    sim: Simulator;
    hooks: Awaited<ReturnType<typeof webhookReceiver>>;
    shop: Awaited<ReturnType<typeof testShop>>;
  };
  beforeAll(async () => {
    env.sim = await startSimulator({ port: 0 });
    env.hooks = await webhookReceiver();
    env.shop = await testShop(env.sim, domain, { webhookUrl: `${env.hooks.url}/hooks` });
  });
  afterAll(async () => {
    await env.sim?.close();
    await env.hooks?.close();
  });
  return env;
}

/**
 * What the simulator shows of an order beyond what the engine's documents
 * select (its status, legacy id and tags): for the simulator's own checks.
 */
export const ORDER_AS_SHOPIFY_SHOWS_IT = `
  query OrderAsShopifyShowsIt($id: ID!) {
    order(id: $id) { id legacyResourceId name displayFinancialStatus displayFulfillmentStatus tags }
  }
`;

/** Run a document through the SDK; fail on top-level errors; return data. */
export async function gql(
  client: AdminApiClient,
  document: string,
  variables: Record<string, unknown> = {},
): Promise<any> {
  const res = await client.request(document, { variables });
  if (res.errors) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors.graphQLErrors ?? res.errors)}`);
  return res.data;
}
