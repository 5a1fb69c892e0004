#!/usr/bin/env bash
# testbed:diff at scale: the sample project built, one raw sale changed, built again, then the diff of the two builds
# timed next to run-models (issue 17: at 10 M sales the diff takes no longer than building the tables).
set -euo pipefail
usage() {
  cat >&2 <<'USAGE'
usage: bench/diff.sh [SALES]      (default 10000000; BENCH_RUNS=3 diff rounds)
  Builds the plugin (bench/build.sh; BENCH_REPO_LOCAL=DIR keeps ~/.m2 untouched), then in one JVM
  (bench/src/.../DiffBenchmark.java): generates SALES sales and loads them into a DuckLake under bench/target/diff-work
  (not timed); runs the sample project's models (run-models, timed); raises the amount of raw sale 17 by 1; runs the
  models again (timed); times the diff of the two builds (LakeDiffer, what testbed:diff runs) BENCH_RUNS times and
  prints the median next to the second run-models, the diff itself, and whether it names exactly the four models the
  sale reaches. Saves bench/target/diff-<SALES>.txt. Needs about 30 bytes of disk per sale; deleted at the end.
USAGE
}
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { usage; exit 0; }
SALES="${1:-10000000}"
[[ "$SALES" =~ ^[1-9][0-9]*$ && $# -le 1 ]] || { usage; exit 2; }
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CP="$("$BENCH/build.sh")"
echo "bench: load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -Dslf4j.internal.verbosity=WARN -cp "$CP" \
  dev.testbed.bench.DiffBenchmark "$SALES" "${BENCH_RUNS:-3}" "$BENCH/target/diff-work" "$(dirname "$BENCH")/testbed-project" \
  | tee "$BENCH/target/diff-$SALES.txt"
echo "bench: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$BENCH/target/diff-$SALES.txt"
rm -rf "$BENCH/target/diff-work"
