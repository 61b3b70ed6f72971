/**
 * npm run shopify:webhooks -- <public gateway URL>
 * Creates (idempotently) the webhook subscriptions the engine consumes on the
 * store in SHOPIFY_SHOP, pointing at <url>/webhooks/shopify, and lists the
 * access scopes the custom app needs.
 */
import { loadSettings } from '../src/config';
import { createShopifyAdmin } from '../src/shopify/client';
import { CONSUMED_TOPICS, REQUIRED_SCOPES, ensureWebhookSubscriptions } from '../src/shopify/webhook-subscriptions';

async function main() {
  const s = loadSettings(['PUBLIC_URL', 'SHOPIFY_SHOP', 'SHOPIFY_ACCESS_TOKEN', 'SHOPIFY_API_VERSION']);
  const base = process.argv[2] ?? s.PUBLIC_URL;
  const missing = (['SHOPIFY_SHOP', 'SHOPIFY_ACCESS_TOKEN'] as const).filter((k) => !s[k]);
  if (!base || missing.length) {
    console.error(
      `usage: npm run shopify:webhooks -- https://your-gateway.example.com${missing.length ? ` (also set ${missing.join(', ')})` : ''}`,
    );
    console.error(`The custom app needs these access scopes: ${REQUIRED_SCOPES.join(', ')}`);
    process.exit(2);
  }
  const callback = `${base.replace(/\/+$/, '')}/webhooks/shopify`;
  const shopify = createShopifyAdmin({
    shop: s.SHOPIFY_SHOP!,
    accessToken: s.SHOPIFY_ACCESS_TOKEN!,
    apiVersion: s.SHOPIFY_API_VERSION,
  });
  const r = await ensureWebhookSubscriptions(shopify, callback);
  console.log(
    `Webhooks to ${callback}: created ${r.created.length ? r.created.join(', ') : 'none'}; ${r.existing} already present.`,
  );
  console.log(`Topics consumed: ${CONSUMED_TOPICS.join(', ')}`);
  console.log(`Access scopes the custom app needs: ${REQUIRED_SCOPES.join(', ')}`);
}

main().catch((err) => {
  console.error(`shopify:webhooks failed: ${err.message}`);
  process.exit(1);
});
