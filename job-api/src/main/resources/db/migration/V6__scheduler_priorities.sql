-- job-api becomes the scheduler: queued jobs wait here, in (priority, queued_at) order, until a live
-- worker has a free slot; the start command is then addressed to that worker.
ALTER TABLE training_job
    ADD COLUMN priority        varchar(16) NOT NULL DEFAULT 'NORMAL'
        CHECK (priority IN ('LOW', 'NORMAL', 'HIGH', 'URGENT')),
    -- Higher starts first; JobPriority.rank(), stored so that the queue is one index scan.
    ADD COLUMN priority_rank   smallint    NOT NULL DEFAULT 1,
    -- FIFO within a priority: when the job (re)entered the queue. A job requeued because its worker
    -- was lost keeps its place.
    ADD COLUMN queued_at       timestamptz,
    ADD COLUMN assigned_worker varchar(255),
    ADD COLUMN dispatched_at   timestamptz,
    ADD COLUMN attempts        integer     NOT NULL DEFAULT 0;

UPDATE training_job SET queued_at = created_at;
ALTER TABLE training_job ALTER COLUMN queued_at SET NOT NULL;

-- Jobs queued before this version had their unaddressed commands consumed by the old workers, which the
-- new workers ignore: they are dispatched again. Running ones belong to a worker nobody hears from any
-- more, so the scheduler requeues them (from their last checkpoint) once the worker timeout has passed.
UPDATE training_job SET assigned_worker = 'before-scheduler', dispatched_at = coalesce(started_at, created_at),
                        attempts = 1
WHERE status = 'RUNNING';
UPDATE training_job SET attempts = 1 WHERE status <> 'QUEUED';

CREATE INDEX training_job_queue_idx ON training_job (priority_rank DESC, queued_at, id)
    WHERE status = 'QUEUED' AND dispatched_at IS NULL;
CREATE INDEX training_job_worker_idx ON training_job (assigned_worker)
    WHERE status IN ('QUEUED', 'RUNNING');
