#!/usr/bin/env bash
# The sample build (testbed-project: generate-data, load-ducklake, run-models, verify-metrics) on the default
# local lake and on a shared lake (PostgreSQL catalog + s3proxy object storage, started by
# scripts/shared-lake.sh), in the same run on the same generated data; prints seconds per stage side by side.
set -euo pipefail
usage() {
  cat >&2 <<'USAGE'
usage: bench/shared-lake.sh [SALES]      (default 10000000; BENCH_RUNS=3 rounds, best and median reported)
  Builds the plugin, starts PostgreSQL and s3proxy
  with scripts/shared-lake.sh in bench/target/shared-lake-servers, generates SALES sales once into
  bench/target/shared-lake-work/data, then each round runs `mvn verify` of testbed-project twice, each time on an
  empty lake with the same data: local (DuckDB-file catalog + local folder) and shared (-Pshared-lake: a fresh
  PostgreSQL database + a fresh prefix in the s3proxy bucket). Stage times come from the goals' own summary
  lines; "maven total" is Maven's wall time (JVM start included). Saves bench/target/shared-lake-<SALES>.txt;
  stops the servers and deletes the lakes at the end. Needs about 40 bytes per sale under bench/target.
USAGE
}
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { usage; exit 0; }
SALES="${1:-10000000}"
[[ "$SALES" =~ ^[1-9][0-9]*$ && $# -le 1 ]] || { usage; exit 2; }
RUNS="${BENCH_RUNS:-3}"
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
SERVERS="$BENCH/target/shared-lake-servers"
WORK="$BENCH/target/shared-lake-work"
PG_PORT="${SHARED_LAKE_PG_PORT:-55432}"
S3_PORT="${SHARED_LAKE_S3_PORT:-9099}"
SCALE="$(awk -v s="$SALES" 'BEGIN { printf "%.6f", s / 100000 }')"
cd "$ROOT"
mkdir -p "$BENCH/target"

echo "bench: building the plugin" >&2
./mvnw -q -o -B install -DskipTests -pl testbed-maven-plugin -am >"$BENCH/target/maven.log" 2>&1 \
  || ./mvnw -q -B install -DskipTests -pl testbed-maven-plugin -am >"$BENCH/target/maven.log" 2>&1 \
  || { cat "$BENCH/target/maven.log" >&2; echo "bench: maven failed" >&2; exit 1; }

export SHARED_LAKE_PG_PORT="$PG_PORT" SHARED_LAKE_S3_PORT="$S3_PORT"
"$ROOT/scripts/shared-lake.sh" start "$SERVERS" >/dev/null
trap '"$ROOT/scripts/shared-lake.sh" stop "$SERVERS" 2>/dev/null; rm -rf "$WORK/lake" "$SERVERS/s3/testbed/bench"' EXIT
eval "$("$ROOT/scripts/shared-lake.sh" env "$SERVERS")"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
PG_BIN="${PG_BIN:-$(dirname "$(command -v psql)")}"
rm -rf "$WORK"
mkdir -p "$WORK/logs"

# Each build runs in the reactor with the plugin module (-am, its tests and ITs skipped), so it never depends on
# what another checkout installed into ~/.m2 meanwhile; "maven total" includes building the plugin module.
COMMON=(-o -B -pl testbed-project -am verify -Dmaven.test.skip=true -Dinvoker.skip=true "-Dtestbed.scale=$SCALE" "-Dtestbed.dataDirectory=$WORK/data")
# a fresh, empty lake of each kind for every build
build() { # kind round
  local kind="$1" round="$2" log="$WORK/logs/$1-$2.log"
  rm -rf "$WORK/lake"
  if [[ "$kind" == local ]]; then
    ./mvnw "${COMMON[@]}" "-Dtestbed.catalog=$WORK/lake/warehouse.ducklake" "-Dtestbed.dataPath=$WORK/lake/data/" \
      "-Dtestbed.outputDirectory=$WORK/out-local" >"$log" 2>&1
  else
    "$PG_BIN/dropdb" -h 127.0.0.1 -p "$PG_PORT" -U testbed --if-exists bench
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U testbed bench
    rm -rf "$SERVERS/s3/testbed/bench"
    ./mvnw "${COMMON[@]}" -Pshared-lake "-Dtestbed.catalog=postgres:dbname=bench host=127.0.0.1 port=$PG_PORT user=testbed" \
      "-Dtestbed.dataPath=s3://testbed/bench/" "-Dtestbed.s3.endpoint=127.0.0.1:$S3_PORT" \
      "-Dtestbed.outputDirectory=$WORK/out-shared" >"$log" 2>&1
  fi || true
  echo "$log"
}
# seconds of each stage from a build log: generate load models tests total
stages() {
  awk '
    /Generated [0-9,]+ rows in/            { for (i = 1; i <= NF; i++) if ($i == "in") { g = $(i + 1); break } }
    /Data is up to date/                   { g = "-" }
    /Loaded [0-9,]+ rows in/               { for (i = 1; i <= NF; i++) if ($i == "in") { l = $(i + 1); break } }
    /Finished running .* models? in/       { for (i = 1; i <= NF; i++) if ($i == "in") { m = $(i + 1); break } }
    /Finished running [0-9]+ data tests in/ { for (i = 1; i <= NF; i++) if ($i == "in") { t = $(i + 1); break } }
    /Total time:/                          { total = $(NF - 1); if ($NF == "min") { split($(NF - 1), p, ":"); total = p[1] * 60 + p[2] } }
    END { print g, l, m, t, total }' "$1"
}

echo "bench: generating $SALES sales (scale $SCALE) once" >&2
./mvnw -o -B -pl testbed-project -am generate-resources -Dmaven.test.skip=true "-Dtestbed.scale=$SCALE" "-Dtestbed.dataDirectory=$WORK/data" >"$WORK/logs/generate.log" 2>&1 \
  || { cat "$WORK/logs/generate.log" >&2; exit 1; }

: > "$WORK/times.txt"
for round in $(seq 1 "$RUNS"); do
  for kind in local shared; do
    echo "bench: round $round, $kind build" >&2
    log="$(build "$kind" "$round")"
    grep -q 'BUILD SUCCESS' "$log" || { tail -40 "$log" >&2; echo "bench: the $kind build failed; see $log" >&2; exit 1; }
    echo "$kind $(stages "$log")" >> "$WORK/times.txt"
  done
done

OUT="$BENCH/target/shared-lake-$SALES.txt"
{
  echo "Sample build at $SALES sales ($(nproc) cores, $RUNS rounds; same data, fresh lake per build): seconds, best / median"
  echo
  printf '| %-16s | %17s | %17s | %13s |\n' "stage" "local (file + disk)" "PostgreSQL + s3proxy" "shared / local"
  printf '|%s|%s|%s|%s|\n' "------------------" "--------------------:" "---------------------:" "---------------:"
  awk '
    function sort(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t } }
    { kind = $1; for (s = 3; s <= 6; s++) { n[kind, s]++; v[kind, s, n[kind, s]] = $s } }
    END {
      split("load-ducklake run-models verify-metrics maven_total", names, " ")
      for (s = 3; s <= 6; s++) {
        col = s
        for (k = 1; k <= 2; k++) {
          kind = (k == 1 ? "local" : "shared"); c = n[kind, col]
          for (i = 1; i <= c; i++) x[i] = v[kind, col, i] + 0
          sort(x, c); best[kind] = x[1]; med[kind] = x[int((c + 1) / 2)]
        }
        printf "| %-16s | %8.2f / %6.2f | %8.2f / %7.2f | %6.2f / %5.2f |\n", names[s - 2], best["local"], med["local"], best["shared"], med["shared"],
          best["shared"] / (best["local"] > 0 ? best["local"] : 1), med["shared"] / (med["local"] > 0 ? med["local"] : 1)
      }
    }' "$WORK/times.txt"
  echo
  echo "generate-data ran once beforehand (the builds find the data up to date): $(grep -h 'Generated' "$WORK/logs/generate.log" 2>/dev/null | sed 's/.*Generated/Generated/' || true)"
} | tee "$OUT"
