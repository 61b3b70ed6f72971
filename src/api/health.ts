import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Metrics } from './metrics';

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}

/** /healthz (the process is up), /readyz (Temporal and PostgreSQL answer), /metrics. */
export function healthRouter(d: { temporal: Client; pool: Pool; metrics: Metrics }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks = await Promise.allSettled([
      within(d.pool.query('select 1'), 2000),
      within(d.temporal.workflowService.getSystemInfo({}), 2000),
    ]);
    const [pg, temporal] = checks.map((c) => (c.status === 'fulfilled' ? 'ok' : `unavailable: ${(c.reason as Error).message}`));
    const ready = pg === 'ok' && temporal === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', postgres: pg, temporal });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(d.metrics.registry.contentType).send(await d.metrics.registry.metrics());
  });
  return router;
}
