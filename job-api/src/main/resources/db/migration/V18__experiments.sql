-- Experiments: a team's named group of runs to compare (issue 13). A name is unique within its tenant; a job may
-- belong to one experiment, and an experiment that holds jobs cannot be deleted (its runs would lose their group).
CREATE TABLE experiment (
    id          uuid         PRIMARY KEY,
    tenant      varchar(128) NOT NULL,
    owner       varchar(255) NOT NULL,
    name        varchar(200) NOT NULL,
    description text,
    tags        text[]       NOT NULL DEFAULT '{}',
    created_at  timestamptz  NOT NULL,
    updated_at  timestamptz  NOT NULL
);
CREATE UNIQUE INDEX experiment_tenant_name_idx ON experiment (tenant, name);
CREATE INDEX experiment_tenant_created_idx ON experiment (tenant, created_at);

ALTER TABLE training_job ADD COLUMN experiment_id uuid REFERENCES experiment (id);
-- An experiment's runs, newest first: the job list's order (V14), so that filtering by experiment walks one range.
CREATE INDEX training_job_experiment_idx ON training_job (experiment_id, created_at, id)
    WHERE experiment_id IS NOT NULL;
