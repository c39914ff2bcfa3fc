#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests against real Kafka, S3 and ClickHouse started in-process.
# Extra arguments go to Maven, e.g. infra/scripts/test.sh -pl gateway -am
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
"$ROOT/infra/scripts/fetch-chdb.sh"
"$ROOT/infra/scripts/fetch-test-deps.sh"
"$ROOT/infra/scripts/fetch-geoip.sh" >/dev/null
. "$ROOT/infra/scripts/java25.sh"
cd "$ROOT"
mvn -B --no-transfer-progress verify "$@"
