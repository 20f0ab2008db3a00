#!/bin/bash
# The results benchmark on PostgreSQL: starts a throwaway cluster (tests/pg/pg_cluster.sh, from
# Debian's postgresql package), generates N responses (default 1,000,000) into it, runs
# bench/results_bench twice (the second run is the one to read: the first warms the server's
# cache) and removes the cluster. Needs the postgresql package; scripts/bench runs it when
# OTOS_BENCH_PG=1. Usage: bench/run_results_pg.sh [N] [SURVEY.yaml] [BUILD_DIR]
set -euo pipefail
N=${1:-1000000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
YAML=${2:-$ROOT/surveys/kohderyhmakysely_2026.yaml}
BUILD=${3:-$ROOT/build}
CLUSTER=$(mktemp -d "${TMPDIR:-/tmp}/otos-bench-pg.XXXXXX")
trap '"$ROOT"/tests/pg/pg_cluster.sh stop "$CLUSTER" >/dev/null 2>&1 || true' EXIT
cmake --build "$BUILD" --target gen_responses results_bench >/dev/null
"$ROOT"/tests/pg/pg_cluster.sh start "$CLUSTER" >/dev/null
URL=$(cat "$CLUSTER/url")
SURVEY=$(sed -n 's/^id: *\([A-Za-z0-9_-]*\).*/\1/p' "$YAML" | head -n 1)
"$BUILD"/bench/gen_responses "$YAML" "$URL" "$N" >/dev/null
"$BUILD"/bench/results_bench "$URL" "$SURVEY" >/dev/null
# "PG " before each measure, taken from its padding so that the columns stay where they were.
"$BUILD"/bench/results_bench "$URL" "$SURVEY" |
  sed -E 's/^(results, all tables|results --by \(all tables\)|results peak RSS|CSV export size|CSV export)   /PG \1/'
