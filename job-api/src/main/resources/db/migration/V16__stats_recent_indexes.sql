-- The stats' last hour and day (StatsService): a tenant's jobs that finished, or started, in the last day are
-- one index range each, read from the index alone, instead of a scan of every job of the tenant. finished_at is
-- set exactly when a job ends, hence the same condition as training_job_finished_idx (V11).
CREATE INDEX training_job_tenant_finished_idx ON training_job (tenant, finished_at) INCLUDE (status)
    WHERE status IN ('SUCCEEDED', 'CANCELLED', 'FAILED');
CREATE INDEX training_job_tenant_started_idx ON training_job (tenant, started_at) INCLUDE (created_at)
    WHERE started_at IS NOT NULL;
