-- The tenant of each point, from its event (docs/events.md); points from before tenancy belong to tenant
-- 'default', like their jobs in job-api. Queries filter by the caller's tenant and job.
ALTER TABLE epoch_metric ADD COLUMN tenant varchar(128) NOT NULL DEFAULT 'default';
ALTER TABLE epoch_metric ALTER COLUMN tenant DROP DEFAULT;
