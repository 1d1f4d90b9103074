-- One database per service: each owns its schema (Flyway) and nobody reads another's tables.
CREATE DATABASE trainyard_jobs;
CREATE DATABASE trainyard_metrics;
CREATE DATABASE trainyard_lineage;
