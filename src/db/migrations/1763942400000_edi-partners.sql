-- Up Migration

-- A drop-ship vendor's EDI identity and profile (src/partner/edi-settings.ts), and how documents reach it.
ALTER TABLE partners ADD COLUMN edi jsonb;
-- {"kind": "http", "url": "..."} or {"kind": "folder", "path": "..."}; null: outbound_url (JSON partners)
ALTER TABLE partners ADD COLUMN transport jsonb;

-- Interchange (ISA13) and group (GS06) control numbers we send, per partner: never reused
-- (a retried send of the same document reuses the numbers recorded with it in edi_outbound).
CREATE TABLE edi_control_numbers (
  partner_id text NOT NULL REFERENCES partners (id),
  kind text NOT NULL CHECK (kind IN ('interchange', 'group')),
  last_value bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (partner_id, kind)
);

-- Every X12 document we send (850, 860, 997), keyed so a retry finds and resends the same one.
CREATE TABLE edi_outbound (
  partner_id text NOT NULL REFERENCES partners (id),
  doc_key text NOT NULL,
  type text NOT NULL CHECK (type IN ('850', '860', '997')),
  interchange_control bigint NOT NULL,
  group_control bigint NOT NULL,
  allocation_id text,
  po_number text,
  -- PO lines as sent (PO101 line id, line item, SKU, quantity), to read the vendor's answers against
  lines jsonb,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  -- the vendor's 997 for it: A accepted, E accepted with errors, R rejected, P partially accepted
  ack_status text,
  ack_detail text,
  PRIMARY KEY (partner_id, doc_key)
);
CREATE INDEX edi_outbound_group ON edi_outbound (partner_id, group_control);
CREATE INDEX edi_outbound_po ON edi_outbound (partner_id, po_number);

-- Every transaction set we receive, kept whatever became of it (signalled, duplicate, unmatched, rejected).
CREATE TABLE edi_inbound (
  id bigserial PRIMARY KEY,
  partner_id text NOT NULL REFERENCES partners (id),
  interchange_control text NOT NULL,
  group_control text NOT NULL,
  set_control text NOT NULL,
  type text NOT NULL,
  -- what the document is about: 855 the PO number, 856 the PO number and BSN02
  po_number text,
  reference text,
  allocation_id text,
  outcome text NOT NULL,
  detail text,
  document jsonb,
  received_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (partner_id, interchange_control, group_control, set_control)
);
-- Same PO + BSN02 (856) or same PO + type (855) from another interchange is the same document again.
CREATE INDEX edi_inbound_reference ON edi_inbound (partner_id, type, po_number, reference);

-- Down Migration
DROP TABLE edi_inbound;
DROP TABLE edi_outbound;
DROP TABLE edi_control_numbers;
ALTER TABLE partners DROP COLUMN transport;
ALTER TABLE partners DROP COLUMN edi;
