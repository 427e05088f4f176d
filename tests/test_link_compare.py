"""Pairwise evidence between claims: reasons, weights and cannot-links, as a table."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from civmon.link.compare import (
    DIFFUSE_DIFF,
    DIFFUSE_SAME,
    TARGET_DIFF,
    TARGET_SAME,
    compare_claims,
    compare_targets,
)
from civmon.link.names import name_key, same_name
from civmon.models import Actor, Claim, Count, DateRange, Place, Span

S = Span(0, 1)


def claim(cid: str, doc: str, *, day: str = "2017-05-02", until: str | None = None, basis: str = "event",
          name: str = "Tabqa", precision: str = "town", lat: float | None = 35.836, lon: float | None = 38.548,
          admin1: str | None = "Raqqa", country: str = "SY", target: str | None = None,
          actor: tuple[str, str] | None = None, killed: tuple[int | None, int | None] | None = None) -> Claim:
    b: Any = basis
    ab: Any = actor[1] if actor else "named"
    return Claim(
        doc_id=doc, claim_id=cid, kind="incident", extractor="test",
        date=DateRange(date.fromisoformat(day), date.fromisoformat(until or day), b, day, S),
        place=Place(name=name, country=country, precision=precision, span=S, admin1=admin1, lat=lat, lon=lon),
        actor=Actor(id=actor[0], name=actor[0], basis=ab) if actor else None, target=target,
        casualties={"killed": Count(killed[0], killed[1], "x", S)} if killed else {},
    )


BASE = claim("a", "doc-a")

CASES: list[tuple[str, Claim, bool, str]] = [
    ("same document", claim("b", "doc-a"), True, "same document"),
    ("same day", claim("b", "doc-b"), False, "same day"),
    ("one day apart", claim("b", "doc-b", day="2017-05-03"), False, "1 day apart"),
    ("beyond the window", claim("b", "doc-b", day="2017-05-07"), True, "5 days apart"),
    ("report date may be later", claim("b", "doc-b", day="2017-05-04", basis="report"), False,
     "dates overlap (within 4 days)"),
    ("report date before the event", claim("b", "doc-b", day="2017-04-26", basis="report"), True, "6 days apart"),
    ("week-long range", claim("b", "doc-b", day="2017-04-28", until="2017-05-05"), False,
     "dates overlap (8-day range)"),
    ("spelling variant", claim("b", "doc-b", name="al-Tabqah", lat=None, lon=None), False, "same town: Tabqa"),
    ("towns far apart", claim("b", "doc-b", name="Raqqa", lat=35.95, lon=39.01), True, "43.5 km apart"),
    ("different towns, no coordinates", claim("b", "doc-b", name="Mansoura", lat=None, lon=None), True,
     "different places: Tabqa vs Mansoura"),
    ("governorate holds the town", claim("b", "doc-b", name="Raqqa", precision="governorate", lat=None,
                                         lon=None), False, "inside governorate: Raqqa"),
    ("different governorates", claim("b", "doc-b", admin1="Aleppo"), True, "different governorates: Raqqa vs Aleppo"),
    ("different countries", claim("b", "doc-b", country="IQ"), True, "different countries: SY vs IQ"),
    ("same target", claim("b", "doc-b", target="bakery"), False, "same target: bakery"),
    ("counts close", claim("b", "doc-b", killed=(47, 47)), False, "counts 50 vs 47"),
    ("counts open", claim("b", "doc-b", killed=(26, None)), False, "counts 50 vs 26+"),
    ("counts differ", claim("b", "doc-b", killed=(3, 3)), False, "counts differ: 50 vs 3"),
    ("different actors", claim("b", "doc-b", actor=("russia", "named")), False,
     "different actors: coalition vs russia"),
]
BASE = replace(BASE, target="bakery", actor=Actor("coalition", "coalition", "named"),
               casualties={"killed": Count(50, 50, "fifty", S)})


@pytest.mark.parametrize(("label", "other", "cannot", "reason"), CASES, ids=[c[0] for c in CASES])
def test_comparison_table(label: str, other: Claim, cannot: bool, reason: str) -> None:
    cmp = compare_claims(BASE, other)
    assert cmp.cannot is cannot, cmp
    assert reason in cmp.reasons, cmp.reasons
    if cannot:
        assert cmp.score == 0.0


def test_day_off_weighs_less_than_same_day() -> None:
    same = compare_claims(BASE, replace(BASE, claim_id="b", doc_id="doc-b"))
    off = compare_claims(BASE, replace(BASE, claim_id="b", doc_id="doc-b", date=claim("x", "y", day="2017-05-03").date))
    assert same.score > off.score > 0.5


def test_target_mismatch_lowers_the_score() -> None:
    same = compare_claims(BASE, replace(BASE, claim_id="b", doc_id="doc-b"))
    other = compare_claims(BASE, replace(BASE, claim_id="b", doc_id="doc-b", target="school"))
    assert other.weight < same.weight
    assert "targets differ: bakery vs school" in other.reasons


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Al-Raqqah", "ar-Raqa", True),
    ("Kafr Nabl", "Kafranbel", True),
    ("Deir ez-Zor", "Dayr az Zawr", True),
    ("Ma'arrat al-Nu'man", "Maarat an-Numan", True),
    ("Jisr al-Shughur", "Jisr ash-Shughur", True),
    ("Sukkari", "Bustan al-Qasr", False),
    ("Hama", "Homs", False),
    ("Mosul", "Manbij", False),
])
def test_name_key(a: str, b: str, same: bool) -> None:
    assert same_name(a, b) is same


def test_name_key_strips_diacritics_and_doubles() -> None:
    assert name_key("Ḥalab") == name_key("Halab")
    assert name_key("Raqqa") == name_key("Raqa")


@pytest.mark.parametrize(("a", "b", "weight", "reason"), [
    ("school", "school", TARGET_SAME, "same target: school"),
    ("school", "hospital", TARGET_DIFF, "targets differ: school vs hospital"),
    ("residential building", "residential building", DIFFUSE_SAME, "same target: residential building"),
    ("market", "residential building", DIFFUSE_DIFF, "targets differ: market vs residential building"),
    ("road", "hospital", DIFFUSE_DIFF, "targets differ: road vs hospital"),
])
def test_homes_and_streets_are_diffuse_targets(a: str, b: str, weight: float, reason: str) -> None:
    assert compare_targets(a, b) == (weight, reason)
    assert compare_targets(b, a)[0] == weight
    assert TARGET_DIFF < DIFFUSE_DIFF < 0 < DIFFUSE_SAME < TARGET_SAME
    x = replace(BASE, target=a)
    y = replace(BASE, claim_id="b", doc_id="doc-b", target=b)
    assert reason in compare_claims(x, y).reasons
