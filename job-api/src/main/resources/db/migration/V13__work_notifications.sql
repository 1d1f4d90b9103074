-- Event-driven dispatch (io.trainyard.jobs.scheduling.WorkNotifications): a commit that gives the scheduler or the
-- outbox relay something to do notifies every job-api replica at once (NOTIFY is delivered on commit, and several
-- in one transaction collapse into one). The periodic passes stay as a safety net for a missed notification.

-- NOTIFY on the channel the trigger names.
CREATE FUNCTION notify_work() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_ARGV[0], '');
    RETURN NULL;
END;
$$;

-- A job waits for a worker (created, resumed, retried, requeued, handed back), or a job left a worker's slot.
CREATE TRIGGER training_job_queued AFTER INSERT ON training_job FOR EACH ROW
    WHEN (NEW.status = 'QUEUED') EXECUTE FUNCTION notify_work('trainyard_queue');
CREATE TRIGGER training_job_queue_changed AFTER UPDATE OF status, assigned_worker ON training_job FOR EACH ROW
    WHEN ((NEW.status = 'QUEUED' AND NEW.assigned_worker IS NULL
           AND (OLD.status <> 'QUEUED' OR OLD.assigned_worker IS NOT NULL))
          OR (OLD.status IN ('QUEUED', 'RUNNING') AND NEW.status NOT IN ('QUEUED', 'RUNNING')))
    EXECUTE FUNCTION notify_work('trainyard_queue');

-- A worker appears, offers other slots, or is heard from again after a silence (it may have been counted lost).
CREATE TRIGGER worker_heartbeat_new AFTER INSERT ON worker_heartbeat FOR EACH ROW
    EXECUTE FUNCTION notify_work('trainyard_queue');
CREATE TRIGGER worker_heartbeat_changed AFTER UPDATE ON worker_heartbeat FOR EACH ROW
    WHEN (NEW.slots <> OLD.slots OR NEW.busy_slots < OLD.busy_slots
          OR NEW.sent_at > OLD.sent_at + interval '10 seconds')
    EXECUTE FUNCTION notify_work('trainyard_queue');

-- Messages wait in the outbox.
CREATE TRIGGER outbox_event_added AFTER INSERT ON outbox_event FOR EACH STATEMENT
    EXECUTE FUNCTION notify_work('trainyard_outbox');
