#!/usr/bin/env bash
# Sends one real browser session through the local stack: headless Chromium with a fake camera and microphone holds a
# loopback call between two peer connections, instrumented by the rtcstats npm client (5.x, fetched by
# infra/scripts/fetch-test-deps.sh), and streams it to the gateway. Start the stack first (infra/scripts/stack-up.sh).
#
#   infra/scripts/browser-call.sh [conference] [seconds]     defaults: browser-call-<time>, 20
#
# Prints the console link of the conference; its row, dump and time series land a few seconds after the call ends.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CONFERENCE=${1:-browser-call-$(date -u +%Y%m%dT%H%M%S)}
SECONDS_OF_CALL=${2:-20}
CALL_PORT=${CALL_PORT:-8084}
RTCSTATS_JWT_SECRET=${RTCSTATS_JWT_SECRET:-local-stack-secret}
CONSOLE_JWT_SECRET=${CONSOLE_JWT_SECRET:-local-stack-console-secret-of-32-bytes}
CLIENT="$ROOT/.cache/npm/rtcstats-5.2.0"
PAGE="$ROOT/e2e/src/test/resources/call.html"

[[ $CONFERENCE =~ ^[A-Za-z0-9._-]{1,100}$ ]] || { echo "conference: 1-100 letters, digits, '.', '_' or '-'" >&2; exit 2; }
[[ $SECONDS_OF_CALL =~ ^[0-9]+$ ]] && ((SECONDS_OF_CALL >= 1 && SECONDS_OF_CALL <= 600)) \
  || { echo "seconds: 1-600" >&2; exit 2; }
command -v chromium >/dev/null || { echo "chromium is missing (apt-get install chromium)" >&2; exit 1; }
curl -sf -o /dev/null http://127.0.0.1:8080/ready || { echo "no ready gateway on :8080; run infra/scripts/stack-up.sh" >&2; exit 1; }
[ -f "$CLIENT/trace-ws.js" ] || "$ROOT/infra/scripts/fetch-test-deps.sh"
. "$ROOT/infra/scripts/java25.sh"

WORK=$(mktemp -d)
cleanup() {
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

WS_URL=$(java -cp "$ROOT/gateway/target/gateway-app.jar" dev.rtcstats.pipeline.gateway.GenerateToken \
  --secret "$RTCSTATS_JWT_SECRET" --user "browser-user" --session "$CONFERENCE-session" --conference "$CONFERENCE" \
  --url ws://127.0.0.1:8080/browser-call)
mkdir -p "$WORK/site/rtcstats"
cp "$CLIENT/trace-ws.js" "$CLIENT/rtcstats.js" "$WORK/site/rtcstats/"
sed -e "s|/\*WS_URL\*/''|'${WS_URL//&/\\&}'|" -e "s|/\*CALL_MILLIS\*/0|$((SECONDS_OF_CALL * 1000))|" "$PAGE" > "$WORK/site/call.html"

jwebserver -b 127.0.0.1 -p "$CALL_PORT" -d "$WORK/site" -o none > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$CALL_PORT/call.html" && break; sleep 0.2; done

echo "calling for $SECONDS_OF_CALL s (conference $CONFERENCE) ..."
# The page ends the call and closes its rtcStats socket itself; Chromium is stopped a few seconds later.
timeout $((SECONDS_OF_CALL + 15)) chromium --headless --no-sandbox --disable-gpu --no-first-run \
  --use-fake-ui-for-media-stream --use-fake-device-for-media-stream --user-data-dir="$WORK/profile" \
  "http://127.0.0.1:$CALL_PORT/call.html" > "$WORK/chromium.log" 2>&1 || true

ANALYST_TOKEN=$(java -cp "$ROOT/console/target/console-app.jar" dev.rtcstats.pipeline.console.auth.MintAnalystToken \
  --secret "$CONSOLE_JWT_SECRET" --tenant "" --subject local-analyst --lifetime 28800)
cat <<INFO
done. Look it up:
  console     http://127.0.0.1:8083/#token=$ANALYST_TOKEN   then search for conference $CONFERENCE
  ClickHouse  curl 'http://127.0.0.1:8123/' --data-binary "SELECT connection_id, message_count, close_code, closed_by, blob_url FROM sessions FINAL WHERE conference = '$CONFERENCE'"
INFO
