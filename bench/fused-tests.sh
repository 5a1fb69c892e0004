#!/usr/bin/env bash
# verify-metrics with fused data tests against the same tests each running its own query (-Dtestbed.fuseTests=false),
# on one lake, rounds interleaved.
set -euo pipefail
usage() {
  cat >&2 <<'USAGE'
usage: bench/fused-tests.sh [SCALE] [ROUNDS]      (default scale 100 = 10 M sales, 5 rounds)
  Installs the plugin, builds testbed-project once at -Dtestbed.scale=SCALE (mvn verify, not timed), then per round,
  the order alternating between rounds:
    F  ./mvnw -o testbed:verify-metrics -Dtestbed.force                          (fused, the default)
    S  ./mvnw -o testbed:verify-metrics -Dtestbed.force -Dtestbed.fuseTests=false (each test its own query)
  each timed whole with /usr/bin/time (wall, user+sys CPU), and the tests' own time from the goal's
  "Finished running 73 data tests in X s" line. Prints the medians of each and F/S. Both must report the
  same PASS/WARN/FAIL/ERROR counts.
  BENCH_MAVEN_ARGS is added to every Maven call (e.g. -Dmaven.repo.local=/tmp/repo to keep ~/.m2 untouched).
  The machine has 2 cores: anything else running moves wall times a lot; CPU seconds move less.
USAGE
}
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { usage; exit 0; }
SCALE="${1:-100}"
ROUNDS="${2:-5}"
[[ "$SCALE" =~ ^[1-9][0-9]*$ && "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { usage; exit 2; }
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/target/fused-tests"
MVN="$ROOT/mvnw"
PROJECT="$ROOT/testbed-project"
read -r -a EXTRA <<< "${BENCH_MAVEN_ARGS:-}"
mkdir -p "$OUT"
rm -f "$OUT"/F.txt "$OUT"/S.txt
(cd "$ROOT" && "$MVN" -o -q install -pl testbed-maven-plugin -am -DskipTests -Dinvoker.skip=true "${EXTRA[@]}")
(cd "$PROJECT" && "$MVN" -o -q verify -Dtestbed.scale="$SCALE" "${EXTRA[@]}")

# one timed run: appends "wall cpu tests" to the named file, and checks the run's test counts
timed() {
  local name="$1"; shift
  (cd "$PROJECT" && /usr/bin/time -f "%e %U %S" -o "$OUT/time.tmp" "$MVN" -o testbed:verify-metrics -Dtestbed.scale="$SCALE" \
    -Dtestbed.force "${EXTRA[@]}" "$@" > "$OUT/$name.log" 2>&1)
  local line tests
  line="$(grep -o 'Finished running [0-9]* data tests in [0-9.]* s\. .*' "$OUT/$name.log")"
  tests="$(sed -E 's/.* in ([0-9.]+) s\..*/\1/' <<< "$line")"
  sed -E 's/.*s\. //' <<< "$line" >> "$OUT/$name-counts.txt"
  awk -v t="$tests" '{ printf "%s %.2f %s\n", $1, $2 + $3, t }' "$OUT/time.tmp" >> "$OUT/$name.txt"
}
rm -f "$OUT"/F-counts.txt "$OUT"/S-counts.txt
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then
    timed F; timed S -Dtestbed.fuseTests=false
  else
    timed S -Dtestbed.fuseTests=false; timed F
  fi
done
[[ "$(sort -u "$OUT/F-counts.txt")" == "$(sort -u "$OUT/S-counts.txt")" ]] || { echo "fused and one-by-one results differ" >&2; exit 1; }

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for run in F S; do
  for i in 1 2 3; do
    eval "m_${run}_$i=$(cut -d' ' -f$i "$OUT/$run.txt" | median)"
  done
done
{
  echo "verify-metrics at -Dtestbed.scale=$SCALE, $ROUNDS rounds, medians; results: $(sort -u "$OUT/F-counts.txt")"
  printf 'F fused        wall %6.2f s  cpu %6.2f s  tests %6.2f s\n' "$m_F_1" "$m_F_2" "$m_F_3"
  printf 'S one by one   wall %6.2f s  cpu %6.2f s  tests %6.2f s\n' "$m_S_1" "$m_S_2" "$m_S_3"
  awk -v a="$m_F_1" -v b="$m_S_1" -v c="$m_F_2" -v d="$m_S_2" -v e="$m_F_3" -v f="$m_S_3" \
    'BEGIN { printf "F/S            wall %6.2f    cpu %6.2f    tests %6.2f\n", a / b, c / d, e / f }'
} | tee "$OUT/summary.txt"
