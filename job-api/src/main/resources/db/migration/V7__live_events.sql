-- What live clients (SSE, WebSocket) are sent, appended in the transaction of the projection that
-- caused it: a record redelivered by Kafka, skipped by the projection, appends nothing. The id is the
-- SSE event id: a client resuming with Last-Event-ID reads the rows after it.
CREATE TABLE live_event (
    id          bigserial   PRIMARY KEY,
    job_id      uuid        NOT NULL,
    type        text        NOT NULL,
    data        jsonb       NOT NULL,
    occurred_at timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX live_event_job_idx ON live_event (job_id, id);
CREATE INDEX live_event_created_idx ON live_event (created_at);

-- Appends one event and wakes the LISTENers of every job-api instance (NOTIFY is delivered at commit).
-- Readers follow the table by "id > last seen", which is only safe if ids become visible in id order:
-- the transaction-scoped advisory lock, taken before the id is drawn and held until commit, makes
-- appenders commit one after the other, so no smaller id can ever commit after a larger one was read.
CREATE FUNCTION live_event_append(p_job_id uuid, p_type text, p_data jsonb, p_occurred_at timestamptz)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    appended bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('trainyard.live_event'));
    INSERT INTO live_event (job_id, type, data, occurred_at)
    VALUES (p_job_id, p_type, p_data, p_occurred_at)
    RETURNING id INTO appended;
    PERFORM pg_notify('trainyard_live', appended::text);
    RETURN appended;
END;
$$;
