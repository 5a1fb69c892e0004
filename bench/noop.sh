#!/usr/bin/env bash
# What a no-op `mvn verify` of the sample project costs, next to an up-to-date trivial Maven module, and where
# the time goes goal by goal.
set -euo pipefail
usage() {
  cat >&2 <<'USAGE'
usage: bench/noop.sh [ROUNDS]      (default 5)
  Installs the plugin, builds testbed-project once (mvn verify), then per round, in turn:
    A  ./mvnw -o -q verify in testbed-project (nothing changed since the last build)
    B  ./mvnw -o -q verify of a one-POM module with no plugins (bench/target/trivial)
    E  the same with -Denforcer.skip=true: the sample inherits the reactor's enforcer rules, a user's own POM
       (README, "Use the plugin in your own project") has none
    D  ./mvnw -o -q process-resources in testbed-project (generate-data + load-ducklake only) after deleting
       load-ducklake's up-to-date proof, so that it asks the lake with DuckDB (as every run did before the proof)
    C  the same right after D: the proof holds, load-ducklake decides from file stamps
  each timed whole with /usr/bin/time (wall, user+sys CPU); prints the median of each and A/B, E/B, C/D.
  Then one timestamped no-op verify: seconds from one goal's start to the next (bench/target/noop-goals.log).
  The machine has 2 cores: anything else running moves wall times a lot; CPU seconds move less.
USAGE
}
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { usage; exit 0; }
ROUNDS="${1:-5}"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { usage; exit 2; }
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/target"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
write_trivial_pom "$OUT/trivial"
MVN="$ROOT/mvnw"
PROJECT="$ROOT/testbed-project"
(cd "$ROOT" && "$MVN" -o -q install -pl testbed-maven-plugin -am -DskipTests -Dinvoker.skip=true)
(cd "$PROJECT" && "$MVN" -o -q verify && "$MVN" -o -q verify)

# one timed run: appends "wall cpu" to the named file
timed() {
  local into="$1"; shift
  /usr/bin/time -f "%e %U %S" -o "$OUT/time.tmp" "$@" >/dev/null 2>&1
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$OUT/time.tmp" >> "$into"
}
rm -f "$OUT"/noop-{A,B,C,D,E}.txt
for ((i = 1; i <= ROUNDS; i++)); do
  (cd "$PROJECT" && timed "$OUT/noop-A.txt" "$MVN" -o -q verify)
  timed "$OUT/noop-B.txt" "$MVN" -o -q verify -f "$OUT/trivial/pom.xml"
  (cd "$PROJECT" && timed "$OUT/noop-E.txt" "$MVN" -o -q verify -Denforcer.skip=true)
  # D deletes load-ducklake's proof, so that it asks the lake; D's check leaves the proof C uses
  rm -f "$PROJECT/target/testbed-data/testbed-loaded.properties"
  (cd "$PROJECT" && timed "$OUT/noop-D.txt" "$MVN" -o -q process-resources)
  (cd "$PROJECT" && timed "$OUT/noop-C.txt" "$MVN" -o -q process-resources)
done
for run in A B C D E; do
  printf '%s  wall %6.2f s  cpu %6.2f s\n' "$run" "$(cut -d' ' -f1 "$OUT/noop-$run.txt" | median)" "$(cut -d' ' -f2 "$OUT/noop-$run.txt" | median)"
done | tee "$OUT/noop.txt"
awk '/^A/ { aw = $3; ac = $6 } /^B/ { bw = $3; bc = $6 } /^C/ { cw = $3; cc = $6 } /^D/ { dw = $3; dc = $6 } /^E/ { ew = $3; ec = $6 }
     END { printf "A/B wall %.2f cpu %.2f   E/B wall %.2f cpu %.2f   C/D wall %.2f cpu %.2f\n", aw / bw, ac / bc, ew / bw, ec / bc, cw / dw, cc / dc }' "$OUT/noop.txt" | tee -a "$OUT/noop.txt"

(cd "$PROJECT" && "$MVN" -o verify "${TIMESTAMPED_LOG[@]}" > "$OUT/noop-goals.log" 2>&1)
goal_stages "$OUT/noop-goals.log"
# what Maven spends collecting each plugin's dependency tree before its first goal (nanoseconds in -X's stats)
(cd "$PROJECT" && "$MVN" -o -X verify > "$OUT/noop-debug.log" 2>&1)
grep -o 'nodeCount=[0-9]*.*DfDependencyCollector.collectTime=[0-9]*' "$OUT/noop-debug.log" \
  | awk -F'[=,]' '{ printf "dependency collection: %3d nodes %6.3f s\n", $2, $NF / 1e9 }' 
