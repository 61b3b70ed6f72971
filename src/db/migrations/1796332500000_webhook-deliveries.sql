-- Up Migration

-- Shopify webhook deliveries seen by the gateway, for deduplication before
-- anything is signalled (src/shopify/webhook-deliveries.ts). A delivery is
-- keyed by its topic and X-Shopify-Event-Id (else X-Shopify-Webhook-Id); it
-- is claimed 'in_flight' under a lease while it is handled and marked 'done'
-- only once the event is durable (handed to Temporal, or recorded). A failed
-- attempt deletes its claim, a crashed one lets its lease run out: either way
-- a retry goes through. Rows older than the retention window are pruned.
CREATE TABLE webhook_deliveries (
  shop_domain  text        NOT NULL,
  topic        text        NOT NULL,
  delivery_id  text        NOT NULL,
  state        text        NOT NULL CHECK (state IN ('in_flight', 'done')),
  claim_token  uuid        NOT NULL,
  lease_until  timestamptz NOT NULL,
  attempts     integer     NOT NULL DEFAULT 1,
  outcome      text,
  received_at  timestamptz NOT NULL DEFAULT now(),
  done_at      timestamptz,
  PRIMARY KEY (shop_domain, topic, delivery_id)
);
CREATE INDEX webhook_deliveries_received_at ON webhook_deliveries (received_at);

-- products/delete as a claim, not yet a fact: the topic header is unsigned and
-- the body is the bare id, so the catalog retires a product only once Shopify
-- says it no longer exists (src/catalog/deletions.ts, run by the catalog sync).
CREATE TABLE catalog_deletion_claims (
  shop_domain  text        NOT NULL,
  product_id   text        NOT NULL,
  claimed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop_domain, product_id)
);

-- Down Migration
DROP TABLE catalog_deletion_claims;
DROP TABLE webhook_deliveries;
