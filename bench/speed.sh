#!/usr/bin/env bash
# Issue 15's acceptance in one run: a clean `mvn verify` of the sample project at 10 M sales next to a bare-DuckDB
# reference doing the same job, the default-size build next to an up-to-date trivial module, optionally 100 M sales
# under a 3 GB memory limit, and a fingerprint of the sample's tables and test results to diff between commits.
set -euo pipefail
usage() {
  cat >&2 <<'USAGE'
usage: bench/speed.sh [-h | --report]
  Installs the plugin into a private Maven repository (bench/target/m2; ~/.m2 is only read, never written), compiles
  bench/src, then runs BENCH_RUNS rounds (default 3), each in turn (the order alternates from round to round):
    reference   bare DuckDB, one JDBC session, no Maven (bench/src/.../ReferenceBuild.java): bench/reference/
                generate.sql writes the four raw tables with plain SQL to Parquet (the sizes of generate-data at
                -Dtestbed.scale=100), load.sql loads them into a fresh DuckLake, models.sql runs the seed's staging
                and metrics SQL; each stage timed in the session, total = their sum
    sample      a clean ./mvnw -o verify of testbed-project at BENCH_SALES sales (testbed-project/target deleted
                first), stage = from one goal's start to the next (timestamped Maven log), total = the whole process
    default     the same at the default size (100 k sales)
    trivial     ./mvnw -o verify of an up-to-date one-POM module (bench/target/trivial, as bench/noop.sh)
  Prints per stage the median and best seconds and rows/s, CPU seconds (user+sys), the ratios issue 15 asks for
  with their targets, and saves it all as bench/target/speed-report.txt.
  In the last round it fingerprints each sample build (bench/src/.../LakeFingerprint.java): every relation's row
  count and order-independent hash, every node's status and failures from run_results.json (the files
  bench/target/speed-<size>-lake.txt and -results.txt; diff them between two commits: nothing may change), and
  the seed's metrics SQL run on the sample's own raw tables compared column by column with the sample's metrics.
  Environment:
    BENCH_RUNS=3           rounds
    BENCH_SALES=10000000   sales of the large sample build and of the reference (scale = BENCH_SALES / 100000)
    BENCH_HUGE=1           also run bench/peak-memory.sh at BENCH_HUGE_SALES (default 100000000) with the sample's
                           models, once with BENCH_MEMORY_LIMIT=3GB and once without, and print each stage's peak
                           RSS and the time ratio (takes several minutes and about 7 GB of disk under bench/target)
    BENCH_M2=DIR           the private Maven repository (default bench/target/m2)
  The machine's load average is printed before and after: on a shared machine wall times move a lot, CPU less.
  --report prints the last run's report again from bench/target (speed-rounds.txt and the fingerprints) without
           running the rounds; with BENCH_HUGE=1 it then runs only the 100 M part.
