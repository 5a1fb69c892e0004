#!/usr/bin/env bash
# What the sample project's drift tests cost: verify-metrics with them against the same run without them
# (-Dtestbed.exclude=tag:drift), on one lake, rounds interleaved, plus the drift tests' own times.
set -euo pipefail
if [[ "${1:-}" == -h || "${1:-}" == --help || ! "${1:-100}${2:-5}" =~ ^[0-9]+$ ]]; then
  cat >&2 <<'USAGE'
usage: bench/drift-tests.sh [SCALE] [ROUNDS]      (default scale 100 = 10 M sales, 5 rounds)
  Installs the plugin, builds testbed-project once at -Dtestbed.scale=SCALE (mvn verify, not timed: its drift tests
  have no previous version), then per round, the order alternating:
    D  ./mvnw -o testbed:verify-metrics -Dtestbed.force                            (every test, drift tests comparing
                                                                                     with the build's published version)
    N  ./mvnw -o testbed:verify-metrics -Dtestbed.force -Dtestbed.exclude=tag:drift (without the 4 drift tests)
  each timed whole with /usr/bin/time (wall, user+sys CPU). Prints the medians, D/N, and the median of the drift
  tests' summed own times (their "PASS ... [PASS in X s]" lines).
  BENCH_MAVEN_ARGS is added to every Maven call (e.g. -Dmaven.repo.local=/tmp/repo to keep ~/.m2 untouched).
USAGE
  exit 2
fi
SCALE="${1:-100}"
ROUNDS="${2:-5}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/target/drift-tests"
PROJECT="$ROOT/testbed-project"
read -r -a EXTRA <<< "${BENCH_MAVEN_ARGS:-}"
mkdir -p "$OUT" && rm -f "$OUT"/*.txt
(cd "$ROOT" && ./mvnw -o -q install -pl testbed-maven-plugin -am -DskipTests -Dinvoker.skip=true "${EXTRA[@]}")
(cd "$PROJECT" && rm -rf target && ../mvnw -o -q verify -Dtestbed.scale="$SCALE" "${EXTRA[@]}")

# one timed run: appends "wall cpu" to NAME.txt, and for D the drift tests' summed own seconds to drift.txt
run() {
  local name="$1"; shift
  (cd "$PROJECT" && /usr/bin/time -f "%e %U %S" -o "$OUT/time.tmp" ../mvnw -o testbed:verify-metrics -Dtestbed.scale="$SCALE" \
    -Dtestbed.force "${EXTRA[@]}" "$@" > "$OUT/$name.log" 2>&1)
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$OUT/time.tmp" >> "$OUT/$name.txt"
  if [[ "$name" == D ]]; then
    grep -E 'PASS (row_count_)?drift_' "$OUT/D.log" | sed -E 's/.*\[PASS in ([0-9.]+)s\].*/\1/' | awk '{ s += $1 } END { print s }' >> "$OUT/drift.txt"
  fi
}
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then run D; run N -Dtestbed.exclude=tag:drift; else run N -Dtestbed.exclude=tag:drift; run D; fi
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
dw=$(cut -d' ' -f1 "$OUT/D.txt" | median); dc=$(cut -d' ' -f2 "$OUT/D.txt" | median)
nw=$(cut -d' ' -f1 "$OUT/N.txt" | median); nc=$(cut -d' ' -f2 "$OUT/N.txt" | median)
{
  echo "verify-metrics at -Dtestbed.scale=$SCALE, $ROUNDS rounds, medians"
  printf 'D with drift tests     wall %6.2f s  cpu %6.2f s  (drift tests own %s s)\n' "$dw" "$dc" "$(median < "$OUT/drift.txt")"
  printf 'N without              wall %6.2f s  cpu %6.2f s\n' "$nw" "$nc"
  awk -v a="$dw" -v b="$nw" -v c="$dc" -v d="$nc" 'BEGIN { printf "D/N                    wall %6.2f    cpu %6.2f\n", a / b, c / d }'
} | tee "$OUT/summary.txt"
