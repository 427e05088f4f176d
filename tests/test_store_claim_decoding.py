"""Store: the fast decoding of stored claim JSON gives exactly the claim the checked contract path gives; the link
view (what ingest decodes candidates from) gives claims that compare and link exactly as the stored ones."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civmon.contract import claim_from_dict, claim_from_stored, claim_to_dict
from civmon.link import link_claims
from civmon.link.blocking import candidate_pairs
from civmon.link.compare import claim_place, compare_claims, headline
from civmon.link.synthetic import generate
from civmon.models import Actor, Claim, Count, DateRange, Place, Response, Span
from civmon.store.codec import claim_from_link_view, claim_from_row, claim_row

TOWN = Place(name="Maarat Sughra", country="SY", precision="town", span=Span(10, 23), admin1="Idlib",
             lat=35.6, lon=36.7, near=True, gazetteer_id="g-17")


def _claim(**changes: Any) -> Claim:
    base: dict[str, Any] = dict(
        doc_id="d1", claim_id="d1#1", kind="incident", extractor="test",
        date=DateRange(date(2019, 5, 2), date(2019, 5, 3), "report", "on Thursday", Span(30, 41)),
        place=TOWN, actor=Actor(id="air-force", name="the air force", basis="named", span=Span(0, 13)),
        weapon="airstrike", target="market",
        casualties={"civilians_killed": Count(4, 6, "four to six people", Span(50, 68), by="medics",
                                              reports=(Count(4, 4, "four", Span(50, 54), by="medics"),
                                                       Count(6, None, "six", Span(60, 63), by="ngo"))),
                    "children_killed": Count(None, 2, "up to two children", Span(70, 88))},
        responses=(Response(by="ministry", stance="denied", span=Span(90, 97)),),
    )
    return Claim(**(base | changes))


CASES = [
    _claim(),
    _claim(date=None, place=None, actor=None, casualties={}, responses=()),
    _claim(date=DateRange(None, date(2020, 1, 1), "event", "", Span(0, 0))),
    _claim(actor=Actor(id="unknown", name="unknown", basis="context", span=None)),
    _claim(kind="aggregate", place=None, places=(TOWN, Place(name="Idlib", country="SY", precision="governorate",
                                                               span=Span(1, 6)))),
    _claim(extractor=""),
]


@pytest.mark.parametrize("claim", CASES)
def test_stored_json_decodes_to_the_same_claim_as_the_checked_path(claim: Claim) -> None:
    data = claim_row(claim, seq=0)["data"]
    assert isinstance(data, str)
    assert claim_from_row(data) == claim_from_dict(json.loads(data))
    assert claim_from_stored(json.loads(data)) == claim_from_dict(claim_to_dict(claim))


def test_a_row_not_in_the_stored_shape_falls_back_to_the_checked_path() -> None:
    d = claim_to_dict(_claim())
    del d["weapon"], d["responses"]
    d["date"]["span"] = None
    assert claim_from_stored(d) == claim_from_dict(d)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_synthetic_claims_round_trip_through_the_store_encoding(seed: int) -> None:
    for claim, _ in generate(20, seed=seed):
        data = claim_row(claim, seq=0)["data"]
        assert isinstance(data, str)
        assert claim_from_row(data) == claim_from_dict(json.loads(data))


def _light(claim: Claim) -> Claim:
    view = claim_row(claim, seq=0)["link_view"]
    assert isinstance(view, str)
    return claim_from_link_view(claim.doc_id, claim.claim_id, view)


VARIANTS = [
    *CASES,
    _claim(claim_id="d1#2", casualties={"killed": Count(7, None, "at least seven", Span(1, 2))}),
    _claim(claim_id="d1#3", place=replace(TOWN, precision="neighbourhood", admin2="Maarat", near=False)),
    _claim(claim_id="d1#4", date=DateRange(date(2019, 5, 3), date(2019, 5, 3), "event", "Friday", Span(3, 9))),
    _claim(claim_id="d1#5", actor=Actor(id="other-force", name="others", basis="named"), target=None, weapon=None),
    _claim(claim_id="d1#6", place=None, places=(TOWN,)),
]


def _compared(c: Claim) -> tuple[object, ...]:
    """Every field civmon.link reads from a claim."""
    place, count, d, a = claim_place(c), headline(c), c.date, c.actor
    return (c.doc_id, c.claim_id, c.kind, d and (d.earliest, d.latest, d.basis, d.days),
            place and replace(place, span=Span(0, 0)), a and (a.id, a.basis), c.weapon, c.target,
            count and (count.min, count.max, count.top, count.is_open))


@pytest.mark.parametrize("claim", VARIANTS)
def test_the_link_view_keeps_every_field_linking_compares(claim: Claim) -> None:
    assert _compared(_light(claim)) == _compared(claim)


def test_claims_from_the_link_view_compare_exactly_as_the_stored_claims() -> None:
    claims = [c for c, _ in generate(600, seed=9)] + [replace(c, doc_id=f"v{k}") for k, c in enumerate(VARIANTS)]
    light = [_light(c) for c in claims]
    pairs = list(candidate_pairs(claims, window_days=3))
    assert len(pairs) > 500
    for i, j in pairs:
        assert compare_claims(light[i], light[j]) == compare_claims(claims[i], claims[j])


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_linking_into_incidents_read_through_the_link_view_gives_the_same_clusters(seed: int) -> None:
    claims = list(generate(160, seed=seed))
    existing: dict[str, list[Claim]] = {}
    for c, incident in claims[::2]:  # every other claim, in its true incident; the rest are new
        existing.setdefault(f"I{incident}", []).append(c)
    new = [c for c, _ in claims[1::2]]
    viewed = {code: [_light(c) for c in members] for code, members in existing.items()}
    assert link_claims(new, existing=viewed) == link_claims(new, existing=existing)
