import type { Router } from 'express';
import { z } from 'zod';
import { parseBody, route } from './control-util';
import type { Shop } from './store';
import type { WebhookEmitter } from './webhooks';
import { setBulkMinRunningMs } from './bulk';

/** Control API: the request log, injected faults, and how webhooks are delivered. */
export function opsRoutes(r: Router, webhooks: WebhookEmitter, shopOf: (domain: string) => Shop) {
  const shop = (req: { params: Record<string, unknown> }) => shopOf(String(req.params.domain));

  r.get(
    '/shops/:domain/requests',
    route((req) => shop(req).requestLog),
  );
  r.delete(
    '/shops/:domain/requests',
    route((req) => {
      shop(req).requestLog = [];
    }),
  );

  r.post(
    '/shops/:domain/faults',
    route((req) => {
      const s = shop(req);
      const b = parseBody(
        z.object({
          kind: z.enum(['latency', 'error5xx', 'throttle', 'loseResponse']),
          operationName: z.string().optional(),
          field: z.string().optional(),
          count: z.number().int().positive().default(1),
          ms: z.number().int().nonnegative().optional(),
        }),
        req.body,
      );
      s.faults.push({ kind: b.kind, operationName: b.operationName, field: b.field, remaining: b.count, ms: b.ms });
      return { faults: s.faults };
    }),
  );
  r.get(
    '/shops/:domain/faults',
    route((req) => ({ faults: shop(req).faults })),
  );
  r.delete(
    '/shops/:domain/faults',
    route((req) => {
      shop(req).faults = [];
    }),
  );

  r.put(
    '/shops/:domain/webhook-behavior',
    route((req) => {
      const s = shop(req);
      const b = parseBody(
        z.object({
          duplicate: z.number().int().min(0).optional(),
          delayMs: z.number().int().min(0).optional(),
          reorderWindow: z.number().int().min(0).optional(),
          dropTopics: z.array(z.string()).optional(),
          dropRate: z.number().min(0).max(1).optional(),
        }),
        req.body,
      );
      s.webhookBehavior = { ...s.webhookBehavior, ...b };
      if (!s.webhookBehavior.reorderWindow) webhooks.flush(s);
      return s.webhookBehavior;
    }),
  );
  // How long a bulk operation stays RUNNING at least (default 150 ms; null restores it): time to cancel one in a test.
  r.put(
    '/shops/:domain/bulk-behavior',
    route((req) => {
      const b = parseBody(z.object({ minRunningMs: z.number().int().min(0).max(600_000).nullable() }), req.body);
      setBulkMinRunningMs(shop(req), b.minRunningMs);
      return b;
    }),
  );
  r.get(
    '/shops/:domain/webhooks',
    route((req) => shop(req).deliveries),
  );
  r.delete(
    '/shops/:domain/webhooks',
    route((req) => {
      shop(req).deliveries = [];
    }),
  );
  r.post(
    '/shops/:domain/webhooks/flush',
    route((req) => {
      webhooks.flush(shop(req));
    }),
  );
}
