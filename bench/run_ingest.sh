#!/bin/sh
# Ingest benchmark: 8 keep-alive clients post valid responses for 10 s to a fresh `otos serve`
# (build/otos, a scratch SQLite file) and the table compares the figures with the bars.
# Builds nothing. Usage: bench/run_ingest.sh [BUILD_DIR] [ingest_bench options...]
#   e.g. bench/run_ingest.sh build --seconds 30 --survey kohderyhmakysely
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
[ $# -gt 0 ] && shift
for f in "$BUILD/otos" "$BUILD/bench/ingest_bench"; do
  [ -x "$f" ] || { echo "run_ingest.sh: $f is missing: build first" >&2; exit 1; }
done
exec "$BUILD/bench/ingest_bench" --otos "$BUILD/otos" --surveys "$ROOT/surveys" "$@"
