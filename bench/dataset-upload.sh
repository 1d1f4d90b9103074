#!/usr/bin/env bash
# A dataset upload of gigabytes (issue 12): generates a CSV of MEGABYTES (default 2048; 12 numeric features and a
# label, kept in bench/target for the next run), starts the stack as ./run-local.sh does with job-api's heap at
# 256 MB, streams the file to POST /api/v1/datasets and checks the answer's row count and SHA-256 against the file.
# Prints the upload's MiB/s, a plain Java CSV read of the same file in the same run (readLine + split), their
# ratio, and job-api's peak heap sampled from /q/metrics while the upload ran. Needs twice MEGABYTES of free disk
# (the file, and its stored copy); run it alone on the machine (flock /tmp/trainyard-bench.lock
# bench/dataset-upload.sh); MAVEN_ARGS=-o builds offline.
#   bench/dataset-upload.sh [megabytes]
set -euo pipefail
cd "$(dirname "$0")/.."
MEGABYTES=${1:-2048}
# package, not install: the services run from each module's target/quarkus-app; the benchmark, one class of
# e2e-tests' test sources, is compiled alone against devstack's runtime classpath, as ./run-local.sh runs.
./mvnw -B -q package -Dmaven.test.skip=true -pl devstack,job-api,metrics-service,lineage-service,trainer-worker -am
CP="$(cat devstack/target/classes/io/trainyard/devstack/runtime.classpath):devstack/target/classes"
rm -rf bench/target/upload-classes && mkdir -p bench/target/upload-classes
javac -d bench/target/upload-classes -cp "$CP" e2e-tests/src/test/java/io/trainyard/e2e/bench/DatasetUploadBenchmark.java
java -Xmx512m -cp "$CP:bench/target/upload-classes" io.trainyard.e2e.bench.DatasetUploadBenchmark \
  "$PWD" "$MEGABYTES" | tee bench/target-upload.log
line=$(grep '^RESULT ' bench/target-upload.log); rm -f bench/target-upload.log
val() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" ${line#RESULT }"; }
printf 'upload, %s MiB, job-api -Xmx%s:  %s MiB/s  (heap peak used %s MiB, live after GC %s MiB)\n' \
  "$(val mib)" "$(val heap_max)" "$(val upload_mib_per_s)" "$(val heap_peak_used_mib)" "$(val heap_peak_after_gc_mib)"
printf 'plain Java CSV read:          %s MiB/s\n' "$(val plain_read_mib_per_s)"
printf 'ratio: %s\n' "$(val ratio)"
