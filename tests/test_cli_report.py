"""The report's local figures: totals (min–max, likely = Fair + Confirmed), mass casualty, monthly records."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civmon.models import Count, Grade, Incident, Span
from civmon.render import fmt_range, period_report
from civmon.render.period import month_records, totals


def inc(code: str, day: date, lo: int, hi: int | None, *, grade: str = "Fair", who: tuple[str, ...] = ("air-a",),
        country: str = "SY") -> Incident:
    return Incident(code=code, claims=(), country=country, earliest=day, latest=day, place=None, belligerents=who,
                    figures={"civilians_killed": Count(lo, hi, "words", Span(0, 5))},
                    grade=Grade(grade, "test"))  # type: ignore[arg-type]


@pytest.mark.parametrize(("lo", "hi", "text"), [
    (3, 3, "3"), (3, 5, "3–5"), (3, None, "3+"), (None, 40, "≤40"), (None, None, "–"),
])
def test_fmt_range(lo: int | None, hi: int | None, text: str) -> None:
    assert fmt_range(lo, hi) == text


def test_totals_split_likely_and_count_shared_belligerents_under_each() -> None:
    rows = totals([
        inc("A", date(2017, 3, 1), 2, 4, grade="Confirmed"),
        inc("B", date(2017, 3, 2), 10, None, grade="Weak", who=("air-a", "air-b")),
        inc("C", date(2017, 3, 3), 1, 1, grade="Fair", who=()),
    ], key=lambda i: i.belligerents or ("unknown",))
    got = {t.key: (t.incidents, t.min, t.max, t.likely_incidents, t.likely_min, t.likely_max) for t in rows}
    assert got == {"air-a": (2, 12, 14, 1, 2, 4), "air-b": (1, 10, 10, 0, 0, 0), "unknown": (1, 1, 1, 1, 1, 1)}


@pytest.mark.parametrize(("history", "month", "expected"), [
    ({"2017-01": 30, "2017-02": 5, "2017-03": 20}, "2017-03", "highest since 2017-01 (when it was 30)"),
    ({"2017-01": 10, "2017-02": 5, "2017-03": 20}, "2017-03", "highest on record (records begin 2017-01)"),
    ({"2017-02": 25, "2017-03": 20}, "2017-03", None),  # last month was higher: no record
    ({"2017-03": 20}, "2017-03", None),  # nothing to compare with
])
def test_month_records(history: dict[str, int], month: str, expected: str | None) -> None:
    every = [inc(f"SY-{m}-0001", date.fromisoformat(f"{m}-15"), n, n) for m, n in history.items()]
    every.append(inc("SY-2016-12-0009", date(2016, 12, 1), 999, 999, grade="Weak"))  # not likely: ignored
    records = month_records(every, month=month)
    assert [r.describe() for r in records] == ([expected] if expected else [])


def test_period_report_grades_and_mass_casualty() -> None:
    period = [inc("A", date(2017, 3, 1), 12, 15), inc("B", date(2017, 3, 2), 3, 3, grade="Weak")]
    r = period_report(period, every=period, label="2017-03", month="2017-03", mass_min=10)
    assert dict(r.by_grade) == {"Confirmed": 0, "Fair": 1, "Weak": 1, "Contested": 0, "Discounted": 0}
    assert [i.code for i in r.mass_casualty] == ["A"]
    assert [(t.key, t.min, t.max) for t in r.by_country] == [("SY", 15, 18)]


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), max_size=12))
def test_totals_min_never_exceeds_max(pairs: list[tuple[int, int]]) -> None:
    incidents = [inc(str(n), date(2017, 3, 1), min(a, b), max(a, b)) for n, (a, b) in enumerate(pairs)]
    for t in totals(incidents, key=lambda i: (i.country,)):
        assert t.min <= t.max and t.likely_min <= t.likely_max
        assert t.min == sum(min(a, b) for a, b in pairs)
