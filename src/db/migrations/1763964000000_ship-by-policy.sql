-- Up Migration

-- What happens when a partner misses its ship-by date: ask a person, or withdraw the allocation and route it elsewhere.
ALTER TABLE partners ADD COLUMN ship_by_policy text NOT NULL DEFAULT 'attention' CHECK (ship_by_policy IN ('attention', 'reroute'));

-- Down Migration
ALTER TABLE partners DROP COLUMN ship_by_policy;
