-- A commit about workers (one appears, offers other slots, or is heard from again after a silence) says so in its
-- notification's payload: only then, and in the periodic pass, does the scheduler look for lost workers. A commit
-- that queues a job leaves the payload empty, and its pass asks one cheap question first (is there a job and a free
-- slot at all), so a burst of creates while every slot is busy costs the scheduler one statement each.

CREATE OR REPLACE FUNCTION notify_work() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_ARGV[0], coalesce(TG_ARGV[1], ''));
    RETURN NULL;
END;
$$;

DROP TRIGGER worker_heartbeat_new ON worker_heartbeat;
DROP TRIGGER worker_heartbeat_changed ON worker_heartbeat;
CREATE TRIGGER worker_heartbeat_new AFTER INSERT ON worker_heartbeat FOR EACH ROW
    EXECUTE FUNCTION notify_work('trainyard_queue', 'workers');
CREATE TRIGGER worker_heartbeat_changed AFTER UPDATE ON worker_heartbeat FOR EACH ROW
    WHEN (NEW.slots <> OLD.slots OR NEW.busy_slots < OLD.busy_slots
          OR NEW.sent_at > OLD.sent_at + interval '10 seconds')
    EXECUTE FUNCTION notify_work('trainyard_queue', 'workers');
