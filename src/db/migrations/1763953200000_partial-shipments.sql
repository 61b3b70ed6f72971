-- Up Migration

-- Units taken off hand by one partial shipment of an allocation: keyed by the shipment
-- (its tracking number), so a retried consumption never takes them twice.
CREATE TABLE reservation_consumptions (
  allocation_id text NOT NULL REFERENCES allocations (id),
  shipment_key text NOT NULL,
  sku text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (allocation_id, shipment_key, sku)
);

-- Down Migration
DROP TABLE reservation_consumptions;
