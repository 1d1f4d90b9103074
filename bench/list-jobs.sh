#!/usr/bin/env bash
# Job lists and stats at a million stored jobs (issue 12): starts the stack as ./run-local.sh does
# (PostgreSQL, Kafka, the four services; database trainyard_listbench_jobs, dropped afterwards), loads the
# jobs with bench/list-jobs-load.sql through psql, then prints p50/p99 of the first page (with and without a
# status filter, with its total), a deep page (page=500, and by cursor after 10,000 jobs) and /stats, each
# beside the bare SQL that answers the same question over JDBC, and their ratio. Needs psql and Java 17;
# run it alone on the machine (flock /tmp/trainyard-bench.lock bench/list-jobs.sh); MAVEN_ARGS=-o builds offline.
#   bench/list-jobs.sh [jobs]        default 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${1:-1000000}
command -v psql >/dev/null || { echo "bench/list-jobs.sh needs psql (PostgreSQL's client)" >&2; exit 1; }

# package, not install: the services run from each module's target/quarkus-app; the benchmark, one class of
# e2e-tests' test sources, is compiled alone against devstack's runtime classpath, as ./run-local.sh runs.
./mvnw -B -q package -Dmaven.test.skip=true -pl devstack,job-api,metrics-service,lineage-service,trainer-worker -am
CP="$(cat devstack/target/classes/io/trainyard/devstack/runtime.classpath):devstack/target/classes"
rm -rf bench/target/classes && mkdir -p bench/target/classes
javac -d bench/target/classes -cp "$CP" e2e-tests/src/test/java/io/trainyard/e2e/bench/ListBenchmark.java
exec java -cp "$CP:bench/target/classes" io.trainyard.e2e.bench.ListBenchmark "$PWD" "$JOBS"
