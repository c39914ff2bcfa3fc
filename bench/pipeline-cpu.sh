#!/usr/bin/env bash
# Whole-pipeline CPU per frame on the local stack: starts infra/scripts/stack-up.sh, replays the recorded Chromium
# call's frames unchanged (real getStats, so time series are written) from 500 connections at 4 frames/s for 20 s,
# twice, and prints the load generator's report (CPU summed over gateway, Kafka, enricher, sink, ClickHouse and S3)
# and each process's CPU ticks (1/100 s) from /proc. Stops the stack at the end. Holds no lock: run it alone.
# Settings of the services come from the environment as for stack-up.sh, e.g. ENRICHER_COMMIT_INTERVAL=500ms.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export STACK_DIR=${STACK_DIR:-/tmp/bench-stack}
# The sink's own default: the local stack turns the Parquet lake on for its README queries, the reference has none.
export SINK_LAKE_ENABLED=${SINK_LAKE_ENABLED:-false}
infra/scripts/stack-down.sh >/dev/null 2>&1 || true
infra/scripts/stack-up.sh
. infra/scripts/java25.sh
BENCH_CP="bench/target/classes:$(cat bench/target/classpath.txt)"
P=$STACK_DIR/pids
names="gateway kafka enricher sink clickhouse s3"
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
declare -A before
for n in $names; do before[$n]=$(ticks "$(cat "$P/$n.pid")"); done
pids=$(for n in $names; do cat "$P/$n.pid"; done | paste -sd,)
echo "load average before: $(cat /proc/loadavg)"
for round in 1 2; do
  java -cp "$BENCH_CP" dev.rtcstats.pipeline.bench.LoadGenerator --gateway ws://127.0.0.1:8080/ \
    --metrics http://127.0.0.1:8080/metrics --kafka none --raw true --dump bench/data/chromium-loopback.rtcstats \
    --connections 500 --seconds 20 --interval-ms 250 --idle 0 --secret local-stack-secret \
    --server-pid "$pids" --settle-s 20
  echo "round $round: CPU ticks per process since the first round started:"
  for n in $names; do echo "  $n $(( $(ticks "$(cat "$P/$n.pid")") - ${before[$n]} ))"; done
done
echo "load average after: $(cat /proc/loadavg)"
query() { curl -s 'http://127.0.0.1:8123/' --data-binary "$1"; }
echo "sessions rows: $(query 'SELECT count() FROM sessions'), stats_reports rows: $(query 'SELECT count() FROM stats_reports')"
infra/scripts/stack-down.sh
