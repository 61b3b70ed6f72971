import pino from 'pino';

/** One JSON logger for the engine; `LOG_LEVEL` sets the level. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'order-orchestrator' },
  redact: ['req.headers["x-shopify-access-token"]', 'req.headers.authorization'],
});

export type Logger = pino.Logger;
