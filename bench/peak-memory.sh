#!/usr/bin/env bash
# Peak memory (max RSS) and wall time of generate-data and of load-ducklake, each in its own JVM.
set -euo pipefail
usage() {
  cat >&2 <<'USAGE'
usage: bench/peak-memory.sh [SALES]     (default 100000000)
  Builds the plugin, then runs generate-data for SALES sales and load-ducklake of the result,
  each in a separate JVM under GNU time (/usr/bin/time -v; installed with apt-get if missing),
  and prints each one's maximum resident set size (JVM + DuckDB) and wall time.
  Scratch space: a fresh folder under BENCH_WORK_DIR (default bench/target), about 40 bytes per
  sale (~4 GB for 100 M: the Parquet files, and the lake's copy, which is about twice as large);
  checked with df first and deleted at the end.
USAGE
}
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { usage; exit 0; }
SALES="${1:-100000000}"
[[ "$SALES" =~ ^[1-9][0-9]*$ && $# -le 1 ]] || { usage; exit 2; }
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ ! -x /usr/bin/time ]]; then
  echo "bench: GNU time (/usr/bin/time) is missing; installing the 'time' package with apt-get" >&2
  apt-get install -y -q time >/dev/null || { echo "bench: install it with 'apt-get install time' and rerun" >&2; exit 1; }
fi

CP="$("$BENCH/build.sh")"
mkdir -p "$BENCH/target"
PARENT="${BENCH_WORK_DIR:-$BENCH/target}"
[[ -d "$PARENT" ]] || { echo "bench: BENCH_WORK_DIR=$PARENT is not a directory" >&2; exit 1; }
NEED_KB=$(( SALES * 40 / 1024 + 100 * 1024 ))
FREE_KB=$(df -Pk "$PARENT" | awk 'NR == 2 { print $4 }')
if (( FREE_KB < NEED_KB )); then
  echo "bench: $PARENT has $(( FREE_KB / 1024 )) MB free, ${SALES} sales need about $(( NEED_KB / 1024 )) MB;" \
       "set BENCH_WORK_DIR to a roomier disk" >&2
  exit 1
fi
WORK="$(mktemp -d "$PARENT/peak-memory.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" # DuckDB's default spill folder (.tmp) is relative to the working directory

stage() { # NAME ARGS...: runs one stage under GNU time and prints its peak RSS and wall time
  local name="$1"; shift
  echo "== $name" >&2
  /usr/bin/time -v -o "$WORK/$name.time" java -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider \
    -Dslf4j.internal.verbosity=WARN -cp "$CP" dev.testbed.bench.Stage "$@" >&2
  awk -v name="$name" -F': ' '
    /Maximum resident set size/ { rss = $2 }
    /Elapsed \(wall clock\)/    { wall = $2 }
    END { printf "%-14s max RSS %8.0f MB   wall %s\n", name, rss / 1024, wall }' "$WORK/$name.time"
}

SUMMARY="peak memory at $SALES sales, $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
GEN="$(stage generate-data generate "$WORK/data" "$SALES")"
LOAD="$(stage load-ducklake load "$WORK/data" "$WORK/lake")"
SIZES="on disk: Parquet files $(du -sh "$WORK/data" | cut -f1), lake $(du -sh "$WORK/lake" | cut -f1)"
printf '%s\n%s\n%s\n%s\n' "$SUMMARY" "$GEN" "$LOAD" "$SIZES" | tee "$BENCH/target/peak-memory-$SALES.txt"
