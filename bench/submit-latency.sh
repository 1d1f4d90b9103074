#!/usr/bin/env bash
# Submit -> running: N small jobs one after the other on an idle worker of a whole local stack; for each, the
# server's created_at to the worker's started_at. The floor, measured in the same run on the same broker: one
# Kafka produce -> consume round trip (the one hop a start needs). Needs what ./run-local.sh needs.
#   bench/submit-latency.sh [jobs]
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${1:-50}
EXEC=org.codehaus.mojo:exec-maven-plugin:3.5.0:java
./mvnw -B -q install -DskipTests
./mvnw -B -q -pl e2e-tests "$EXEC" -Dexec.classpathScope=test \
  -Dexec.mainClass=io.trainyard.e2e.bench.DispatchBenchmark -Dexec.args="$PWD latency $JOBS" | tee bench/target-latency.log
line=$(grep '^RESULT ' bench/target-latency.log); rm -f bench/target-latency.log
val() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" ${line#RESULT }"; }
awk -v p50="$(val latency_p50_ms)" -v p90="$(val latency_p90_ms)" -v p99="$(val latency_p99_ms)" \
    -v k50="$(val kafka_hop_p50_ms)" -v k99="$(val kafka_hop_p99_ms)" 'BEGIN {
  printf "submit -> running:      p50 %.1f ms  p90 %.1f ms  p99 %.1f ms\n", p50, p90, p99
  printf "Kafka hop (the floor):  p50 %.1f ms  p99 %.1f ms\n", k50, k99
  printf "ratio p50: %.1fx the floor\n", p50 / k50 }'
