-- Up Migration

-- What a drop-ship vendor (an edi_vendor partner) sells us, per SKU: routing offers these SKUs at the
-- vendor's location without any inventory row (src/partner/vendor-catalog.ts, src/inventory/reservations.ts).
CREATE TABLE vendor_catalog (
  partner_id text NOT NULL REFERENCES partners (id),
  sku text NOT NULL,
  -- the vendor's own part number (PO1 VN in the 850)
  vendor_part_number text,
  -- what the vendor charges us per unit (PO104 in the 850)
  unit_cost numeric(12, 2) NOT NULL CHECK (unit_cost >= 0),
  currency text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  -- units the vendor can still ship for us; null = the vendor did not say (unlimited). Reservations
  -- take units off it and releases give them back, as inventory's reserved column does.
  available integer CHECK (available IS NULL OR available >= 0),
  lead_time_days integer CHECK (lead_time_days IS NULL OR lead_time_days >= 0),
  -- rows the seed no longer lists become inactive (never deleted: reservations point at them)
  active boolean NOT NULL DEFAULT true,
  -- when the catalog row was last written from the vendor's data (not touched by reservations)
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partner_id, sku)
);

-- A reservation against a vendor's catalog rather than an inventory row: the vendor whose catalog
-- row (catalog_partner_id, sku) gave the units; null for stock held at the location.
ALTER TABLE reservations ADD COLUMN catalog_partner_id text;
ALTER TABLE reservations ADD CONSTRAINT reservations_catalog_fk
  FOREIGN KEY (catalog_partner_id, sku) REFERENCES vendor_catalog (partner_id, sku);

-- Down Migration
ALTER TABLE reservations DROP CONSTRAINT reservations_catalog_fk;
ALTER TABLE reservations DROP COLUMN catalog_partner_id;
DROP TABLE vendor_catalog;
