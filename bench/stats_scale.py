"""Benchmark: a monthly series over 1,000,000 synthetic incidents on SQLite (target <= 0.5 s).

Builds the `incident_facts` tables of civmon.stats.sql in a fresh SQLite file (the same tables
`civmon stats` keeps beside a store) from a seeded generator, then times `sql_series` by month: all
incidents, one belligerent (rolled up), one country. Prints the build time, each query's best of
--repeat runs, and a check that the SQL sums equal a Python recount of the generated rows.

    .venv/bin/python bench/stats_scale.py [--n 1000000] [--db /tmp/stats_scale.db] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text

from civmon.models import GRADES, LIKELY_GRADES
from civmon.stats.figures import METRICS, IncidentFacts, rolled_up
from civmon.stats.sql import TOTALS, ensure_tables, reaggregate, sql_series, write_facts

COUNTRIES = ("SY", "IQ", "YE", "LY", "SO")
BELLIGERENTS = ("united-states", "united-kingdom", "france", "russia", "syrian-government", "turkey", "israel",
                "saudi-arabia", "united-arab-emirates", "iraq")
ADMIN1 = tuple(f"Province {i}" for i in range(12))


def generate(n: int, *, seed: int) -> list[IncidentFacts]:
    """n incidents over 10 years in 5 countries, 1-2 belligerents each, Airwars-like figure ranges."""
    rng = random.Random(seed)
    first = date(2014, 1, 1)
    span = (date(2023, 12, 31) - first).days
    out = []
    for i in range(n):
        lo = rng.choice((0, 0, 1, 1, 2, 3, 5, 8, 13, 40))
        hi = lo + rng.randrange(0, 6)
        inj = rng.randrange(0, 10)
        values = [lo, hi, inj, inj + rng.randrange(0, 3), lo // 3, hi // 3, lo // 4, hi // 4,
                  rng.choice((0, 0, 0, lo)), rng.choice((0, 0, 0, hi)), 0, 0]
        assert len(values) == 2 * len(METRICS)
        who = rng.sample(BELLIGERENTS, rng.choice((1, 1, 1, 2)))
        out.append(IncidentFacts(code=f"B-{i:07d}", day=first + timedelta(days=rng.randrange(span + 1)),
                                 country=rng.choice(COUNTRIES), admin1=rng.choice(ADMIN1),
                                 grade=rng.choice(GRADES), belligerents=rolled_up(who), values=tuple(values)))
    return out


def main() -> None:
    """Build, time, check, print."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--db", default="/tmp/civmon_stats_scale.db")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--reuse", action="store_true", help="Keep the tables of an earlier run with the same --n/--seed.")
    args = ap.parse_args()
    path = Path(args.db)
    if not args.reuse:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{path}")
    t0 = time.perf_counter()
    facts = generate(args.n, seed=args.seed)
    t1 = time.perf_counter()
    print(f"generated {args.n:,} incidents in {t1 - t0:.1f} s")
    if args.reuse:
        print(f"reusing the tables in {path}")
    else:
        build(engine, facts, t1=t1, path=path)
    run_queries(engine, facts, repeat=args.repeat)
    update_some(engine, facts, seed=args.seed)


def build(engine: Engine, facts: list[IncidentFacts], *, t1: float, path: Path) -> None:
    """Write the facts and totals tables."""
    with engine.begin() as conn:
        ensure_tables(conn)
        days: set[str] = set()
        for i in range(0, len(facts), 50_000):
            days |= write_facts(conn, facts[i:i + 50_000], aggregate=False)
        t_agg = time.perf_counter()
        reaggregate(conn, days)
    with engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    t2 = time.perf_counter()
    print(f"wrote incident_facts in {t2 - t1:.1f} s "
          f"(of which the totals tables {t2 - t_agg:.1f} s) ({path.stat().st_size / 1e6:.0f} MB)")


def run_queries(engine: Engine, facts: list[IncidentFacts], *, repeat: int) -> None:
    """Time the series and check them against the generated rows."""
    queries: dict[str, dict[str, Any]] = {"all incidents": {}, "belligerent us-led-coalition (rolled up)": {"belligerent": "us-led-coalition"},
               "country SY": {"country": "SY"}, "belligerent russia, country SY, 2017": {
                   "belligerent": "russia", "country": "SY", "start": date(2017, 1, 1), "end": date(2017, 12, 31)},
               "admin-1 Province 3": {"admin1": "Province 3"},
               "2017-01-15 to 2018-06-10 (not month-aligned: daily totals)": {
                   "start": date(2017, 1, 15), "end": date(2018, 6, 10)}}
    weekly: dict[str, dict[str, Any]] = {"weekly, all incidents (daily totals)": {}}
    results = {}
    with engine.connect() as conn:
        for totals in TOTALS:
            n = conn.execute(text(f"SELECT count(*) FROM {totals.table.name}")).scalar()
            print(f"  {totals.table.name}: {n:,} rows")
        for by, batch in (("month", queries), ("week", weekly)):
            for name, kw in batch.items():
                best = float("inf")
                for _ in range(repeat):
                    s = time.perf_counter()
                    rows = sql_series(conn, by=by, **kw)
                    best = min(best, time.perf_counter() - s)
                results[name] = rows
                verdict = "OK" if best <= 0.5 else "OVER TARGET"
                print(f"{by}ly series, {name}: {len(rows)} {by}s in {best:.3f} s (best of {repeat}) [{verdict}]")
    rows = results["all incidents"]
    want_all = sum(f.values[0] for f in facts)
    want_likely = sum(f.values[0] for f in facts if f.grade in LIKELY_GRADES)
    got_all = sum(r["all"]["civilians_killed_min"] for r in rows)
    got_likely = sum(r["likely"]["civilians_killed_min"] for r in rows)
    print(f"check: civilians killed (min) all {got_all:,} vs generated {want_all:,}; likely {got_likely:,} vs "
          f"{want_likely:,}: {'equal' if (got_all, got_likely) == (want_all, want_likely) else 'DIFFERENT'}")
    coalition = sum(1 for f in facts if "us-led-coalition" in f.belligerents)
    got = sum(r["all"]["incidents"] for r in results["belligerent us-led-coalition (rolled up)"])
    print(f"check: us-led-coalition incidents {got:,} vs generated {coalition:,}: "
          f"{'equal' if got == coalition else 'DIFFERENT'}")


def update_some(engine: Engine, facts: list[IncidentFacts], *, seed: int, n: int = 1000) -> None:
    """Regrade n incidents (as after an analyst pass) and time keeping the totals tables up to date (rolled back)."""
    rng = random.Random(seed + 1)
    picked = rng.sample(range(len(facts)), n)
    changed = [replace(facts[i], grade="Confirmed") for i in picked]
    updated = list(facts)
    for i, f in zip(picked, changed, strict=True):
        updated[i] = f
    want = sum(f.values[0] for f in updated if f.grade in LIKELY_GRADES)
    with engine.connect() as conn:
        tx = conn.begin()
        s = time.perf_counter()
        write_facts(conn, changed)
        took = time.perf_counter() - s
        rows = sql_series(conn, by="month")
        tx.rollback()  # leave the tables as built, so --reuse stays valid
    got = sum(r["likely"]["civilians_killed_min"] for r in rows)
    print(f"update: {n:,} incidents regraded and every totals table brought up to date in {took:.2f} s; "
          f"likely minimum now {got:,} vs recount {want:,}: {'equal' if got == want else 'DIFFERENT'}")


if __name__ == "__main__":
    main()
