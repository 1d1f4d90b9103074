#!/usr/bin/env bash
# Builds Trainyard and starts the whole system on this machine (PostgreSQL, Kafka in KRaft mode, the
# four services), then trains a real model end to end and stays up for curl. Ctrl-C stops it all.
#   ./run-local.sh          run the demo and stay up
#   ./run-local.sh --exit   run the demo and stop
set -euo pipefail
cd "$(dirname "$0")"
echo "Building Trainyard (first time: a few minutes while Maven fetches dependencies)..."
./mvnw -B -q -DskipTests install
exec java -cp "$(cat devstack/target/classes/io/trainyard/devstack/runtime.classpath):devstack/target/classes" \
  io.trainyard.devstack.LocalRun "$@"
