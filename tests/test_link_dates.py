"""Dates one day apart: evidence for one strike between two event dates, not after a report date; same-place
strikes on consecutive days stay apart, and a claim a day off joins the strike it otherwise matches. Claims
without a date: filed under every day, paired with the same or a nearby place, linked through the store."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civmon.ingest import RawDocument
from civmon.link import fast, link_claims
from civmon.link.blocking import (
    UNDATED_HI,
    UNDATED_LO,
    WIDTH_CLASSES,
    block_key,
    candidate_pairs,
    pairs_touching,
)
from civmon.link.compare import compare_claims
from civmon.models import Actor, Claim, Count, DateRange, Document, Place, Span
from civmon.pipeline import store_claims
from civmon.store import Store, open_store

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


# --- Claims without a date (most web pages give none) ----------------------------------------------------------


def undated(cid: str, *, name: str = "Tal Hamra", lat: float | None = 35.2, lon: float | None = 36.7,
            precision: str = "village", target: str | None = None, killed: int | None = None,
            actor: str | None = None) -> Claim:
    """A claim whose page gave no date."""
    casualties = {"civilians_killed": Count(killed, killed, str(killed), S)} if killed is not None else {}
    return Claim(doc_id=f"doc-{cid}", claim_id=cid, kind="incident", extractor="t", date=None,
                 place=Place(name, "SY", precision, S, admin1="Hama", lat=lat, lon=lon), target=target,
                 actor=Actor(actor, actor, "named") if actor else None, casualties=casualties)


def test_an_undated_claim_is_filed_under_every_day() -> None:
    key = block_key(undated("u"))
    assert key is not None and (key.lo, key.hi) == (UNDATED_LO, UNDATED_HI)
    assert key.width_class == len(WIDTH_CLASSES)
    assert block_key(replace(undated("u"), place=None)) is None
    dated = block_key(c("d", "2018-02-03"))
    assert dated is not None and UNDATED_LO < dated.lo <= dated.hi < UNDATED_HI


@pytest.mark.parametrize(("other", "paired"), [
    (c("d", "2018-02-03"), True),  # the same village, any day
    (c("d", "2018-02-03", name="Tell Hamra"), True),  # another spelling
    (undated("v", name="Kafr Hud", lat=35.25, lon=36.75), True),  # 7 km away
    (undated("v", name="Kafr Hud", lat=35.45, lon=36.7), False),  # 28 km away
    (undated("v", name="Hama", lat=35.2, lon=36.7, precision="governorate"), False),  # only the governorate
])
def test_undated_claims_pair_with_the_same_place_or_one_close_by(other: Claim, paired: bool) -> None:
    claims = [undated("u"), other]
    assert (list(candidate_pairs(claims, window_days=3)) == [(0, 1)]) is paired
    assert (pairs_touching(claims, 1, window_days=3) == [(0, 1)]) is paired


@st.composite
def scattered(draw: st.DrawFn) -> list[Claim]:
    """Claims in one governorate, some undated, at random spots within ~60 km, some named alike."""
    out: list[Claim] = []
    for k in range(draw(st.integers(2, 14))):
        lat = draw(st.floats(35.0, 35.5))
        lon = draw(st.floats(36.5, 37.1))
        name = draw(st.sampled_from(["Tal Hamra", "Tell Hamra", "Kafr Hud", "Suran", "Halfaya"]))
        if draw(st.booleans()):
            out.append(replace(undated(f"u{k}", name=name, lat=lat, lon=lon), doc_id=f"doc{k}"))
        else:
            day = draw(st.sampled_from(["2018-02-03", "2018-02-05", "2018-03-20"]))
            base = c(f"d{k}", day, name=name)
            assert base.place is not None
            out.append(replace(base, doc_id=f"doc{k}", place=replace(base.place, lat=lat, lon=lon)))
    return out


@given(scattered(), st.integers(1, 14))
@settings(max_examples=150, deadline=None)
def test_pairs_touching_agrees_with_blocking_for_undated_claims(claims: list[Claim], first: int) -> None:
    expected = sorted(p for p in candidate_pairs(claims, window_days=3) if p[0] < first)
    assert pairs_touching(claims, first, window_days=3) == expected


def _store_one(store: Store, claim: Claim) -> tuple[str, ...]:
    doc = Document(id=claim.doc_id, text=f"page {claim.doc_id}", language="en")
    out = store_claims(store, RawDocument(doc, doc.text.encode(), f"{doc.id}.txt"), [claim])
    return out.created + out.updated


@pytest.mark.parametrize("undated_first", [False, True])
def test_an_undated_page_joins_its_strike_through_the_store_and_a_near_miss_does_not(
        tmp_path: Path, undated_first: bool) -> None:
    store = open_store(str(tmp_path / "s.db"))
    try:
        strike = c("a", "2018-02-03", target="market", killed=7)
        strike = replace(strike, actor=Actor("russia", "russia", "named"))
        same = undated("b", name="Tell Hamra", target="market", killed=8, actor="russia")
        other = undated("x", target="school", killed=2, actor="russia")  # the same village, another strike
        order = [same, strike, other] if undated_first else [strike, same, other]
        codes = [_store_one(store, claim) for claim in order]
        assert codes[0] == codes[1] and len(codes[0]) == 1
        assert codes[2] != codes[0]
    finally:
        store.close()
