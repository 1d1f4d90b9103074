-- Datasets registered through the API; the file itself lives in the artifact store.
CREATE TABLE dataset (
    id            uuid PRIMARY KEY,
    name          varchar(200) NOT NULL,
    target_column varchar(200) NOT NULL,
    task_type     varchar(32)  NOT NULL,
    row_count     bigint       NOT NULL,
    size_bytes    bigint       NOT NULL,
    sha256        char(64)     NOT NULL,
    uri           text         NOT NULL,
    columns       jsonb        NOT NULL,
    created_at    timestamptz  NOT NULL
);

-- The job read model: written by the API on create/cancel and by the progress projector.
CREATE TABLE training_job (
    id                   uuid PRIMARY KEY,
    name                 varchar(200) NOT NULL,
    dataset_id           uuid         NOT NULL REFERENCES dataset (id),
    model_family         varchar(64)  NOT NULL,
    status               varchar(16)  NOT NULL,
    hyperparameters      jsonb        NOT NULL,
    validation_split     double precision NOT NULL,
    train_rows           bigint       NOT NULL,
    val_rows             bigint       NOT NULL,
    progress_percent     double precision NOT NULL DEFAULT 0,
    current_epoch        integer      NOT NULL DEFAULT 0,
    total_epochs         integer      NOT NULL,
    eta_seconds          bigint,
    device               varchar(64),
    final_metrics        jsonb,
    model_uri            text,
    model_checksum       char(64),
    error_message        text,
    idempotency_key      varchar(255) UNIQUE,
    request_fingerprint  char(64),
    cancel_requested_at  timestamptz,
    created_at           timestamptz  NOT NULL,
    updated_at           timestamptz  NOT NULL,
    started_at           timestamptz,
    finished_at          timestamptz
);
CREATE INDEX training_job_status_idx ON training_job (status, created_at);
CREATE INDEX training_job_family_idx ON training_job (model_family, created_at);

-- Audit trail of everything that happened to a job, in order.
CREATE TABLE job_event (
    id               bigserial PRIMARY KEY,
    job_id           uuid        NOT NULL REFERENCES training_job (id),
    event_id         varchar(255) UNIQUE,
    type             varchar(64) NOT NULL,
    status           varchar(16) NOT NULL,
    progress_percent double precision,
    current_epoch    integer,
    message          text,
    occurred_at      timestamptz NOT NULL,
    recorded_at      timestamptz NOT NULL
);
CREATE INDEX job_event_job_idx ON job_event (job_id, id);

-- Transactional outbox: written in the same transaction as the job; the relay publishes and deletes.
CREATE TABLE outbox_event (
    seq           bigserial PRIMARY KEY,
    id            uuid         NOT NULL UNIQUE,
    channel       varchar(64)  NOT NULL,
    aggregate_id  uuid         NOT NULL,
    type          varchar(128) NOT NULL,
    payload       text         NOT NULL,
    created_at    timestamptz  NOT NULL
);

-- Ids of consumed Kafka events, recorded in the same transaction as the projection they caused.
CREATE TABLE processed_event (
    event_id     varchar(255) PRIMARY KEY,
    processed_at timestamptz NOT NULL
);
