import { z } from 'zod';
import { DEFAULT_PUBLISH_SETTINGS } from './inventory/available-to-sell';
import { DEFAULT_RETURN_POLICY, type ReturnPolicy } from './returns/contract';

/**
 * Every setting the project reads from the environment, validated once at
 * start: its type, its default and a one-line description. A missing or
 * malformed setting fails with one message naming every bad key. The
 * README's settings tables are generated from these schemas
 * (`npm run docs:settings`; test/unit/settings-doc.test.ts keeps them equal).
 * An empty value is the same as an unset one. Names are part of the
 * interface integrators rely on (README: Settings): they do not change.
 *
 * Two schemas: `schema`, what the engine's processes run on (loadConfig), and
 * `devSchema`, what only the local tools read (npm start's embedded parts, the
 * simulator, the demo, ops links, setup). loadSettings reads a few of either.
 */
export interface SettingDoc {
  /** One line: what the setting does. */
  description: string;
  /** What happens when it is unset, for a setting without a fixed default. */
  unset?: string;
}

/** The documentation of each setting, keyed by its schema. */
export const settingDocs = z.registry<SettingDoc>();

function setting<T extends z.ZodType>(type: T, description: string, unset?: string): T {
  settingDocs.add(type, unset === undefined ? { description } : { description, unset });
  return type;
}

const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);
const port = () => z.coerce.number().int().min(0).max(65535);
const httpUrl = () => z.string().regex(/^https?:\/\/\S+$/, 'an http(s):// URL');

const shopify = {
  SHOPIFY_SHOP: setting(
    z
      .string()
      .regex(
        /^(https?:\/\/[^\s/]+\/?|[a-z0-9][a-z0-9-]*\.myshopify\.com)$/i,
        'a *.myshopify.com domain or a base URL such as http://127.0.0.1:4000',
      ),
    '`your-store.myshopify.com`, or a base URL such as `http://127.0.0.1:4000`',
    'required; `npm start` runs the simulator',
  ),
  SHOPIFY_ACCESS_TOKEN: setting(z.string().min(1), 'Admin API access token of the custom app', 'required with a store'),
  SHOPIFY_API_VERSION: setting(
    z
      .string()
      .regex(/^\d{4}-(01|04|07|10)$|^unstable$/, 'an API version such as 2026-10')
      .default('2026-10'),
    'Admin API version',
  ),
  SHOPIFY_WEBHOOK_SECRET: setting(
    csv.pipe(z.array(z.string()).min(1, 'at least one secret')),
    'app secret(s) for webhook HMAC; comma-separated during rotation',
    'required with a store',
  ),
  PUBLIC_URL: setting(
    httpUrl().optional(),
    "the gateway's public base URL: `npm run bootstrap` and `npm run shopify:webhooks` point the webhook subscriptions at it",
    'no subscriptions made by bootstrap',
  ),
};

const temporal = {
  TEMPORAL_ADDRESS: setting(
    z
      .string()
      .regex(/^[^\s:]+:\d+$/, 'host:port')
      .default('127.0.0.1:7233'),
    '`host:port` of the Temporal frontend; unset, `npm start` runs the dev server there',
  ),
  TEMPORAL_NAMESPACE: setting(z.string().min(1).default('default'), 'Temporal namespace'),
  TEMPORAL_TASK_QUEUE: setting(
    z.string().min(1).default('orders'),
    "task queue of the engine's workflows and activities",
  ),
  TEMPORAL_API_KEY: setting(z.string().optional(), 'Temporal Cloud API key', 'none'),
  TEMPORAL_TLS_CERT: setting(
    z.string().optional(),
    'mTLS client certificate file (with `TEMPORAL_TLS_KEY`)',
    'no mTLS',
  ),
  TEMPORAL_TLS_KEY: setting(z.string().optional(), 'mTLS client key file (with `TEMPORAL_TLS_CERT`)', 'no mTLS'),
  TEMPORAL_TLS_SERVER_NAME: setting(z.string().optional(), 'TLS server name override', "the address's host"),
  /** Workflows the worker keeps in memory between tasks (SDK default: sized from the heap, ~600 per GiB). */
  WORKER_MAX_CACHED_WORKFLOWS: setting(
    z.coerce.number().int().min(0).optional(),
    'workflows the worker keeps in memory; each parked order otherwise stays cached (see Benchmarks)',
    'SDK default (sized from the heap)',
  ),
};

