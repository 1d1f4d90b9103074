#!/usr/bin/env bash
# Metric points projected per second (Kafka -> metrics-service -> PostgreSQL) against a COPY of the same rows
# in the same run. Puts N epoch-metric events of J jobs on the metrics topic as the worker writes them, starts
# metrics-service as ./run-local.sh does, and times the rows arriving in epoch_metric. Needs what ./run-local.sh
# needs (PostgreSQL or the embedded one, Java 17). Only one benchmark at a time on a machine:
#   flock /tmp/trainyard-bench.lock bench/metrics-projection.sh [events=200000] [jobs=2000] [key=value ...]
# The key=value pairs are settings of metrics-service over its own, to compare consumer settings, e.g.
#   bench/metrics-projection.sh 200000 2000 mp.messaging.incoming.epoch-metrics.max.poll.records=500
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-200000}; JOBS=${2:-2000}; shift $(( $# < 2 ? $# : 2 ))

# Builds only what it runs (the service, and the devstack whose tests hold the benchmark's class), installing
# nothing; Maven takes extra options from MAVEN_ARGS (MAVEN_ARGS=-o: offline).
./mvnw -B -q -DskipTests package -pl metrics-service -am
mkdir -p bench/target
log=bench/target/metrics-projection.log
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$(cat devstack/target/classes/io/trainyard/devstack/runtime.classpath):devstack/target/classes:devstack/target/test-classes" \
  io.trainyard.devstack.MetricsProjectionBenchmark "$PWD" "$EVENTS" "$JOBS" "$@" | tee "$log"
read -r projected copied < <(sed -n 's/^RESULT projected_per_second=\([^ ]*\) copy_per_second=\(.*\)$/\1 \2/p' "$log")
awk -v p="$projected" -v c="$copied" -v n="$EVENTS" 'BEGIN {
  printf "metric points projected:   %8.0f points/s  (%d events)\n", p, n
  printf "COPY of the same rows:     %8.0f rows/s\n", c
  printf "ratio:                     %8.4f  (goal >= 0.25)\n", p / c }'
