import { Router, type Request } from 'express';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Logger } from '../logger';
import { importChangedSomething, importedCleanly, importOnHandCsv } from '../inventory/erp-import';
import { nudgeInventorySync } from '../inventory/sync-nudge';
import { type InventorySyncInput } from '../inventory/contract';
import { HttpError } from './errors';
import { withTemporalDeadline } from '../temporal/failures';
import { requireOpsToken } from './auth';
import { requestLimit, type RateLimits } from './rate-limit';

export interface InventoryImportDeps {
  shopDomain: string;
  pool: Pool;
  logger: Logger;
  /** Bearer token, as for /ops; without one the endpoint answers 403. */
  opsToken?: string;
  temporal: Client;
  taskQueue: string;
  /** The inventory sync's settings, passed when a wake-up starts it (as the other routers do). */
  inventorySync?: Omit<InventorySyncInput, 'shopDomain'>;
  /** Largest body in bytes (default 200 MB). */
  maxBytes?: number;
  limits?: RateLimits;
}

const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;
const CSV_TYPES = /^(text\/csv|application\/csv|text\/plain|application\/octet-stream)\s*(;|$)/i;

/** The request body as it arrives, with a size limit; an early stop by the importer does not destroy the socket. */
async function* limited(req: Request, maxBytes: number): AsyncGenerator<Buffer> {
  let seen = 0;
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    seen += chunk.length;
    if (seen > maxBytes) throw new HttpError(413, `Request body too large (limit ${maxBytes} bytes)`);
    yield chunk;
  }
}

/**
 * The ERP on-hand feed over HTTP:
 *   POST /inventory/imports   body: the CSV (text/csv or application/octet-stream)
 * Bearer OPS_TOKEN. The body streams into the importer (no body parser).
 * 200 with the report when every line applied, 422 with the report when some
 * lines were bad (the rest applied), 400 when the file was refused (nothing
 * applied), 500 with the report when a location's transaction failed (that
 * location applied nothing; posting the same file again retries only it).
 */
export function inventoryImportRouter(d: InventoryImportDeps): Router {
  const router = Router();
  const shopDomain = d.shopDomain.trim().toLowerCase();
  const maxBytes = d.maxBytes ?? DEFAULT_MAX_BYTES;

  router.post(
    '/inventory/imports',
    ...requestLimit(d.limits, 'inventory'),
    requireOpsToken(d.opsToken, d.limits),
    async (req, res, next) => {
      try {
        const type = req.get('content-type') ?? '';
        if (!CSV_TYPES.test(type))
          throw new HttpError(
            415,
            `Send the CSV with Content-Type text/csv or application/octet-stream, not ${JSON.stringify(type.slice(0, 60) || '(none)')}`,
          );
        const encoding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
        // The importer reads the body as it streams: a compressed one is refused rather than read as CSV.
        if (encoding !== 'identity')
          throw new HttpError(
            415,
            `Send the CSV uncompressed: Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} is not accepted here`,
          );
        const length = Number(req.get('content-length'));
        if (Number.isFinite(length) && length > maxBytes)
          throw new HttpError(413, `Request body too large (limit ${maxBytes} bytes)`);

        const report = await importOnHandCsv(d.pool, shopDomain, limited(req, maxBytes), {
          source: 'http',
          actor: 'ops-api',
        });
        // The importer may stop early (a refused header): read the rest so the answer reaches the client.
        if (!req.readableEnded) req.resume();

        if (importChangedSomething(report)) {
          await withTemporalDeadline(d.temporal, 3000, () =>
            nudgeInventorySync(d.temporal, d.taskQueue, { shopDomain, ...d.inventorySync }, d.logger),
          ).catch((err) =>
            d.logger.warn(
              { err: (err as Error).message, shopDomain },
              'could not wake the inventory sync in time; it will find the change at its next poll',
            ),
          );
        }
        const status = report.refused ? 400 : report.failed.length ? 500 : importedCleanly(report) ? 200 : 422;
        d.logger.info(
          {
            shopDomain,
            status,
            linesRead: report.linesRead,
            applied: report.applied.map((a) => [a.locationName ?? a.locationId, a.lines, a.changed, a.replayed]),
            bad: report.errors.length + (report.errorsNotListed ?? 0),
            failed: report.failed.length,
            refused: report.refused,
          },
          'inventory import',
        );
        const error = report.refused
          ? report.refused
          : report.failed.length
            ? `${report.failed.length} location(s) failed and applied nothing; post the same file again to retry them`
            : status === 422
              ? `${report.errors.length + (report.errorsNotListed ?? 0)} bad line(s) were skipped; the rest applied`
              : undefined;
        res.status(status).json({ ...(error ? { error } : {}), ...report });
      } catch (err) {
        if (!req.readableEnded) {
          res.set('connection', 'close');
          req.resume();
        }
        next(err);
      }
    },
  );
  return router;
}
