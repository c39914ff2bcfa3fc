#!/usr/bin/env bash
# Our gateway side by side with the reference rtcstats-server (rtcstats/rtcstats packages/rtcstats-server at a pinned
# commit, auth on, no database, no storage), both replayed the same recorded Chromium frames by bench's LoadGenerator
# in alternating rounds. Prints each server's frames per CPU-second and their ratio per round; the gateway publishes
# every frame to a real Kafka broker (acks=all, idempotent), whose CPU is printed separately.
#
#   bench/gateway-vs-reference.sh [--reference-dir DIR] [--rounds 3] [--connections 500] [--interval-ms 250]
#       [--seconds 20] [--settle-s 10] [--dump bench/data/chromium-loopback.rtcstats] [--mode ratio|latency]
#       [--gateway-env "KAFKA_COMPRESSION=lz4 ..."] [--gateway-classpath CP] [--warmup-s 20] [--skip-build]
#
# --reference-dir: an rtcstats/rtcstats checkout to use as it is (its commit is printed); without it the pinned commit
# is cloned from GitHub into .cache/rtcstats-reference. Its server's dependencies are installed with npm when missing.
# --gateway-classpath: run dev.rtcstats.pipeline.gateway.Main from this classpath instead of gateway/target/gateway-app.jar
# (for example an older build, to compare gateways). --warmup-s: one unreported round per server first, so both run warm.
# --mode latency: one saturating gateway round (10 ms interval) for the maximum rate, then one at 80 % of it, printing
# the gateway's frame -> Kafka acknowledgement percentiles.
# Everything listens on 127.0.0.1 on free ports; every process the script starts is stopped on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REFERENCE_REPOSITORY=https://github.com/rtcstats/rtcstats
REFERENCE_COMMIT=406aeaedf0b0914034d25e731a451ead86a4b137
SECRET=bench-secret

reference_dir="" rounds=3 connections=500 interval_ms=250 seconds=20 settle_s=10 mode=ratio gateway_env="" build=1
gateway_classpath="" warmup_s=20
dump="$ROOT/bench/data/chromium-loopback.rtcstats"
while [ $# -gt 0 ]; do
  case $1 in
    --reference-dir) reference_dir=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --interval-ms) interval_ms=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --settle-s) settle_s=$2; shift 2 ;;
    --dump) dump=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    --mode) mode=$2; shift 2 ;;
    --gateway-env) gateway_env=$2; shift 2 ;;
    --gateway-classpath) gateway_classpath=$2; shift 2 ;;
    --warmup-s) warmup_s=$2; shift 2 ;;
    --skip-build) build=0; shift ;;
    *) sed -n '2,19p' "$0" >&2; exit 2 ;;
  esac
done

. "$ROOT/infra/scripts/java25.sh"
if [ "$build" = 1 ]; then
  echo "building gateway and bench ..."
  (cd "$ROOT" && mvn -B -q --no-transfer-progress package -DskipTests -pl bench -am)
fi
BENCH_CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"
INFRA_CP="$ROOT/test-support/target/classes:$(cat "$ROOT/test-support/target/classpath.txt")"

