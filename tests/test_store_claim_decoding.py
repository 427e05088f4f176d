"""Store: the fast decoding of stored claim JSON gives exactly the claim the checked contract path gives."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civmon.contract import claim_from_dict, claim_from_stored, claim_to_dict
from civmon.link.synthetic import generate
from civmon.models import Actor, Claim, Count, DateRange, Place, Response, Span
from civmon.store.codec import claim_from_row, claim_row

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
