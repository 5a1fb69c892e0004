#!/usr/bin/env python3
"""Exact alternatives to the sample's costliest SQL, timed against it on a built sample lake (issue 15).

usage: python3 bench/model-variants.py [ROUNDS]     (default 5; needs the duckdb package, 1.5.5 like the plugin)

Build the 10 M sample first (cd testbed-project && ../mvnw -o verify -Dtestbed.scale=100). Each variant runs as
CREATE OR REPLACE TABLE memory.x AS ... (the lake is attached read-only), all variants in alternation round by round in
one process, so a machine whose speed drifts affects them alike. Prints CPU seconds (user + sys of this process, which
include DuckDB's threads) as median [min-max] and checks that every variant of a group gives the same table as the
first one (row count and order-independent sum of row hashes); a variant that differs is reported and not timed.
"""
import os
import resource
import statistics
import sys

import duckdb

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAKE = os.path.join(ROOT, "testbed-project", "target", "lake", "warehouse.ducklake")
COMPILED = os.path.join(ROOT, "testbed-project", "target", "testbed", "compiled", "testbed_retail", "models", "metrics")
SALES = "lake.main.stg_sales"


def model(name):
    with open(os.path.join(COMPILED, name + ".sql")) as f:
        return f.read()


GROUPS = {
    "product_metrics": [
        ("as written", lambda: model("product_metrics")),
        # needs column statistics for the bounds (DuckLake keeps them); fails, never miscounts, without them
        ("stores_sold_in by bitstring_agg", lambda: model("product_metrics").replace(
            "count(distinct store_id)", "bit_count(bitstring_agg(store_id))")),
    ],
    "distinct customers by product": [
        ("count(distinct)", lambda: f"select product_id, count(distinct customer_id) c from {SALES} group by product_id"),
        ("len(list_distinct(list()))", lambda: f"select product_id, len(list_distinct(list(customer_id))) c from {SALES} group by product_id"),
        ("distinct pairs, then count", lambda: f"select product_id, count(*) c from (select distinct product_id, customer_id from {SALES}) group by product_id"),
        ("distinct packed key, then count", lambda: f"select k >> 32 as product_id, count(*) c from (select distinct (product_id << 32) | customer_id as k from {SALES}) group by all"),
    ],
    "distinct customers by store": [
        ("count(distinct)", lambda: f"select store_id, count(distinct customer_id) c from {SALES} group by store_id"),
        # one bit per customer per store: 31 MB at 10 M sales, about 1 GB at 100 M, not spillable
        ("bitstring_agg", lambda: f"select store_id, bit_count(bitstring_agg(customer_id)) c from {SALES} group by store_id"),
    ],
    "customer_metrics": [
        ("as written", lambda: model("customer_metrics")),
        # customer_id spans 19 bits at 10 M sales: DuckDB then aggregates into a perfect hash table
        ("perfect_ht_threshold = 20", lambda: model("customer_metrics")),
    ],
    "store_metrics": [
        ("as written", lambda: model("store_metrics")),
        ("perfect_ht_threshold = 20", lambda: model("store_metrics")),
    ],
}


def cpu_seconds(con, sql):
    before = resource.getrusage(resource.RUSAGE_SELF)
    con.execute(f"CREATE OR REPLACE TABLE memory.x AS {sql}")
    after = resource.getrusage(resource.RUSAGE_SELF)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    if not os.path.exists(LAKE):
        sys.exit(f"bench: no sample lake at {LAKE}; build it first: cd testbed-project && ../mvnw -o verify -Dtestbed.scale=100")
    con = duckdb.connect()
    con.execute("LOAD ducklake")
    con.execute(f"ATTACH 'ducklake:{LAKE}' AS lake (READ_ONLY)")
    times, wrong = {}, set()
    for round_no in range(rounds):
        for group, variants in GROUPS.items():
            expected = None
            for name, sql in variants:
                con.execute("SET perfect_ht_threshold = 20" if "perfect_ht" in name else "RESET perfect_ht_threshold")
                seconds = cpu_seconds(con, sql())
                table = con.execute("SELECT count(*), sum(hash(x)) FROM memory.x x").fetchone()
                expected = expected or table
                if table != expected:
                    wrong.add((group, name))
                times.setdefault((group, name), []).append(seconds)
        print(f"round {round_no + 1} of {rounds} done", file=sys.stderr)
    con.execute("RESET perfect_ht_threshold")
    for (group, name), values in times.items():
        if (group, name) in wrong:
            print(f"{group:30} {name:34} DIFFERENT TABLE")
        else:
            print(f"{group:30} {name:34} {statistics.median(values):5.2f} [{min(values):.2f}-{max(values):.2f}] CPU s")


if __name__ == "__main__":
    main()
