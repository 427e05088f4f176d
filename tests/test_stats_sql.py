"""The SQL path (incident_facts + GROUP BY) gives exactly the numbers of the Python path, and stays up to date."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civmon.models import Count, Grade, Incident, Place, Span
from civmon.stats import IncidentFacts, series
from civmon.stats.sql import refresh_facts, store_series
from civmon.store import Store, open_store

S = Span(0, 1)


def incident(code: str, day: str, *, grade: str = "Fair", who: tuple[str, ...] = ("united-states",),
             country: str = "SY", admin1: str | None = "Raqqa", **figures: tuple[int | None, int | None]) -> Incident:
    g: Any = grade
    d = date.fromisoformat(day)
    place = Place(name="Town", country=country, precision="town", span=S, admin1=admin1)
    return Incident(code=code, claims=(), country=country, earliest=d, latest=d, place=place, belligerents=who,
                    figures={k: Count(v[0], v[1], "w", S) for k, v in figures.items()}, grade=Grade(g, "test"))


INCIDENTS = [
    incident("SY-1", "2017-01-03", civilians_killed=(5, 8), civilians_injured=(1, 3)),
    incident("SY-2", "2017-01-20", grade="Weak", killed=(2, 2), who=("russia",)),
    incident("SY-3", "2017-03-02", grade="Confirmed", who=("united-states", "sdf"), civilians_killed=(10, 12),
             children_killed=(3, 4), women_killed=(1, None)),
    incident("IQ-4", "2017-04-10", country="IQ", admin1="Nineveh", civilians_killed=(1, 1)),
    incident("SY-5", "2018-02-10", grade="Contested", who=("russia", "syrian-government"), killed=(6, None)),
]


def save(store: Store, incidents: list[Incident]) -> None:
    with store.transaction() as conn:
        for i in incidents:
            store.save_incident(conn, i)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(str(tmp_path / "s.db"))
    save(s, INCIDENTS)
    return s


@pytest.mark.parametrize("by", ["day", "week", "month", "year"])
@pytest.mark.parametrize("kwargs", [
    {}, {"belligerent": "us-led-coalition"}, {"belligerent": "russia"}, {"country": "sy"}, {"admin1": "nineveh"},
    {"start": date(2016, 12, 1), "end": date(2017, 5, 31)}, {"belligerent": "nobody"},
    {"start": date(2017, 1, 4), "end": date(2017, 3, 2)},  # not month-aligned: the daily totals answer
    {"admin1": "raqqa", "belligerent": "us-led-coalition"},  # no totals table fits: the facts rows answer
    {"admin1": "raqqa", "start": date(2017, 1, 1), "country": "SY"}, {"belligerent": "sdf", "country": "SY"},
])
def test_sql_series_equals_python_series(store: Store, by: str, kwargs: dict[str, Any]) -> None:
    assert store_series(store, by=by, **kwargs) == series(store.incidents(), by=by, **kwargs)


def test_refresh_follows_changes_and_is_incremental(store: Store) -> None:
    assert refresh_facts(store) == len(INCIDENTS)
    assert refresh_facts(store) >= 0  # only the incidents saved in the watermark's second again
    save(store, [incident("SY-6", "2017-01-05", civilians_killed=(100, 100))])
    with store.transaction() as conn:
        store.mark_merged(conn, "SY-2", into="SY-1")
    got = store_series(store, by="month")
    assert got == series(store.incidents(), by="month")
    assert got[0]["all"]["civilians_killed_min"] == 105 and got[0]["all"]["incidents"] == 2


pair = st.tuples(st.integers(0, 30), st.integers(0, 30)).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.dates(date(2015, 1, 1), date(2016, 12, 31)),
                          st.sampled_from(["Confirmed", "Fair", "Weak", "Contested", "Discounted"]), pair,
                          st.sampled_from([("russia",), ("france",), ("france", "russia"), ()])), max_size=15),
       st.sampled_from(["week", "month", "year"]))
def test_sql_equals_python_on_random_stores(tmp_path_factory: pytest.TempPathFactory,
                                            rows: list[Any], by: str) -> None:
    s = open_store(str(tmp_path_factory.mktemp("h") / "h.db"))
    incs = [incident(f"H-{n}", d.isoformat(), grade=g, who=w, civilians_killed=ck) for n, (d, g, ck, w) in
            enumerate(rows)]
    save(s, incs)
    for who in (None, "us-led-coalition", "russia"):
        assert store_series(s, by=by, belligerent=who) == series(incs, by=by, belligerent=who)
    s.close()


fact = st.builds(
    lambda n, day, grade, lo, extra, who, admin: IncidentFacts(
        code=f"F{n}", day=day, country="SY", admin1=admin, grade=grade, belligerents=who,
        values=(lo, lo + extra, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
    st.integers(0, 12), st.dates(date(2016, 1, 1), date(2016, 4, 30)),
    st.sampled_from(["Confirmed", "Fair", "Weak", "Contested", "Discounted"]), st.integers(0, 9), st.integers(0, 5),
    st.sampled_from([(), ("russia",), ("france", "us-led-coalition"), ("russia", "france", "us-led-coalition")]),
    st.sampled_from([None, "Hama", "Idlib"]))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(fact, max_size=6), min_size=1, max_size=5))
def test_updates_by_difference_equal_a_rebuild_and_the_python_path(batches: list[list[IncidentFacts]]) -> None:
    from sqlalchemy import create_engine

    from civmon.stats.sql import ensure_tables, reaggregate, sql_series, write_facts

    engine = create_engine("sqlite://")
    current: dict[str, IncidentFacts] = {}
    with engine.begin() as conn:
        ensure_tables(conn)
        for batch in batches:
            unique = {f.code: f for f in batch}
            write_facts(conn, list(unique.values()))
            current.update(unique)
        facts = list(current.values())
        queries: list[dict[str, Any]] = [{}, {"belligerent": "us-led-coalition"}, {"belligerent": "russia"},
                                         {"admin1": "hama"}, {"start": date(2016, 2, 1), "end": date(2016, 3, 31)}]
        for by in ("day", "week", "month", "year"):
            for kw in queries:
                assert sql_series(conn, by=by, **kw) == series(facts, by=by, **kw)
        before = {by: sql_series(conn, by=by) for by in ("day", "month")}
        reaggregate(conn, [f.day.isoformat() for f in facts if f.day is not None])
        assert {by: sql_series(conn, by=by) for by in ("day", "month")} == before
