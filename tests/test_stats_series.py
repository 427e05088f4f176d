"""Series, records, comparisons, totals and mass-casualty lists over incidents built by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civmon.errors import ConfigError
from civmon.models import Count, Grade, Incident, Span
from civmon.stats import METRICS, compare, incident_figures, mass_casualty, records, series, totals

S = Span(0, 1)


def incident(code: str, day: str, *, grade: str = "Fair", who: tuple[str, ...] = ("coalition",),
             country: str = "SY", **figures: tuple[int | None, int | None]) -> Incident:
    g: Any = grade
    d = date.fromisoformat(day)
    return Incident(code=code, claims=(), country=country, earliest=d, latest=d, place=None, belligerents=who,
                    figures={k: Count(v[0], v[1], "w", S) for k, v in figures.items()}, grade=Grade(g, "test"))


INCIDENTS = [
    incident("A", "2017-01-03", civilians_killed=(5, 8)),
    incident("B", "2017-01-20", grade="Weak", killed=(2, 2)),
    incident("C", "2017-03-02", grade="Confirmed", who=("coalition", "sdf"), civilians_killed=(10, 12),
             children_killed=(3, 4)),
    incident("D", "2017-03-30", grade="Contested", who=("russia", "syria"), killed=(6, None)),
    incident("E", "2017-04-10", country="IQ", civilians_killed=(1, 1), women_killed=(1, 1)),
]


def test_series_has_every_month_in_order() -> None:
    rows = series(INCIDENTS, by="month")
    assert [r["period"] for r in rows] == ["2017-01", "2017-02", "2017-03", "2017-04"]
    jan, feb, mar = rows[0], rows[1], rows[2]
    assert jan["all"]["incidents"] == 2 and jan["likely"]["incidents"] == 1
    assert jan["all"]["civilians_killed_min"] == 7 and jan["likely"]["civilians_killed_max"] == 8
    assert feb["all"]["incidents"] == 0 and feb["by_grade"] == {g: 0 for g in feb["by_grade"]}
    assert mar["by_grade"]["Confirmed"] == 1 and mar["by_grade"]["Contested"] == 1
    assert mar["all"]["civilians_killed_max"] == 18 and mar["likely"]["children_killed_min"] == 3


@pytest.mark.parametrize(("by", "first", "count"), [
    ("day", "2017-01-03", 98), ("week", "2017-W01", 15), ("month", "2017-01", 4), ("year", "2017", 1),
])
def test_series_periods(by: str, first: str, count: int) -> None:
    rows = series(INCIDENTS, by=by)
    assert rows[0]["period"] == first and len(rows) == count


@pytest.mark.parametrize(("kwargs", "codes"), [
    ({"belligerent": "sdf"}, 1),
    ({"belligerent": "coalition"}, 4),
    ({"country": "IQ"}, 1),
    ({"start": date(2017, 2, 1), "end": date(2017, 3, 31)}, 2),
])
def test_series_filters(kwargs: dict[str, Any], codes: int) -> None:
    rows = series(INCIDENTS, by="month", **kwargs)
    assert sum(r["all"]["incidents"] for r in rows) == codes


def test_series_start_end_include_empty_periods() -> None:
    rows = series(INCIDENTS, by="month", start=date(2016, 11, 1), end=date(2017, 5, 31))
    assert [r["period"] for r in rows][0] == "2016-11" and len(rows) == 7


def test_unknown_period_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown period"):
        series(INCIDENTS, by="fortnight")


@pytest.mark.parametrize(("figures", "expected"), [
    ({"civilians_killed": (4, 6), "killed": (10, 10)}, (4, 6)),
    ({"killed": (10, 12)}, (10, 12)),
    ({"killed": (10, 12), "combatants_killed": (3, 4)}, (6, 9)),
    ({"killed": (7, None)}, (7, 7)),
    ({"civilians_killed": (None, 100)}, (0, 100)),
    ({}, (0, 0)),
])
def test_civilians_killed_rule(figures: dict[str, tuple[int | None, int | None]], expected: tuple[int, int]) -> None:
    inc = replace(incident("X", "2017-01-01"), figures={k: Count(v[0], v[1], "w", S) for k, v in figures.items()})
    assert incident_figures(inc)["civilians_killed"] == expected


def test_several_belligerents_count_once_in_totals() -> None:
    rows = totals(INCIDENTS)
    total = rows[-1]
    assert total["belligerent"] is None and total["all"]["incidents"] == 5
    by = {(r["belligerent"], r["country"]): r["all"]["incidents"] for r in rows[:-1]}
    assert by[("coalition", "SY")] == 3 and by[("sdf", "SY")] == 1 and by[("coalition", "IQ")] == 1
    assert sum(by.values()) > total["all"]["incidents"]


def test_records() -> None:
    incs = [incident(f"R{m}", f"2016-{m:02d}-05", civilians_killed=(n, n))
            for m, n in [(1, 30), (2, 10), (3, 5), (4, 12), (5, 40)]]
    got = {r.period: r for r in records(incs, belligerent="coalition")}
    assert got["2016-04"].likely_since == "2016-01" and not got["2016-04"].likely_all_time
    assert got["2016-05"].likely_all_time and got["2016-05"].all_all_time
    assert got["2016-02"].likely_since is None and not got["2016-02"].likely_all_time
    assert "since 2016-01" in got["2016-04"].sentence(subject="the coalition")
    assert "a record" in got["2016-05"].sentence(subject="the coalition")
    assert got["2016-01"].sentence(subject="x") == ""


def test_compare_two_months() -> None:
    out = compare(INCIDENTS, a="2017-01", b="2017-03")
    assert out["a"]["period"] == "2017-01" and out["b"]["period"] == "2017-03"
    assert out["change"]["all"]["incidents"] == 0
    assert out["change"]["likely"]["civilians_killed_min"] == 10 - 5


@pytest.mark.parametrize(("threshold", "codes"), [(10, ["C"]), (5, ["A", "C", "D"]), (50, [])])
def test_mass_casualty(threshold: int, codes: list[str]) -> None:
    assert [i.code for i in mass_casualty(INCIDENTS, threshold=threshold)] == codes


pair = st.tuples(st.integers(0, 50), st.integers(0, 50)).map(lambda t: (t[0], t[0] + t[1]))
incidents_strategy = st.lists(st.builds(
    lambda n, day, grade, ck, k: incident(f"H{n}", day.isoformat(), grade=grade, civilians_killed=ck, killed=k),
    st.integers(0, 10**6), st.dates(date(2015, 1, 1), date(2016, 12, 31)),
    st.sampled_from(["Confirmed", "Fair", "Weak", "Contested", "Discounted"]), pair, pair), max_size=25)


@given(incidents_strategy, st.sampled_from(["day", "week", "month", "year"]))
def test_series_sums_equal_per_incident_sums(incs: list[Incident], by: str) -> None:
    rows = series(incs, by=by)
    for m in METRICS:
        for side, index in (("min", 0), ("max", 1)):
            want = sum(incident_figures(i)[m][index] for i in incs)
            assert sum(r["all"][f"{m}_{side}"] for r in rows) == want
            likely = sum(incident_figures(i)[m][index] for i in incs if i.grade.grade in ("Fair", "Confirmed"))
            assert sum(r["likely"][f"{m}_{side}"] for r in rows) == likely
    assert sum(r["all"]["incidents"] for r in rows) == len(incs)
    assert sum(sum(r["by_grade"].values()) for r in rows) == len(incs)
