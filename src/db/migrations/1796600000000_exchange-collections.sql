-- Up Migration

-- What the engine asked Shopify to charge for an exchange's price difference
-- (src/activities/exchanges.ts collectExchangeBalance), written before the
-- charge: a retry after a lost answer sends the same amount with the same
-- idempotency key (Shopify answers with the first charge, never a second),
-- and knows what was collected even though the order no longer owes it.
CREATE TABLE exchange_collections (
  idempotency_key text        PRIMARY KEY,
  order_gid       text        NOT NULL,
  amount          text        NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE exchange_collections;
