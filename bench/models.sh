#!/usr/bin/env bash
# run-models benchmarks in one JVM: parse + compile of a generated 1,000-model project, then the sample
# project end to end next to its compiled SQL run directly in one DuckDB session.
set -euo pipefail
usage() {
  cat >&2 <<'USAGE'
usage: bench/models.sh [SALES]      (default 10000000; BENCH_RUNS=5 rounds)
  Builds the plugin, then in one JVM:
  1. writes a 1,000-model dbt-style project to bench/target/models-project and times ProjectLoader.load,
     ModelCompiler.parse of every model, ModelGraph.build and ModelCompiler.compile of every model:
     the first pass in the fresh JVM (cold) and BENCH_RUNS more (warm). If a dbt executable is found
     (BENCH_DBT, default bench/target/dbt-venv/bin/dbt), also times 'dbt parse' and 'dbt compile' on
     it, BENCH_RUNS times each. Make that venv with:
       python3 -m venv bench/target/dbt-venv &&
       bench/target/dbt-venv/bin/pip install dbt-core==1.11.4 dbt-duckdb==1.11.1 duckdb==1.5.5
  2. generates SALES sales and loads them into a DuckLake (not timed), then per round, each on a fresh
     copy of that lake: RunModelsTask.run (ModelRunner and the artifact writing) of testbed-project (7 models), and the same compiled SQL run
     directly (CREATE OR REPLACE VIEW/TABLE ... AS ..., one transaction each) in one DuckDB session,
     and (diagnostic) the same statements on two connections in parallel, as the engine schedules them.
  Prints best and median seconds and the engine's overhead; saves bench/target/models-<SALES>.txt.
  Scratch data (about 30 bytes per sale) goes to bench/target/models-work and is deleted at the end;
  BENCH_VERBOSE=1 shows the engine's own log.
USAGE
}
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { usage; exit 0; }
SALES="${1:-10000000}"
[[ "$SALES" =~ ^[1-9][0-9]*$ && $# -le 1 ]] || { usage; exit 2; }
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DBT="${BENCH_DBT:-$BENCH/target/dbt-venv/bin/dbt}"
[[ -x "$DBT" ]] || { echo "bench: no dbt at $DBT; measuring the engine only" >&2; DBT=""; }
CP="$("$BENCH/build.sh")"
java -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -Dslf4j.internal.verbosity=WARN -cp "$CP" \
  dev.testbed.bench.ModelsBenchmark "$SALES" "${BENCH_RUNS:-5}" "$BENCH/target/models-work" "$BENCH/target/models-project" \
  "$(dirname "$BENCH")/testbed-project" ${DBT:+"$DBT"} | tee "$BENCH/target/models-$SALES.txt"