USAGE
}
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { usage; exit 0; }
REPORT_ONLY=0
[[ "${1:-}" == --report ]] && { REPORT_ONLY=1; shift; }
[[ $# -eq 0 ]] || { usage; exit 2; }
RUNS="${BENCH_RUNS:-3}"
SALES="${BENCH_SALES:-10000000}"
[[ "$RUNS" =~ ^[1-9][0-9]*$ && "$SALES" =~ ^[1-9][0-9]*$ ]] || { usage; exit 2; }
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
OUT="$BENCH/target"
PROJECT="$ROOT/testbed-project"
MVN="$ROOT/mvnw"
# shellcheck source=bench/lib.sh
source "$BENCH/lib.sh"
mkdir -p "$OUT"
export BENCH_REPO_LOCAL="${BENCH_M2:-$OUT/m2}"
REPO=(-Dmaven.repo.local="$BENCH_REPO_LOCAL" -Dmaven.repo.local.tail="$HOME/.m2/repository")
SCALE="$(awk -v s="$SALES" 'BEGIN { printf "%g", s / 100000 }')"
[[ -x /usr/bin/time ]] || { echo "bench: GNU time (/usr/bin/time) is missing: apt-get install time" >&2; exit 1; }

ROUNDS="$OUT/speed-rounds.txt"
RUN_INFO="$OUT/speed-run.txt"   # what the report needs besides ROUNDS, for --report

# --report skips everything from here to the report
if (( REPORT_ONLY == 0 )); then
CP="$("$BENCH/build.sh")"
write_trivial_pom "$OUT/trivial"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
: > "$ROUNDS"

# Every measured figure is a line "<round> <run> <stage> <seconds>" in ROUNDS.
record() { echo "$1 $2 $3 $4" >> "$ROUNDS"; }
# Runs a command under GNU time; records its wall as stage "wall" and user+sys as "cpu".
timed() {
  local round="$1" run="$2" status=0; shift 2
  /usr/bin/time -f "%e %U %S" -o "$OUT/time.tmp" "$@" || status=$?
  record "$round" "$run" wall "$(tail -n 1 "$OUT/time.tmp" | cut -d' ' -f1)"
  record "$round" "$run" cpu "$(tail -n 1 "$OUT/time.tmp" | awk '{ printf "%.2f", $2 + $3 }')"
  return "$status"
}

run_reference() {
  local round="$1" work="$OUT/speed-reference"
  rm -rf "$work"
  echo "bench: round $round: bare-DuckDB reference at $SALES sales" >&2
  timed "$round" reference java -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -cp "$CP" \
    dev.testbed.bench.ReferenceBuild "$BENCH/reference" "$work" "$SALES" > "$OUT/speed-reference.out"
  awk -v r="$round" '/^reference (generate|load|models|total) / { split($3, s, "="); print r, "reference", $2, s[2] }
                     /^reference (generate|load|models) / { split($5, c, "="); print r, "reference", $2 "-cpu", c[2] }' \
    "$OUT/speed-reference.out" >> "$ROUNDS"
  rm -rf "$work"
}

# A clean build of the sample: RUN is sample or default, the rest Maven options
run_sample() {
  local round="$1" run="$2"; shift 2
  rm -rf "$PROJECT/target"
  echo "bench: round $round: clean mvn verify of testbed-project ($run)" >&2
  (cd "$PROJECT" && timed "$round" "$run" "$MVN" -o -B verify "${REPO[@]}" "${TIMESTAMPED_LOG[@]}" "$@" > "$OUT/speed-$run.log" 2>&1) \
    || { tail -n 40 "$OUT/speed-$run.log" >&2; echo "bench: the $run build failed; its log: $OUT/speed-$run.log" >&2; exit 1; }
  goal_stages "$OUT/speed-$run.log" | awk -v r="$round" -v run="$run" '
    { n = split($1, g, ":"); goal = g[n] }
    goal == "generate-data" { print r, run, "generate", $2 } goal == "load-ducklake" { print r, run, "load", $2 }
    goal == "run-models" { print r, run, "models", $2 } goal == "verify-metrics" { print r, run, "tests", $2 }' >> "$ROUNDS"
  (( round < RUNS )) || fingerprint "$run"
}

# What the last round's build of the sample left: relations, results and the metrics check (see LakeFingerprint)
fingerprint() {
  java -cp "$CP" dev.testbed.bench.LakeFingerprint "$PROJECT/target/lake" "$PROJECT/target/testbed/run_results.json" \
    "$BENCH/reference" > "$OUT/speed-$1-fingerprint.txt"
  sed -n 's/^relation //p' "$OUT/speed-$1-fingerprint.txt" > "$OUT/speed-$1-lake.txt"
  sed -n 's/^result //p' "$OUT/speed-$1-fingerprint.txt" > "$OUT/speed-$1-results.txt"
}

run_trivial() {
  echo "bench: round $1: up-to-date trivial module" >&2
  timed "$1" trivial "$MVN" -o -q verify "${REPO[@]}" -f "$OUT/trivial/pom.xml"
}

for ((round = 1; round <= RUNS; round++)); do
  if (( round % 2 == 1 )); then
    run_reference "$round"; run_sample "$round" sample -Dtestbed.scale="$SCALE"; run_sample "$round" default; run_trivial "$round"
  else
    run_trivial "$round"; run_sample "$round" default; run_sample "$round" sample -Dtestbed.scale="$SCALE"; run_reference "$round"
  fi
done
printf 'RUNS=%s\nSALES=%s\nLOAD_BEFORE="%s"\nLOAD_AFTER="%s"\n' "$RUNS" "$SALES" "$LOAD_BEFORE" "$(cut -d' ' -f1-3 /proc/loadavg)" > "$RUN_INFO"
fi
[[ -f "$RUN_INFO" && -f "$ROUNDS" ]] || { echo "bench: no earlier run in $OUT to report on" >&2; exit 1; }
# shellcheck source=/dev/null
source "$RUN_INFO"
SCALE="$(awk -v s="$SALES" 'BEGIN { printf "%g", s / 100000 }')"
RAW_ROWS="$(awk -F'\t' '$1 ~ /^raw\./ { split($3, n, " "); rows += n[1] } END { print rows + 0 }' "$OUT/speed-sample-lake.txt")"

# median or best of one run's stage over the rounds
stat() { awk -v run="$1" -v stage="$2" '$2 == run && $3 == stage { print $4 }' "$ROUNDS" | "$3"; }
best() { sort -n | head -n 1; }
{
  echo "speed at $SALES sales (scale $SCALE), $RUNS rounds, $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo),"
  echo "load average (1, 5, 15 min) before: $LOAD_BEFORE, after: $LOAD_AFTER; median s (best s), rows/s of the median"
  printf '%-26s %18s %18s %18s %18s %18s %8s\n' "" generate load models tests total cpu
  for run in reference sample; do
    label=$([[ $run == reference ]] && echo "bare DuckDB reference" || echo "mvn verify (clean)")
    line="$(printf '%-26s' "$label")"
    for stage in generate load models tests total; do
      s="$stage"; [[ $run == sample && $stage == total ]] && s=wall
      m="$(stat "$run" "$s" median)"; b="$(stat "$run" "$s" best)"
      if [[ -z "$b" ]]; then line+="$(printf ' %18s' '—')"; else line+="$(printf ' %10.2f (%5.2f)' "$m" "$b")"; fi
    done
    echo "$line$(printf ' %8.2f' "$(stat "$run" cpu median)")"
  done
  for run in reference sample; do
    label=$([[ $run == reference ]] && echo "  rows/s reference" || echo "  rows/s mvn verify")
    line="$(printf '%-26s' "$label")"
    for stage in generate load models tests; do
      m="$(stat "$run" "$stage" median)"
      rows=$([[ $stage == generate || $stage == load ]] && echo "$RAW_ROWS" || echo "$SALES")
      if [[ -z "$m" ]]; then line+="$(printf ' %18s' '—')"; else line+="$(printf " %18.0f" "$(awk -v r="$rows" -v s="$m" 'BEGIN { print r / s }')")"; fi
    done
    echo "$line"
  done
  echo "  (rows: generate and load all four raw tables, $RAW_ROWS rows; models and tests the $SALES sales they read)"
  awk -v rt="$(stat reference total median)" -v rg="$(stat reference generate median)" -v st="$(stat sample wall median)" \
      -v sg="$(stat sample generate median)" -v sv="$(stat sample tests median)" -v dw="$(stat default wall median)" \
      -v tw="$(stat trivial wall median)" -v sc="$(stat sample cpu median)" -v rc="$(stat reference cpu median)" -v dc="$(stat default cpu median)" -v tc="$(stat trivial cpu median)" '
    function verdict(ok) { return ok ? "yes" : "NO" }
    BEGIN {
      printf "mvn verify total / reference total     %5.2f   (target <= 0.80: %s)\n", st / rt, verdict(st / rt <= 0.8)
      printf "  the same in CPU seconds (whole processes, JVM start included; moves less than wall on a busy machine) %5.2f\n", sc / rc
      printf "verify-metrics                         %5.2f s (target <= 2.00 s: %s)\n", sv, verdict(sv <= 2.0)
      printf "generate-data / reference generate     %5.2f   (target <= 1.30: %s)\n", sg / rg, verdict(sg / rg <= 1.3)
      printf "default size: clean mvn verify %.2f s (cpu %.2f s), up-to-date trivial module %.2f s (cpu %.2f s)\n", dw, dc, tw, tc
      printf "default size / trivial module          %5.2f   (target <= 2.40: %s)\n", dw / tw, verdict(dw / tw <= 2.4)
    }'
  printf '%-26s' "reference CPU s, median"; for stage in generate load models; do printf ' %s %.2f' "$stage" "$(stat reference "$stage-cpu" median)"; done; echo
  printf '%-26s' "default size, median s"; for stage in generate load models tests; do printf ' %s %.2f' "$stage" "$(stat default "$stage" median)"; done; echo
  grep -h -e '^reference metrics' "$OUT/speed-reference.out"
  grep -h -e '^check' -e '^sample metrics' "$OUT/speed-sample-fingerprint.txt"
  echo "fingerprints (diff them between two commits): bench/target/speed-{sample,default}-{lake,results}.txt"
  echo "  $(wc -l < "$OUT/speed-sample-lake.txt") relations and $(wc -l < "$OUT/speed-sample-results.txt") nodes at $SALES sales," \
    "$(wc -l < "$OUT/speed-default-lake.txt") relations and $(wc -l < "$OUT/speed-default-results.txt") nodes at the default size;" \
    "failing or erroring nodes: $(cat "$OUT"/speed-{sample,default}-results.txt | awk '$2 != "success" && $2 != "pass"' | wc -l)"
} | tee "$OUT/speed-report.txt"

if [[ "${BENCH_HUGE:-0}" == 1 ]]; then
  HUGE="${BENCH_HUGE_SALES:-100000000}"
  # peak-memory.sh checks the disk itself; the plugin and bench classes are already built
  for limit in 3GB none; do
    echo "bench: $HUGE sales, memory limit $limit (bench/peak-memory.sh)" >&2
    status=0
    BENCH_REUSE_BUILD=1 BENCH_MODELS=1 BENCH_MEMORY_LIMIT="$([[ $limit == none ]] || echo "$limit")" \
      "$BENCH/peak-memory.sh" "$HUGE" > "$OUT/speed-huge-$limit.txt" || status=$?
    (( status == 0 || status == 3 )) || { echo "bench: peak-memory.sh failed ($status)" >&2; exit 1; }
  done
  {
    echo "$HUGE sales: peak RSS and wall per stage (each stage its own JVM, bench/peak-memory.sh), 3GB limit against none"
    awk '/max RSS/ { stage = $1; rss[FILENAME, stage] = $4; wall[FILENAME, stage] = $7; if (!(stage in seen)) { seen[stage] = 1; order[++n] = stage } }
         END { for (i = 1; i <= n; i++) { s = order[i]; a = ARGV[1]; b = ARGV[2]
               printf "  %-14s 3GB: max RSS %6d MB wall %7.1f s | none: max RSS %6d MB wall %7.1f s | time ratio %.2f | RSS <= 4096 MB: %s\n",
                      s, rss[a, s], wall[a, s], rss[b, s], wall[b, s], wall[a, s] / wall[b, s], (rss[a, s] <= 4096 ? "yes" : "NO") } }' \
      "$OUT/speed-huge-3GB.txt" "$OUT/speed-huge-none.txt"
  } | tee -a "$OUT/speed-report.txt"
fi
