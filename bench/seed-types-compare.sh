#!/usr/bin/env bash
# Does the plugin type seed columns as dbt-duckdb does? Writes CSV files of random tricky cells (numbers with signs,
# currency, percent, underscores, exponents; dates and datetimes in and out of dbt's formats; booleans; nulls), then
# prints each column's type as dbt's agate inference and dbt-duckdb's mapping give it, and as the plugin gives it,
# and lists every column where they differ.
set -euo pipefail
usage() {
  cat >&2 <<'USAGE'
usage: bench/seed-types-compare.sh [ROUNDS]   (default 8 files of 400 columns)
  Needs a venv with dbt (made here on first use from PyPI: dbt-core==1.11.4 dbt-duckdb==1.11.1 duckdb==1.5.5,
  or point BENCH_DBT at a dbt executable). Works under bench/target/seed-types; exits 1 on any difference.
USAGE
}
[[ "${1:-}" == -h || "${1:-}" == --help ]] && { usage; exit 0; }
ROUNDS="${1:-8}"
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
VENV="$BENCH/target/dbt-venv"
DBT="${BENCH_DBT:-$VENV/bin/dbt}"
if [[ ! -x "$DBT" ]]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet dbt-core==1.11.4 dbt-duckdb==1.11.1 duckdb==1.5.5
fi
PYTHON="$(dirname "$DBT")/python"
(cd "$ROOT" && ./mvnw -q -pl testbed-maven-plugin compile)
WORK="$BENCH/target/seed-types"
rm -rf "$WORK" && mkdir -p "$WORK"
differences=0
for round in $(seq 1 "$ROUNDS"); do
  "$PYTHON" - "$WORK/r$round.csv" "$round" <<'PY'
import csv, random, sys
random.seed(int(sys.argv[2]))
atoms = ['1', '007', '-3', '+5', '1.0', '1.50', '.5', '5.', '1e3', '2.5e-1', '1E+2', 'NaN', 'inf', 'sNaN', '1_000', '1__0', '$1',
         '€2.5', '5%', '-$3', '$-3', '1,000', '1,000.25', ' 7 ', '', 'null', 'NULL', 'true', 'FALSE', ' True ', 't', 'yes', ',',
         '0', '0.000', '100', '9999999999', '١٢', '2024-01-02', '2024-1-2', '2024-02-30', '24-01-02', '2024-01-02 03:04:05',
         '2024-01-02 3:4:5', '2024-01-02  03:04:05', '2024-01-02 03:04', '2024-01-02T03:04:05', '2024-01-02T03:04:05Z',
         '20240102T0304', '2024-W01-1T00:00', '2024-002T03:04', '2024-01-02T25:00', '2024-01-02T03:0405', '12:30', 'abc',
         '1-2', '--5', '1.2.3', '0x10', '1e', '.', '-']
columns, rows = 400, int(sys.argv[2]) % 3 + 1
with open(sys.argv[1], 'w', newline='') as f:
    out = csv.writer(f)
    out.writerow([f'c{i}' for i in range(columns)])
    out.writerows([[random.choice(atoms) for _ in range(columns)] for _ in range(rows)])
PY
  "$PYTHON" - "$WORK/r$round.csv" > "$WORK/r$round.dbt" <<'PY'
import sys, warnings
import agate
from dbt.adapters.duckdb.impl import DuckDBAdapter
from dbt_common.clients.agate_helper import from_csv
warnings.simplefilter('ignore')
table = from_csv(sys.argv[1], [])
for i, name in enumerate(table.column_names):
    print(name, DuckDBAdapter.convert_type(table, i))
PY
  java -cp "$ROOT/testbed-maven-plugin/target/classes" "$BENCH/src/dev/testbed/bench/SeedTypesPrinter.java" "$WORK/r$round.csv" > "$WORK/r$round.plugin"
  n=$(diff "$WORK/r$round.dbt" "$WORK/r$round.plugin" | grep -c '^<' || true)
  echo "round $round: $(wc -l < "$WORK/r$round.dbt") columns, $n typed differently (diff $WORK/r$round.dbt $WORK/r$round.plugin)"
  differences=$((differences + n))
done
[[ "$differences" -eq 0 ]]
