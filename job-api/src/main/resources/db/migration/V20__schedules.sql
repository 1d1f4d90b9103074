-- Schedules (issue 13): a cron expression in a time zone that creates a job from a template on each tick, on the
-- latest version of a named dataset. The ticker claims due schedules with FOR UPDATE SKIP LOCKED and writes the run,
-- the job (with its start command through the outbox) and the next tick in one transaction; schedule_run's key
-- (schedule, tick) makes a second job for the same tick impossible whatever several job-api replicas do.
CREATE TABLE schedule (
    id             uuid         PRIMARY KEY,
    tenant         varchar(128) NOT NULL,
    owner          varchar(255) NOT NULL,
    name           varchar(200) NOT NULL,
    cron           varchar(200) NOT NULL,
    time_zone      varchar(64)  NOT NULL,
    dataset_name   varchar(255) NOT NULL,
    -- The job creation body (POST /api/v1/training/jobs) without dataset_id, validated when the schedule was saved.
    job_template   jsonb        NOT NULL,
    missed_ticks   varchar(16)  NOT NULL,
    promote_alias  varchar(64),
    promote_metric varchar(64),
    paused         boolean      NOT NULL DEFAULT false,
    next_tick_at   timestamptz  NOT NULL,
    created_at     timestamptz  NOT NULL,
    updated_at     timestamptz  NOT NULL
);
CREATE UNIQUE INDEX schedule_tenant_name_idx ON schedule (tenant, name);
CREATE INDEX schedule_due_idx ON schedule (next_tick_at) WHERE NOT paused;

-- One row per tick acted on: the job it created, or why none was (the dataset is gone, the template no longer fits);
-- after the job ends, whether its model version was promoted to the schedule's alias.
CREATE TABLE schedule_run (
    schedule_id  uuid         NOT NULL REFERENCES schedule (id) ON DELETE CASCADE,
    tick_at      timestamptz  NOT NULL,
    job_id       uuid,
    missed_ticks integer      NOT NULL DEFAULT 0,
    skipped      text,
    promotion    text,
    created_at   timestamptz  NOT NULL,
    PRIMARY KEY (schedule_id, tick_at)
);
CREATE UNIQUE INDEX schedule_run_job_idx ON schedule_run (job_id) WHERE job_id IS NOT NULL;
