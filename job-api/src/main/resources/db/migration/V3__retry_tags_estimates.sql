-- Product surface: a description, tags to filter by, retries linked to their original, and the
-- duration estimated at creation from past jobs.
ALTER TABLE training_job
    ADD COLUMN description                text,
    ADD COLUMN retry_of                   uuid REFERENCES training_job (id),
    ADD COLUMN estimated_duration_seconds bigint;
CREATE INDEX training_job_retry_of_idx ON training_job (retry_of);

CREATE TABLE job_tag (
    job_id uuid         NOT NULL REFERENCES training_job (id),
    tag    varchar(50)  NOT NULL,
    PRIMARY KEY (job_id, tag)
);
CREATE INDEX job_tag_tag_idx ON job_tag (tag);
