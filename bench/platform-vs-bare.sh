#!/usr/bin/env bash
# Compares one training job run through the platform (REST -> outbox -> Kafka -> worker -> events ->
# projections) with the very same DJL training loop run bare in one JVM, on the same data and
# hyperparameters, and prints the ratio. Needs what ./run-local.sh needs (PostgreSQL, Java 17).
#   bench/platform-vs-bare.sh [csv target task family epochs batch_size runs]
set -euo pipefail
cd "$(dirname "$0")/.."
CSV=${1:-samples/datasets/cars.csv}; TARGET=${2:-mpg}; TASK=${3:-regression}; FAMILY=${4:-mlp_regressor}
EPOCHS=${5:-100}; BATCH=${6:-16}; RUNS=${7:-3}
EXEC=org.codehaus.mojo:exec-maven-plugin:3.5.0:java

./mvnw -B -q install -DskipTests
echo "== bare: the worker's training loop in one JVM ($FAMILY on $CSV, $EPOCHS epochs, batch $BATCH)"
./mvnw -B -q -pl trainer-worker "$EXEC" -Dexec.classpathScope=test \
  -Dexec.mainClass=io.trainyard.worker.bench.BareTrainingBenchmark \
  -Dexec.args="$PWD/$CSV $TARGET $TASK $FAMILY $EPOCHS $BATCH $RUNS" | tee bench/target-bare.log
echo "== platform: the same job through the four services"
./mvnw -B -q -pl e2e-tests "$EXEC" -Dexec.classpathScope=test \
  -Dexec.mainClass=io.trainyard.e2e.bench.PlatformBenchmark \
  -Dexec.args="$PWD $CSV $TARGET $TASK $FAMILY $EPOCHS $BATCH $RUNS" | tee bench/target-platform.log
bare=$(sed -n 's/^RESULT bare_seconds=//p' bench/target-bare.log)
read -r total training < <(sed -n 's/^RESULT platform_seconds=\([^ ]*\) platform_training_seconds=\(.*\)$/\1 \2/p' bench/target-platform.log)
rm -f bench/target-bare.log bench/target-platform.log
awk -v b="$bare" -v t="$total" -v tr="$training" 'BEGIN {
  printf "bare training loop:            %.3f s\n", b
  printf "platform, training (worker):   %.3f s   ratio %.2fx\n", tr, tr / b
  printf "platform, POST to succeeded:   %.3f s   ratio %.2fx\n", t, t / b }'
