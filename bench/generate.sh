#!/usr/bin/env bash
# generate-data table by table next to a bare-DuckDB reference that writes the same four tables with plain SQL.
set -euo pipefail
usage() {
  cat >&2 <<'USAGE'
usage: bench/generate.sh [SALES]      (default 10000000; BENCH_RUNS=5 rounds)
  Builds the plugin jar (not installed anywhere), then in one JVM, per round and in alternating order:
  the bare-DuckDB reference bench/reference/generate.sql (customers with SCD2 versions, stores,
  products and SALES sales of generate-data's shapes and sizes, plain SQL, one COPY per table, one
  session) and generate-data for SALES sales (all four tables, forced). Prints each table's seconds
  (the reference's COPY; generate-data's time until the table was complete and its seconds of writing),
  the totals from connect to close, and the ratio generate-data / reference round by round.
  Scratch data goes to bench/target/generate-work and is deleted at the end; the report is saved as
  bench/target/generate-<SALES>.txt.
USAGE
}
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { usage; exit 0; }
SALES="${1:-10000000}"
[[ "$SALES" =~ ^[1-9][0-9]*$ && $# -le 1 ]] || { usage; exit 2; }
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CP="$(BENCH_GOAL=package "$BENCH/build.sh")"
java -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -Dslf4j.internal.verbosity=WARN -cp "$CP" \
  dev.testbed.bench.GenerateBenchmark "$SALES" "${BENCH_RUNS:-5}" "$BENCH/target/generate-work" "$BENCH/reference/generate.sql" \
  | tee "$BENCH/target/generate-$SALES.txt"
