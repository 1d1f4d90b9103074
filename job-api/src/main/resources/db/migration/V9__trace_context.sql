-- W3C trace context (traceparent) carried across rows, so that one trace runs from the request to the
-- worker and the projections (docs/observability.md). Null when tracing is off.
-- training_job: of the request that (re)queued the job; the start command the scheduler writes later
-- continues that request's trace.
ALTER TABLE training_job ADD COLUMN trace_parent text;
-- outbox_event: the span that wrote the row; the relay publishes the Kafka record as its child.
ALTER TABLE outbox_event ADD COLUMN trace_parent text;
-- job_log: the job's trace id a worker logged the line in, so that a line read through the API leads to its trace.
ALTER TABLE job_log ADD COLUMN trace_id varchar(32);
