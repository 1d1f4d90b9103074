-- Jobs per tenant and status, kept in the transaction of every insert, status change and delete of a job, so
-- that the stats and a list's total read a few rows instead of counting a tenant's jobs (JobCounts in job-api).
-- Writers only append to job_count_change: a counter row that every create of a tenant updated
-- would make concurrent creates wait for each other's commit. job_count_fold() moves the changes into
-- job_count every few seconds; a reader adds the changes not yet folded, in the same snapshot, so a count is
-- exact at any time.
CREATE TABLE job_count (
    tenant varchar(128) NOT NULL,
    status varchar(16)  NOT NULL,
    jobs   bigint       NOT NULL,
    PRIMARY KEY (tenant, status)
);

CREATE TABLE job_count_change (
    tenant varchar(128) NOT NULL,
    status varchar(16)  NOT NULL,
    delta  bigint       NOT NULL
);
CREATE INDEX job_count_change_tenant_idx ON job_count_change (tenant);

-- Inserts and deletes count per statement (a bulk load or a retention batch appends one row per tenant and
-- status); a status or tenant change is a row trigger whose WHEN skips the many updates that change neither.
CREATE FUNCTION job_count_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO job_count_change (tenant, status, delta)
        SELECT tenant, status, count(*) FROM added GROUP BY tenant, status;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO job_count_change (tenant, status, delta)
        SELECT tenant, status, -count(*) FROM removed GROUP BY tenant, status;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO job_count_change (tenant, status, delta)
        VALUES (OLD.tenant, OLD.status, -1), (NEW.tenant, NEW.status, 1);
    ELSE
        DELETE FROM job_count_change;
        DELETE FROM job_count;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER job_count_insert AFTER INSERT ON training_job REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION job_count_track();
CREATE TRIGGER job_count_delete AFTER DELETE ON training_job REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION job_count_track();
CREATE TRIGGER job_count_update AFTER UPDATE OF tenant, status ON training_job FOR EACH ROW
    WHEN (OLD.tenant IS DISTINCT FROM NEW.tenant OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION job_count_track();
CREATE TRIGGER job_count_truncate AFTER TRUNCATE ON training_job
    FOR EACH STATEMENT EXECUTE FUNCTION job_count_track();

-- One fold at a time across job-api replicas (another one running: nothing to do). A change committed while
-- a fold runs is not in its snapshot, so it stays for the next one.
CREATE FUNCTION job_count_fold() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF pg_try_advisory_xact_lock(hashtext('trainyard.job_count_fold')) THEN
        WITH folded AS (DELETE FROM job_count_change RETURNING tenant, status, delta)
        INSERT INTO job_count (tenant, status, jobs)
        SELECT tenant, status, sum(delta) FROM folded GROUP BY tenant, status
        ON CONFLICT (tenant, status) DO UPDATE SET jobs = job_count.jobs + excluded.jobs;
    END IF;
END;
$$;

-- The jobs stored so far. Creating the triggers locked out writers of training_job until this commits, so no
-- job is counted twice or missed.
INSERT INTO job_count (tenant, status, jobs) SELECT tenant, status, count(*) FROM training_job GROUP BY tenant, status;
