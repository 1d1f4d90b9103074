-- The tenant of each run, from its events' trainyard_tenant facet (docs/events.md); runs from before tenancy
-- belong to tenant 'default', like their jobs in job-api. Queries answer only for the caller's tenant.
ALTER TABLE lineage_run ADD COLUMN tenant varchar(128) NOT NULL DEFAULT 'default';
ALTER TABLE lineage_run ALTER COLUMN tenant DROP DEFAULT;
CREATE INDEX lineage_run_tenant_idx ON lineage_run (tenant);