const database = {
  DATABASE_URL: setting(
    z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL'),
    '`postgresql://...`, PostgreSQL 14+',
    'required; `npm start` runs an embedded PostgreSQL (PGlite)',
  ),
  DATABASE_POOL_MAX: setting(z.coerce.number().int().min(1).max(100).default(10), "connections in each process's pool"),
};

const gateway = {
  PORT: setting(port().default(3000), 'gateway port'),
  OUTBOUND_EVENTS_URL: setting(
    z.string().url().optional(),
    "where signed order events go (the merchant's systems)",
    'no outbound events',
  ),
  OUTBOUND_EVENTS_SECRET: setting(z.string().optional(), 'HMAC secret of the outbound order events', 'unsigned'),
  OPS_TOKEN: setting(
    z.string().optional(),
    'bearer token for `/ops` and `/inventory` endpoints and order status',
    'off; `npm start` on embedded defaults makes one once in `DATA_DIR/ops-token`',
  ),
  ORDERS_READ_TOKEN: setting(
    z.union([z.literal(''), z.string().min(16, 'at least 16 characters')]).optional(),
    'read-only bearer token for `GET /orders/{id}` (at least 16 characters); `OPS_TOKEN` works there too',
    'none',
  ),
  RATE_LIMIT_PER_SECOND: setting(
    z.coerce.number().min(0).max(100_000).default(50),
    'sustained requests per second per source on `/partners`, `/ops`, `/inventory`, `/orders` (`0`: off)',
  ),
  RATE_LIMIT_BURST: setting(
    z.coerce.number().int().min(1).max(1_000_000).default(200),
    'requests per source at once on those endpoints',
  ),
  AUTH_FAILURE_BURST: setting(
    z.coerce.number().int().min(1).max(100_000).default(20),
    'failed authentications per source at once; past them, 429 before any check',
  ),
  AUTH_FAILURE_LIMIT_PER_MINUTE: setting(
    z.coerce.number().gt(0).max(100_000).default(10),
    'failed authentications per source earned back per minute',
  ),
  RATE_LIMIT_MAX_SOURCES: setting(
    z.coerce.number().int().min(100).max(10_000_000).default(10_000),
    'sources each limiter remembers (bounded memory)',
  ),
  TRUST_PROXY_HOPS: setting(
    z.coerce.number().int().min(0).max(10).default(0),
    "reverse proxies in front of the gateway whose `X-Forwarded-For` names the source (`0`: the connection's address)",
  ),
  HTTP_HEADERS_TIMEOUT_MS: setting(
    z.coerce.number().int().min(1000).max(600_000).default(10_000),
    'time for the request line and headers (at most `HTTP_REQUEST_TIMEOUT_MS`)',
  ),
  HTTP_REQUEST_TIMEOUT_MS: setting(
    z.coerce.number().int().min(1000).max(3_600_000).default(300_000),
    'time for the whole request',
  ),
  HTTP_BODY_IDLE_TIMEOUT_MS: setting(
    z.coerce.number().int().min(1000).max(600_000).default(15_000),
    'a body silent this long is cut off (408)',
  ),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: setting(
    z.coerce.number().int().min(1000).max(600_000).default(5_000),
    'an idle keep-alive connection is closed after this long',
  ),
  HTTP_MAX_HEADER_BYTES: setting(
    z.coerce.number().int().min(4096).max(1_048_576).default(16_384),
    'largest request line and headers (431 above)',
  ),
};

const partners = {
  PARTNERS_FILE: setting(
    z.string().min(1).optional(),
    'partners and the locations they run, applied at bootstrap (see `config/demo-partners.json`)',
    '`config/demo-partners.json` with the simulator, else none',
  ),
  EDI_ISA_QUALIFIER: setting(
    z
      .string()
      .regex(/^[0-9A-Z]{2}$/, 'a 2-character ISA qualifier such as ZZ')
      .default('ZZ'),
    'our ISA05/ISA07 qualifier in X12 envelopes, as agreed with each vendor',
  ),
  EDI_ISA_ID: setting(
    z
      .string()
      .regex(/^[A-Za-z0-9 .-]{1,15}$/, 'at most 15 letters, digits, spaces, dots or dashes')
      .default('ORDERORCH'),
    'our ISA06/ISA08 id in X12 envelopes',
  ),
  EDI_GS_APPLICATION_CODE: setting(
    z
      .string()
      .regex(/^[A-Za-z0-9.-]{2,15}$/, '2-15 letters, digits, dots or dashes')
      .default('ORDERORCH'),
    'our GS02/GS03 application code in X12 envelopes',
  ),
  EDI_POLL_SECONDS: setting(
    z.coerce.number().int().min(0).max(3600).default(10),
    "seconds between looks at EDI vendors' inbound drop folders (`transport.inbound`); `0` turns the poller off in that process",
  ),
};

