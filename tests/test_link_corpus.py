"""Linking a multi-source corpus: one strike told by several sources links; near-misses stay apart."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from civmon.link import Cluster, link_claims
from civmon.link.evaluate import pairwise_scores, same_cluster_pairs
from civmon.models import Actor, Claim, Count, DateRange, Place, Span

S = Span(0, 1)


def claim(cid: str, doc: str, day: str, name: str, *, lat: float | None = None, lon: float | None = None,
          precision: str = "town", admin1: str | None = "Aleppo", admin2: str | None = None,
          country: str = "SY", basis: str = "event", until: str | None = None, actor: str | None = None,
          target: str | None = None, killed: int | tuple[int, int | None] | None = None,
          kind: str = "incident", near: bool = False) -> Claim:
    """A claim built directly from the model, with sensible defaults for a test corpus."""
    casualties: dict[str, Count] = {}
    if killed is not None:
        lo, hi = (killed, killed) if isinstance(killed, int) else killed
        casualties["civilians_killed"] = Count(min=lo, max=hi, words=str(killed), span=S)
    start = date.fromisoformat(day)
    end = date.fromisoformat(until) if until else start
    b: Any = basis
    return Claim(
        doc_id=doc, claim_id=cid, kind="aggregate" if kind == "aggregate" else "incident", extractor="test",
        date=DateRange(earliest=start, latest=end, basis=b, text=day, span=S),
        place=Place(name=name, country=country, precision=precision, span=S, admin1=admin1, admin2=admin2,
                    lat=lat, lon=lon, near=near),
        actor=Actor(id=actor, name=actor, basis="named") if actor else None,
        target=target, casualties=casualties,
    )


CORPUS: tuple[Claim, ...] = (
    # One market strike: a local activist network, a wire service and an NGO (a day off, other spelling).
    claim("a1", "activists-1", "2016-03-05", "Bustan al-Qasr", lat=36.190, lon=37.140, precision="neighbourhood",
          actor="russia", target="market", killed=12),
    claim("a2", "wire-1", "2016-03-05", "Aleppo", lat=36.200, lon=37.160, precision="city",
          target="market", killed=(10, None)),
    claim("a3", "ngo-1", "2016-03-04", "Bustan el-Kasr", lat=36.191, lon=37.141, precision="neighbourhood",
          target="market", killed=14),
    # Same city, same day, another neighbourhood ~3 km away: a bakery.
    claim("b1", "activists-2", "2016-03-05", "Sukkari", lat=36.170, lon=37.170, precision="neighbourhood",
          target="bakery", killed=4),
    claim("b2", "ngo-2", "2016-03-05", "al-Sukkari", lat=36.171, lon=37.169, precision="neighbourhood",
          target="bakery", killed=5),
    # A village struck on two consecutive days (homes, then a school); one source gives only its report date.
    claim("c1", "activists-3", "2016-03-10", "Kafr Nabl", lat=35.61, lon=36.56, precision="village",
          admin1="Idlib", target="residential", killed=3),
    claim("c2", "wire-2", "2016-03-11", "Kafranbel", lat=35.612, lon=36.561, precision="village",
          admin1="Idlib", basis="report", target="residential", killed=3),
    claim("d1", "activists-4", "2016-03-11", "Kafr Nabl", lat=35.61, lon=36.56, precision="village",
          admin1="Idlib", target="school", killed=7),
    claim("d2", "ngo-3", "2016-03-11", "Kafranbel", lat=35.612, lon=36.561, precision="village",
          admin1="Idlib", target="school", killed=(8, None)),
    claim("d3", "ngo-5", "2016-03-11", "Idlib", lat=35.8, lon=36.6, precision="governorate", admin1="Idlib",
          target="school", killed=8),
    # Two strikes reported in one document, towns ~16 km apart, each also told by an activist.
    claim("e1", "wire-3", "2016-03-20", "Atarib", lat=36.139, lon=36.830, admin1="Aleppo", target="market",
          killed=30),
    claim("f1", "wire-3", "2016-03-20", "Daret Azza", lat=36.283, lon=36.851, admin1="Aleppo", target="residential",
          killed=6),
    claim("e2", "activists-5", "2016-03-20", "al-Atarib", lat=36.139, lon=36.830, admin1="Aleppo",
          target="market", killed=(28, 33)),
    claim("f2", "activists-6", "2016-03-20", "Darat Izza", lat=36.283, lon=36.851, admin1="Aleppo",
          target="residential", killed=6),
    # Same town, same day, different target and very different toll.
    claim("m1", "activists-7", "2016-03-20", "Atarib", lat=36.139, lon=36.830, admin1="Aleppo",
          target="water station", killed=1),
    # Two strikes in one town told in one document (hospital, market); the hospital also told elsewhere.
    claim("g1", "wire-4", "2016-03-25", "Saraqib", lat=35.86, lon=36.80, admin1="Idlib", target="hospital",
          killed=5),
    claim("h1", "wire-4", "2016-03-25", "Saraqib", lat=35.86, lon=36.80, admin1="Idlib", target="market",
          killed=9),
    claim("g2", "activists-8", "2016-03-25", "Saraqeb", lat=35.862, lon=36.801, admin1="Idlib",
          target="hospital", killed=6),
    # The same town's market five days later.
    claim("l1", "activists-9", "2016-03-30", "Saraqib", lat=35.86, lon=36.80, admin1="Idlib", target="market",
          killed=9),
    # An NGO month-part range against an activist's exact day.
    claim("i1", "ngo-4", "2016-03-01", "Maarat al-Numan", lat=35.64, lon=36.67, admin1="Idlib",
          until="2016-03-10", target="market", killed=20),
    claim("i2", "activists-10", "2016-03-07", "Ma'arrat an-Nu'man", lat=35.643, lon=36.672, admin1="Idlib",
          target="market", killed=22),
    # Villages of one name in two districts, same day.
    claim("j1", "activists-11", "2016-03-15", "Hazano", precision="village", admin1="Idlib", admin2="Idlib",
          killed=2),
    claim("k1", "wire-5", "2016-03-15", "Hazanu", precision="village", admin1="Idlib", admin2="Harim", killed=2),
    # Another country, same day as the market strike.
    claim("x1", "wire-6", "2016-03-05", "Mosul", lat=36.34, lon=43.13, admin1="Nineveh", country="IQ",
          target="market", killed=12),
    # Competing attributions of one hospital strike: still one incident.
    claim("n1", "activists-12", "2016-03-28", "Jisr al-Shughur", lat=35.81, lon=36.32, admin1="Idlib",
          actor="russia", target="hospital", killed=9),
    claim("n2", "wire-7", "2016-03-28", "Jisr ash-Shughur", lat=35.812, lon=36.318, admin1="Idlib",
          actor="syria", target="hospital", killed=9),
    # One neighbourhood name in two cities.
    claim("o1", "activists-13", "2016-03-18", "Hurriya", precision="neighbourhood", admin1="Idlib", killed=3),
    claim("o2", "wire-8", "2016-03-18", "al-Hurriya", precision="neighbourhood", admin1="Aleppo", killed=3),
    # An aggregate total never links.
    claim("z1", "ngo-6", "2016-03-05", "Aleppo", lat=36.2, lon=37.16, precision="city", target="market",
          killed=12, kind="aggregate"),
)

TRUTH: tuple[tuple[str, ...], ...] = (
    ("a1", "a2", "a3"), ("b1", "b2"), ("c1", "c2"), ("d1", "d2", "d3"), ("e1", "e2"), ("f1", "f2"), ("m1",),
    ("g1", "g2"), ("h1",), ("l1",), ("i1", "i2"), ("j1",), ("k1",), ("x1",), ("n1", "n2"), ("o1",), ("o2",),
)

NEAR_MISSES: tuple[tuple[str, str, str], ...] = (
    ("a1", "b1", "same city and day, different neighbourhoods"),
    ("a3", "b2", "same city and day, different neighbourhoods"),
    ("a2", "b1", "city-level report against another neighbourhood's bakery"),
    ("c1", "d1", "same village, consecutive days"),
    ("c2", "d2", "same village, consecutive days, report date"),
    ("e1", "f1", "two strikes in one document"),
    ("g1", "h1", "two strikes in one town in one document"),
    ("h1", "g2", "same town and day, other target"),
    ("e1", "m1", "same town and day, other target and toll"),
    ("h1", "l1", "same town's market five days later"),
    ("j1", "k1", "villages of one name in two districts"),
    ("a1", "x1", "same day in another country"),
    ("o1", "o2", "one neighbourhood name in two governorates"),
)


def _clusters(result: list[Cluster]) -> list[tuple[str, ...]]:
    return [c.claim_ids for c in result]


@pytest.fixture(scope="module")
def linked() -> list[Cluster]:
    return link_claims(CORPUS, existing={})


def test_truth_covers_every_incident_claim() -> None:
    ids = sorted(c.claim_id for c in CORPUS if c.kind == "incident")
    assert sorted(i for group in TRUTH for i in group) == ids


def test_pairwise_precision_and_recall(linked: list[Cluster]) -> None:
    score = pairwise_scores(_clusters(linked), TRUTH)
    assert score.precision == 1.0, same_cluster_pairs(_clusters(linked)) - same_cluster_pairs(TRUTH)
    assert score.recall == 1.0, same_cluster_pairs(TRUTH) - same_cluster_pairs(_clusters(linked))


@pytest.mark.parametrize(("a", "b", "why"), NEAR_MISSES)
def test_near_misses_stay_apart(linked: list[Cluster], a: str, b: str, why: str) -> None:
    together = [c for c in linked if a in c.claim_ids and b in c.claim_ids]
    assert not together, why


def test_aggregates_never_link(linked: list[Cluster]) -> None:
    assert all("z1" not in c.claim_ids for c in linked)


def test_links_keep_scores_and_reasons(linked: list[Cluster]) -> None:
    market = next(c for c in linked if "a1" in c.claim_ids)
    reasons = {r for link in market.links for r in link.reasons}
    assert "same day" in reasons and "same target: market" in reasons
    assert "same neighbourhood: Bustan al-Qasr" in reasons
    assert any(r.startswith("counts 12 vs 14") for r in reasons)
    assert all(0.5 < link.score <= 1.0 for link in market.links)


def test_incremental_linking_matches_batch() -> None:
    first, second = CORPUS[::2], CORPUS[1::2]
    existing: dict[str, list[Claim]] = {}
    by_id = {c.claim_id: c for c in CORPUS}
    for k, cluster in enumerate(link_claims(first, existing={})):
        existing[f"I{k}"] = [by_id[i] for i in cluster.claim_ids]
    result = link_claims(second, existing=existing)
    final = {code: [c.claim_id for c in claims] for code, claims in existing.items()}
    fresh: list[list[str]] = []
    for cluster in result:
        if cluster.code is None:
            fresh.append(list(cluster.claim_ids))
        else:
            final[cluster.code].extend(cluster.claim_ids)
    score = pairwise_scores(list(final.values()) + fresh, TRUTH)
    assert score.precision == 1.0
    assert score.recall >= 0.9
    assert any(c.code is not None for c in result)


def test_existing_incidents_are_not_merged_or_repeated() -> None:
    a1, a2, a3 = CORPUS[0], CORPUS[1], CORPUS[2]
    result = link_claims([a3], existing={"X1": [a1], "X2": [a2]})
    assert len(result) == 1 and result[0].claim_ids == ("a3",) and result[0].code in {"X1", "X2"}
