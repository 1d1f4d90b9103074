-- Loads :jobs training jobs into job-api's database in one statement, for bench/list-jobs.sh.
--   psql -v jobs=1000000 -v template=<job id> -v worker=<worker id> -f bench/list-jobs-load.sql
-- Every job copies the template job's configuration (dataset, hyperparameters: valid rows the API reads back)
-- and gets, from its place in time:
--   created_at  spread evenly over the last 28 days (within every retention period, so nothing is deleted);
--   tenant      20 tenants, skewed: 'demo' (the local run's user) has about 22 %, the smallest under 1 %;
--   status      the newest 1,500 queued (a backlog waiting for a slot), the next 200 running on :worker,
--               the rest 75 % succeeded, 12 % failed, 12 % cancelled, 1 % paused;
--   family, priority (80 % normal), name (six project names and a number) and, for 30 %, one or two tags.
\set ON_ERROR_STOP on
BEGIN;
CREATE TEMP TABLE template ON COMMIT DROP AS SELECT * FROM training_job WHERE id = :'template';
CREATE TEMP TABLE loaded ON COMMIT DROP AS
SELECT gen_random_uuid() AS id, i, :jobs - i AS age,
       now() - (:jobs - i) * (interval '28 days' / :jobs) AS created_at,
       random() AS r_tenant, random() AS r_status, random() AS r_family, random() AS r_priority,
       random() AS r_name, random() AS r_tag, random() AS r_run
FROM generate_series(1, :jobs) AS g(i);

INSERT INTO training_job (id, tenant, owner, name, dataset_id, model_family, status, hyperparameters,
        validation_split, train_rows, val_rows, progress_percent, current_epoch, total_epochs, final_metrics,
        model_name, priority, priority_rank, queued_at, assigned_worker, dispatched_at, attempts, created_at,
        updated_at, started_at, finished_at, device, error_message)
SELECT l.id, t.tenant, 'user-' || (l.i % 7), p.project || '-' || l.i, tpl.dataset_id,
       (ARRAY['logistic_regression', 'linear_regression', 'mlp_classifier', 'mlp_regressor',
              'cnn1d_classifier'])[1 + floor(l.r_family * 5)::int],
       s.status, tpl.hyperparameters, tpl.validation_split, tpl.train_rows, tpl.val_rows,
       CASE WHEN s.status IN ('SUCCEEDED') THEN 100 WHEN s.status = 'QUEUED' THEN 0 ELSE 40 END,
       CASE WHEN s.status = 'SUCCEEDED' THEN tpl.total_epochs WHEN s.status = 'QUEUED' THEN 0 ELSE 3 END,
       tpl.total_epochs,
       CASE WHEN s.status = 'SUCCEEDED' THEN '{"val_accuracy": 0.93, "val_loss": 0.21}'::jsonb END,
       tpl.model_name, pr.priority, pr.rank, l.created_at,
       CASE WHEN s.status = 'RUNNING' THEN :'worker' END,
       CASE WHEN s.status <> 'QUEUED' AND s.status <> 'PAUSED' THEN l.created_at + interval '1 second' END,
       CASE WHEN s.status = 'QUEUED' THEN 0 ELSE 1 END,
       l.created_at, coalesce(f.finished_at, l.created_at),
       CASE WHEN s.status <> 'QUEUED' THEN l.created_at + interval '2 seconds' END,
       f.finished_at,
       CASE WHEN s.status <> 'QUEUED' THEN 'cpu' END,
       CASE WHEN s.status = 'FAILED' THEN 'bench: loaded as failed' END
FROM loaded l
CROSS JOIN template tpl
CROSS JOIN LATERAL (SELECT floor(20 * l.r_tenant * l.r_tenant)::int AS k) tk
CROSS JOIN LATERAL (SELECT CASE WHEN tk.k = 0 THEN 'demo' ELSE 'team-' || lpad(tk.k::text, 2, '0') END AS tenant) t
CROSS JOIN LATERAL (SELECT CASE WHEN l.age < 1500 THEN 'QUEUED'
                                WHEN l.age < 1700 THEN 'RUNNING'
                                WHEN l.r_status < 0.75 THEN 'SUCCEEDED'
                                WHEN l.r_status < 0.87 THEN 'FAILED'
                                WHEN l.r_status < 0.99 THEN 'CANCELLED'
                                ELSE 'PAUSED' END AS status) s
CROSS JOIN LATERAL (SELECT CASE WHEN l.r_priority < 0.80 THEN 'NORMAL' WHEN l.r_priority < 0.90 THEN 'HIGH'
                                WHEN l.r_priority < 0.95 THEN 'LOW' ELSE 'URGENT' END AS priority) pn
CROSS JOIN LATERAL (SELECT pn.priority, CASE pn.priority WHEN 'LOW' THEN 0 WHEN 'NORMAL' THEN 1 WHEN 'HIGH' THEN 2
                                ELSE 3 END AS rank) pr
CROSS JOIN LATERAL (SELECT (ARRAY['churn', 'fraud', 'iris', 'penguins', 'mpg', 'ltv'])[1 + floor(l.r_name * 6)::int]
                           AS project) p
CROSS JOIN LATERAL (SELECT CASE WHEN s.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')
                                THEN l.created_at + interval '2 seconds' + l.r_run * interval '1 hour' END
                           AS finished_at) f;

INSERT INTO job_tag (job_id, tag)
SELECT id, (ARRAY['nightly', 'experiment', 'baseline'])[1 + floor(r_tag * 10)::int % 3] FROM loaded WHERE r_tag < 0.3
UNION ALL
SELECT id, 'prod' FROM loaded WHERE r_tag < 0.05;
COMMIT;
VACUUM ANALYZE training_job;
VACUUM ANALYZE job_tag;
