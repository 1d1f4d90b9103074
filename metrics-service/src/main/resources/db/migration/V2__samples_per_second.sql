-- Training throughput of each epoch (absent in events of workers that predate the field).
ALTER TABLE epoch_metric ADD COLUMN samples_per_second double precision;
