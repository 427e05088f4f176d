"""Linking evidence for places and dates: a neighbourhood inside its city, spellings, report dates (on or before)."""

from __future__ import annotations

from datetime import date

import pytest

from civmon.link import fast
from civmon.link.blocking import block_key, far_apart
from civmon.link.compare import PRIOR, compare_claims
from civmon.models import Claim, DateRange, Place, Span

S = Span(0, 1)


def c(cid: str, name: str, precision: str, *, day: str = "2016-05-02", basis: str = "event",
      admin2: str | None = None, lat: float | None = None, lon: float | None = None) -> Claim:
    d = date.fromisoformat(day)
    rng = DateRange(None if basis == "report" else d, d, basis, day, S)  # type: ignore[arg-type]
    return Claim(doc_id=f"doc-{cid}", claim_id=cid, kind="incident", extractor="t", date=rng,
                 place=Place(name, "SY", precision, S, admin1="Idlib", admin2=admin2, lat=lat, lon=lon))


CASES = [
    # (a, b, links, a reason that must be given)
    (c("n", "Hay al-Jamia", "neighbourhood", admin2="Maarat al-Numan"), c("t", "Ma'arrat an-Nu'man", "city"),
     True, "Hay al-Jamia inside Ma'arrat an-Nu'man"),
    (c("n", "Hay al-Jamia", "neighbourhood", admin2="Saraqib"), c("t", "Ma'arrat an-Nu'man", "city"),
     False, "Hay al-Jamia / Ma'arrat an-Nu'man: no distance"),  # another town's quarter
    (c("a", "Kafr Nabl", "village"), c("b", "Kafranbel", "village"), True, "same village: Kafr Nabl"),
    (c("a", "Kafr Nabl", "village"), c("b", "Kafranbel", "village", day="2016-05-04", basis="report"), True,
     "dates overlap"),  # reported two days later: the strike was on or before
    (c("a", "Kafr Nabl", "village"), c("b", "Kafranbel", "village", day="2016-05-01", basis="report"), False,
     "1 day apart"),  # reported the day before: it cannot be this strike
    (c("a", "Hay al-Jamia", "neighbourhood", lat=35.650, lon=36.670),
     c("b", "Hay al-Shamali", "neighbourhood", lat=35.660, lon=36.690), False, "different neighbourhoods"),
]


@pytest.mark.parametrize(("a", "b", "links", "reason"), CASES)
def test_place_and_date_evidence(a: Claim, b: Claim, links: bool, reason: str) -> None:
    cmp = compare_claims(a, b)
    assert (cmp.score > 0.5) == links, cmp.reasons
    assert any(r.startswith(reason) for r in cmp.reasons), cmp.reasons
    col = fast.columns([a, b])
    i, j = fast.candidate_pairs(col, window_days=3)
    if i.size:
        w, cannot = fast.evidence(col, i, j, window_days=3, distance_km=15.0)
        assert bool(cannot[0]) == cmp.cannot
        if not cmp.cannot:
            assert float(w[0]) == pytest.approx(cmp.weight)


def town(cid: str, name: str, lat: float, lon: float, gazetteer_id: str | None) -> Claim:
    """A town-precision claim in Aleppo governorate, resolved in the gazetteer or not."""
    return Claim(doc_id=f"doc-{cid}", claim_id=cid, kind="incident", extractor="t",
                 place=Place(name, "SY", "town", S, admin1="Aleppo", lat=lat, lon=lon, gazetteer_id=gazetteer_id))


AFRIN = (36.512, 36.870)  # the enclosing town an unresolved place inside 'the Afrin area' is given
JANDAIRIS = (36.395, 36.689)  # about 20 km away


@pytest.mark.parametrize(("a", "b", "cannot", "reason"), [
    # One spelling found in the gazetteer, the other not (it carries Afrin's coordinates): one place by name.
    (town("a", "Jinderes", *AFRIN, None), town("b", "Jandairis", *JANDAIRIS, "169190"), False, "same town: Jinderes"),
    # Both resolved, 20 km apart: two towns, whatever their names.
    (town("a", "Jinderes", *AFRIN, "1"), town("b", "Jandairis", *JANDAIRIS, "169190"), True, "20.8 km apart"),
    # One unresolved, but another name: its coordinates still say it is not here.
    (town("a", "Rajo", *AFRIN, None), town("b", "Jandairis", *JANDAIRIS, "169190"), True, "20.8 km apart"),
    # Both unresolved with one name: each carries its own enclosing unit, the distance stands.
    (town("a", "Jinderes", *AFRIN, None), town("b", "Jandairis", *JANDAIRIS, None), True, "20.8 km apart"),
])
def test_a_place_the_gazetteer_lacks_matches_its_resolved_spelling(a: Claim, b: Claim, cannot: bool,
                                                                   reason: str) -> None:
    cmp = compare_claims(a, b)
    assert cmp.cannot is cannot and reason in cmp.reasons, cmp
    ka, kb = block_key(a), block_key(b)
    assert ka is not None and kb is not None
    if not cannot:  # the store's distance filter keeps what compare may link
        assert not far_apart(ka, kb, distance_km=15.0)
    elif far_apart(ka, kb, distance_km=15.0):
        assert cmp.cannot


def village(cid: str, name: str, lat: float, lon: float, gazetteer_id: str | None, *,
            precision: str = "village") -> Claim:
    """An undated claim in Rif Dimashq, resolved in the gazetteer or not."""
    return Claim(doc_id=f"doc-{cid}", claim_id=cid, kind="incident", extractor="t",
                 place=Place(name, "SY", precision, S, admin1="Rif Dimashq", lat=lat, lon=lon,
                             gazetteer_id=gazetteer_id))


@pytest.mark.parametrize(("b", "weight", "reason"), [
    # Another town in the gazetteer 7 km away: two places, the distance is no evidence.
    (village("b", "Douma", 33.572, 36.403, "170592", precision="city"), 0.0, "different places nearby"),
    # A name the gazetteer lacks, given Douma's coordinates (somewhere in Douma): the distance counts.
    (village("b", "Misraba", 33.572, 36.403, None, precision="city"), None, "7.2 km apart"),
])
def test_two_towns_in_the_gazetteer_nearby_are_two_places(b: Claim, weight: float | None, reason: str) -> None:
    a = village("a", "Kafr Batna", 33.512, 36.373, "168713")
    cmp = compare_claims(a, b)
    assert not cmp.cannot and any(r.startswith(reason) for r in cmp.reasons), cmp
    if weight is not None:
        assert cmp.weight == pytest.approx(PRIOR + weight)
    else:
        assert cmp.weight > PRIOR
