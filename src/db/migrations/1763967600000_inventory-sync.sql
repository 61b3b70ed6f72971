-- Up Migration

-- Inventory as the single source of truth (issue 6): available-to-sell per SKU
-- and location, published to Shopify, with every on-hand change in a ledger.
--
-- available-to-sell (published) = max(on_hand - safety_stock - reserved - brokering_threshold, 0)
-- Routing uses on_hand - safety_stock - reserved: the threshold is a buffer kept
-- off the storefront only.

-- Per shop: how available-to-sell is published.
CREATE TABLE inventory_settings (
  shop_domain text PRIMARY KEY,
  -- aggregated: one Shopify location receives the sum over online-selling locations (external OMS);
  -- per_location: each engine location publishes to its own Shopify location (hybrid).
  publish_mode text NOT NULL DEFAULT 'per_location' CHECK (publish_mode IN ('aggregated', 'per_location')),
  aggregate_location_id text,
  -- A change is pushed when it crosses 0, when either side is at or below this level, ...
  low_stock_level integer NOT NULL DEFAULT 5 CHECK (low_stock_level >= 0),
  -- ... or when it moves the published number by at least this fraction.
  relative_change numeric NOT NULL DEFAULT 0.25 CHECK (relative_change > 0),
  sync_enabled boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (publish_mode = 'per_location' OR aggregate_location_id IS NOT NULL)
);

-- Overrides of safety stock and brokering threshold. The most specific wins:
-- the inventory row itself, then the SKU (location_id = ''), then the location
-- (sku = ''), then the shop (both ''), then 0.
CREATE TABLE inventory_policies (
  shop_domain text NOT NULL,
  sku text NOT NULL DEFAULT '',
  location_id text NOT NULL DEFAULT '',
  safety_stock integer CHECK (safety_stock >= 0),
  brokering_threshold integer CHECK (brokering_threshold >= 0),
  PRIMARY KEY (shop_domain, sku, location_id),
  CHECK (sku = '' OR location_id = '')
);

-- The row's own values become overrides too: NULL inherits.
ALTER TABLE inventory ALTER COLUMN safety_stock DROP NOT NULL, ALTER COLUMN safety_stock DROP DEFAULT;
UPDATE inventory SET safety_stock = NULL WHERE safety_stock = 0;
ALTER TABLE inventory ADD COLUMN brokering_threshold integer CHECK (brokering_threshold >= 0);

CREATE FUNCTION inventory_safety_stock(p_shop text, p_sku text, p_location text, p_row integer) RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT coalesce(p_row,
    (SELECT safety_stock FROM inventory_policies WHERE shop_domain = p_shop AND sku = p_sku AND location_id = ''),
    (SELECT safety_stock FROM inventory_policies WHERE shop_domain = p_shop AND sku = '' AND location_id = p_location),
    (SELECT safety_stock FROM inventory_policies WHERE shop_domain = p_shop AND sku = '' AND location_id = ''),
    0)
$$;

CREATE FUNCTION inventory_brokering_threshold(p_shop text, p_sku text, p_location text, p_row integer) RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT coalesce(p_row,
    (SELECT brokering_threshold FROM inventory_policies WHERE shop_domain = p_shop AND sku = p_sku AND location_id = ''),
    (SELECT brokering_threshold FROM inventory_policies WHERE shop_domain = p_shop AND sku = '' AND location_id = p_location),
    (SELECT brokering_threshold FROM inventory_policies WHERE shop_domain = p_shop AND sku = '' AND location_id = ''),
    0)
$$;

-- Locations: excluded from online selling (online orders are not routed there,
-- they publish 0 and are left out of the aggregate), and the Shopify location
-- they publish to in per_location mode (default: their own id).
ALTER TABLE locations ADD COLUMN sells_online boolean NOT NULL DEFAULT true;
ALTER TABLE locations ADD COLUMN shopify_location_id text;

-- Master catalog: products and variants from Shopify.
CREATE TABLE catalog_variants (
  shop_domain text NOT NULL,
  variant_id text NOT NULL,
  product_id text NOT NULL,
  sku text,
  barcode text,
  product_title text NOT NULL,
  variant_title text,
  image_url text,
  inventory_item_id text,
  product_updated_at timestamptz,
  active boolean NOT NULL DEFAULT true,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop_domain, variant_id)
);
CREATE INDEX catalog_variants_sku ON catalog_variants (shop_domain, sku);

