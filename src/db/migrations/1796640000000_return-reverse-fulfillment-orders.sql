-- Up Migration

-- Which return each reverse fulfillment order belongs to, as the return
-- workflow read it (src/activities/returns.ts readReturn, written once per
-- pair). Shopify's reverse_fulfillment_orders/dispose body names the reverse
-- fulfillment order and not the return (nor reliably the order), so
-- src/returns/webhooks.ts finds the return that must hear it here.
CREATE TABLE return_reverse_fulfillment_orders (
  shop_domain                   text        NOT NULL,
  reverse_fulfillment_order_id  text        NOT NULL,
  return_id                     text        NOT NULL,
  created_at                    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop_domain, reverse_fulfillment_order_id)
);

-- Down Migration
DROP TABLE return_reverse_fulfillment_orders;
