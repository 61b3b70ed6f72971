import type { Pool } from 'pg';

/**
 * A location as people and files name it: its Shopify GID, its numeric id, or
 * its name. Returns the engine's id (the GID), or null when none matches.
 */
export async function resolveLocationId(pool: Pool, shopDomain: string, ref: string): Promise<string | null> {
  return (await locationIndex(pool, shopDomain))(ref);
}

/** Every location of a shop by id, name and numeric id, for resolving many references at once (imports). */
export async function locationIndex(pool: Pool, shopDomain: string): Promise<(ref: string) => string | null> {
  const { rows } = await pool.query<{ id: string; name: string }>(
    `SELECT id, name FROM locations WHERE shop_domain = $1`,
    [shopDomain],
  );
  const byKey = new Map<string, string>();
  for (const l of rows) {
    byKey.set(l.id, l.id);
    byKey.set(l.name.toLowerCase(), l.id);
    const numeric = /\/(\d+)$/.exec(l.id)?.[1];
    if (numeric) byKey.set(numeric, l.id);
  }
  return (ref) => byKey.get(ref.trim()) ?? byKey.get(ref.trim().toLowerCase()) ?? null;
}
