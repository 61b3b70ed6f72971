import type { Pool } from 'pg';
import type { ShopifyAdmin } from '../shopify/client';
import { PRODUCT_EXISTS } from '../shopify/documents';
import { retireProduct } from './repository';

/**
 * products/delete, confirmed with Shopify before the catalog acts on it.
 * Shopify's deletion webhook is the bare product id, and the topic header is
 * not signed: any signed `{ "id": N }` body (a collection's or a customer's
 * deletion) replayed as products/delete would otherwise retire product N. So
 * the gateway records a claim (catalog_deletion_claims) and the catalog sync
 * retires a claimed product only once Shopify's Admin API says it no longer
 * exists (`product(id:)` is null); a claim about a product Shopify still has
 * is dropped, and the product stays as it is.
 */

/** Record that Shopify (by a signed webhook) says this product was deleted; confirmed by the next sync. */
export async function claimProductDeletion(pool: Pool, shopDomain: string, productId: string): Promise<void> {
  await pool.query(
    `INSERT INTO catalog_deletion_claims (shop_domain, product_id) VALUES ($1, $2)
     ON CONFLICT (shop_domain, product_id) DO UPDATE SET claimed_at = now()`,
    [shopDomain, productId],
  );
}

export interface DeletionOutcome {
  /** Products Shopify no longer has: their variants retired. */
  retired: string[];
  /** Claims about products Shopify still has: dropped, nothing retired. */
  refuted: string[];
}

/** Settle every claim of the shop against Shopify. A claim whose read fails stays for the next sync. */
export async function confirmProductDeletions(
  pool: Pool,
  shopify: ShopifyAdmin,
  shopDomain: string,
): Promise<DeletionOutcome> {
  // claimed_at as text keeps PostgreSQL's microseconds (a JS Date would not), so the delete below matches it.
  const { rows } = await pool.query<{ product_id: string; claimed_at: string }>(
    `SELECT product_id, claimed_at::text AS claimed_at FROM catalog_deletion_claims WHERE shop_domain = $1 ORDER BY claimed_at LIMIT 250`,
    [shopDomain],
  );
  const out: DeletionOutcome = { retired: [], refuted: [] };
  for (const claim of rows) {
    const r = await shopify.request('ProductExists', PRODUCT_EXISTS, { id: claim.product_id });
    if (r.product) out.refuted.push(claim.product_id);
    else {
      await retireProduct(pool, shopDomain, claim.product_id);
      out.retired.push(claim.product_id);
    }
    // Only this claim as read: a newer claim made meanwhile is settled next time.
    await pool.query(
      `DELETE FROM catalog_deletion_claims WHERE shop_domain = $1 AND product_id = $2 AND claimed_at = $3::timestamptz`,
      [shopDomain, claim.product_id, claim.claimed_at],
    );
  }
  return out;
}
