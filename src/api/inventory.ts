import express, { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { Logger } from '../logger';
import { ADJUSTMENT_REASONS, applyAdjustments, ledgerOf, type AdjustmentReason } from '../inventory/ledger';
import { locationIndex, resolveLocationId } from '../inventory/locations';
import { availableToSell } from '../inventory/available-to-sell';
import { openDemand, stockLevels } from '../inventory/publish';
import { loadInventorySettings, markSkusChanged, saveInventorySettings } from '../inventory/sync-settings';
import { nudgeInventorySync } from '../inventory/sync-nudge';
import { type InventorySyncInput } from '../inventory/contract';
import { validBody } from './validation';
import { HttpError } from './errors';
import { inTransaction } from '../db/pool';
import { requireOpsToken } from './auth';
import { requestLimit, type RateLimits } from './rate-limit';

export interface InventoryApiDeps {
  shopDomain: string;
  pool: Pool;
  temporal: Client;
  taskQueue: string;
  logger: Logger;
  opsToken?: string;
  inventorySync?: Omit<InventorySyncInput, 'shopDomain'>;
  limits?: RateLimits;
}

/** Shopify's own ceiling for a quantity. */
const MAX_UNITS = 1_000_000_000;
const reasons = Object.keys(ADJUSTMENT_REASONS) as [AdjustmentReason, ...AdjustmentReason[]];
const sku = z.string().trim().min(1).max(255);
const adjustmentBody = z.object({
  idempotencyKey: z.string().trim().min(1).max(200).optional(),
  reason: z.enum(reasons),
  reference: z.string().max(500).optional(),
  by: z.string().max(200).optional(),
  lines: z
    .array(
      z
        .object({
          sku,
          location: z.string().trim().min(1),
          delta: z.number().int().min(-MAX_UNITS).max(MAX_UNITS).optional(),
          count: z.number().int().min(0).max(MAX_UNITS).optional(),
        })
        .refine(
          (l) => (l.delta === undefined) !== (l.count === undefined),
          'give exactly one of delta (a change) or count (a counted on-hand quantity)',
        )
        .refine((l) => l.delta !== 0, 'delta must not be 0'),
    )
    .min(1)
    .max(1000),
});
const settingsBody = z.object({
  enabled: z.boolean().optional(),
  publishMode: z.enum(['aggregated', 'per_location']).optional(),
  aggregateLocation: z.string().min(1).optional(),
  lowStockLevel: z.number().int().min(0).optional(),
  relativeChange: z.number().gt(0).max(10).optional(),
});
const policyBody = z
  .object({
    sku: sku.optional(),
    location: z.string().trim().min(1).optional(),
    safetyStock: z.number().int().min(0).max(MAX_UNITS).nullable().optional(),
    brokeringThreshold: z.number().int().min(0).max(MAX_UNITS).nullable().optional(),
  })
  .refine(
    (p) => p.safetyStock !== undefined || p.brokeringThreshold !== undefined,
    'give safetyStock and/or brokeringThreshold (null removes the override)',
  );
const locationBody = z.object({
  sellsOnline: z.boolean().optional(),
  shopifyLocationId: z
    .string()
    .regex(/^gid:\/\/shopify\/Location\/\d+$/)
    .nullable()
    .optional(),
});

/** An absent body is an empty object (every field optional or refused by name). */
function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  return validBody(schema, body ?? {});
}

/**
 * Inventory over HTTP (Bearer OPS_TOKEN, like /ops):
 *   POST /inventory/adjustments        receipts, transfers, returns to stock, damaged/found, counts (ledgered, idempotent)
 *   GET  /inventory/skus/{sku}         per location: on hand, safety stock, reserved, threshold, available-to-sell, published; recent ledger
 *   PUT  /inventory/settings           publish mode, aggregate location, low-stock level, relative change, on/off
 *   PUT  /inventory/policies           safety stock / brokering threshold override for a SKU, a location, both, or the shop
 *   PUT  /inventory/locations/{location}  exclude from (or include in) online selling; its Shopify location in per_location mode
 * Every change wakes the shop's inventory sync.
 */
