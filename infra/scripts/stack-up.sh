#!/usr/bin/env bash
# Starts the whole pipeline on this machine without Docker: Kafka (KRaft), the ClickHouse engine (chDB) behind its
# HTTP interface, S3 (S3Proxy), then sink, enricher, gateway and the analysts' console. State and logs live in
# $STACK_DIR.
# STACK_INFRA=compose takes Kafka, ClickHouse and S3 from infra/compose.yaml (Docker) instead.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STACK_DIR=${STACK_DIR:-$ROOT/.cache/stack}
export RTCSTATS_JWT_SECRET=${RTCSTATS_JWT_SECRET:-local-stack-secret}
export CONSOLE_JWT_SECRET=${CONSOLE_JWT_SECRET:-local-stack-console-secret-of-32-bytes}
mkdir -p "$STACK_DIR"/{kafka,s3,chdb,logs,pids}

for pidfile in "$STACK_DIR"/pids/*.pid; do
  [ -e "$pidfile" ] || continue
  if kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "the stack is already running ($(basename "$pidfile" .pid) has pid $(cat "$pidfile")); run infra/scripts/stack-down.sh first" >&2
    exit 1
  fi
done

"$ROOT/infra/scripts/fetch-chdb.sh"
GEOIP_DATABASE=$("$ROOT/infra/scripts/fetch-geoip.sh")
. "$ROOT/infra/scripts/java25.sh"
echo "building ..."
(cd "$ROOT" && mvn -B -q --no-transfer-progress package -DskipTests)

INFRA_CP="$ROOT/test-support/target/classes:$(cat "$ROOT/test-support/target/classpath.txt")"
service_jar() { echo "$ROOT/$1/target/$1-app.jar"; } # a service's runnable jar; its dependencies are in target/lib
start() { # name, then the command
  local name=$1; shift
  nohup "$@" > "$STACK_DIR/logs/$name.log" 2>&1 &
  echo $! > "$STACK_DIR/pids/$name.pid"
}
wait_for() { # name, url
  for _ in $(seq 1 300); do
    curl -s -o /dev/null "$2" && return 0
    kill -0 "$(cat "$STACK_DIR/pids/$1.pid")" 2>/dev/null || { echo "$1 died; see $STACK_DIR/logs/$1.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "$1 did not answer at $2; see $STACK_DIR/logs/$1.log" >&2
  exit 1
}

if [ "${STACK_INFRA:-local}" = compose ]; then
  docker compose -f "$ROOT/infra/compose.yaml" up -d
  for _ in $(seq 1 300); do curl -s -o /dev/null http://127.0.0.1:8123/ping && break; sleep 1; done
  CLICKHOUSE_URL="jdbc:clickhouse://127.0.0.1:8123/default"
  export SINK_CLICKHOUSE_USER=default SINK_CLICKHOUSE_PASSWORD=clickhouse
  export CONSOLE_CLICKHOUSE_USER=default CONSOLE_CLICKHOUSE_PASSWORD=clickhouse
else
cat > "$STACK_DIR/kafka/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:9093
listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093
advertised.listeners=PLAINTEXT://127.0.0.1:9092
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$STACK_DIR/kafka/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
if [ ! -f "$STACK_DIR/kafka/data/meta.properties" ]; then
  java -cp "$INFRA_CP" kafka.tools.StorageTool format -t "$(java -cp "$INFRA_CP" kafka.tools.StorageTool random-uuid)" \
    -c "$STACK_DIR/kafka/server.properties" > "$STACK_DIR/logs/kafka-format.log"
fi
start kafka java -Xmx512m -cp "$INFRA_CP" kafka.Kafka "$STACK_DIR/kafka/server.properties"

cat > "$STACK_DIR/s3/s3proxy.conf" <<PROPS
s3proxy.endpoint=http://127.0.0.1:9000
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=minioadmin
s3proxy.credential=minioadmin
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$STACK_DIR/s3/data
PROPS
mkdir -p "$STACK_DIR/s3/data"
start s3 java -Xmx256m -cp "$INFRA_CP" org.gaul.s3proxy.Main --properties "$STACK_DIR/s3/s3proxy.conf"

start clickhouse java --enable-native-access=ALL-UNNAMED -Xmx768m -cp "$INFRA_CP" \
  dev.rtcstats.pipeline.testsupport.ClickHouseServerMain "$ROOT/.cache/chdb/libchdb.so" "$STACK_DIR/chdb/data" 8123

wait_for s3 http://127.0.0.1:9000/
wait_for clickhouse http://127.0.0.1:8123/ping
for _ in $(seq 1 300); do grep -q "Kafka Server started" "$STACK_DIR/logs/kafka.log" && break; sleep 0.2; done
CLICKHOUSE_URL="jdbc:clickhouse://127.0.0.1:8123/default?compress=false"
fi
java -cp "$INFRA_CP" dev.rtcstats.pipeline.testsupport.CreateTopics 127.0.0.1:9092 "$ROOT/infra/kafka/topics.txt"

export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092
export SINK_S3_ENDPOINT=http://127.0.0.1:9000 SINK_S3_ACCESS_KEY=minioadmin SINK_S3_SECRET_KEY=minioadmin SINK_S3_BUCKET=rtcstats
export SINK_CLICKHOUSE_URL="$CLICKHOUSE_URL" SINK_HTTP_PORT=8082
export RTCSTATS_GEOIP_DATABASE=${RTCSTATS_GEOIP_DATABASE:-$GEOIP_DATABASE}
# The Parquet lake is on here, rolling every minute, so the README's s3() queries answer soon after a call ends.
export SINK_LAKE_ENABLED=${SINK_LAKE_ENABLED:-true} SINK_LAKE_ROLL_INTERVAL=${SINK_LAKE_ROLL_INTERVAL:-1m}
export SINK_LAKE_SPOOL_DIR="$STACK_DIR/lake-spool"
export ENRICHER_STATE_DIR="$STACK_DIR/enricher-state" ENRICHER_HTTP_PORT=8081 ENRICHER_INACTIVITY_TIMEOUT=${ENRICHER_INACTIVITY_TIMEOUT:-2m}
export GATEWAY_PORT=8080 GATEWAY_UPLOAD_PATH=/upload
export CONSOLE_PORT=8083 CONSOLE_BIND_ADDRESS=127.0.0.1 CONSOLE_CLICKHOUSE_URL="$CLICKHOUSE_URL"
export CONSOLE_S3_ENDPOINT=http://127.0.0.1:9000 CONSOLE_S3_ACCESS_KEY=minioadmin CONSOLE_S3_SECRET_KEY=minioadmin CONSOLE_S3_BUCKET=rtcstats
start sink java -Xmx512m -jar "$(service_jar sink)"
start enricher java -Xmx512m -jar "$(service_jar enricher)"
start gateway java -Xmx512m -jar "$(service_jar gateway)"
start console java -Xmx256m -jar "$(service_jar console)"
wait_for sink http://127.0.0.1:8082/healthcheck
wait_for enricher http://127.0.0.1:8081/healthcheck
wait_for gateway http://127.0.0.1:8080/healthcheck
wait_for console http://127.0.0.1:8083/healthcheck

TOKEN=$(java -cp "$(service_jar gateway)" dev.rtcstats.pipeline.gateway.GenerateToken --secret "$RTCSTATS_JWT_SECRET" \
  --user demo-user --session demo-session --conference room_meeting-42 --url ws://127.0.0.1:8080/demo)
# An analyst of the data sent without a tenant claim (the demo token has none), for 8 hours.
ANALYST_TOKEN=$(java -cp "$(service_jar console)" dev.rtcstats.pipeline.console.auth.MintAnalystToken \
  --secret "$CONSOLE_JWT_SECRET" --tenant "" --subject local-analyst --lifetime 28800)
cat <<INFO

rtcstats-pipeline is up (state and logs in $STACK_DIR).
  WebSocket   $TOKEN
  token       java -cp gateway/target/gateway-app.jar dev.rtcstats.pipeline.gateway.GenerateToken --secret $RTCSTATS_JWT_SECRET --user U --session S --conference C
  console     http://127.0.0.1:8083/#token=$ANALYST_TOKEN
              (tenant ""; for tenant T: java -cp console/target/console-app.jar dev.rtcstats.pipeline.console.auth.MintAnalystToken --secret $CONSOLE_JWT_SECRET --tenant T)
  try it      infra/scripts/browser-call.sh   (a real Chromium call through the stack; prints its console link)
  metrics     http://127.0.0.1:8080/metrics  (gateway)  :8081/metrics (enricher)  :8082/metrics (sink)  :8083/metrics (console)
  ClickHouse  curl 'http://127.0.0.1:8123/' --data-binary "SELECT session_start, session_end, rtcstats_user, rtcstats_conference, rtcstats_session, blob_url FROM \"rtcstats-server\" WHERE rtcstats_conference = 'room_meeting-42' ORDER BY session_start DESC"
  S3          http://127.0.0.1:9000, bucket rtcstats, key/secret minioadmin/minioadmin
  stop        infra/scripts/stack-down.sh
INFO
