-- Up Migration

-- Refunds of an order as Shopify holds them (src/refunds/store.ts), recorded
-- once per refund by its refund workflow after reading it from Shopify, so an
-- order's refunded total is exact even after its workflow has completed.
-- source: 'shopify' (staff in the admin, or another app), 'return' (the refund
-- settles a Return: the return workflow restocks those units), 'engine' (the
-- engine's own refund on cancel). restocked: the lines put back to stock, as
-- [{ sku, locationId, quantity, restockType }].
CREATE TABLE order_refunds (
  shop_domain   text        NOT NULL,
  order_id      text        NOT NULL,
  refund_gid    text        NOT NULL,
  amount_minor  bigint      NOT NULL CHECK (amount_minor >= 0),
  currency      text        NOT NULL,
  source        text        NOT NULL CHECK (source IN ('shopify', 'return', 'engine')),
  return_gid    text,
  note          text,
  restocked     jsonb       NOT NULL DEFAULT '[]'::jsonb,
  created_at    timestamptz NOT NULL,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop_domain, refund_gid)
);
CREATE INDEX order_refunds_by_order ON order_refunds (shop_domain, order_id, created_at);

-- Down Migration
DROP TABLE order_refunds;
