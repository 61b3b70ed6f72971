import { z } from 'zod';

/**
 * Settings from the environment, validated once at start. A missing or
 * malformed setting fails with one message naming every bad key.
 * Names are part of the interface integrators rely on (README: Settings): they do not change.
 */
const csv = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

const schema = z.object({
  SHOPIFY_SHOP: z
    .string()
    .regex(/^(https?:\/\/[^\s/]+\/?|[a-z0-9][a-z0-9-]*\.myshopify\.com)$/i, 'a *.myshopify.com domain or a base URL such as http://127.0.0.1:4000'),
  SHOPIFY_ACCESS_TOKEN: z.string().min(1),
  SHOPIFY_API_VERSION: z.string().regex(/^\d{4}-(01|04|07|10)$|^unstable$/, 'an API version such as 2026-10').default('2026-10'),
  SHOPIFY_WEBHOOK_SECRET: csv.pipe(z.array(z.string()).min(1, 'at least one secret')),
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'host:port').default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('orders'),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_TLS_CERT: z.string().optional(),
  TEMPORAL_TLS_KEY: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** Workflows the worker keeps in memory between tasks (SDK default: sized from the heap, ~600 per GiB). */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Where signed outbound order events go (optional). */
  OUTBOUND_EVENTS_URL: z.string().url().optional(),
  OUTBOUND_EVENTS_SECRET: z.string().optional(),
  /** Bearer token for /ops endpoints (optional; ops endpoints are off without it). */
  OPS_TOKEN: z.string().optional(),
  /** Read-only bearer token for GET /orders/{id} (OPS_TOKEN also works there; off with neither). */
  ORDERS_READ_TOKEN: z.union([z.literal(''), z.string().min(16, 'at least 16 characters')]).optional(),
  /** Per-source limit on /partners, /ops, /inventory and /orders: sustained requests per second (0: off) and burst. */
  RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).max(100_000).default(50),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(200),
  /** Failed authentications per source: at once, and earned back per minute; past them, 429 before any check. */
  AUTH_FAILURE_BURST: z.coerce.number().int().min(1).max(100_000).default(20),
  AUTH_FAILURE_LIMIT_PER_MINUTE: z.coerce.number().gt(0).max(100_000).default(10),
  /** Sources each limiter remembers (bounded memory). */
  RATE_LIMIT_MAX_SOURCES: z.coerce.number().int().min(100).max(10_000_000).default(10_000),
  /** Reverse proxies in front of the gateway whose X-Forwarded-For names the source (0: the connection's address). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Gateway server timeouts (ms) and the largest request line + headers (bytes). */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(300_000),
  HTTP_BODY_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(15_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(5_000),
  HTTP_MAX_HEADER_BYTES: z.coerce.number().int().min(4096).max(1_048_576).default(16_384),
  /** Our identity in EDI envelopes (ISA05/ISA06, GS02), as agreed with each vendor. */
  EDI_ISA_QUALIFIER: z.string().regex(/^[0-9A-Z]{2}$/, 'a 2-character ISA qualifier such as ZZ').default('ZZ'),
  EDI_ISA_ID: z.string().regex(/^[A-Za-z0-9 .-]{1,15}$/, 'at most 15 letters, digits, spaces, dots or dashes').default('ORDERORCH'),
  EDI_GS_APPLICATION_CODE: z.string().regex(/^[A-Za-z0-9.-]{2,15}$/, '2-15 letters, digits, dots or dashes').default('ORDERORCH'),
  /** Seconds between looks at EDI vendors' inbound drop folders (transport.inbound); 0 turns the poller off in this process. */
  EDI_POLL_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
  /** Inventory publishing: on makes the engine the source of truth for Shopify's `available`. Unset: as stored for the shop (on for a new shop). */
  INVENTORY_SYNC: z.enum(['on', 'off']).optional(),
  INVENTORY_PUBLISH_MODE: z.enum(['per_location', 'aggregated']).optional(),
  /** aggregated mode: the Shopify location (name, GID or numeric id) that receives the sum. */
  INVENTORY_AGGREGATE_LOCATION: z.string().min(1).optional(),
  INVENTORY_LOW_STOCK: z.coerce.number().int().min(0).optional(),
  INVENTORY_RELATIVE_CHANGE: z.coerce.number().gt(0).max(10).optional(),
  /** Milliseconds a burst of changes may settle before the sync evaluates it. */
  INVENTORY_PUSH_DEBOUNCE_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
  /** Seconds between the sync's own looks for changes (a lost wake-up costs at most this). */
  INVENTORY_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Seconds a level left stale below a boundary stays quiet before it is made exact (0: reconciliation only). */
  INVENTORY_SETTLE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  INVENTORY_RECONCILE_CRON: z.string().regex(/^(\S+\s+){4}\S+$/, 'a 5-field cron expression such as 0 3 * * *').default('0 3 * * *'),
  CATALOG_SYNC_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  ORDER_SWEEP_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** Hours after X-Shopify-Triggered-At past which a webhook is acknowledged as stale and not acted on (Shopify retries for about 48 h). */
  WEBHOOK_HORIZON_HOURS: z.coerce.number().gt(0).max(24 * 365).default(48),
  /** Hours a webhook delivery's id is remembered for deduplication; at least WEBHOOK_HORIZON_HOURS. */
  WEBHOOK_DEDUPE_RETENTION_HOURS: z.coerce.number().gt(0).max(24 * 365).default(72),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof schema>;

/** Settings that must agree with each other. */
const checked = schema.superRefine((c, ctx) => {
  // Node refuses a headers timeout longer than the request timeout.
  if (c.HTTP_HEADERS_TIMEOUT_MS > c.HTTP_REQUEST_TIMEOUT_MS) {
    ctx.addIssue({ code: 'custom', path: ['HTTP_HEADERS_TIMEOUT_MS'], message: 'must be at most HTTP_REQUEST_TIMEOUT_MS' });
  }
  if (c.WEBHOOK_DEDUPE_RETENTION_HOURS < c.WEBHOOK_HORIZON_HOURS) {
    ctx.addIssue({ code: 'custom', path: ['WEBHOOK_DEDUPE_RETENTION_HOURS'], message: 'must be at least WEBHOOK_HORIZON_HOURS (a delivery still accepted must still be remembered)' });
  }
});

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = checked.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => {
    const key = i.path.join('.');
    // A rule across keys (code 'custom') holds for a key left at its default too.
    return env[key] === undefined && i.code !== 'custom' ? `${key} is missing` : `${key} is invalid (${i.message})`;
  });
  throw new ConfigError(`Configuration error: ${problems.join('; ')}`);
}

