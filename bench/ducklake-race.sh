#!/usr/bin/env bash
# Reproduces DuckLake 1.5.5's race between concurrent transactions of one DuckDB (duckdb/ducklake#1248) the way
# concurrent builds met it, and shows that the plugin's worker DuckDBs avoid it. Run it again after upgrading
# DuckDB: if mode "shared" survives too, Lake.openWorkerConnections may go back to plain connections.
set -euo pipefail
usage() {
  cat >&2 <<'USAGE'
usage: bench/ducklake-race.sh [SECONDS]      (default 150)
  Builds the plugin, starts PostgreSQL (scripts/shared-lake.sh, in bench/target/race-servers), then for each
  mode runs 2 processes of bench/src/.../DuckLakeRace.java with 4 workers each against one new PostgreSQL-
  catalog lake for SECONDS: every worker rebuilds a table, a view and a table from the view per transaction,
  commits serialized within each process as run-models does.
    shared  workers are connections to the lake's own DuckDB (how run-models worked until this change)
    own     workers come from Lake.openWorkerConnections: a DuckDB each (how it works now)
  Prints per process: exit code (134 = the JVM crashed), seconds it ran, commits, lost commits, other errors.
  Saves bench/target/ducklake-race.txt; stops the server at the end.
USAGE
}
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { usage; exit 0; }
SECONDS_EACH="${1:-150}"
[[ "$SECONDS_EACH" =~ ^[1-9][0-9]*$ && $# -le 1 ]] || { usage; exit 2; }
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
SERVERS="$BENCH/target/race-servers"
WORK="$BENCH/target/race-work"
PG_PORT="${SHARED_LAKE_PG_PORT:-55433}"
CP="$("$BENCH/build.sh")"
export SHARED_LAKE_PG_PORT="$PG_PORT" SHARED_LAKE_S3_PORT="${SHARED_LAKE_S3_PORT:-9098}"
"$ROOT/scripts/shared-lake.sh" start "$SERVERS" >/dev/null
trap '"$ROOT/scripts/shared-lake.sh" stop "$SERVERS" 2>/dev/null; rm -rf "$WORK"' EXIT
eval "$("$ROOT/scripts/shared-lake.sh" env "$SERVERS")"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
PG_BIN="${PG_BIN:-$(dirname "$(command -v psql)")}"
rm -rf "$WORK"
mkdir -p "$WORK"
OUT="$BENCH/target/ducklake-race.txt"
{
  echo "# bench/ducklake-race.sh $SECONDS_EACH on $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
  for mode in shared own; do
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U testbed "race_$mode"
    pids=()
    for process in a b; do
      (
        start=$(date +%s)
        cd "$WORK"   # a crash leaves its hs_err file here
        set +e
        java -XX:-CreateCoredumpOnCrash -cp "$CP" dev.testbed.bench.DuckLakeRace "$mode" "postgres:dbname=race_$mode host=127.0.0.1 port=$PG_PORT user=testbed" \
          "$WORK/data-$mode/" 4 "$SECONDS_EACH" "$process" >"$WORK/$mode-$process.out" 2>"$WORK/$mode-$process.err"
        code=$?
        if [[ $code == 0 ]]; then result="$(tail -n 1 "$WORK/$mode-$process.out")"
        else result="crashed in $(grep -A1 'Problematic frame' "$WORK/$mode-$process.out" | tail -n 1 | sed 's/^# *//')"; fi
        echo "$mode process $process: exit $code after $(( $(date +%s) - start )) s; $result"
      ) &
      pids+=($!)
      sleep 0.5
    done
    wait "${pids[@]}"
  done
  echo "JVM crash reports: $(ls "$WORK"/hs_err_pid*.log 2>/dev/null | wc -l)"
} | tee "$OUT"
