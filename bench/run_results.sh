#!/bin/sh
# Results benchmark: generates N responses (default 1,000,000) for a bundled questionnaire into a
# scratch SQLite file once, then times every table, --by, and the CSV export (bench/results_bench).
# Usage: bench/run_results.sh [N] [SURVEY.yaml] [BUILD_DIR]
set -eu
N=${1:-1000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
YAML=${2:-$(ls "$ROOT"/surveys/*.yaml | head -n 1)}
BUILD=${3:-$ROOT/build}
DB=${TMPDIR:-/tmp}/otos-bench-results-$N.db
cmake --build "$BUILD" --target gen_responses results_bench >/dev/null
SURVEY=$(sed -n 's/^id: *\([A-Za-z0-9_-]*\).*/\1/p' "$YAML" | head -n 1)
if [ ! -f "$DB" ]; then
  "$BUILD"/bench/gen_responses "$YAML" "$DB" "$N"
fi
"$BUILD"/bench/results_bench "$DB" "$SURVEY"
