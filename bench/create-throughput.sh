#!/usr/bin/env bash
# Job creates per second over REST (CLIENTS concurrent clients for SECONDS, the worker stopped so that jobs stay
# queued), and in the same run the floor: pgbench with as many clients inserting a job row and an outbox row in
# one transaction into tables of the same shape in the same database. Needs what ./run-local.sh needs, and pgbench.
#   bench/create-throughput.sh [seconds] [clients]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-30}; CLIENTS=${2:-8}
EXEC=org.codehaus.mojo:exec-maven-plugin:3.5.0:java
./mvnw -B -q install -DskipTests
./mvnw -B -q -pl e2e-tests "$EXEC" -Dexec.classpathScope=test \
  -Dexec.mainClass=io.trainyard.e2e.bench.DispatchBenchmark \
  -Dexec.args="$PWD throughput $SECONDS_RUN $CLIENTS" | tee bench/target-throughput.log
line=$(grep '^RESULT ' bench/target-throughput.log); rm -f bench/target-throughput.log
val() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" ${line#RESULT }"; }
awk -v r="$(val creates_per_s)" -v p50="$(val create_p50_ms)" -v p99="$(val create_p99_ms)" -v f="$(val pgbench_tps)" \
    -v c="$CLIENTS" 'BEGIN {
  printf "REST creates, %d clients:   %.1f/s  (p50 %.1f ms, p99 %.1f ms)\n", c, r, p50, p99
  printf "pgbench job+outbox rows:    %.1f/s\n", f
  printf "ratio: %.2f\n", r / f }'
