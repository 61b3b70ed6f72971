-- Up Migration

-- Where returns may go (src/returns/destination.ts): an active location takes
-- mailed returns unless the merchant says it does not.
ALTER TABLE locations ADD COLUMN accepts_returns boolean NOT NULL DEFAULT true;

-- Every Shopify Return the engine handles, as its return workflow last wrote
-- it (src/activities/returns.ts recordReturn): what GET /orders/{id} and
-- GET /returns list for an order after its own workflow has ended, and how a
-- partner's receipt is checked against the destination the return was sent to.
CREATE TABLE order_returns (
  shop_domain      text        NOT NULL,
  return_id        text        NOT NULL,
  return_gid       text        NOT NULL,
  return_name      text,
  order_gid        text,
  order_name       text,
  stage            text        NOT NULL,
  shopify_status   text,
  location_id      text,
  partner_id       text,
  currency         text,
  refunded         text        NOT NULL DEFAULT '0',
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop_domain, return_id)
);
CREATE INDEX order_returns_order ON order_returns (shop_domain, order_gid);

-- Returns the engine was asked to create (POST /returns, npm run ops -- return):
-- the caller's request id makes a resend return the same Shopify Return.
CREATE TABLE return_requests (
  shop_domain  text        NOT NULL,
  request_id   text        NOT NULL,
  order_gid    text        NOT NULL,
  request      jsonb       NOT NULL,
  return_gid   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop_domain, request_id)
);

-- Down Migration
DROP TABLE return_requests;
DROP TABLE order_returns;
ALTER TABLE locations DROP COLUMN accepts_returns;