/** Our EDI envelope identity. */
export function ediIdentity(c: Pick<Config, 'EDI_ISA_QUALIFIER' | 'EDI_ISA_ID' | 'EDI_GS_APPLICATION_CODE'>) {
  return { isaQualifier: c.EDI_ISA_QUALIFIER, isaId: c.EDI_ISA_ID, gsApplicationCode: c.EDI_GS_APPLICATION_CODE };
}

/** The inventory sync's workflow settings. */
export function inventorySyncSettings(c: Pick<Config, 'INVENTORY_PUSH_DEBOUNCE_MS' | 'INVENTORY_POLL_SECONDS' | 'INVENTORY_SETTLE_SECONDS'>) {
  return { debounceMs: c.INVENTORY_PUSH_DEBOUNCE_MS, pollSeconds: c.INVENTORY_POLL_SECONDS, settleSeconds: c.INVENTORY_SETTLE_SECONDS };
}

/** The webhook gateway's replay protection (src/shopify/webhook-deliveries.ts). */
export function webhookDeliverySettings(c: Pick<Config, 'WEBHOOK_HORIZON_HOURS' | 'WEBHOOK_DEDUPE_RETENTION_HOURS'>) {
  return { horizonHours: c.WEBHOOK_HORIZON_HOURS, retentionHours: c.WEBHOOK_DEDUPE_RETENTION_HOURS };
}

const webhookDeliveryKeys = schema.pick({ WEBHOOK_HORIZON_HOURS: true, WEBHOOK_DEDUPE_RETENTION_HOURS: true });

/**
 * The webhook settings alone, for a gateway built without them passed in:
 * the same validation as loadConfig (which the processes run at start).
 */
export function webhookDeliverySettingsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const c = webhookDeliveryKeys.parse(env);
  return webhookDeliverySettings({ ...c, WEBHOOK_DEDUPE_RETENTION_HOURS: Math.max(c.WEBHOOK_DEDUPE_RETENTION_HOURS, c.WEBHOOK_HORIZON_HOURS) });
}

/** The Temporal part of the config, for tools that need only that. */
export function temporalSettings(c: Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'TEMPORAL_API_KEY' | 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_SERVER_NAME'>) {
  return {
    address: c.TEMPORAL_ADDRESS,
    namespace: c.TEMPORAL_NAMESPACE,
    apiKey: c.TEMPORAL_API_KEY,
    tlsCertPath: c.TEMPORAL_TLS_CERT,
    tlsKeyPath: c.TEMPORAL_TLS_KEY,
    tlsServerName: c.TEMPORAL_TLS_SERVER_NAME,
  };
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
