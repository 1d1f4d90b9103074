-- Dataset versions (issue 13): registering a dataset under a name the tenant already uses makes the next version of
-- it; each version keeps its own file, checksum, row count and columns. Datasets registered before get versions in
-- the order they were registered. A job records the version it trained on beside the dataset's id.
ALTER TABLE dataset ADD COLUMN version integer;
UPDATE dataset d SET version = v.version
FROM (SELECT id, row_number() OVER (PARTITION BY tenant, name ORDER BY created_at, id) AS version FROM dataset) v
WHERE d.id = v.id;
ALTER TABLE dataset ALTER COLUMN version SET NOT NULL;
CREATE UNIQUE INDEX dataset_tenant_name_version_idx ON dataset (tenant, name, version);

ALTER TABLE training_job ADD COLUMN dataset_version integer;
UPDATE training_job j SET dataset_version = d.version FROM dataset d WHERE d.id = j.dataset_id;