const forNewShop = (v: unknown) => `\`${v}\` for a new shop; then as stored`;
const inventory = {
  INVENTORY_SYNC: setting(
    z.enum(['on', 'off']).optional(),
    "seeds a new shop's publishing: `off`, the engine writes no quantities to Shopify (the ledger, reservations and routing work the same)",
    forNewShop('on'),
  ),
  INVENTORY_PUBLISH_MODE: setting(
    z.enum(['per_location', 'aggregated']).optional(),
    "seeds a new shop's publish mode: `per_location`, or `aggregated` (with `INVENTORY_AGGREGATE_LOCATION`)",
    forNewShop(DEFAULT_PUBLISH_SETTINGS.mode),
  ),
  INVENTORY_AGGREGATE_LOCATION: setting(
    z.string().min(1).optional(),
    'seeds, for the aggregated mode, the Shopify location (name, GID or numeric id) that gets the sum',
    'none; then as stored',
  ),
  INVENTORY_LOW_STOCK: setting(
    z.coerce.number().int().min(0).optional(),
    "seeds a new shop's push boundary: every change at or below this level is published",
    forNewShop(DEFAULT_PUBLISH_SETTINGS.lowStockLevel),
  ),
  INVENTORY_RELATIVE_CHANGE: setting(
    z.coerce.number().gt(0).max(10).optional(),
    "seeds a new shop's push boundary above the low-stock level: a change of at least this fraction",
    forNewShop(DEFAULT_PUBLISH_SETTINGS.relativeChange),
  ),
  INVENTORY_PUSH_DEBOUNCE_MS: setting(
    z.coerce.number().int().min(0).max(600_000).default(1000),
    'milliseconds a burst of changes settles before one evaluation',
  ),
  INVENTORY_POLL_SECONDS: setting(
    z.coerce.number().int().min(1).max(3600).default(60),
    "seconds between the sync's own looks for changes (a lost wake-up costs at most this)",
  ),
  INVENTORY_SETTLE_SECONDS: setting(
    z.coerce.number().int().min(0).max(86_400).default(300),
    'a level left stale below a boundary is made exact once quiet this long (`0`: only reconciliation does)',
  ),
  INVENTORY_RECONCILE_CRON: setting(
    z
      .string()
      .regex(/^(\S+\s+){4}\S+$/, 'a 5-field cron expression such as 0 3 * * *')
      .default('0 3 * * *'),
    'reconciliation schedule (5-field cron, UTC)',
  ),
  CATALOG_SYNC_MINUTES: setting(z.coerce.number().int().min(1).max(1440).default(15), 'minutes between catalog syncs'),
  ORDER_SWEEP_MINUTES: setting(
    z.coerce.number().int().min(1).max(1440).default(15),
    'minutes between missed-order sweeps',
  ),
};

