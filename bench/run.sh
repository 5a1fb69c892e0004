#!/usr/bin/env bash
# Throughput of generate-data and load-ducklake next to plain DuckDB doing the same work, one JVM.
set -euo pipefail
usage() {
  cat >&2 <<'USAGE'
usage: bench/run.sh [SALES]      (default 10000000; BENCH_RUNS=3 rounds; BENCH_ROWS_PER_FILE, default 10000000)
  Builds the plugin, then in one JVM, per round: DuckDB COPY of SALES random raw_sales-shaped rows
  to Parquet; generate-data for SALES sales (all four tables); DuckDB CREATE TABLE AS of our
  sales file(s) into a fresh DuckLake; load-ducklake of all four tables into a fresh DuckLake in modes
  auto, insert and link. With BENCH_ROWS_PER_FILE below SALES the generator splits sales by month, and
  the loader can register each month file in raw_sales' month partition instead of inserting.
  Prints rows, seconds, rows/s (best and median) and the ratio to the DuckDB baseline.
  Scratch data goes to bench/target/work and is deleted at the end; BENCH_VERBOSE=1 shows the
  engine's own per-table log.
  BENCH_FILE_SPLIT=1 measures instead how the generator's sales are best written as several files:
  one COPY to one file; one COPY per month one after another; one COPY per month on as many connections
  as threads (what generate-data does) and on one more; one COPY with DuckDB's ROW_GROUPS_PER_FILE,
  PER_THREAD_OUTPUT or PARTITION_BY (year, month). Saves bench/target/file-split-<SALES>.txt.
USAGE
}
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { usage; exit 0; }
SALES="${1:-10000000}"
[[ "$SALES" =~ ^[1-9][0-9]*$ && $# -le 1 ]] || { usage; exit 2; }
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CP="$("$BENCH/build.sh")"
if [[ "${BENCH_FILE_SPLIT:-0}" == 1 ]]; then
  MAIN=dev.testbed.generate.FileSplitBenchmark; REPORT="$BENCH/target/file-split-$SALES.txt"
else
  MAIN=dev.testbed.bench.FoundationBenchmark; REPORT="$BENCH/target/run-$SALES.txt"
fi
java -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -Dslf4j.internal.verbosity=WARN -cp "$CP" "$MAIN" "$SALES" "${BENCH_RUNS:-3}" "$BENCH/target/work" \
  | tee "$REPORT"
