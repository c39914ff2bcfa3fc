#!/usr/bin/env bash
# Puts the npm packages the end-to-end tests load into a browser in .cache/npm/<name>-<version>/ unless they are
# there already. Their code is fetched at test time and never committed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PACKAGES=(rtcstats@5.2.0)
for spec in "${PACKAGES[@]}"; do
  name=${spec%@*}
  version=${spec##*@}
  target="$ROOT/.cache/npm/$name-$version"
  [ -f "$target/package.json" ] && continue
  command -v npm >/dev/null || { echo "npm is needed to fetch $spec (apt-get install npm)" >&2; exit 1; }
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "$spec" >/dev/null && mkdir unpacked && tar xzf ./*.tgz -C unpacked)
  mkdir -p "$(dirname "$target")"
  rm -rf "$target"
  mv "$work/unpacked/package" "$target"
  rm -rf "$work"
  echo "$spec ready at $target"
done
