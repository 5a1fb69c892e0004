#!/usr/bin/env bash
# verify-metrics benchmark: the sample project's data tests through the engine next to the same compiled
# queries run directly in one DuckDB session, in the same JVM and run.
set -euo pipefail
usage() {
  cat >&2 <<'USAGE'
usage: bench/tests.sh [SALES]      (default 10000000; BENCH_RUNS=5 rounds)
  Builds the plugin, generates SALES sales, loads them and builds the sample project's models (not timed),
  then per round, alternating which side goes first: VerifyMetricsTask.run (DataTestRunner and the JUnit and artifact writing) of testbed-project's data tests,
  and the same compiled test queries one after another in one plain DuckDB session (connect, LOAD, ATTACH,
  count each test's failing rows, close). Checks both counted the same failing rows for every test.
  Prints best and median seconds; saves bench/target/tests-<SALES>.txt. Scratch data (about 30 bytes
  per sale) goes to bench/target/tests-work and is deleted at the end.
USAGE
}
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { usage; exit 0; }
SALES="${1:-10000000}"
[[ "$SALES" =~ ^[1-9][0-9]*$ && $# -le 1 ]] || { usage; exit 2; }
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CP="$("$BENCH/build.sh")"
java -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -Dslf4j.internal.verbosity=WARN -cp "$CP" \
  dev.testbed.bench.TestsBenchmark "$SALES" "${BENCH_RUNS:-5}" "$BENCH/target/tests-work" "$(dirname "$BENCH")/testbed-project" \
  | tee "$BENCH/target/tests-$SALES.txt"