const R = DEFAULT_RETURN_POLICY;
const days = (d: number) => z.coerce.number().int().min(0).max(365).default(d);
const returns = {
  RETURN_APPROVAL: setting(
    z.enum(['auto', 'person']).default(R.approval),
    'a requested return: `auto` approves it within the approval window (else a person decides); `person` always asks',
  ),
  RETURN_APPROVAL_WINDOW_DAYS: setting(
    days(R.approvalWindowDays),
    'days after the last fulfillment within which `auto` approves a request',
  ),
  RETURN_DESTINATION: setting(
    z.enum(['nearest', 'original', 'returns_centre']).default(R.destination),
    'where a return goes: the nearest location accepting returns, the location that shipped it, or the returns centre (an in-store return stays at its store)',
  ),
  RETURNS_CENTRE_LOCATION_ID: setting(
    z
      .string()
      .regex(/^gid:\/\/shopify\/Location\/\d+$/, 'a Location GID')
      .optional(),
    'the returns centre (a Location GID) for `RETURN_DESTINATION=returns_centre`',
    'none: the nearest location accepting returns',
  ),
  RETURN_REFUND_TIMING: setting(
    z.enum(['on_receipt', 'first_scan', 'immediate']).default(R.refundTiming),
    "when the customer's money goes back: as units arrive, at the carrier's first scan, or at once (a trusted return)",
  ),
  RETURN_RESTOCKING_FEE_PERCENT: setting(
    z.coerce.number().min(0).max(100).default(R.restockingFeePercent),
    "percent of a returned line's value kept as a restocking fee (a fee set on the return in Shopify wins)",
  ),
  RETURN_SHIPPING_DEDUCTION: setting(
    z
      .string()
      .regex(/^\d+(\.\d+)?$/, 'a decimal amount such as 5.00')
      .default(R.returnShippingDeduction),
    "deducted once from each return's refund for the return label (shop currency)",
  ),
  RETURN_REFUND_SHIPPING: setting(
    z.enum(['true', 'false']).default(R.refundShipping ? 'true' : 'false'),
    "refund the order's shipping in proportion to the merchandise returned",
  ),
  RETURN_RECEIPT_WINDOW_DAYS: setting(days(R.receiptWindowDays), 'days to wait for the parcel before a reminder'),
  RETURN_ATTENTION_AFTER_DAYS: setting(
    days(R.attentionAfterDays),
    'days after the reminder before a person is asked (extend, refund now or close)',
  ),
  RETURN_EXCHANGE_RELEASE: setting(
    z.enum(['on_receipt', 'first_scan', 'immediate']).default(R.exchangeRelease),
    "when an exchange's replacement (reserved as soon as the return is open) ships: when the parcel arrives, at the carrier's first scan, or at once",
  ),
  RETURN_UNRETURNED_EXCHANGE: setting(
    z.enum(['cancel', 'charge']).default(R.unreturnedExchange),
    'what happens to a replacement whose parcel never came, proposed to the person asked and applied if nobody answers within RETURN_ATTENTION_AFTER_DAYS: its reservation given back, or shipped and charged',
  ),
};

const webhooks = {
  WEBHOOK_HORIZON_HOURS: setting(
    z.coerce
      .number()
      .gt(0)
      .max(24 * 365)
      .default(48),
    'a webhook triggered (`X-Shopify-Triggered-At`) longer ago is acknowledged as `stale` and not acted on (Shopify retries for about 48 h)',
  ),
  WEBHOOK_DEDUPE_RETENTION_HOURS: setting(
    z.coerce
      .number()
      .gt(0)
      .max(24 * 365)
      .default(72),
    'how long delivery ids are kept for deduplication; at least `WEBHOOK_HORIZON_HOURS`',
  ),
};

const logging = {
  LOG_LEVEL: setting(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    "log level (`debug` also shows the Temporal SDK's own logs under `npm start`)",
  ),
};

/** The engine's settings: the worker, the gateway, bootstrap and `npm start`. */
const schema = z.object({
  ...shopify,
  ...temporal,
  ...database,
  ...gateway,
  ...partners,
  ...inventory,
  ...returns,
  ...webhooks,
  ...logging,
});

/** The local tools' settings: never needed by a deployed engine. */
export const devSchema = z.object({
  DATA_DIR: setting(
    z.string().min(1).optional(),
    "where `npm start` keeps the dev server's, PGlite's and the simulator's data, and the ops token",
    '`.data` in the project root',
  ),
  EMBEDDED_PG_PORT: setting(
    port().default(5433),
    "port of `npm start`'s embedded PostgreSQL (also what `npm run inventory:import` reaches without `DATABASE_URL`)",
  ),
  SIMULATOR_PORT: setting(
    port().default(4000),
    'port of the Shopify simulator under `npm start` and `npm run simulator`',
  ),
  SIMULATOR_HOST: setting(z.string().min(1).default('127.0.0.1'), 'address `npm run simulator` listens on'),
  GATEWAY_URL: setting(httpUrl().default('http://127.0.0.1:3000'), 'the gateway `npm run demo` plays against'),
  SIMULATOR_URL: setting(httpUrl().default('http://127.0.0.1:4000'), 'the simulator `npm run demo` places orders in'),
  TEMPORAL_UI_URL: setting(
    httpUrl().default('http://127.0.0.1:8233'),
    "where `npm run ops` and `npm run demo` link an order's page",
  ),
  TEMPORAL_CLI_PATH: setting(
    z.string().min(1).optional(),
    'the Temporal CLI binary `npm start`, setup and the tests run',
    '`temporal` on `PATH`, else the one `npm run setup` provisions',
  ),
  CHROMIUM_PATH: setting(
    z.string().min(1).optional(),
    "Chromium binary of the browser test (`npm run setup` installs Debian's when missing)",
    '`/usr/bin/chromium`',
  ),
});

