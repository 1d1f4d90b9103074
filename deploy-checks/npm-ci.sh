#!/bin/sh
# Run by the build (generate-test-resources), never by the tests: installs the operator schema validators of
# package-lock.json into node_modules. Without npm the build goes on; the schema tests then skip, or fail where
# TRAINYARD_REQUIRE_KUBECTL=1 (CI).
set -e
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
  echo "[deploy-checks] no npm on the PATH: the operator schema checks will be skipped" >&2
  exit 0
fi
# npm ci wipes and re-extracts node_modules (10 s and more); not again while the installed lock is this one.
stamp=node_modules/.installed-package-lock.json
if cmp -s package-lock.json "$stamp"; then
  exit 0
fi
# --loglevel=error: the packages declare node >= 22; they run on node 20 (CI's), the tests prove it.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
cp package-lock.json "$stamp"
