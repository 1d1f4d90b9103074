-- The latest heartbeat of each worker: capacity and utilisation for the stats.
CREATE TABLE worker_heartbeat (
    worker_id  varchar(255) PRIMARY KEY,
    slots      integer      NOT NULL,
    busy_slots integer      NOT NULL,
    sent_at    timestamptz  NOT NULL,
    last_seen  timestamptz  NOT NULL
);
