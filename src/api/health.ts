import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Logger } from '../logger';
import { withTemporalDeadline } from '../temporal/failures';

const READY_TIMEOUT_MS = 2000;

function within<T>(what: () => Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([what(), timeout]).finally(() => clearTimeout(timer));
}

export interface Readiness {
  status: 'ready' | 'not ready';
  postgres: string;
  temporal: string;
}

/** Is PostgreSQL answering `select 1` and Temporal `GetSystemInfo`, each within ~2 s? */
export async function checkReadiness(
  d: { temporal: Client; pool: Pool },
  timeoutMs = READY_TIMEOUT_MS,
): Promise<Readiness> {
  const checks = await Promise.allSettled([
    within(() => d.pool.query('select 1'), timeoutMs),
    withTemporalDeadline(d.temporal, timeoutMs, () => d.temporal.workflowService.getSystemInfo({})),
  ]);
  const [postgres, temporal] = checks.map((c) =>
    c.status === 'fulfilled' ? 'ok' : `unavailable: ${(c.reason as Error)?.message ?? String(c.reason)}`,
  );
  const ready = postgres === 'ok' && temporal === 'ok';
  return { status: ready ? 'ready' : 'not ready', postgres: postgres!, temporal: temporal! };
}

/** /healthz: the process is up. /readyz: PostgreSQL and Temporal answer (503 names which does not). */
export function healthRouter(d: { temporal: Client; pool: Pool; logger: Logger }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res, next) => {
    try {
      const r = await checkReadiness(d);
      if (r.status !== 'ready') {
        d.logger.warn(
          {
            status: 503,
            method: req.method,
            path: req.path,
            requestId: res.locals.requestId,
            reason: `postgres ${r.postgres}; temporal ${r.temporal}`,
          },
          'not ready',
        );
      }
      res.status(r.status === 'ready' ? 200 : 503).json(r);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
