"""The in-memory link index: incremental linking against only the incidents within the window and area."""

from __future__ import annotations

from datetime import date

from civmon.link.index import LinkIndex
from civmon.link.synthetic import generate
from civmon.models import Claim, Count, DateRange, Place, Span

S = Span(0, 1)


def c(cid: str, day: str, name: str, admin1: str, *, lat: float, lon: float) -> Claim:
    d = date.fromisoformat(day)
    return Claim(doc_id=cid, claim_id=cid, kind="incident", extractor="t", date=DateRange(d, d, "event", day, S),
                 place=Place(name, "SY", "village", S, admin1=admin1, lat=lat, lon=lon), target="market",
                 casualties={"civilians_killed": Count(7, 7, "7", S)})


def test_candidates_are_limited_to_window_and_governorate() -> None:
    index = LinkIndex()
    index.add("A", [c("a", "2016-01-10", "Kafr Nabl", "Idlib", lat=35.61, lon=36.56)])
    index.add("B", [c("b", "2016-01-30", "Kafr Nabl", "Idlib", lat=35.61, lon=36.56)])
    index.add("C", [c("x", "2016-01-10", "Atarib", "Aleppo", lat=36.14, lon=36.83)])
    new = c("n", "2016-01-11", "Kafranbel", "Idlib", lat=35.612, lon=36.561)
    assert sorted(index.candidates([new])) == ["A"]
    [(code, cluster)] = index.link([new])
    assert code == "A" and cluster.claim_ids == ("n",)
    assert [x.claim_id for x in index.incidents["A"]] == ["a", "n"]


def test_a_claim_without_a_match_starts_an_incident_with_a_fresh_code() -> None:
    index = LinkIndex()
    index.add("A", [c("a", "2016-01-10", "Kafr Nabl", "Idlib", lat=35.61, lon=36.56)])
    [(code, _)] = index.link([c("n", "2016-03-01", "Kafr Nabl", "Idlib", lat=35.61, lon=36.56)])
    [(other, _)] = index.link([c("m", "2016-06-01", "Kafr Nabl", "Idlib", lat=35.61, lon=36.56)])
    assert code not in {"A", other}


def test_synthetic_generator_is_seeded_and_has_the_documented_shape() -> None:
    first = list(generate(3000, seed=5))
    assert [(x.claim_id, k) for x, k in first] == [(x.claim_id, k) for x, k in generate(3000, seed=5)]
    assert len(first) == 3000
    claims = [x for x, _ in first]
    gov = sum(x.place is not None and x.place.precision == "governorate" for x in claims) / len(claims)
    report = sum(x.date is not None and x.date.basis == "report" for x in claims) / len(claims)
    per_incident = len(claims) / len({k for _, k in first})
    assert 0.25 < gov < 0.35 and 0.07 < report < 0.13 and 2.6 < per_incident < 3.4
