-- One row per training run (run_id = job id). state is the OpenLineage event type that decided it;
-- a terminal state (COMPLETE, FAIL, ABORT) is never replaced by a late START or RUNNING.
CREATE TABLE lineage_run (
    run_id        uuid PRIMARY KEY,
    job_namespace text        NOT NULL,
    job_name      text        NOT NULL,
    state         text        NOT NULL,
    started_at    timestamptz,
    ended_at      timestamptz,
    error_message text
);

-- The datasets a run read (INPUT) or wrote (OUTPUT), facets as the events carried them.
CREATE TABLE run_dataset (
    id        uuid PRIMARY KEY,
    run_id    uuid  NOT NULL REFERENCES lineage_run (run_id),
    direction text  NOT NULL CHECK (direction IN ('INPUT', 'OUTPUT')),
    namespace text  NOT NULL,
    name      text  NOT NULL,
    facets    jsonb NOT NULL,
    CONSTRAINT run_dataset_run_direction_dataset_uk UNIQUE (run_id, direction, namespace, name)
);
-- "Which runs read this dataset?"
CREATE INDEX run_dataset_dataset_idx ON run_dataset (namespace, name, direction);

-- Every event as received, keyed by its CloudEvents id. Written in the projection's transaction, it
-- is also the record of processed events: a redelivered id is skipped.
CREATE TABLE lineage_event (
    event_id    text PRIMARY KEY,
    run_id      uuid        NOT NULL REFERENCES lineage_run (run_id),
    event_type  text        NOT NULL,
    event_time  timestamptz NOT NULL,
    payload     jsonb       NOT NULL,
    received_at timestamptz NOT NULL
);
CREATE INDEX lineage_event_run_idx ON lineage_event (run_id, event_time);
