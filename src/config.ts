import { z } from 'zod';

/**
 * Settings from the environment, validated once at start. A missing or
 * malformed setting fails with one message naming every bad key.
 * Names are fixed by the interface contract (../shared/design.md).
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

const checked = schema.superRefine((c, ctx) => {
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
