#!/usr/bin/env bash
# Stops what stack-up.sh started, services first, then the servers. Data stays in $STACK_DIR.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STACK_DIR=${STACK_DIR:-$ROOT/.cache/stack}
for name in console gateway enricher sink kafka s3 clickhouse; do
  pidfile="$STACK_DIR/pids/$name.pid"
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    echo "stopped $name ($pid)"
  fi
  rm -f "$pidfile"
done
if [ "${STACK_INFRA:-local}" = compose ]; then
  docker compose -f "$ROOT/infra/compose.yaml" down
fi
