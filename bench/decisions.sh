#!/usr/bin/env bash
# The build engine's up-to-date check (LakeBuildDecisions) on the sample project: what it costs once nothing changed.
set -euo pipefail
usage() {
  cat >&2 <<'USAGE'
usage: bench/decisions.sh [SALES]      (default 100000; BENCH_RUNS=10 rounds)
  Builds the plugin jar (without installing it), generates SALES sales, loads them, builds the sample project's
  models and runs its data tests once, recording the run history (not timed); then per round: opens the lake
  read-only, loads the project and collects its tests, reads LakeBuildDecisions and asks every model, seed and
  test, checking that each is up to date. Prints best and median milliseconds per part; saves
  bench/target/decisions-<SALES>.txt. Scratch data goes to bench/target/decisions-work, deleted at the end.
USAGE
}
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { usage; exit 0; }
SALES="${1:-100000}"
[[ "$SALES" =~ ^[1-9][0-9]*$ && $# -le 1 ]] || { usage; exit 2; }
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CP="$(BENCH_GOAL=package "$BENCH/build.sh")"
java -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -Dslf4j.internal.verbosity=WARN -cp "$CP" \
  dev.testbed.bench.DecisionsBenchmark "$SALES" "${BENCH_RUNS:-10}" "$BENCH/target/decisions-work" "$(dirname "$BENCH")/testbed-project" \
  | tee "$BENCH/target/decisions-$SALES.txt"
