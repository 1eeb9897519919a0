#!/usr/bin/env bash
# The dashboard's end-to-end tests in Debian's Chromium (playwright-core and axe-core from the
# npm registry, installed here from package-lock.json), against real brokers and dashboards
# of the build dir given (default: build). One file at a time: each starts its own
# three-province federation on the ports of deploy/<node>.toml.
# Usage: tests/browser/run.sh [BUILD_DIR] [TEST FILE...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-build}"
shift || true
files=()
for file in "$@"; do files+=("$(realpath "$file")"); done
cd "$here"
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
export ALERTBUS_BUILD="$root/$build"
[ ${#files[@]} -gt 0 ] || files=("$here"/*.test.mjs)
exec node --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
