-- Job lists at scale (README "Lists, cursors and totals"): a list is newest first, (created_at, id), within a
-- tenant and optionally one status, so each of its orders is one index read from the newest end: a page by
-- cursor costs its own rows whatever the number of jobs, and the jobs a page number skips are read from the
-- index alone. id is the tie-break of the cursor. The operators' lists over every tenant have their own two.
-- Not CONCURRENTLY: Flyway's lock on PostgreSQL is a transaction, which a concurrent index build would wait for
-- forever. On a table of a million jobs, writes to it wait a few seconds per index while this migrates.
CREATE INDEX training_job_tenant_list_idx ON training_job (tenant, created_at, id);
CREATE INDEX training_job_tenant_status_list_idx ON training_job (tenant, status, created_at, id);
CREATE INDEX training_job_list_idx ON training_job (created_at, id);
CREATE INDEX training_job_status_list_idx ON training_job (status, created_at, id);
-- Their prefixes, now served by the ones above.
DROP INDEX training_job_tenant_idx;
DROP INDEX training_job_status_idx;
