-- CloudEvents ids already projected, written in the same transaction as the projection (the shared
-- idempotent projection step, io.trainyard.support.messaging.ProcessedEvents). lineage_event keeps the
-- events as received; ids recorded there before this table existed are recorded here too.
CREATE TABLE processed_event (
    event_id     text        PRIMARY KEY,
    processed_at timestamptz NOT NULL
);
INSERT INTO processed_event (event_id, processed_at) SELECT event_id, received_at FROM lineage_event;
