-- Tenancy: every dataset, job, model, model version, alias, log line and live event belongs to a tenant;
-- jobs and models also record their owner (the user who created them). Rows from before tenancy belong
-- to tenant 'default' and to no known user ('unknown'): only that tenant's admins may change them.

ALTER TABLE dataset ADD COLUMN tenant varchar(128) NOT NULL DEFAULT 'default';
ALTER TABLE dataset ALTER COLUMN tenant DROP DEFAULT;
CREATE INDEX dataset_tenant_idx ON dataset (tenant, created_at);

ALTER TABLE training_job
    ADD COLUMN tenant varchar(128) NOT NULL DEFAULT 'default',
    ADD COLUMN owner  varchar(255) NOT NULL DEFAULT 'unknown';
ALTER TABLE training_job ALTER COLUMN tenant DROP DEFAULT, ALTER COLUMN owner DROP DEFAULT;
CREATE INDEX training_job_tenant_idx ON training_job (tenant, created_at);
-- An Idempotency-Key is the client's own: two tenants may pick the same one.
ALTER TABLE training_job DROP CONSTRAINT training_job_idempotency_key_key;
CREATE UNIQUE INDEX training_job_idempotency_idx ON training_job (tenant, idempotency_key);

-- Log lines and live events take their job's tenant, set by the database from the job itself, so that no writer
-- can file a row under another tenant and the all-jobs stream can show a tenant its own events.
CREATE FUNCTION tenant_from_job() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.tenant := coalesce((SELECT tenant FROM training_job WHERE id = NEW.job_id), 'default');
    RETURN NEW;
END;
$$;

ALTER TABLE job_log ADD COLUMN tenant varchar(128);
UPDATE job_log l SET tenant = coalesce((SELECT tenant FROM training_job j WHERE j.id = l.job_id), 'default');
ALTER TABLE job_log ALTER COLUMN tenant SET NOT NULL;
CREATE TRIGGER job_log_tenant BEFORE INSERT ON job_log FOR EACH ROW EXECUTE FUNCTION tenant_from_job();

ALTER TABLE live_event ADD COLUMN tenant varchar(128);
UPDATE live_event e SET tenant = coalesce((SELECT tenant FROM training_job j WHERE j.id = e.job_id), 'default');
ALTER TABLE live_event ALTER COLUMN tenant SET NOT NULL;
CREATE TRIGGER live_event_tenant BEFORE INSERT ON live_event FOR EACH ROW EXECUTE FUNCTION tenant_from_job();

-- Model names are per tenant: two teams may both have a model called "churn".
ALTER TABLE model_alias DROP CONSTRAINT model_alias_name_version_fkey;
ALTER TABLE model_alias DROP CONSTRAINT model_alias_name_fkey;
ALTER TABLE model_alias DROP CONSTRAINT model_alias_pkey;
ALTER TABLE model_version DROP CONSTRAINT model_version_name_fkey;
ALTER TABLE model_version DROP CONSTRAINT model_version_pkey;
ALTER TABLE registered_model DROP CONSTRAINT registered_model_pkey;

ALTER TABLE registered_model
    ADD COLUMN tenant varchar(128) NOT NULL DEFAULT 'default',
    ADD COLUMN owner  varchar(255) NOT NULL DEFAULT 'unknown';
ALTER TABLE registered_model ALTER COLUMN tenant DROP DEFAULT, ALTER COLUMN owner DROP DEFAULT;
ALTER TABLE registered_model ADD PRIMARY KEY (tenant, name);

ALTER TABLE model_version ADD COLUMN tenant varchar(128) NOT NULL DEFAULT 'default';
ALTER TABLE model_version ALTER COLUMN tenant DROP DEFAULT;
ALTER TABLE model_version ADD PRIMARY KEY (tenant, name, version);
ALTER TABLE model_version ADD FOREIGN KEY (tenant, name) REFERENCES registered_model (tenant, name);

ALTER TABLE model_alias ADD COLUMN tenant varchar(128) NOT NULL DEFAULT 'default';
ALTER TABLE model_alias ALTER COLUMN tenant DROP DEFAULT;
ALTER TABLE model_alias ADD PRIMARY KEY (tenant, name, alias);
ALTER TABLE model_alias ADD FOREIGN KEY (tenant, name) REFERENCES registered_model (tenant, name);
ALTER TABLE model_alias ADD FOREIGN KEY (tenant, name, version) REFERENCES model_version (tenant, name, version);

-- Short-lived tickets for clients that cannot send an Authorization header (a browser's EventSource and
-- WebSocket): exchanged for a bearer token, used in a URL, gone after a minute. Only the hash is stored.
CREATE TABLE live_ticket (
    ticket_sha256 char(64)     PRIMARY KEY,
    user_name     varchar(255) NOT NULL,
    tenant        varchar(128),
    roles         text         NOT NULL,
    expires_at    timestamptz  NOT NULL
);
CREATE INDEX live_ticket_expiry_idx ON live_ticket (expires_at);
