-- The retention pass (io.trainyard.jobs.retention, docs/retention.md) finds what is old by these columns.
-- V10 is taken by the tenancy change on main.
CREATE INDEX training_job_finished_idx ON training_job (finished_at)
    WHERE status IN ('SUCCEEDED', 'CANCELLED', 'FAILED');
CREATE INDEX job_log_occurred_idx ON job_log (occurred_at);
CREATE INDEX processed_event_processed_idx ON processed_event (processed_at);
