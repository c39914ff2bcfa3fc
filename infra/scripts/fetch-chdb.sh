#!/usr/bin/env bash
# Puts libchdb.so (the ClickHouse 26.7 engine as a library, from npm) in .cache/chdb/ unless it is there already.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PACKAGE=@chdb/lib-linux-x64-gnu@26.7.3-stable.1
TARGET="$ROOT/.cache/chdb/libchdb.so"
[ -f "$TARGET" ] && exit 0
command -v npm >/dev/null || { echo "npm is needed to fetch $PACKAGE (apt-get install npm)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "fetching $PACKAGE (about 180 MB) ..."
(cd "$WORK" && npm pack --silent "$PACKAGE" >/dev/null && tar xzf chdb-lib-linux-x64-gnu-*.tgz package/libchdb.so)
mkdir -p "$(dirname "$TARGET")"
mv "$WORK/package/libchdb.so" "$TARGET"
echo "libchdb.so ready at $TARGET"
