-- Hyperparameter searches (issue 13). A search is a parent of ordinary jobs (its trials) in its experiment: job-api's
-- search driver proposes hyperparameters (grid, random or TPE), creates trials within the budget, and ends with the
-- best trial, whose registered model version gets the alias "best". All of it lives here, so a job-api restart loses
-- nothing: the next pass carries on. (V21 is the time-series dataset columns.)
CREATE TABLE search (
    id                     uuid             PRIMARY KEY,
    tenant                 varchar(128)     NOT NULL,
    owner                  varchar(255)     NOT NULL,
    name                   varchar(200)     NOT NULL,
    experiment_id          uuid             NOT NULL REFERENCES experiment (id),
    dataset_id             uuid             NOT NULL,
    model_family           varchar(64)      NOT NULL,
    model_name             varchar(128)     NOT NULL,
    -- The rest of each trial's job creation body: fixed hyperparameters, validation_split, priority, tags.
    job_template           jsonb            NOT NULL,
    space                  jsonb            NOT NULL,
    metric                 varchar(64)      NOT NULL,
    direction              varchar(32)      NOT NULL,
    strategy               varchar(16)      NOT NULL,
    max_trials             integer          NOT NULL,
    max_parallel           integer          NOT NULL,
    max_runtime_seconds    bigint           NOT NULL,
    asha_grace_epochs      integer,
    asha_reduction_factor  integer,
    seed                   bigint           NOT NULL,
    status                 varchar(16)      NOT NULL,
    message                text,
    best_job_id            uuid,
    best_value             double precision,
    best_model_version     integer,
    created_at             timestamptz      NOT NULL,
    deadline_at            timestamptz      NOT NULL,
    finished_at            timestamptz,
    updated_at             timestamptz      NOT NULL
);
CREATE UNIQUE INDEX search_tenant_name_idx ON search (tenant, name);
CREATE INDEX search_running_idx ON search (created_at) WHERE status = 'RUNNING';

CREATE TABLE search_trial (
    search_id        uuid             NOT NULL REFERENCES search (id) ON DELETE CASCADE,
    number           integer          NOT NULL,
    job_id           uuid             NOT NULL,
    params           jsonb            NOT NULL,
    -- The trial's final metric once its job succeeded; its last rung's when ASHA stopped it.
    value            double precision,
    stopped_at_epoch integer,
    created_at       timestamptz      NOT NULL,
    PRIMARY KEY (search_id, number)
);
CREATE UNIQUE INDEX search_trial_job_idx ON search_trial (job_id);

-- ASHA: each trial's metric at each rung it reached; a trial below the rung's top 1/reduction_factor stops there.
CREATE TABLE search_rung (
    search_id uuid             NOT NULL REFERENCES search (id) ON DELETE CASCADE,
    epoch     integer          NOT NULL,
    job_id    uuid             NOT NULL,
    value     double precision NOT NULL,
    PRIMARY KEY (search_id, epoch, job_id)
);
