#!/usr/bin/env bash
# Puts the console's chart library (uPlot, from the npm registry) into .cache/npm/ unless it is there already, then
# copies the files the page loads into OUTPUT_DIR. The console's Maven build calls it with its own target directory,
# so the jar carries the library and the page needs no CDN; nothing fetched is ever committed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:?usage: fetch-console-assets.sh OUTPUT_DIR}
NAME=uplot
VERSION=1.6.32
# The registry's dist.integrity for this version; npm also checks the tarball against it.
INTEGRITY=sha512-KIMVnG68zvu5XXUbC4LQEPnhwOxBuLyW1AHtpm6IKTXImkbLgkMy+jabjLgSLMasNuGGzQm/ep3tOkyTxpiQIw==
target="$ROOT/.cache/npm/$NAME-$VERSION"
if [ ! -f "$target/package.json" ]; then
  command -v npm >/dev/null || { echo "npm is needed to fetch $NAME@$VERSION for the console (apt-get install npm)" >&2; exit 1; }
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent --json "$NAME@$VERSION" > pack.json)
  got=$(sed -n 's/.*"integrity": *"\([^"]*\)".*/\1/p' "$work/pack.json" | head -1)
  if [ "$got" != "$INTEGRITY" ]; then
    echo "$NAME@$VERSION from the registry has integrity '$got', expected '$INTEGRITY'" >&2
    exit 1
  fi
  mkdir "$work/unpacked"
  tar xzf "$work"/*.tgz -C "$work/unpacked"
  mkdir -p "$(dirname "$target")"
  rm -rf "$target"
  mv "$work/unpacked/package" "$target"
  echo "$NAME@$VERSION ready at $target"
fi
mkdir -p "$OUT"
cp "$target/dist/uPlot.iife.min.js" "$target/dist/uPlot.min.css" "$OUT/"
cp "$target/LICENSE" "$OUT/uPlot.LICENSE"
