#!/usr/bin/env bash
# Peak memory (max RSS), wall time and rows/s of generate-data, load-ducklake and optionally run-models,
# each in its own JVM: from 100 million sales up to a billion on local disk.
set -euo pipefail
usage() {
  cat >&2 <<'USAGE'
usage: bench/peak-memory.sh [SALES]     (default 100000000)
  Builds the plugin, then runs generate-data for SALES sales (data set scaled like -Dtestbed.scale=SALES/100000),
  load-ducklake of the result and, with BENCH_MODELS=1, run-models of testbed-project on that lake, each in
  a separate JVM under GNU time (/usr/bin/time -v; installed with apt-get if missing), and prints each
  stage's maximum resident set size (JVM + DuckDB), wall time (JVM start included) and rows per second.
  Environment:
    BENCH_ROWS_PER_FILE  most rows per Parquet file (default 10000000, as -Dtestbed.generate.rowsPerFile)
    BENCH_LOAD_MODE      auto (copy, default), link (hard links, no copy) or insert
    BENCH_MODELS=1       also run the sample project's models (testbed-project) and time them
    BENCH_MEMORY_LIMIT   DuckDB memory_limit for every stage, e.g. 3GB (default: the engine's, 80% of what the JVM's heap leaves of RAM)
    BENCH_MODEL_THREADS  DuckDB threads and model workers of run-models, as -Dtestbed.threads (default: one per
                         core); 1 builds one model at a time, so only one large aggregation spills to disk at once
    BENCH_MAX_RSS_MB     the bound generate-data and load-ducklake must stay under (default 4096);
                         the script exits 3 if one does not
    BENCH_JAVA_OPTS      JVM options (default -Xmx1g: the engine's heap holds footers and plans, never rows)
    BENCH_WORK_DIR       where the scratch folder goes (default bench/target)
  Disk: df -h of BENCH_WORK_DIR is printed and checked first (about 12 bytes per sale with link,
  25 with auto or insert, plus 45 with BENCH_MODELS=1 for the models' tables and DuckDB's spill files);
  the scratch folder, with all data and the lake, is deleted at the end, also on failure or Ctrl-C.
  Saves the summary as bench/target/peak-memory-<SALES>.txt.
USAGE
}
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { usage; exit 0; }
SALES="${1:-100000000}"
[[ "$SALES" =~ ^[1-9][0-9]*$ && $# -le 1 ]] || { usage; exit 2; }
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROWS_PER_FILE="${BENCH_ROWS_PER_FILE:-10000000}"
MODE="${BENCH_LOAD_MODE:-auto}"
MODELS="${BENCH_MODELS:-0}"
MAX_RSS_MB="${BENCH_MAX_RSS_MB:-4096}"
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx1g}"
[[ "$MODE" =~ ^(auto|link|insert)$ ]] || { echo "bench: BENCH_LOAD_MODE must be auto, link or insert" >&2; exit 2; }

if [[ ! -x /usr/bin/time ]]; then
  echo "bench: GNU time (/usr/bin/time) is missing; installing the 'time' package with apt-get" >&2
  apt-get install -y -q time >/dev/null || { echo "bench: install it with 'apt-get install time' and rerun" >&2; exit 1; }
fi

mkdir -p "$BENCH/target"
PARENT="${BENCH_WORK_DIR:-$BENCH/target}"
[[ -d "$PARENT" ]] || { echo "bench: BENCH_WORK_DIR=$PARENT is not a directory" >&2; exit 1; }
PER_SALE=$([[ "$MODE" == link ]] && echo 12 || echo 25)
(( MODELS == 1 )) && PER_SALE=$(( PER_SALE + 45 ))
NEED_KB=$(( SALES * PER_SALE / 1024 + 100 * 1024 ))
df -h "$PARENT" >&2
FREE_KB=$(df -Pk "$PARENT" | awk 'NR == 2 { print $4 }')
if (( FREE_KB < NEED_KB )); then
  echo "bench: $PARENT has $(( FREE_KB / 1024 )) MB free, ${SALES} sales need about $(( NEED_KB / 1024 )) MB" \
       "(mode $MODE$( (( MODELS == 1 )) && echo ', with models'));" \
       "set BENCH_WORK_DIR to a roomier disk" >&2
  exit 1
fi

CP="$("$BENCH/build.sh")"
WORK="$(mktemp -d "$PARENT/peak-memory.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" # DuckDB's default spill folder (.tmp) is relative to the working directory
export BENCH_TEMP_DIRECTORY="${BENCH_TEMP_DIRECTORY:-$WORK/spill}"

stage() { # NAME ARGS...: runs one stage under GNU time; prints its peak RSS, wall time, rows/s and peak spill
  local name="$1"; shift
  echo "== $name" >&2
  # DuckDB's spill files come and go within seconds of each other; sample the folder's size every 2 s
  ( peak=0; while :; do
      kb="$(du -sk "$BENCH_TEMP_DIRECTORY" 2>/dev/null | cut -f1)"
      if (( ${kb:-0} > peak )); then peak="$kb"; echo "$peak" > "$WORK/$name.spill"; fi
      sleep 2
    done ) >/dev/null 2>&1 &
  local sampler=$!
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  local status=0
  /usr/bin/time -v -o "$WORK/$name.time" java $JAVA_OPTS -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider \
    -Dslf4j.internal.verbosity=WARN -cp "$CP" dev.testbed.bench.Stage "$@" | tee "$WORK/$name.out" >&2 || status=$?
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  if (( status != 0 )); then # a failed stage's memory and time mean nothing, and the next stage needs its output
    echo "bench: $name failed (exit status $status); see its output above" >&2
    exit 1
  fi
  local rows
  rows="$(sed -n 's/^stage .* rows=\([0-9]*\) .*/\1/p' "$WORK/$name.out")"
  local spill_mb=$(( $(cat "$WORK/$name.spill" 2>/dev/null || echo 0) / 1024 ))
  awk -v name="$name" -v rows="$rows" -v spill="$spill_mb" -F': ' '
    /Maximum resident set size/ { rss = $2 }
    /Elapsed \(wall clock\)/    { n = split($2, t, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + t[i] }
    END { printf "%-14s max RSS %8.0f MB   wall %9.1f s   %'"'"'15d rows   %'"'"'13.0f rows/s   peak spill %'"'"'8d MB\n", name, rss / 1024, wall, rows, rows / wall, spill }' \
    "$WORK/$name.time"
}
rss_mb() { awk -F': ' '/Maximum resident set size/ { printf "%d", $2 / 1024 }' "$WORK/$1.time"; }

SUMMARY="peak memory at $SALES sales, $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo),"
SUMMARY+=" rowsPerFile $ROWS_PER_FILE, load mode $MODE, DuckDB memory_limit ${BENCH_MEMORY_LIMIT:-default}, model threads ${BENCH_MODEL_THREADS:-default}, $JAVA_OPTS"
RESULTS="$(stage generate-data generate "$WORK/data" "$SALES" "$ROWS_PER_FILE")"
RESULTS+=$'\n'"$(stage load-ducklake load "$WORK/data" "$WORK/lake" "$MODE")"
if (( MODELS == 1 )); then
  RESULTS+=$'\n'"$(BENCH_THREADS="${BENCH_MODEL_THREADS:-}" stage run-models models "$(dirname "$BENCH")/testbed-project" "$WORK/lake" "$WORK/models-out")"
fi
SIZES="on disk: Parquet files $(du -sh "$WORK/data" | cut -f1) in $(find "$WORK/data" -name '*.parquet' | wc -l) files,"
SIZES+=" lake $(du -sh "$WORK/lake" | cut -f1), both together $(du -csh "$WORK/data" "$WORK/lake" | tail -n 1 | cut -f1) (a hard link counts once)"
VERDICT="generate-data and load-ducklake within ${MAX_RSS_MB} MB: "
STATUS=0
for s in generate-data load-ducklake; do
  if (( $(rss_mb "$s") > MAX_RSS_MB )); then VERDICT+="$s NO ($(rss_mb "$s") MB) "; STATUS=3; else VERDICT+="$s yes "; fi
done
printf '%s\n%s\n%s\n%s\n' "$SUMMARY" "$RESULTS" "$SIZES" "$VERDICT" | tee "$BENCH/target/peak-memory-$SALES.txt"
exit $STATUS
