import { readFileSync } from 'node:fs';
import type { Pool } from 'pg';
import { z } from 'zod';
import { upsertPartner } from './repository';
import { ediSettings, transportSettings } from './edi-settings';
import { assignPartnerToLocation } from '../inventory/import-from-shopify';
import { replaceVendorCatalog } from './vendor-catalog';

/** One SKU a drop-ship vendor sells us (table vendor_catalog). */
const catalogItem = z.object({
  sku: z.string().min(1),
  /** The vendor's own part number (PO1 VN in the 850). */
  vendorPartNumber: z.string().min(1).max(48).optional(),
  /** What the vendor charges per unit (PO1 unit price in the 850): "7.25" or 7.25. */
  unitCost: z.union([z.number().nonnegative(), z.string().regex(/^\d{1,10}(\.\d{1,2})?$/, 'a decimal such as 7.25')]),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
    .optional(),
  /** Units the vendor can ship for us now; absent or null: it did not say (unlimited). */
  available: z.number().int().nonnegative().nullable().optional(),
  leadTimeDays: z.number().int().nonnegative().nullable().optional(),
});

/**
 * Partners from a JSON file (`PARTNERS_FILE`; `config/demo-partners.json` for
 * the simulator's demo shop): who runs which location, whether they must
 * accept allocations and within what window, and where to send them messages.
 */
const partnerSeed = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/),
  name: z.string().min(1),
  kind: z.enum(['json_warehouse', 'edi_vendor', 'shopify_fulfillment_service']).default('json_warehouse'),
  /** The bearer token the partner presents; `env:NAME` reads it from the environment. */
  token: z.string().min(8),
  requiresAcceptance: z.boolean().default(false),
  acceptanceWindowSeconds: z.number().int().positive().default(86400),
  /** Time to ship once released; past it the order asks a person (null: no deadline). */
  shipBySeconds: z.number().int().positive().nullable().default(null),
  /** Past the ship-by date: `attention` (ask a person) or `reroute` (withdraw it and route elsewhere). */
  shipByPolicy: z.enum(['attention', 'reroute']).default('attention'),
  outboundUrl: z.string().url().nullable().default(null),
  outboundSecret: z.string().nullable().default(null),
  /** edi_vendor: its EDI identity and profile (src/partner/edi-settings.ts). */
  edi: ediSettings.nullable().default(null),
  /** edi_vendor: where our 850/860/997 go. */
  transport: transportSettings.nullable().default(null),
  /** Location names (as in Shopify) this partner runs. */
  locations: z.array(z.string()).default([]),
  /**
   * edi_vendor: the SKUs it drop-ships (src/partner/vendor-catalog.ts). Applied
   * as a whole: SKUs no longer listed become inactive; `[]` deactivates all;
   * absent leaves the stored catalog as it is.
   */
  catalog: z.array(catalogItem).optional(),
});
const seedFile = z.object({
  partners: z.array(
    partnerSeed
      .refine((p) => p.kind !== 'edi_vendor' || (p.edi && p.transport), {
        message: 'an edi_vendor needs edi and transport',
        path: ['edi'],
      })
      .refine((p) => !p.catalog || p.kind === 'edi_vendor', {
        message: 'only an edi_vendor has a catalog',
        path: ['catalog'],
      })
      .refine((p) => !p.catalog || new Set(p.catalog.map((i) => i.sku)).size === p.catalog.length, {
        message: 'a SKU is listed twice',
        path: ['catalog'],
      })
      .refine((p) => p.kind !== 'shopify_fulfillment_service' || !p.requiresAcceptance, {
        message:
          "a shopify_fulfillment_service accepts through Shopify's fulfillment request, sent once the allocation is paid; leave requiresAcceptance false",
        path: ['requiresAcceptance'],
      }),
  ),
});
export type PartnerSeedFile = z.infer<typeof seedFile>;

export function readPartnerSeed(file: string): PartnerSeedFile {
  return parsePartnerSeed(JSON.parse(readFileSync(file, 'utf8')), file);
}

/** Validate a seed already read (tests, other sources); errors name `source` and every bad field. */
export function parsePartnerSeed(value: unknown, source = 'partner seed'): PartnerSeedFile {
  const parsed = seedFile.safeParse(value);
  if (!parsed.success) {
    throw new Error(`${source}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

function resolveSecret(value: string): string {
  if (!value.startsWith('env:')) return value;
  const v = process.env[value.slice(4)];
  if (!v) throw new Error(`Partner token ${value} names an unset environment variable`);
  return v;
}

export async function applyPartnerSeed(pool: Pool, shopDomain: string, seed: PartnerSeedFile) {
  for (const p of seed.partners) {
    await upsertPartner(pool, { ...p, shopDomain, token: resolveSecret(p.token) });
    for (const location of p.locations) await assignPartnerToLocation(pool, shopDomain, location, p.id);
    if (p.catalog) await replaceVendorCatalog(pool, p.id, p.catalog);
  }
  return seed.partners.length;
}
