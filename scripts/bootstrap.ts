/**
 * npm run bootstrap — migrate, import the shop's locations and inventory (first
 * time), apply PARTNERS_FILE, and (with PUBLIC_URL) create the webhook
 * subscriptions. For deployments where the worker and gateway run apart.
 */
import path from 'node:path';
import { bootstrapShop } from '../src/bootstrap';
import { loadConfig } from '../src/config';
import { migrate } from '../src/db/migrate';
import { createPool } from '../src/db/pool';
import { projectRoot } from '../src/paths';
import { createShopifyAdmin } from '../src/shopify/client';
import { resolveShopDomain } from '../src/shopify/shop-identity';
import { ensureWebhookSubscriptions } from '../src/shopify/webhook-subscriptions';

async function main() {
  const config = loadConfig();
  await migrate(config.DATABASE_URL);
  const pool = createPool(config.DATABASE_URL, 2);
  const shopify = createShopifyAdmin({
    shop: config.SHOPIFY_SHOP,
    accessToken: config.SHOPIFY_ACCESS_TOKEN,
    apiVersion: config.SHOPIFY_API_VERSION,
  });
  const shopDomain = await resolveShopDomain(shopify, config.SHOPIFY_SHOP);
  const partners =
    config.PARTNERS_FILE ??
    (/^http:/.test(config.SHOPIFY_SHOP) ? path.join(projectRoot(), 'config', 'demo-partners.json') : undefined);
  await bootstrapShop(pool, shopify, shopDomain, partners, (m) => console.log(`[bootstrap] ${m}`));
  if (config.PUBLIC_URL) {
    const r = await ensureWebhookSubscriptions(shopify, `${config.PUBLIC_URL.replace(/\/+$/, '')}/webhooks/shopify`);
    console.log(`[bootstrap] webhooks: created ${r.created.length}, ${r.existing} already present`);
  }
  await pool.end();
}

main().catch((err) => {
  console.error(`bootstrap failed: ${err.message}`);
  process.exit(1);
});
