import pino from 'pino';
import { loadSettings } from './config';

/** One JSON logger for the engine; `LOG_LEVEL` sets the level. */
export const logger = pino({
  level: loadSettings(['LOG_LEVEL']).LOG_LEVEL,
  base: { service: 'order-orchestrator' },
  redact: ['req.headers["x-shopify-access-token"]', 'req.headers.authorization'],
});

export type Logger = pino.Logger;
