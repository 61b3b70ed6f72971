-- Up Migration

-- Fulfillment orders we asked a Shopify fulfillment service (3PL) to fulfill. Shopify's
-- fulfillment_orders/* webhooks carry the fulfillment order but no order id: this maps it back.
CREATE TABLE fulfillment_requests (
  fulfillment_order_id text PRIMARY KEY,
  allocation_id text NOT NULL REFERENCES allocations (id),
  partner_id text REFERENCES partners (id),
  submitted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fulfillment_requests_allocation ON fulfillment_requests (allocation_id);

-- Down Migration
DROP TABLE fulfillment_requests;