if [ "$mode" = ratio ]; then
  if [ -z "$reference_dir" ]; then
    reference_dir="$ROOT/.cache/rtcstats-reference"
    if [ ! -d "$reference_dir/.git" ]; then
      git clone --quiet "$REFERENCE_REPOSITORY" "$reference_dir"
    fi
    git -C "$reference_dir" checkout --quiet "$REFERENCE_COMMIT"
  fi
  reference_commit=$(git -C "$reference_dir" rev-parse HEAD 2>/dev/null || echo unknown)
  if [ ! -d "$reference_dir/node_modules/ws" ]; then
    echo "installing the reference server's dependencies with npm ..."
    (cd "$reference_dir" && npm install --omit=dev --no-audit --no-fund --ignore-scripts --include-workspace-root \
      -w packages/rtcstats-server > /dev/null)
  fi
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gateway-vs-reference.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
wait_for() { # url, pid, log
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ] && return 0
    kill -0 "$2" 2>/dev/null || { echo "process $2 died; its log:" >&2; tail -30 "$3" >&2; exit 1; }
    sleep 0.2
  done
  echo "$1 did not answer 200; see $3" >&2
  exit 1
}
cpu_ticks() { # user + system ticks of a process (USER_HZ)
  awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

mapfile -t PORTS < <(java -cp "$BENCH_CP" dev.rtcstats.pipeline.bench.FreePorts 4)
KAFKA_PORT=${PORTS[0]} CONTROLLER_PORT=${PORTS[1]} GATEWAY_PORT=${PORTS[2]} REFERENCE_PORT=${PORTS[3]}
BOOTSTRAP=127.0.0.1:$KAFKA_PORT

cat > "$WORK/kafka.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$WORK/kafka-data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
java -cp "$INFRA_CP" kafka.tools.StorageTool format -t "$(java -cp "$INFRA_CP" kafka.tools.StorageTool random-uuid)" \
  -c "$WORK/kafka.properties" > "$WORK/kafka-format.log"
java -Xmx512m -cp "$INFRA_CP" kafka.Kafka "$WORK/kafka.properties" > "$WORK/kafka.log" 2>&1 &
KAFKA_PID=$!
PIDS+=("$KAFKA_PID")
for _ in $(seq 1 120); do
  java -cp "$INFRA_CP" dev.rtcstats.pipeline.testsupport.CreateTopics "$BOOTSTRAP" "$ROOT/infra/kafka/topics.txt" \
    > "$WORK/topics.log" 2>&1 && break
  kill -0 "$KAFKA_PID" 2>/dev/null || { tail -30 "$WORK/kafka.log" >&2; exit 1; }
  sleep 1
done

if [ -n "$gateway_classpath" ]; then
  gateway_command=(java -Xmx512m -cp "$gateway_classpath" dev.rtcstats.pipeline.gateway.Main)
else
  gateway_command=(java -Xmx512m -jar "$ROOT/gateway/target/gateway-app.jar")
fi
# shellcheck disable=SC2086 # --gateway-env is a list of VAR=value words
env KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" GATEWAY_PORT="$GATEWAY_PORT" GATEWAY_BIND_ADDRESS=127.0.0.1 \
  RTCSTATS_JWT_SECRET="$SECRET" GATEWAY_ID=bench $gateway_env \
  "${gateway_command[@]}" > "$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!
PIDS+=("$GATEWAY_PID")
wait_for "http://127.0.0.1:$GATEWAY_PORT/ready" "$GATEWAY_PID" "$WORK/gateway.log"

if [ "$mode" = ratio ]; then
  (cd "$reference_dir/packages/rtcstats-server" && \
    NODE_CONFIG_DIR=../../config \
    NODE_CONFIG="{\"server\":{\"httpPort\":$REFERENCE_PORT,\"workDirectory\":\"$WORK/ref-work\",\"uploadDirectory\":\"$WORK/ref-upload\"},\"authorization\":{\"jwtSecret\":\"$SECRET\"}}" \
    exec node app.js) > "$WORK/reference.log" 2>&1 &
  REFERENCE_PID=$!
  PIDS+=("$REFERENCE_PID")
  wait_for "http://127.0.0.1:$REFERENCE_PORT/healthcheck" "$REFERENCE_PID" "$WORK/reference.log"
  REFERENCE_PIDS=$(echo "$REFERENCE_PID" $(pgrep -P "$REFERENCE_PID") | tr ' ' ',')
fi

generate() { # target port, server pids, extra arguments...
  local port=$1 pids=$2; shift 2
  java -Xmx1g -cp "$BENCH_CP" dev.rtcstats.pipeline.bench.LoadGenerator --gateway "ws://127.0.0.1:$port/" \
    --secret "$SECRET" --server-pid "$pids" --idle 0 --dump "$dump" --raw true --kafka none "$@"
}
number() { # pattern, file: the number before "frames per CPU-second" on the matching line
  { grep "$1" "$2" || echo '= 0 frames per CPU-second'; } | sed -E 's/.*= ([0-9]+) frames per CPU-second.*/\1/' | tail -1
}

echo "load: $connections connections x one frame per $interval_ms ms for $seconds s from $(basename "$dump");" \
  "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "gateway: ${gateway_classpath:+$gateway_classpath }$(git -C "$ROOT" describe --always --dirty) ${gateway_env:+($gateway_env)}"
if [ "$mode" = latency ]; then
  [ "$warmup_s" -gt 0 ] && generate "$GATEWAY_PORT" "$GATEWAY_PID" --metrics none --connections "$connections" \
    --interval-ms "$interval_ms" --seconds "$warmup_s" > "$WORK/gw-warmup.txt"
  generate "$GATEWAY_PORT" "$GATEWAY_PID" --metrics "http://127.0.0.1:$GATEWAY_PORT/metrics" \
    --connections "$connections" --interval-ms 10 --seconds "$seconds" > "$WORK/max.txt"
  max=$(grep '^load:' "$WORK/max.txt" | sed -E 's/.* = ([0-9]+) frames\/s.*/\1/')
  interval=$(( connections * 1000 * 10 / (max * 8) ))
  echo "saturated: $max frames/s; 80 % is one frame per $interval ms per connection"
  generate "$GATEWAY_PORT" "$GATEWAY_PID" --metrics "http://127.0.0.1:$GATEWAY_PORT/metrics" \
    --connections "$connections" --interval-ms "$interval" --seconds "$seconds" > "$WORK/eighty.txt"
  grep -E '^load:|^server CPU:|Kafka ack|pauses' "$WORK/eighty.txt"
  exit 0
fi
echo "reference: $reference_commit (packages/rtcstats-server, auth on, no database or storage)"
if [ "$warmup_s" -gt 0 ]; then
  generate "$REFERENCE_PORT" "$REFERENCE_PIDS" --metrics none --connections "$connections" \
    --interval-ms "$interval_ms" --seconds "$warmup_s" > "$WORK/ref-warmup.txt"
  generate "$GATEWAY_PORT" "$GATEWAY_PID" --metrics none --connections "$connections" \
    --interval-ms "$interval_ms" --seconds "$warmup_s" > "$WORK/gw-warmup.txt"
fi
printf '%-6s %-12s %-12s %-12s %-12s %-8s %-8s %-10s\n' round ref_window ref_w_close gw_window gw_w_close ratio ratio_c kafka_cpu_s
for round in $(seq 1 "$rounds"); do
  generate "$REFERENCE_PORT" "$REFERENCE_PIDS" --metrics none --connections "$connections" \
    --interval-ms "$interval_ms" --seconds "$seconds" --settle-s "$settle_s" > "$WORK/ref-$round.txt"
  kafka_before=$(cpu_ticks "$KAFKA_PID")
  generate "$GATEWAY_PORT" "$GATEWAY_PID" --metrics "http://127.0.0.1:$GATEWAY_PORT/metrics" \
    --connections "$connections" --interval-ms "$interval_ms" --seconds "$seconds" --settle-s "$settle_s" \
    > "$WORK/gw-$round.txt"
  kafka_cpu=$(awk -v a="$kafka_before" -v b="$(cpu_ticks "$KAFKA_PID")" 'BEGIN { printf "%.2f", (b - a) / 100 }')
  ref=$(number '^server CPU:' "$WORK/ref-$round.txt")
  ref_close=$(number 'including close' "$WORK/ref-$round.txt")
  gw=$(number '^server CPU:' "$WORK/gw-$round.txt")
  gw_close=$(number 'including close' "$WORK/gw-$round.txt")
  printf '%-6s %-12s %-12s %-12s %-12s %-8s %-8s %-10s\n' "$round" "$ref" "$ref_close" "$gw" "$gw_close" \
    "$(awk -v g="$gw" -v r="$ref" 'BEGIN { printf "%.2f", g / r }')" \
    "$(awk -v g="$gw_close" -v r="$ref_close" 'BEGIN { printf "%.2f", g / r }')" "$kafka_cpu"
  grep -h -E '^load:' "$WORK/ref-$round.txt" "$WORK/gw-$round.txt" | sed 's/^/       /'
  grep -h -E 'Kafka ack' "$WORK/gw-$round.txt" | sed 's/^/       /'
done
echo "frames per CPU-second: window = while frames arrive (+1 s); w_close = also $settle_s s after the sockets closed"
echo "load average at end $(cut -d' ' -f1-3 /proc/loadavg)"
