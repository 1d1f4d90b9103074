-- The tenant of the job an outbox event is about, published as the record's ce_tenant header (docs/events.md).
-- Rows written before it (at most a few seconds' worth) are published without the header.
ALTER TABLE outbox_event ADD COLUMN tenant varchar(128);
