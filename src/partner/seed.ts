import { readFileSync } from 'node:fs';
import type { Pool } from 'pg';
import { z } from 'zod';
import { upsertPartner } from './repository';
import { ediSettings, transportSettings } from './edi-settings';
import { assignPartnerToLocation } from '../inventory/import-from-shopify';

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
  outboundUrl: z.string().url().nullable().default(null),
  outboundSecret: z.string().nullable().default(null),
  /** edi_vendor: its EDI identity and profile (src/partner/edi-settings.ts). */
  edi: ediSettings.nullable().default(null),
  /** edi_vendor: where our 850/860/997 go. */
  transport: transportSettings.nullable().default(null),
  /** Location names (as in Shopify) this partner runs. */
  locations: z.array(z.string()).default([]),
});
const seedFile = z.object({
  partners: z.array(
    partnerSeed.refine((p) => p.kind !== 'edi_vendor' || (p.edi && p.transport), { message: 'an edi_vendor needs edi and transport', path: ['edi'] }),
  ),
});
export type PartnerSeedFile = z.infer<typeof seedFile>;

export function readPartnerSeed(file: string): PartnerSeedFile {
  const parsed = seedFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
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
  }
  return seed.partners.length;
}