export type Config = z.infer<typeof schema>;
export type DevSettings = z.infer<typeof devSchema>;

/** Every setting, engine and tools, with its schema (for the README tables and loadSettings). */
export const settingGroups = [
  {
    title: 'engine',
    intro: 'The engine (the worker, the gateway, `npm run bootstrap` and `npm start`; `loadConfig` in src/config.ts):',
    schema,
  },
  {
    title: 'tools',
    intro:
      "The local tools only (`npm start`'s embedded parts, the simulator, the demo, `npm run ops`, setup and the tests; `devSchema`):",
    schema: devSchema,
  },
] as const;

const allShape = { ...schema.shape, ...devSchema.shape };
type Shape = typeof allShape;
export type SettingName = keyof Shape;

/** Settings that must agree with each other. */
const checked = schema.superRefine((c, ctx) => {
  // Node refuses a headers timeout longer than the request timeout.
  if (c.HTTP_HEADERS_TIMEOUT_MS > c.HTTP_REQUEST_TIMEOUT_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['HTTP_HEADERS_TIMEOUT_MS'],
      message: 'must be at most HTTP_REQUEST_TIMEOUT_MS',
    });
  }
  if (c.WEBHOOK_DEDUPE_RETENTION_HOURS < c.WEBHOOK_HORIZON_HOURS) {
    ctx.addIssue({
      code: 'custom',
      path: ['WEBHOOK_DEDUPE_RETENTION_HOURS'],
      message: 'must be at least WEBHOOK_HORIZON_HOURS (a delivery still accepted must still be remembered)',
    });
  }
});

export class ConfigError extends Error {}

/** The environment with empty values dropped (`${X:-}` in compose files means unset). */
function given(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
}

function parsed<T>(s: z.ZodType<T>, env: NodeJS.ProcessEnv): T {
  const result = s.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => {
    const key = i.path.join('.');
    // A rule across keys (code 'custom') holds for a key left at its default too.
    return env[key] === undefined && i.code !== 'custom' ? `${key} is missing` : `${key} is invalid (${i.message})`;
  });
  throw new ConfigError(`Configuration error: ${problems.join('; ')}`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parsed(checked, given(env));
}

type Needed = { [P in SettingName]: undefined extends z.input<Shape[P]> ? never : P }[SettingName];
/** Settings read one by one: a setting the engine requires is undefined here when unset (the tool decides). */
export type Settings<K extends SettingName> = {
  [P in K]: P extends Needed ? z.output<Shape[P]> | undefined : z.output<Shape[P]>;
};

/**
 * A few settings, engine or tools, for a process that needs only those (a
 * script, the logger, npm start's embedded parts): validated as loadConfig
 * does, failing with a message naming every bad key.
 */
export function loadSettings<K extends SettingName>(
  keys: readonly K[],
  env: NodeJS.ProcessEnv = process.env,
): Settings<K> {
  const shape = Object.fromEntries(
    keys.map((k) => {
      const s = allShape[k] as z.ZodType;
      return [k, s.safeParse(undefined).success ? s : s.optional()];
    }),
  );
  return parsed(z.object(shape), given(env)) as Settings<K>;
}

/** Our EDI envelope identity. */
export function ediIdentity(c: Pick<Config, 'EDI_ISA_QUALIFIER' | 'EDI_ISA_ID' | 'EDI_GS_APPLICATION_CODE'>) {
  return { isaQualifier: c.EDI_ISA_QUALIFIER, isaId: c.EDI_ISA_ID, gsApplicationCode: c.EDI_GS_APPLICATION_CODE };
}

/** The inventory sync's workflow settings. */
export function inventorySyncSettings(
  c: Pick<Config, 'INVENTORY_PUSH_DEBOUNCE_MS' | 'INVENTORY_POLL_SECONDS' | 'INVENTORY_SETTLE_SECONDS'>,
) {
  return {
    debounceMs: c.INVENTORY_PUSH_DEBOUNCE_MS,
    pollSeconds: c.INVENTORY_POLL_SECONDS,
    settleSeconds: c.INVENTORY_SETTLE_SECONDS,
  };
}

/** The webhook gateway's replay protection (src/shopify/webhook-deliveries.ts). */
export function webhookDeliverySettings(c: Pick<Config, 'WEBHOOK_HORIZON_HOURS' | 'WEBHOOK_DEDUPE_RETENTION_HOURS'>) {
  return { horizonHours: c.WEBHOOK_HORIZON_HOURS, retentionHours: c.WEBHOOK_DEDUPE_RETENTION_HOURS };
}

