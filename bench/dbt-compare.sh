#!/usr/bin/env bash
# Does dbt itself build the sample project to the same tables? Builds the sample warehouse with the
# plugin, copies the lake, runs dbt-duckdb on the unchanged models/ and macros/ into schema dbt of the
# copy, and compares every relation with the plugin's (rows, both directions, and column types).
set -euo pipefail
usage() {
  cat >&2 <<'USAGE'
usage: bench/dbt-compare.sh
  Needs a venv with dbt (made here on first use from PyPI: dbt-core==1.11.4 dbt-duckdb==1.11.1 duckdb==1.5.5,
  or point BENCH_DBT at a dbt executable). Works under bench/target/dbt-compare; prints one line per model.
USAGE
}
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { usage; exit 0; }
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
VENV="$BENCH/target/dbt-venv"
DBT="${BENCH_DBT:-$VENV/bin/dbt}"
if [[ ! -x "$DBT" ]]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet dbt-core==1.11.4 dbt-duckdb==1.11.1 duckdb==1.5.5
fi
PYTHON="$(dirname "$DBT")/python"

(cd "$ROOT" && ./mvnw -q -pl testbed-project -am package -DskipTests)
WORK="$BENCH/target/dbt-compare"
rm -rf "$WORK" && mkdir -p "$WORK"
cp -r "$ROOT/testbed-project/dbt_project.yml" "$ROOT/testbed-project/models" "$ROOT/testbed-project/macros" "$WORK/"
cp -r "$ROOT/testbed-project/target/lake" "$WORK/lake"
# the data tests (verify-metrics) use generic tests dbt only has with packages (dbt_utils, ...); this compares
# models only, so leave every data_tests: block out of dbt's copy
"$PYTHON" - "$WORK/models" <<'PY'
import pathlib, re, sys
for path in pathlib.Path(sys.argv[1]).rglob("*.yml"):
    out, skip = [], None
    for line in path.read_text().splitlines(keepends=True):
        indent = len(line) - len(line.lstrip())
        if skip is not None and (not line.strip() or indent > skip):
            continue
        skip = indent if re.match(r"\s*(data_)?tests:", line) else None
        if skip is None:
            out.append(line)
    path.write_text("".join(out))
PY
cat > "$WORK/profiles.yml" <<YAML
testbed_retail:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: ":memory:"
      threads: 2
      attach:
        - path: "ducklake:$WORK/lake/warehouse.ducklake"
          alias: lake
      database: lake
      schema: dbt
YAML
(cd "$WORK" && DBT_SEND_ANONYMOUS_USAGE_STATS=False DBT_PROFILES_DIR="$WORK" "$DBT" run --profile testbed_retail | tail -3)

"$PYTHON" - "$WORK/lake/warehouse.ducklake" "$WORK/models" <<'PY'
import duckdb, pathlib, sys
catalog, models = sys.argv[1], pathlib.Path(sys.argv[2])
c = duckdb.connect()
c.execute("SET autoinstall_known_extensions = false")
c.execute("LOAD ducklake")
c.execute(f"ATTACH 'ducklake:{catalog}' AS lake (READ_ONLY)")
def columns(schema, table):
    return c.execute("SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) FROM information_schema.columns "
                     "WHERE table_catalog = 'lake' AND table_schema = ? AND table_name = ?", [schema, table]).fetchone()[0]
differ = 0
for name in sorted(p.stem for p in models.rglob("*.sql")):
    rows = c.execute(f"SELECT count(*) FROM lake.main.{name}").fetchone()[0]
    only_ours = c.execute(f"SELECT count(*) FROM (SELECT * FROM lake.main.{name} EXCEPT ALL SELECT * FROM lake.dbt.{name})").fetchone()[0]
    only_dbt = c.execute(f"SELECT count(*) FROM (SELECT * FROM lake.dbt.{name} EXCEPT ALL SELECT * FROM lake.main.{name})").fetchone()[0]
    same_types = columns("main", name) == columns("dbt", name)
    differ += only_ours + only_dbt + (0 if same_types else 1)
    print(f"{name:18} {rows:>10,} rows  only in ours {only_ours}  only in dbt's {only_dbt}  column types {'equal' if same_types else 'DIFFER'}")
print("identical" if differ == 0 else "DIFFERENT")
sys.exit(1 if differ else 0)
PY
