"""Building an incident: Airwars figure ranges, open flags, conceded figures, dates, place, belligerents."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civmon.incidents import build_incident, conceded_figures, incident_dates, responses_of
from civmon.models import Actor, Claim, Count, DateRange, Place, Response, Span

S = Span(0, 1)


def claim(doc: str, figures: dict[str, tuple[int | None, int | None] | tuple[int | None, int | None, str]], *,
          day: tuple[str, str] | None = None, basis: str = "event", place: tuple[str, str] | None = None,
          actor: str | None = None, responses: tuple[tuple[str, str], ...] = ()) -> Claim:
    cas = {k: Count(v[0], v[1], "w", S, by=v[2] if len(v) == 3 else None) for k, v in figures.items()}  # type: ignore[misc]
    b: Any = basis
    when = DateRange(date.fromisoformat(day[0]), date.fromisoformat(day[1]), b, "", S) if day else None
    where = Place(name=place[0], country="SY", precision=place[1], span=S) if place else None
    resp = tuple(Response(by=by, stance=st_, span=S) for by, st_ in responses)  # type: ignore[arg-type]
    return Claim(doc_id=doc, claim_id=f"{doc}-1", kind="incident", extractor="t", date=when, place=where,
                 actor=Actor(actor, actor.title(), "named") if actor else None, casualties=cas, responses=resp)


PUB = {"a": "A", "b": "B", "c": "C"}

FIGURES: list[tuple[str, list[dict[str, Any]], tuple[int | None, int | None], bool]] = [
    ("lowest min to highest figure", [{"civilians_killed": (47, 47)}, {"civilians_killed": (50, 50)},
                                      {"civilians_killed": (40, 45)}], (40, 50), False),
    ("open bound counts as its number", [{"civilians_killed": (26, None)}, {"civilians_killed": (20, 22)}],
     (20, 26), True),
    ("open bound below another figure", [{"civilians_killed": (26, None)}, {"civilians_killed": (30, 30)}],
     (26, 30), True),
    ("only an upper bound", [{"civilians_killed": (None, 1000)}], (None, 1000), False),
    ("one source", [{"civilians_killed": (3, 3)}], (3, 3), False),
]


@pytest.mark.parametrize(("label", "reports", "expected", "is_open"), FIGURES, ids=[f[0] for f in FIGURES])
def test_figure_ranges(label: str, reports: list[dict[str, Any]], expected: tuple[int | None, int | None],
                       is_open: bool) -> None:
    claims = [claim(doc, figs) for doc, figs in zip("abc", reports, strict=False)]
    inc = build_incident("X", claims, publishers=PUB)
    got = inc.figures["civilians_killed"]
    assert (got.min, got.max) == expected
    assert ("civilians_killed" in inc.open_figures) is is_open


def test_conceded_figures_are_kept_apart() -> None:
    claims = [claim("a", {"civilians_killed": (12, 12)}, actor="coalition"),
              claim("b", {"civilians_killed": (1, 1, "coalition")}, actor="coalition")]
    inc = build_incident("X", claims, publishers=PUB)
    assert (inc.figures["civilians_killed"].min, inc.figures["civilians_killed"].max) == (12, 12)
    conceded = conceded_figures(claims)["civilians_killed"]
    assert (conceded.min, conceded.max) == (1, 1)


def test_denial_is_recorded_not_averaged() -> None:
    claims = [claim("a", {"civilians_killed": (9, 9)}, actor="russia", responses=(("russia", "denied"),)),
              claim("b", {"civilians_killed": (11, 11)})]
    inc = build_incident("X", claims, publishers=PUB)
    assert (inc.figures["civilians_killed"].min, inc.figures["civilians_killed"].max) == (9, 11)
    assert [r.stance for r in responses_of(inc.claims)] == ["denied"]
    assert inc.strike_status == "alleged"


def test_declared_strike_status() -> None:
    claims = [claim("a", {}, actor="coalition", responses=(("coalition", "claimed"),))]
    assert build_incident("X", claims, publishers=PUB).strike_status == "declared"


@pytest.mark.parametrize(("days", "expected"), [
    ([("2017-03-01", "2017-03-31"), ("2017-03-17", "2017-03-17")], ("2017-03-17", "2017-03-17")),
    ([("2017-03-16", "2017-03-18"), ("2017-03-17", "2017-03-19")], ("2017-03-17", "2017-03-18")),
    ([("2017-03-16", "2017-03-16"), ("2017-03-17", "2017-03-17")], ("2017-03-16", "2017-03-17")),
])
def test_dates_intersect_when_consistent_else_union(days: list[tuple[str, str]], expected: tuple[str, str]) -> None:
    claims = [claim(doc, {}, day=d) for doc, d in zip("abc", days, strict=False)]
    assert incident_dates(claims) == (date.fromisoformat(expected[0]), date.fromisoformat(expected[1]))


def test_report_dates_only() -> None:
    claims = [claim("a", {}, day=("2017-03-20", "2017-03-20"), basis="report"),
              claim("b", {}, day=("2017-03-19", "2017-03-19"), basis="report")]
    assert incident_dates(claims) == (date(2017, 3, 19), date(2017, 3, 19))


def test_place_belligerents_country() -> None:
    claims = [claim("a", {}, place=("Raqqa", "city"), actor="coalition"),
              claim("b", {}, place=("Mishlab", "neighbourhood"), actor="sdf"),
              claim("c", {}, place=("Raqqa", "governorate"), actor="sdf")]
    inc = build_incident("X", claims, publishers=PUB)
    assert inc.place is not None and inc.place.name == "Mishlab"
    assert inc.belligerents == ("sdf", "coalition")
    assert inc.country == "SY"


bounds = st.tuples(st.integers(0, 500), st.integers(0, 500) | st.none()).map(
    lambda t: (t[0], None if t[1] is None else t[0] + t[1]))


@given(st.lists(bounds, min_size=1, max_size=6))
def test_merged_range_contains_its_parts(parts: list[tuple[int, int | None]]) -> None:
    claims = [claim(f"d{i}", {"killed": p}) for i, p in enumerate(parts)]
    merged = build_incident("X", claims, publishers={}).figures["killed"]
    assert merged.min is not None and merged.max is not None
    for lo, hi in parts:
        assert merged.min <= lo <= merged.max
        assert hi is None or hi <= merged.max
    assert (("killed" in build_incident("X", claims, publishers={}).open_figures)
            is any(hi is None for _, hi in parts))