/**
 * The webhook settings alone, for a gateway built without them passed in:
 * the same validation as loadConfig (which the processes run at start).
 */
export function webhookDeliverySettingsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const c = loadSettings(['WEBHOOK_HORIZON_HOURS', 'WEBHOOK_DEDUPE_RETENTION_HOURS'], env);
  return webhookDeliverySettings({
    ...c,
    WEBHOOK_DEDUPE_RETENTION_HOURS: Math.max(c.WEBHOOK_DEDUPE_RETENTION_HOURS, c.WEBHOOK_HORIZON_HOURS),
  });
}

/** The Temporal part of the config, for tools that need only that. */
export function temporalSettings(
  c: Pick<
    Config,
    | 'TEMPORAL_ADDRESS'
    | 'TEMPORAL_NAMESPACE'
    | 'TEMPORAL_API_KEY'
    | 'TEMPORAL_TLS_CERT'
    | 'TEMPORAL_TLS_KEY'
    | 'TEMPORAL_TLS_SERVER_NAME'
  >,
) {
  return {
    address: c.TEMPORAL_ADDRESS,
    namespace: c.TEMPORAL_NAMESPACE,
    apiKey: c.TEMPORAL_API_KEY,
    tlsCertPath: c.TEMPORAL_TLS_CERT,
    tlsKeyPath: c.TEMPORAL_TLS_KEY,
    tlsServerName: c.TEMPORAL_TLS_SERVER_NAME,
  };
}

/** The settings of a Temporal connection (address, namespace, API key, mTLS). */
export const TEMPORAL_KEYS = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_API_KEY',
  'TEMPORAL_TLS_CERT',
  'TEMPORAL_TLS_KEY',
  'TEMPORAL_TLS_SERVER_NAME',
] as const;

/** The Temporal settings alone, from the environment (scripts: ops, inventory import, temporal:setup). */
export function temporalSettingsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  return temporalSettings(loadSettings(TEMPORAL_KEYS, env));
}

/** Our EDI envelope identity alone, from the environment. */
export function ediIdentityFromEnv(env: NodeJS.ProcessEnv = process.env) {
  return ediIdentity(loadSettings(['EDI_ISA_QUALIFIER', 'EDI_ISA_ID', 'EDI_GS_APPLICATION_CODE'], env));
}

/** The gateway's security settings: the read-only token, rate limits, proxies and server timeouts. */
export function gatewaySecurity(c: Config) {
  return {
    ordersReadToken: c.ORDERS_READ_TOKEN || undefined,
    rateLimits: {
      perSecond: c.RATE_LIMIT_PER_SECOND,
      burst: c.RATE_LIMIT_BURST,
      authFailureBurst: c.AUTH_FAILURE_BURST,
      authFailuresPerMinute: c.AUTH_FAILURE_LIMIT_PER_MINUTE,
      maxSources: c.RATE_LIMIT_MAX_SOURCES,
    },
    trustProxyHops: c.TRUST_PROXY_HOPS,
    http: {
      headersTimeoutMs: c.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: c.HTTP_REQUEST_TIMEOUT_MS,
      bodyIdleTimeoutMs: c.HTTP_BODY_IDLE_TIMEOUT_MS,
      keepAliveTimeoutMs: c.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxHeaderBytes: c.HTTP_MAX_HEADER_BYTES,
    },
  };
}

/** The return policy every return workflow the gateway starts runs on (RETURN_* settings). */
export function returnPolicyOf(c: Config): ReturnPolicy {
  return {
    approval: c.RETURN_APPROVAL,
    approvalWindowDays: c.RETURN_APPROVAL_WINDOW_DAYS,
    destination: c.RETURN_DESTINATION,
    returnsCentreLocationId: c.RETURNS_CENTRE_LOCATION_ID ?? null,
    refundTiming: c.RETURN_REFUND_TIMING,
    restockingFeePercent: c.RETURN_RESTOCKING_FEE_PERCENT,
    returnShippingDeduction: c.RETURN_SHIPPING_DEDUCTION,
    refundShipping: c.RETURN_REFUND_SHIPPING === 'true',
    receiptWindowDays: c.RETURN_RECEIPT_WINDOW_DAYS,
    attentionAfterDays: c.RETURN_ATTENTION_AFTER_DAYS,
    exchangeRelease: c.RETURN_EXCHANGE_RELEASE,
    unreturnedExchange: c.RETURN_UNRETURNED_EXCHANGE,
  };
}