-- When the catalog was last read whole (a full read retires products Shopify no longer has).
CREATE TABLE catalog_syncs (
  shop_domain text PRIMARY KEY,
  last_full_at timestamptz NOT NULL
);

-- Every on-hand change from outside the order flow, with its cause.
CREATE TABLE inventory_adjustments (
  id bigserial PRIMARY KEY,
  shop_domain text NOT NULL,
  sku text NOT NULL,
  location_id text NOT NULL,
  reason text NOT NULL,
  -- 'delta': on_hand += quantity; 'set': on_hand := quantity (counts, ERP feeds)
  kind text NOT NULL CHECK (kind IN ('delta', 'set')),
  quantity integer NOT NULL,
  on_hand_before integer NOT NULL,
  on_hand_after integer NOT NULL,
  idempotency_key text NOT NULL,
  line_no integer NOT NULL DEFAULT 0,
  request_hash text NOT NULL,
  reference text,
  actor text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (shop_domain, idempotency_key, line_no)
);
CREATE INDEX inventory_adjustments_sku ON inventory_adjustments (shop_domain, sku, location_id, created_at);

-- SKUs whose available-to-sell may have changed since the last push: an
-- append-only outbox filled by triggers in the changing transaction, so no path
-- that changes inventory can forget it. Append-only on purpose: writers never
-- wait on each other here (no shared row to lock, no deadlock), and the sync
-- deletes exactly the rows it read, so a change committed while it worked is
-- never lost.
CREATE TABLE inventory_dirty (
  id bigserial PRIMARY KEY,
  shop_domain text NOT NULL,
  sku text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inventory_dirty_shop ON inventory_dirty (shop_domain, id);

-- Only for a shop that publishes: a shop with publishing off writes nothing here (turning it on marks every SKU).
CREATE FUNCTION inventory_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM inventory_settings WHERE shop_domain = NEW.shop_domain AND sync_enabled) THEN
    INSERT INTO inventory_dirty (shop_domain, sku) VALUES (NEW.shop_domain, NEW.sku);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER inventory_inserted AFTER INSERT ON inventory
  FOR EACH ROW EXECUTE FUNCTION inventory_mark_dirty();
CREATE TRIGGER inventory_changed AFTER UPDATE OF on_hand, safety_stock, reserved, brokering_threshold ON inventory
  FOR EACH ROW WHEN (OLD.on_hand IS DISTINCT FROM NEW.on_hand OR OLD.safety_stock IS DISTINCT FROM NEW.safety_stock
                     OR OLD.reserved IS DISTINCT FROM NEW.reserved OR OLD.brokering_threshold IS DISTINCT FROM NEW.brokering_threshold)
  EXECUTE FUNCTION inventory_mark_dirty();

-- What the engine last published (or learned) per SKU and Shopify location.
CREATE TABLE inventory_publications (
  shop_domain text NOT NULL,
  sku text NOT NULL,
  shopify_location_id text NOT NULL,
  inventory_item_id text NOT NULL,
  -- the engine's number at the last evaluation
  target integer NOT NULL,
  -- Shopify's `available` as last written or read by the engine (the compare-and-set base); null: unknown
  shopify_available integer,
  -- when the engine last evaluated, wrote, read or heard of this level (a quiet level settles)
  observed_at timestamptz,
  -- Shopify's updated_at of the last inventory_levels/update applied (webhooks are ordered among themselves only)
  webhook_at timestamptz,
  pushed_at timestamptz,
  PRIMARY KEY (shop_domain, sku, shopify_location_id)
);

