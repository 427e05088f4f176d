"""Dates one day apart: evidence for one strike between two event dates, not after a report date; same-place
strikes on consecutive days stay apart, and a claim a day off joins the strike it otherwise matches."""

from __future__ import annotations

from datetime import date

import pytest

from civmon.link import fast, link_claims
from civmon.link.compare import compare_claims
from civmon.models import Claim, Count, DateRange, Place, Span

S = Span(0, 1)


def c(cid: str, day: str, *, basis: str = "event", target: str | None = None, killed: int | None = None,
      name: str = "Tal Hamra") -> Claim:
    d = date.fromisoformat(day)
    casualties = {"civilians_killed": Count(killed, killed, str(killed), S)} if killed is not None else {}
    return Claim(doc_id=f"doc-{cid}", claim_id=cid, kind="incident", extractor="t",
                 date=DateRange(None if basis == "report" else d, d, basis, day, S),  # type: ignore[arg-type]
                 place=Place(name, "SY", "village", S, admin1="Hama", lat=35.2, lon=36.7), target=target,
                 casualties=casualties)


@pytest.mark.parametrize(("a", "b", "links", "reason"), [
    (c("a", "2018-02-03"), c("b", "2018-02-04"), True, "1 day apart"),  # either date may be a day off
    (c("a", "2018-02-03"), c("b", "2018-02-05"), False, "2 days apart"),
    (c("a", "2018-02-04"), c("b", "2018-02-03", basis="report"), False, "1 day apart"),  # report before strike
    (c("a", "2018-02-02"), c("b", "2018-02-03", basis="report"), True, "dates overlap"),  # report after
    (c("a", "2018-02-03", target="school"), c("b", "2018-02-04", target="market"), False, "targets differ"),
])
def test_one_day_apart(a: Claim, b: Claim, links: bool, reason: str) -> None:
    cmp = compare_claims(a, b)
    assert (cmp.score > 0.5) == links, cmp.reasons
    assert any(r.startswith(reason) for r in cmp.reasons), cmp.reasons
    col = fast.columns([a, b])
    i, j = fast.candidate_pairs(col, window_days=3)
    weight, cannot = fast.evidence(col, i, j, window_days=3, distance_km=15.0)
    assert not cannot[0] and float(weight[0]) == pytest.approx(cmp.weight)


def test_consecutive_days_at_one_village_stay_apart_and_a_late_telling_joins_its_own() -> None:
    day1 = [c("x1", "2018-02-03", target="market", killed=7), c("x2", "2018-02-03", target="market", killed=8)]
    day2 = [c("y1", "2018-02-04", target="school", killed=3), c("y2", "2018-02-04", target="school", killed=3)]
    late = c("z", "2018-02-04", target="market", killed=7)  # the market strike, dated a day late
    bare = c("u", "2018-02-04")  # no target, no toll: the same-day strike is the better match
    clusters = sorted(sorted(k.claim_ids) for k in link_claims([*day1, *day2, late, bare], existing={}))
    assert clusters == [["u", "y1", "y2"], ["x1", "x2", "z"]]
