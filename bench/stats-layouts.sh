#!/usr/bin/env bash
# Compares the two stats_timeseries layouts on a running ClickHouse (the chDB front of the local stack, or a server
# on this machine): one row per value (004) and one row per report with a Map of values (010). Prints bytes on disk
# per sample, the server's CPU per sample to insert the same 1 M samples as 22 RowBinary inserts in the sink's
# order, and wall time, server CPU and rows read of the documented example queries on a day of synthetic calls.
# usage: bench/stats-layouts.sh http://127.0.0.1:8123 <server pid>        (docs/benchmarks.md, section 6)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
URL=${1:?ClickHouse HTTP URL}
PID=${2:?pid of the ClickHouse server process (CPU from /proc)}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

q() { curl -sS --fail-with-body "$URL/?database=${DB:-default}" --data-binary "$1"; }
cpu_ms() { awk '{print ($14 + $15) * 10}' "/proc/$PID/stat"; }
now_ms() { date +%s%3N; }
events() { q "SELECT event, value FROM system.events WHERE event IN ('InsertedRows', 'MergedRows',
  'MergeTotalMilliseconds', 'MergeTreeDataWriterSortingBlocksMicroseconds', 'OSCPUVirtualTimeMicroseconds',
  'SelectedRows', 'SelectedBytes') ORDER BY event FORMAT TSV"; }
statements() { awk 'BEGIN { RS = ";\n" } { gsub(/--[^\n]*\n/, ""); if ($0 ~ /SELECT/) printf "%s%c", $0, 0 }' "$1"; }
table() { [ "$1" = rows ] && echo stats_timeseries || echo stats_reports; }
# The CREATE TABLE of a migration file, without the rest of it.
create_table() { sed -n '/^CREATE TABLE/,/^TTL/p' "$1" | sed 's/;$//'; }

ROWS_DDL=$(create_table "$ROOT/infra/clickhouse/004_stats_timeseries.sql")
REPORTS_DDL=$(create_table "$ROOT/infra/clickhouse/010_stats_reports.sql")
TO_REPORTS="INSERT INTO stats_reports SELECT tenant, conference, session, connection_id, session_start,
  peer_connection, type, report_id, ts, mapFromArrays(groupArray(metric), groupArray(value)), max(version)
  FROM bench_rows.stats_timeseries GROUP BY tenant, conference, session, connection_id, session_start,
  peer_connection, type, report_id, ts"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"

# 1. A day of calls in both layouts, merged into one part each.
q "DROP DATABASE IF EXISTS bench_rows"; q "DROP DATABASE IF EXISTS bench_reports"
q "CREATE DATABASE bench_rows"; q "CREATE DATABASE bench_reports"
DB=bench_rows q "$ROWS_DDL"; DB=bench_reports q "$REPORTS_DDL"
c0=$(cpu_ms); t0=$(now_ms)
DB=bench_rows q "$(cat "$ROOT/bench/sql/stats-day.sql")"
echo "generated the day: $(DB=bench_rows q "SELECT count() FROM stats_timeseries") samples, $(( $(now_ms) - t0 )) ms, server CPU $(( $(cpu_ms) - c0 )) ms"
DB=bench_reports q "$TO_REPORTS"
q "OPTIMIZE TABLE bench_rows.stats_timeseries FINAL"; q "OPTIMIZE TABLE bench_reports.stats_reports FINAL"
q "SELECT database, sum(rows) AS rows, (SELECT count() FROM bench_rows.stats_timeseries) AS samples,
     sum(bytes_on_disk) AS bytes_on_disk, round(bytes_on_disk / samples, 2) AS bytes_per_sample
   FROM system.parts WHERE active AND database IN ('bench_rows', 'bench_reports') GROUP BY database
   ORDER BY database DESC FORMAT PrettyCompactMonoBlock"

# 2. Insert CPU per sample: the same 44 connections (1,003,200 samples) as 22 RowBinary inserts, in the order the
#    sink writes them (poll by poll), into fresh tables; the server's CPU includes 20 s of merges after them.
for layout in rows reports; do
  for k in $(seq 0 21); do
    ids="toString(reinterpretAsUUID(MD5('c$((2 * k))'))), toString(reinterpretAsUUID(MD5('c$((2 * k + 1))')))"
    order=$([ $layout = rows ] && echo "connection_id, ts, report_id, metric" || echo "connection_id, ts, report_id")
    q "SELECT * FROM bench_$layout.$(table $layout) WHERE connection_id IN ($ids) ORDER BY $order
       INTO OUTFILE '$WORK/$layout-$k.bin' FORMAT RowBinary"
  done
done
for round in 1 2; do
  for layout in rows reports; do
    db=bench_insert_$layout
    q "DROP DATABASE IF EXISTS $db"; q "CREATE DATABASE $db"
    DB=$db q "$([ $layout = rows ] && echo "$ROWS_DDL" || echo "$REPORTS_DDL")"
    events > "$WORK/ev0"; c0=$(cpu_ms); t0=$(now_ms)
    for k in $(seq 0 21); do
      curl -sS --fail-with-body --data-binary "@$WORK/$layout-$k.bin" \
        "$URL/?database=$db&query=INSERT%20INTO%20$(table $layout)%20FORMAT%20RowBinary"
    done
    wall=$(( $(now_ms) - t0 )); sleep 20; used=$(( $(cpu_ms) - c0 )); events > "$WORK/ev1"
    bytes=$(cat "$WORK/$layout"-*.bin | wc -c)
    echo "insert round $round, $layout: 1003200 samples, $bytes bytes RowBinary, $wall ms wall," \
      "server CPU $used ms = $(awk -v u="$used" 'BEGIN { printf "%.2f", u * 1000 / 1003200 }') us per sample" \
      "(load $(cut -d' ' -f1 /proc/loadavg))"
    join "$WORK/ev0" "$WORK/ev1" | awk '$1 !~ /Selected/ { printf "    %s %d\n", $1, $3 - $2 }'
  done
done

# 3. The documented example queries, 5 runs each after a warm-up, alternating the layouts.
connection=$(q "SELECT toString(reinterpretAsUUID(MD5('c170')))")
for round in 1 2; do
  for i in 0 1 2 3 4; do
    for layout in rows reports; do
      readarray -d '' queries < <(statements "$ROOT/bench/sql/queries-$layout.sql")
      sql=${queries[$i]//\{connection\}/$connection}
      DB=bench_$layout q "$sql FORMAT Null"
      events > "$WORK/ev0"; c0=$(cpu_ms); t0=$(now_ms)
      for _ in 1 2 3 4 5; do DB=bench_$layout q "$sql FORMAT Null"; done
      wall=$(( ($(now_ms) - t0) / 5 )); used=$(( ($(cpu_ms) - c0) / 5 )); events > "$WORK/ev1"
      read -r rows bytes < <(join "$WORK/ev0" "$WORK/ev1" | awk '/SelectedRows/ { r = $3 - $2 } /SelectedBytes/ { b = $3 - $2 } END { print r / 5, b / 5 }')
      echo "example $((i + 1)), $layout: $wall ms wall, server CPU $used ms, $rows rows, $bytes bytes read per query"
    done
  done
done
q "DROP DATABASE bench_insert_rows"; q "DROP DATABASE bench_insert_reports"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg); the day stays in bench_rows and bench_reports (drop them at will)"
