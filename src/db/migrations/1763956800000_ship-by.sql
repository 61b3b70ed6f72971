-- Up Migration

-- How long a partner has to ship an allocation once it is released to ship (null: no deadline).
-- The deadline is written to Shopify (fulfillmentOrdersSetFulfillmentDeadline) and enforced by the order's timer.
ALTER TABLE partners ADD COLUMN ship_by_seconds integer CHECK (ship_by_seconds > 0);

-- Down Migration
ALTER TABLE partners DROP COLUMN ship_by_seconds;
