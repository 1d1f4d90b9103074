-- Pause/resume: the checkpoint a paused job continues from, and the outcome details of a finished one.
ALTER TABLE training_job
    ADD COLUMN model_name         varchar(128),
    ADD COLUMN pause_requested_at timestamptz,
    ADD COLUMN checkpoint_uri     text,
    ADD COLUMN checkpoint_sha256  char(64),
    ADD COLUMN checkpoint_epoch   integer,
    ADD COLUMN evaluation         jsonb,
    ADD COLUMN parameter_count    bigint,
    ADD COLUMN best_epoch         integer,
    ADD COLUMN stop_reason        varchar(32),
    ADD COLUMN model_version      integer;
UPDATE training_job SET model_name = left(regexp_replace(lower(name), '[^a-z0-9._-]+', '-', 'g'), 128);
ALTER TABLE training_job ALTER COLUMN model_name SET NOT NULL;

-- The model registry: a name, its numbered versions (1, 2, 3...) and movable aliases.
CREATE TABLE registered_model (
    name           varchar(128) PRIMARY KEY,
    latest_version integer      NOT NULL,
    created_at     timestamptz  NOT NULL,
    updated_at     timestamptz  NOT NULL
);

CREATE TABLE model_version (
    name            varchar(128) NOT NULL REFERENCES registered_model (name),
    version         integer      NOT NULL,
    job_id          uuid UNIQUE REFERENCES training_job (id),
    source          varchar(16)  NOT NULL,
    model_family    varchar(64)  NOT NULL,
    task_type       varchar(32)  NOT NULL,
    hyperparameters jsonb        NOT NULL,
    metrics         jsonb        NOT NULL,
    evaluation      jsonb,
    dataset_id      uuid,
    dataset_sha256  char(64),
    artifact_uri    text         NOT NULL,
    artifact_sha256 char(64)     NOT NULL,
    parameter_count bigint,
    device          varchar(64),
    description     text,
    created_at      timestamptz  NOT NULL,
    PRIMARY KEY (name, version)
);

CREATE TABLE model_alias (
    name       varchar(128) NOT NULL REFERENCES registered_model (name),
    alias      varchar(64)  NOT NULL,
    version    integer      NOT NULL,
    updated_at timestamptz  NOT NULL,
    PRIMARY KEY (name, alias),
    FOREIGN KEY (name, version) REFERENCES model_version (name, version)
);
