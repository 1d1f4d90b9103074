-- Read model: one row per (job, epoch). A re-emitted epoch (a worker retrained after a crash)
-- updates its row in place, so the unique key is the natural identity of a point in the series.
CREATE TABLE epoch_metric (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id            uuid             NOT NULL,
    epoch             integer          NOT NULL,
    total_epochs      integer          NOT NULL,
    train_loss        double precision NOT NULL,
    val_loss          double precision NOT NULL,
    train_accuracy    double precision,
    val_accuracy      double precision,
    val_rmse          double precision,
    val_mae           double precision,
    learning_rate     double precision NOT NULL,
    epoch_duration_ms bigint           NOT NULL,
    recorded_at       timestamptz      NOT NULL,
    CONSTRAINT epoch_metric_job_epoch_uk UNIQUE (job_id, epoch)
);

-- CloudEvents ids already projected, written in the same transaction as epoch_metric, so that a
-- redelivered record (same ce_id) is skipped instead of re-applied.
CREATE TABLE processed_event (
    event_id     text        PRIMARY KEY,
    processed_at timestamptz NOT NULL
);
