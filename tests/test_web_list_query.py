"""The public list query: every filter and page agrees with a plain Python filter over the same snapshots, and
older stores gain the list index (the superseded one dropped)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect

from civmon.store import Store, open_store
from civmon.store import web_tables as wt

COUNTRIES = ("SY", "IQ", "YE")
BELLIGERENTS = ("russia", "israel", "us-led-coalition")
GRADES = ("Weak", "Fair", "Contested")
ADMIN1 = ("Aleppo", "Ninewa", None)


def snapshot(i: int, rng: random.Random) -> wt.Snapshot:
    """A small published incident; every tenth one undated."""
    day = None if i % 10 == 0 else f"20{rng.randrange(15, 18)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    cc = rng.choice(COUNTRIES)
    code = f"{cc}-{i:04d}"
    month = day[:7] if day else "0000-00"
    admin1 = rng.choice(ADMIN1)
    lo = rng.randrange(0, 30)
    bel = tuple(rng.sample(BELLIGERENTS, rng.randrange(0, 3)))
    words = f"{code} place{i % 7} {admin1 or ''} {' '.join(bel)}".lower()
    return wt.Snapshot(code=code, data={"code": code}, summary={"code": code}, country=cc, admin1=admin1, month=month,
                       sort_key=f"{day or '0000-00-00'}|{code}", grade=rng.choice(GRADES), deaths_min=lo,
                       deaths_max=lo + 3, search=words, belligerents=bel, doc_ids=(), names_public=False)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, list[wt.Snapshot]]]:
    store = open_store(str(tmp_path_factory.mktemp("list") / "l.db"))
    rng = random.Random(3)
    snaps = [snapshot(i, rng) for i in range(300)]
    with store.transaction() as conn:
        for s in snaps:
            wt.put_snapshot(conn, s, now="2024-01-01T00:00:00+00:00", release_no=1)
    yield store, snaps
    store.close()


def expected(snaps: list[wt.Snapshot], f: wt.ListFilter) -> list[str]:
    """The sort keys a filter should give, newest first (the reference the SQL must match)."""
    def keep(s: wt.Snapshot) -> bool:
        return ((f.start_month is None or s.month >= f.start_month) and (f.end_month is None or s.month <= f.end_month)
                and (f.country is None or s.country == f.country.upper())
                and (f.admin1 is None or (s.admin1 or "").lower() == f.admin1.lower() and s.admin1 is not None)
                and (f.grade is None or s.grade == f.grade)
                and (f.min_deaths is None or s.deaths_min >= f.min_deaths)
                and (f.q is None or f.q.lower() in s.search) and (f.belligerent is None or f.belligerent in s.belligerents))
    return sorted((s.sort_key for s in snaps if keep(s)), reverse=True)


MONTHS = st.sampled_from([None, "0000-00", "2015-01", "2015-06", "2016-02", "2016-12", "2017-12", "2018-01"])
FILTERS = st.builds(wt.ListFilter, start_month=MONTHS, end_month=MONTHS,
                    belligerent=st.sampled_from([None, *BELLIGERENTS, "nobody"]),
                    country=st.sampled_from([None, "sy", "IQ", "FR"]), admin1=st.sampled_from([None, "aleppo", "Ninewa"]),
                    grade=st.sampled_from([None, *GRADES]), min_deaths=st.sampled_from([None, 0, 10, 29, 40]),
                    q=st.sampled_from([None, "place3", "russia", "sy-00", "50%_", "zz"]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=FILTERS, limit=st.integers(1, 40))
def test_list_pages_match_a_python_filter(published: tuple[Store, list[wt.Snapshot]], f: wt.ListFilter,
                                          limit: int) -> None:
    store, snaps = published
    want = expected(snaps, f)
    got: list[str] = []
    after: str | None = None
    with store.engine.connect() as conn:
        while True:
            page = wt.list_published(conn, f, after=after, limit=limit)
            got += [k for k, _ in page]
            if len(page) < limit:
                break
            after = page[-1][0]
    assert got == want


def test_old_stores_gain_the_list_index(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "old.db"))
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX ix_web_published_list")
        conn.exec_driver_sql("CREATE INDEX ix_web_published_sort ON web_published (sort_key)")
    wt.ensure_tables(store.engine)
    with store.engine.connect() as conn:
        names = {i["name"] for i in inspect(conn).get_indexes("web_published")}
        plan: Any = conn.exec_driver_sql("EXPLAIN QUERY PLAN SELECT p.sort_key, p.summary FROM web_published p "
                                         "WHERE p.grade = 'Fair' ORDER BY p.sort_key DESC LIMIT 5").all()
    assert "ix_web_published_list" in names and "ix_web_published_sort" not in names
    assert "ix_web_published_list" in " ".join(str(r[-1]) for r in plan)
    store.close()
