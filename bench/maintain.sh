#!/usr/bin/env bash
# What testbed:maintain frees and how long it takes on a lake that many builds and killed loads have grown.
set -euo pipefail
usage() {
  cat >&2 <<'USAGE'
usage: bench/maintain.sh [BUILDS [KILLED [ROUNDS]]]      (defaults 10, 2, 3)
  Installs the plugin into a private Maven repository (bench/target/m2; ~/.m2 is only read), then in
  bench/target/maintain/ (its own lake, data and outputs; testbed-project's target/ is not touched):
    1. BUILDS builds of the sample project at BENCH_SALES sales (default 10,000,000): the first a clean
       mvn verify, each later one with -Dtestbed.load.force=true -Dtestbed.force=true (a new load snapshot with
       new raw files, every model rebuilt), as a day of CI on a changing source would;
    2. KILLED loads (mvn process-resources with a forced load) killed with SIGKILL as soon as they have copied
       files into the lake's data path, leaving those copies behind with no snapshot;
    3. keeps a copy of that lake; per round restores it and times, with GNU time (wall, user+sys CPU):
         D  mvn -o testbed:maintain -Dtestbed.maintain.dryRun=true
         M  mvn -o testbed:maintain
       both with -Dtestbed.maintain.keepBuilds=3 -Dtestbed.maintain.keepFor=0s;
  BENCH_REUSE=1 skips steps 1 and 2 when an earlier run left its grown lake (bench/target/maintain/lake.grown).
  Prints the disk used by the lake (catalog and data files) before and after, the medians, and the last
  real run's own lines (snapshots expired, files and bytes deleted, files merged).
  The machine has 2 cores: anything else running moves wall times a lot; CPU seconds move less.
USAGE
}
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { usage; exit 0; }
BUILDS="${1:-10}"
KILLED="${2:-2}"
ROUNDS="${3:-3}"
SALES="${BENCH_SALES:-10000000}"
for n in "$BUILDS" "$ROUNDS" "$SALES"; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || { usage; exit 2; }; done
[[ "$KILLED" =~ ^[0-9]+$ ]] || { usage; exit 2; }
[[ -x /usr/bin/time ]] || { echo "bench: GNU time (/usr/bin/time) is missing: apt-get install time" >&2; exit 1; }
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
OUT="$BENCH/target"
WORK="$OUT/maintain"
MVN="$ROOT/mvnw"
PROJECT="$ROOT/testbed-project"
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"
mkdir -p "$OUT"
REPO=(-Dmaven.repo.local="${BENCH_M2:-$OUT/m2}" -Dmaven.repo.local.tail="$HOME/.m2/repository")
SCALE="$(awk -v s="$SALES" 'BEGIN { printf "%g", s / 100000 }')"
LAKE="$WORK/lake"
PLACES=(-Dtestbed.scale="$SCALE" -Dtestbed.catalog="$LAKE/warehouse.ducklake" -Dtestbed.dataPath="$LAKE/data/"
        -Dtestbed.dataDirectory="$WORK/testbed-data" -Dtestbed.outputDirectory="$WORK/testbed" -Dtestbed.docsDirectory="$WORK/docs")
KEEP=(-Dtestbed.maintain.keepBuilds=3 -Dtestbed.maintain.keepFor=0s)
mvn_project() { (cd "$PROJECT" && "$MVN" -o "${REPO[@]}" "${PLACES[@]}" "$@"); }
disk() { du -sb "$LAKE" | cut -f1; }
files() { find "$LAKE/data" -type f | wc -l; }

(cd "$ROOT" && "$MVN" -o -q "${REPO[@]}" install -pl testbed-maven-plugin -am -DskipTests -Dinvoker.skip=true)
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "${BENCH_REUSE:-0}" == 1 && -d "$WORK/lake.grown" ]]; then
  echo "reusing the lake grown by an earlier run: $WORK/lake.grown"
else
rm -rf "$WORK"
mkdir -p "$WORK"
for ((b = 1; b <= BUILDS; b++)); do
  echo "build $b of $BUILDS"
  if (( b == 1 )); then mvn_project -q verify; else mvn_project -q verify -Dtestbed.load.force=true -Dtestbed.force=true; fi
done
for ((k = 1; k <= KILLED; k++)); do
  before="$(files)"
  # a session of its own, so that the kill reaches Maven's JVM and nothing else
  setsid bash -c "cd '$PROJECT' && exec '$MVN' -o -q ${REPO[*]} ${PLACES[*]} process-resources -Dtestbed.load.force=true" > "$WORK/killed-$k.log" 2>&1 &
  leader=$!
  for ((wait = 0; wait < 600; wait++)); do
    (( $(files) > before + 2 )) && break
    sleep 0.1
  done
  kill -KILL -- "-$leader" 2>/dev/null || true
  wait "$leader" 2>/dev/null || true
  echo "killed load $k: $(( $(files) - before )) files left in the lake's data path"
done

rm -rf "$WORK/lake.grown"
cp -a "$LAKE" "$WORK/lake.grown"
fi
rm -rf "$LAKE" && cp -a "$WORK/lake.grown" "$LAKE"
BYTES_BEFORE="$(disk)"; FILES_BEFORE="$(files)"
# times one testbed:maintain of the sample project's lake; appends "wall cpu" to maintain-<into>.txt
timed() {
  local into="$1"; shift
  (cd "$PROJECT" && /usr/bin/time -f "%e %U %S" -o "$OUT/time.tmp" "$MVN" -o "${REPO[@]}" "${PLACES[@]}" testbed:maintain "$@" > "$WORK/last-$into.log" 2>&1)
  awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$OUT/time.tmp" >> "$WORK/maintain-$into.txt"
}
rm -f "$WORK"/maintain-{D,M}.txt
for ((i = 1; i <= ROUNDS; i++)); do
  rm -rf "$LAKE" && cp -a "$WORK/lake.grown" "$LAKE"
  timed D "${KEEP[@]}" -Dtestbed.maintain.dryRun=true
  [[ "$(disk)" == "$BYTES_BEFORE" ]] || { echo "bench: the dry run changed the lake" >&2; exit 1; }
  timed M "${KEEP[@]}"
done
BYTES_AFTER="$(disk)"; FILES_AFTER="$(files)"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "lake after $BUILDS builds at $SALES sales and $KILLED killed loads: $BYTES_BEFORE bytes, $FILES_BEFORE data files"
  echo "after testbed:maintain (keepBuilds=3, keepFor=0s):          $BYTES_AFTER bytes, $FILES_AFTER data files"
  for run in D M; do
    printf '%s  wall %6.2f s  cpu %6.2f s  (median of %d)\n' "$run" "$(cut -d' ' -f1 "$WORK/maintain-$run.txt" | median)" \
      "$(cut -d' ' -f2 "$WORK/maintain-$run.txt" | median)" "$ROUNDS"
  done
  grep -E 'Expired|Files of|Orphaned|Merged|Freed' "$WORK/last-M.log" | sed 's/^\[INFO\] //'
  echo "load average before: $LOAD_BEFORE, after: $LOAD_AFTER"
} | tee "$OUT/maintain.txt"
