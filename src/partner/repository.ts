import { createHash, timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';
import {
  ediSettings,
  transportSettings,
  type EdiSettings,
  type EdiSettingsInput,
  type TransportSettings,
} from './edi-settings';

export interface Partner {
  id: string;
  shopDomain: string;
  name: string;
  kind: 'json_warehouse' | 'edi_vendor' | 'shopify_fulfillment_service';
  requiresAcceptance: boolean;
  acceptanceWindowSeconds: number;
  /** Time to ship once released (null: no deadline). */
  shipBySeconds: number | null;
  shipByPolicy: 'attention' | 'reroute';
  outboundUrl: string | null;
  outboundSecret: string | null;
  /** EDI identity and profile (edi_vendor). */
  edi: EdiSettings | null;
  /** Where X12 documents go (edi_vendor). */
  transport: TransportSettings | null;
}

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A partners row as pg reads it (jsonb parsed; validated here). */
interface PartnerRow {
  id: string;
  shop_domain: string;
  name: string;
  kind: Partner['kind'];
  requires_acceptance: boolean;
  acceptance_window_seconds: number;
  ship_by_seconds: number | null;
  ship_by_policy: Partner['shipByPolicy'] | null;
  outbound_url: string | null;
  outbound_secret: string | null;
  edi: unknown;
  transport: unknown;
}

function toPartner(r: PartnerRow): Partner {
  return {
    id: r.id,
    shopDomain: r.shop_domain,
    name: r.name,
    kind: r.kind,
    requiresAcceptance: r.requires_acceptance,
    acceptanceWindowSeconds: r.acceptance_window_seconds,
    shipBySeconds: r.ship_by_seconds ?? null,
    shipByPolicy: r.ship_by_policy ?? 'attention',
    outboundUrl: r.outbound_url,
    outboundSecret: r.outbound_secret,
    edi: r.edi ? ediSettings.parse(r.edi) : null,
    transport: r.transport ? transportSettings.parse(r.transport) : null,
  };
}

export async function getPartner(pool: Pool, partnerId: string): Promise<Partner | null> {
  const { rows } = await pool.query(`SELECT * FROM partners WHERE id = $1`, [partnerId]);
  return rows[0] ? toPartner(rows[0]) : null;
}

/** The partner if the bearer token is its own (timing-safe), else null. */
export async function authenticatePartner(pool: Pool, partnerId: string, token: string): Promise<Partner | null> {
  const { rows } = await pool.query(`SELECT * FROM partners WHERE id = $1`, [partnerId]);
  const expected = Buffer.from(rows[0]?.token_sha256 ?? '0'.repeat(64), 'hex');
  const actual = Buffer.from(tokenDigest(token), 'hex');
  const ok = expected.length === actual.length && timingSafeEqual(expected, actual);
  return ok && rows[0] ? toPartner(rows[0]) : null;
}

export interface AllocationRef {
  id: string;
  workflowId: string;
  partnerId: string | null;
  status: string;
}

export async function findAllocation(pool: Pool, allocationId: string): Promise<AllocationRef | null> {
  const { rows } = await pool.query(`SELECT id, workflow_id, partner_id, status FROM allocations WHERE id = $1`, [
    allocationId,
  ]);
  const r = rows[0];
  return r ? { id: r.id, workflowId: r.workflow_id, partnerId: r.partner_id, status: r.status } : null;
}

export interface PartnerSeed {
  id: string;
  shopDomain: string;
  name: string;
  kind?: Partner['kind'];
  token: string;
  requiresAcceptance?: boolean;
  acceptanceWindowSeconds?: number;
  shipBySeconds?: number | null;
  shipByPolicy?: 'attention' | 'reroute';
  outboundUrl?: string | null;
  outboundSecret?: string | null;
  edi?: EdiSettingsInput | null;
  transport?: TransportSettings | null;
}

/** Insert or update a partner (idempotent; used by seeding and tests). */
export async function upsertPartner(pool: Pool, p: PartnerSeed): Promise<void> {
  await pool.query(
    `INSERT INTO partners (id, shop_domain, name, kind, token_sha256, requires_acceptance, acceptance_window_seconds, outbound_url, outbound_secret, edi, transport, ship_by_seconds, ship_by_policy)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (id) DO UPDATE SET shop_domain = $2, name = $3, kind = $4, token_sha256 = $5, requires_acceptance = $6,
       acceptance_window_seconds = $7, outbound_url = $8, outbound_secret = $9, edi = $10, transport = $11, ship_by_seconds = $12, ship_by_policy = $13`,
    [
      p.id,
      p.shopDomain,
      p.name,
      p.kind ?? 'json_warehouse',
      tokenDigest(p.token),
      p.requiresAcceptance ?? false,
      p.acceptanceWindowSeconds ?? 86400,
      p.outboundUrl ?? null,
      p.outboundSecret ?? null,
      p.edi ? JSON.stringify(ediSettings.parse(p.edi)) : null,
      p.transport ? JSON.stringify(transportSettings.parse(p.transport)) : null,
      p.shipBySeconds ?? null,
      p.shipByPolicy ?? 'attention',
    ],
  );
}
