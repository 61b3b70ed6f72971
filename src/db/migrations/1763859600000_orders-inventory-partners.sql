-- Up Migration

-- Who runs a location or receives allocations: warehouses, stores, 3PLs, drop-ship vendors.
CREATE TABLE partners (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  shop_domain text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('json_warehouse', 'edi_vendor', 'shopify_fulfillment_service')),
  -- sha256 (hex) of the bearer token the partner presents on its inbound endpoints
  token_sha256 text NOT NULL,
  requires_acceptance boolean NOT NULL DEFAULT false,
  acceptance_window_seconds integer NOT NULL DEFAULT 86400 CHECK (acceptance_window_seconds > 0),
  -- where allocation requests, releases and cancellations are POSTed (optional)
  outbound_url text,
  outbound_secret text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Stocking locations; id is the Shopify location GID.
CREATE TABLE locations (
  shop_domain text NOT NULL,
  id text NOT NULL,
  name text NOT NULL,
  latitude double precision,
  longitude double precision,
  partner_id text REFERENCES partners (id),
  active boolean NOT NULL DEFAULT true,
  PRIMARY KEY (shop_domain, id)
);

-- Per SKU and location. Available-to-sell = on_hand - safety_stock - reserved (never below 0).
CREATE TABLE inventory (
  shop_domain text NOT NULL,
  sku text NOT NULL,
  location_id text NOT NULL,
  on_hand integer NOT NULL DEFAULT 0,
  safety_stock integer NOT NULL DEFAULT 0 CHECK (safety_stock >= 0),
  reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop_domain, sku, location_id),
  FOREIGN KEY (shop_domain, location_id) REFERENCES locations (shop_domain, id)
);

-- One routing decision: lines of an order sent to one location.
CREATE TABLE allocations (
  id text PRIMARY KEY,
  workflow_id text NOT NULL,
  shop_domain text NOT NULL,
  order_id text NOT NULL,
  location_id text NOT NULL,
  partner_id text REFERENCES partners (id),
  route_attempt integer NOT NULL,
  status text NOT NULL CHECK (status IN ('reserved', 'released', 'shipped')),
  lines jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX allocations_workflow ON allocations (workflow_id, route_attempt);

-- Units held for an allocation until it ships (consumed) or is released.
CREATE TABLE reservations (
  allocation_id text NOT NULL REFERENCES allocations (id),
  shop_domain text NOT NULL,
  sku text NOT NULL,
  location_id text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'released', 'consumed')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (allocation_id, sku)
);

-- Down Migration
DROP TABLE reservations;
DROP TABLE allocations;
DROP TABLE inventory;
DROP TABLE locations;
DROP TABLE partners;
