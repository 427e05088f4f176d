"""The report's figures come from civmon.stats: totals (min–max, likely = Fair + Confirmed), mass casualty, records."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civmon.models import Count, Grade, Incident, Span
from civmon.render import fmt_range, period_report
from civmon.render.period import month_records


def inc(code: str, day: date, lo: int, hi: int | None, *, grade: str = "Fair", who: tuple[str, ...] = ("russia",),
        country: str = "SY") -> Incident:
    return Incident(code=code, claims=(), country=country, earliest=day, latest=day, place=None, belligerents=who,
                    figures={"civilians_killed": Count(lo, hi, "words", Span(0, 5))},
                    grade=Grade(grade, "test"))  # type: ignore[arg-type]


@pytest.mark.parametrize(("lo", "hi", "text"), [
    (3, 3, "3"), (3, 5, "3–5"), (3, None, "3+"), (None, 40, "≤40"), (None, None, "–"),
])
def test_fmt_range(lo: int | None, hi: int | None, text: str) -> None:
    assert fmt_range(lo, hi) == text


def test_totals_split_likely_count_shared_belligerents_under_each_and_once_overall() -> None:
    period = [
        inc("A", date(2017, 3, 1), 2, 4, grade="Confirmed"),
        inc("B", date(2017, 3, 2), 10, None, grade="Weak", who=("russia", "united-states")),
        inc("C", date(2017, 3, 3), 1, 1, grade="Fair", who=()),
    ]
    r = period_report(period, every=period, label="2017-03", month=None, mass_min=10)
    got = {t.key: (t.incidents, t.min, t.max, t.likely_incidents, t.likely_min, t.likely_max)
           for t in r.by_belligerent}
    assert got == {"russia": (2, 12, 14, 1, 2, 4), "united-states": (1, 10, 10, 0, 0, 0),
                   "us-led-coalition": (1, 10, 10, 0, 0, 0), "unknown": (1, 1, 1, 1, 1, 1)}
    assert r.all_total is not None and (r.all_total.incidents, r.all_total.min, r.all_total.max) == (3, 13, 15)


@pytest.mark.parametrize(("history", "expected"), [
    ({"2017-01": 30, "2017-02": 5, "2017-03": 20}, "2017-03: 20, the highest monthly minimum for russia since 2017-01"),
    ({"2017-01": 10, "2017-02": 5, "2017-03": 20},
     "2017-03: a record for russia: 20, the highest monthly minimum of all periods on file (records begin 2016-12)"),
    ({"2017-02": 25, "2017-03": 20}, None),  # last month was higher: no record
    ({"2017-03": 20},  # the Weak month is on file with a likely minimum of 0
     "2017-03: a record for russia: 20, the highest monthly minimum of all periods on file (records begin 2016-12)"),
])
def test_month_records(history: dict[str, int], expected: str | None) -> None:
    every = [inc(f"SY-{m}-0001", date.fromisoformat(f"{m}-15"), n, n) for m, n in history.items()]
    every.append(inc("SY-2016-12-0009", date(2016, 12, 1), 999, 999, grade="Weak"))  # not likely: ignored
    every.append(inc("SY-2017-04-0009", date(2017, 4, 1), 999, 999))  # after the month: ignored
    found = month_records(every, month="2017-03", belligerents=["russia"])
    assert [r.describe() for r in found] == ([expected] if expected else [])


def test_period_report_grades_and_mass_casualty() -> None:
    period = [inc("A", date(2017, 3, 1), 12, 15), inc("B", date(2017, 3, 2), 3, 3, grade="Weak")]
    r = period_report(period, every=period, label="2017-03", month="2017-03", mass_min=10)
    assert dict(r.by_grade) == {"Confirmed": 0, "Fair": 1, "Weak": 1, "Contested": 0, "Discounted": 0}
    assert [i.code for i in r.mass_casualty] == ["A"]
    assert [(t.key, t.min, t.max) for t in r.by_country] == [("SY", 15, 18)]


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), max_size=12))
def test_totals_min_never_exceeds_max(pairs: list[tuple[int, int]]) -> None:
    incidents = [inc(str(n), date(2017, 3, 1), min(a, b), max(a, b)) for n, (a, b) in enumerate(pairs)]
    r = period_report(incidents, every=incidents, label="x", month=None, mass_min=10)
    for t in r.by_country:
        assert t.min <= t.max and t.likely_min <= t.likely_max
        assert t.min == sum(min(a, b) for a, b in pairs)


def _store_with(tmp_path: object, incidents: list[Incident]) -> str:
    from pathlib import Path

    from civmon.store import open_store

    db = str(Path(str(tmp_path)) / "r.db")
    store = open_store(db)
    with store.transaction() as conn:
        for i in incidents:
            store.save_incident(conn, i)
    store.close()
    return db


def test_report_command_prints_stats_figures_and_records(tmp_path: object) -> None:
    from click.testing import CliRunner

    from civmon.cli import cli

    db = _store_with(tmp_path, [
        inc("SY-2017-01-0001", date(2017, 1, 10), 8, 9, who=("united-states",)),
        inc("SY-2017-02-0001", date(2017, 2, 10), 2, 2, who=("united-states",)),
        inc("SY-2017-03-0001", date(2017, 3, 10), 5, 7, who=("united-states", "russia")),
        inc("SY-2017-03-0002", date(2017, 3, 12), 6, 6, who=("united-states",), grade="Weak"),
    ])
    result = CliRunner().invoke(cli, ["--db", db, "report", "--month", "2017-03"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "civmon report: 2017-03 (2 incidents)" in text
    assert "all belligerents (each incident once) │ 2 │ 11–13 │ 1 │ 5–7" in text
    assert "us-led-coalition │ 2 │ 11–13 │ 1 │ 5–7" in text
    assert "2017-03: 5, the highest monthly minimum for Russia" not in text  # russia has no earlier month
    assert "counts in each one's series and once in totals" in text


def test_incidents_command_rolls_belligerents_up(tmp_path: object) -> None:
    import json

    from click.testing import CliRunner

    from civmon.cli import cli

    db = _store_with(tmp_path, [inc("SY-1", date(2017, 1, 10), 1, 1, who=("france",)),
                                inc("SY-2", date(2017, 1, 11), 1, 1, who=("russia",))])
    out = json.loads(CliRunner().invoke(cli, ["--db", db, "incidents", "--belligerent", "us-led-coalition",
                                              "--format", "json"]).stdout)
    assert [i["code"] for i in out] == ["SY-1"]