export function inventoryRouter(d: InventoryApiDeps): Router {
  const router = Router();
  const shopDomain = d.shopDomain.trim().toLowerCase();
  const auth = [...requestLimit(d.limits, 'inventory'), requireOpsToken(d.opsToken, d.limits)];
  const json = express.json({ limit: '1mb' });
  const wake = () => void nudgeInventorySync(d.temporal, d.taskQueue, { shopDomain, ...d.inventorySync }, d.logger);
  const location = async (ref: string, field: string) => {
    const id = await resolveLocationId(d.pool, shopDomain, ref);
    if (!id)
      throw new HttpError(
        400,
        `${field}: no location ${JSON.stringify(ref)} (a name, a Location GID or its numeric id)`,
        [{ field, problem: 'unknown location' }],
      );
    return id;
  };

  router.post('/inventory/adjustments', ...auth, json, async (req, res, next) => {
    try {
      const body = parse(adjustmentBody, req.body);
      const idempotencyKey = req.get('idempotency-key')?.trim() || body.idempotencyKey;
      if (!idempotencyKey)
        throw new HttpError(
          400,
          'An idempotency key is required: the Idempotency-Key header or idempotencyKey in the body',
          [{ field: 'idempotencyKey', problem: 'missing' }],
        );
      const resolve = await locationIndex(d.pool, shopDomain);
      const lines = body.lines.map((l, i) => {
        const locationId = resolve(l.location);
        if (!locationId)
          throw new HttpError(400, `lines.${i}.location: no location ${JSON.stringify(l.location)}`, [
            { field: `lines.${i}.location`, problem: 'unknown location' },
          ]);
        return l.count !== undefined
          ? { sku: l.sku, locationId, kind: 'set' as const, quantity: l.count }
          : { sku: l.sku, locationId, kind: 'delta' as const, quantity: l.delta! };
      });
      const r = await applyAdjustments(d.pool, {
        shopDomain,
        idempotencyKey,
        reason: body.reason,
        reference: body.reference,
        actor: body.by,
        lines,
      });
      if (!r.ok) throw new HttpError(r.code === 'idempotency_conflict' ? 409 : 422, r.message);
      if (!r.replayed) {
        d.logger.info({ idempotencyKey, reason: body.reason, lines: lines.length, by: body.by }, 'inventory adjusted');
        wake();
      }
      res.status(r.replayed ? 200 : 201).json({ idempotencyKey, replayed: r.replayed, entries: r.entries });
    } catch (err) {
      next(err);
    }
  });

  router.get('/inventory/skus/:sku', ...auth, async (req, res, next) => {
    try {
      const s = String(req.params.sku);
      const [levels, demand, settings, published, names, ledger] = await Promise.all([
        stockLevels(d.pool, shopDomain, [s]),
        openDemand(d.pool, shopDomain, [s]),
        loadInventorySettings(d.pool, shopDomain),
        d.pool.query(
          `SELECT shopify_location_id, target, shopify_available, pushed_at FROM inventory_publications WHERE shop_domain = $1 AND sku = $2`,
          [shopDomain, s],
        ),
        d.pool.query(`SELECT id, name FROM locations WHERE shop_domain = $1`, [shopDomain]),
        ledgerOf(d.pool, shopDomain, s, undefined, 20),
      ]);
      if (!levels.length) throw new HttpError(404, `No inventory for SKU ${JSON.stringify(s)}`);
      const nameOf = new Map(names.rows.map((r) => [r.id, r.name]));
      res.json({
        sku: s,
        publishMode: settings.mode,
        published: settings.enabled,
        openDemand: demand.get(s) ?? 0,
        locations: levels.map((l) => ({
          location: nameOf.get(l.locationId),
          locationId: l.locationId,
          onHand: l.onHand,
          safetyStock: l.safetyStock,
          reserved: l.reserved,
          brokeringThreshold: l.brokeringThreshold,
          sellsOnline: l.sellsOnline,
          availableToSell: availableToSell(l),
        })),
        shopify: published.rows.map((r) => ({
          shopifyLocationId: r.shopify_location_id,
          target: r.target,
          shows: r.shopify_available,
          pushedAt: r.pushed_at,
        })),
        ledger,
      });
    } catch (err) {
      next(err);
    }
  });

  router.put('/inventory/settings', ...auth, json, async (req, res, next) => {
    try {
      const b = parse(settingsBody, req.body);
      const current = await loadInventorySettings(d.pool, shopDomain);
      const aggregateLocationId = b.aggregateLocation
        ? await location(b.aggregateLocation, 'aggregateLocation')
        : current.aggregateLocationId;
      const mode = b.publishMode ?? current.mode;
      if (mode === 'aggregated' && !aggregateLocationId)
        throw new HttpError(400, 'aggregateLocation: required with publishMode aggregated', [
          { field: 'aggregateLocation', problem: 'missing' },
        ]);
      const saved = await saveInventorySettings(d.pool, shopDomain, {
        enabled: b.enabled ?? current.enabled,
        mode,
        aggregateLocationId,
        lowStockLevel: b.lowStockLevel ?? current.lowStockLevel,
        relativeChange: b.relativeChange ?? current.relativeChange,
      });
      wake();
      res.json(saved);
    } catch (err) {
      next(err);
    }
  });

  router.put('/inventory/policies', ...auth, json, async (req, res, next) => {
    try {
      const b = parse(policyBody, req.body);
      const locationId = b.location ? await location(b.location, 'location') : '';
      await inTransaction(d.pool, async (c) => {
        if (b.sku && locationId) {
          // The most specific level is the inventory row itself (its trigger marks the SKU changed).
          const r = await c.query(
            `UPDATE inventory SET safety_stock = CASE WHEN $4 THEN $5 ELSE safety_stock END, brokering_threshold = CASE WHEN $6 THEN $7 ELSE brokering_threshold END, updated_at = now()
              WHERE shop_domain = $1 AND sku = $2 AND location_id = $3`,
            [
              shopDomain,
              b.sku,
              locationId,
              b.safetyStock !== undefined,
              b.safetyStock ?? null,
              b.brokeringThreshold !== undefined,
              b.brokeringThreshold ?? null,
            ],
          );
          if (!r.rowCount) throw new HttpError(404, `No inventory for ${b.sku} at ${b.location}`);
          return;
        }
        await c.query(
          `INSERT INTO inventory_policies (shop_domain, sku, location_id, safety_stock, brokering_threshold) VALUES ($1, $2, $3, $5, $7)
           ON CONFLICT (shop_domain, sku, location_id) DO UPDATE
             SET safety_stock = CASE WHEN $4 THEN $5 ELSE inventory_policies.safety_stock END,
                 brokering_threshold = CASE WHEN $6 THEN $7 ELSE inventory_policies.brokering_threshold END`,
          [
            shopDomain,
            b.sku ?? '',
            locationId,
            b.safetyStock !== undefined,
            b.safetyStock ?? null,
            b.brokeringThreshold !== undefined,
            b.brokeringThreshold ?? null,
          ],
        );
        await markSkusChanged(c, shopDomain, {
          ...(b.sku ? { skus: [b.sku] } : {}),
          ...(locationId ? { locationId } : {}),
        });
      });
      wake();
      res.json({
        sku: b.sku ?? null,
        locationId: locationId || null,
        safetyStock: b.safetyStock,
        brokeringThreshold: b.brokeringThreshold,
      });
    } catch (err) {
      next(err);
    }
  });

  router.put('/inventory/locations/:location', ...auth, json, async (req, res, next) => {
    try {
      const b = parse(locationBody, req.body);
      const id = await location(String(req.params.location), 'location');
      const rows = await inTransaction(d.pool, async (c) => {
        const r = await c.query(
          `UPDATE locations SET sells_online = coalesce($3, sells_online), shopify_location_id = CASE WHEN $4 THEN $5 ELSE shopify_location_id END
            WHERE shop_domain = $1 AND id = $2 RETURNING id, name, sells_online, shopify_location_id`,
          [shopDomain, id, b.sellsOnline ?? null, b.shopifyLocationId !== undefined, b.shopifyLocationId ?? null],
        );
        await markSkusChanged(c, shopDomain, { locationId: id });
        return r.rows;
      });
      wake();
      const l = rows[0];
      res.json({
        locationId: l.id,
        name: l.name,
        sellsOnline: l.sells_online,
        shopifyLocationId: l.shopify_location_id ?? l.id,
      });
    } catch (err) {
      next(err);
    }
  });

  return router;
}
