-- Time series (issue 13): a dataset version may name the column that orders its rows in time (its splits are then
-- chronological), and a job records the rows it holds out for its final test evaluation (hyperparameter test_split;
-- jobs from before have none).
ALTER TABLE dataset ADD COLUMN time_column text;
ALTER TABLE training_job ADD COLUMN test_rows bigint NOT NULL DEFAULT 0;
