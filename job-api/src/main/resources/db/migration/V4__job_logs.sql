-- Log lines the workers shipped for each job; the event id makes a redelivered line a no-op.
CREATE TABLE job_log (
    id          bigserial PRIMARY KEY,
    job_id      uuid         NOT NULL,
    event_id    varchar(255) NOT NULL UNIQUE,
    level       varchar(8)   NOT NULL,
    message     text         NOT NULL,
    occurred_at timestamptz  NOT NULL
);
CREATE INDEX job_log_job_idx ON job_log (job_id, id);