-- Every call that wrote quantities to Shopify (what the sync costs; points are in Shopify's answer and the simulator's log).
CREATE TABLE inventory_pushes (
  id bigserial PRIMARY KEY,
  shop_domain text NOT NULL,
  cause text NOT NULL CHECK (cause IN ('change', 'reconcile')),
  items integer NOT NULL,
  conflicts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Units of orders Shopify has committed stock for (from orders webhooks). The
-- open demand of an order and SKU is what the engine has not covered with a
-- live allocation (reserved or shipped): quantity less those allocations'
-- units, never below 0. So a release makes units open demand again, routing
-- covers them, and a webhook arriving after routing counts nothing.
CREATE TABLE order_demand (
  shop_domain text NOT NULL,
  order_id text NOT NULL,
  sku text NOT NULL,
  -- the line's current quantity, as of order_updated_at
  quantity integer NOT NULL CHECK (quantity >= 0),
  -- open; cancelled (released in Shopify); closed (fulfilled in Shopify)
  status text NOT NULL CHECK (status IN ('open', 'cancelled', 'closed')),
  order_updated_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop_domain, order_id, sku)
);
CREATE INDEX order_demand_open ON order_demand (shop_domain, sku) WHERE status = 'open';
CREATE INDEX allocations_order ON allocations (shop_domain, order_id);

CREATE TRIGGER order_demand_inserted AFTER INSERT ON order_demand
  FOR EACH ROW EXECUTE FUNCTION inventory_mark_dirty();
CREATE TRIGGER order_demand_changed AFTER UPDATE OF status, quantity ON order_demand
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.quantity IS DISTINCT FROM NEW.quantity)
  EXECUTE FUNCTION inventory_mark_dirty();

-- An allocation made, released or shipped covers or uncovers open demand of its SKUs.
CREATE FUNCTION allocation_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM inventory_settings WHERE shop_domain = NEW.shop_domain AND sync_enabled) THEN
    INSERT INTO inventory_dirty (shop_domain, sku)
    SELECT DISTINCT NEW.shop_domain, l->>'sku' FROM jsonb_array_elements(NEW.lines) AS l WHERE l->>'sku' IS NOT NULL;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER allocation_changed AFTER INSERT OR UPDATE OF status, lines ON allocations
  FOR EACH ROW EXECUTE FUNCTION allocation_mark_dirty();

-- Reconciliation runs and what each corrected.
CREATE TABLE inventory_reconciliations (
  id bigserial PRIMARY KEY,
  shop_domain text NOT NULL,
  method text NOT NULL CHECK (method IN ('paged', 'bulk')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  levels_checked integer NOT NULL DEFAULT 0,
  drifted integer NOT NULL DEFAULT 0,
  corrected integer NOT NULL DEFAULT 0
);
CREATE TABLE inventory_drift (
  reconciliation_id bigint NOT NULL REFERENCES inventory_reconciliations (id),
  sku text NOT NULL,
  shopify_location_id text NOT NULL,
  shopify_quantity integer NOT NULL,
  engine_quantity integer NOT NULL,
  corrected boolean NOT NULL,
  PRIMARY KEY (reconciliation_id, sku, shopify_location_id)
);

-- The missed-order sweep's high-water mark per shop.
CREATE TABLE order_sweeps (
  shop_domain text PRIMARY KEY,
  swept_until timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE order_sweeps;
DROP TABLE inventory_drift;
DROP TABLE inventory_reconciliations;
DROP TRIGGER allocation_changed ON allocations;
DROP FUNCTION allocation_mark_dirty();
DROP TRIGGER order_demand_changed ON order_demand;
DROP TRIGGER order_demand_inserted ON order_demand;
DROP TABLE order_demand;
DROP INDEX allocations_order;
DROP TABLE inventory_pushes;
DROP TABLE inventory_publications;
DROP TRIGGER inventory_changed ON inventory;
DROP TRIGGER inventory_inserted ON inventory;
DROP FUNCTION inventory_mark_dirty();
DROP TABLE inventory_dirty;
DROP TABLE inventory_adjustments;
DROP TABLE catalog_syncs;
DROP TABLE catalog_variants;
ALTER TABLE locations DROP COLUMN shopify_location_id;
ALTER TABLE locations DROP COLUMN sells_online;
DROP FUNCTION inventory_brokering_threshold(text, text, text, integer);
DROP FUNCTION inventory_safety_stock(text, text, text, integer);
ALTER TABLE inventory DROP COLUMN brokering_threshold;
UPDATE inventory SET safety_stock = 0 WHERE safety_stock IS NULL;
ALTER TABLE inventory ALTER COLUMN safety_stock SET DEFAULT 0, ALTER COLUMN safety_stock SET NOT NULL;
DROP TABLE inventory_policies;
