"""The vectorised linker agrees with the scalar one: same blocked pairs, same evidence, same clusters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_link_corpus import CORPUS

from civmon.link import FAST_FROM, fast, link_claims
from civmon.link.blocking import candidate_pairs, pairs_touching
from civmon.link.cluster import PairEvidence, average_linkage
from civmon.link.compare import DIFFUSE_DIFF, DIFFUSE_SAME, TARGET_DIFF, TARGET_SAME, compare_claims
from civmon.link.synthetic import generate
from civmon.models import Claim, DateRange, Place, Span


def synthetic(n: int, seed: int) -> list[Claim]:
    return [c for c, _ in generate(n, seed=seed)]


CASES = {"corpus": list(CORPUS), "synthetic-1": synthetic(600, 1), "synthetic-7": synthetic(900, 7)}


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_blocked_pairs(name: str) -> None:
    claims = [c for c in CASES[name] if c.kind == "incident"]
    col = fast.columns(claims)
    i, j = fast.candidate_pairs(col, window_days=3)
    assert set(zip(i.tolist(), j.tolist(), strict=True)) == set(candidate_pairs(claims, window_days=3))


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_evidence_as_compare_claims(name: str) -> None:
    claims = [c for c in CASES[name] if c.kind == "incident"]
    col = fast.columns(claims)
    i, j = fast.candidate_pairs(col, window_days=3)
    weight, cannot = fast.evidence(col, i, j, window_days=3, distance_km=15.0)
    assert i.size > 0
    for x, y, w, c in zip(i.tolist(), j.tolist(), weight.tolist(), cannot.tolist(), strict=True):
        ref = compare_claims(claims[x], claims[y])
        assert c == ref.cannot, (claims[x].claim_id, claims[y].claim_id, ref.reasons)
        if not c:
            assert w == pytest.approx(ref.weight, abs=1e-9), (claims[x].claim_id, claims[y].claim_id, ref.reasons)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_same_clusters_as_the_scalar_path(seed: int) -> None:
    claims = synthetic(1200, seed)
    pairs = {p: compare_claims(claims[p[0]], claims[p[1]]) for p in candidate_pairs(claims, window_days=3)}
    scalar = average_linkage(len(claims), {p: PairEvidence(c.weight, c.cannot) for p, c in pairs.items()})
    col = fast.columns(claims)
    i, j, w, c = fast.scored_pairs(col, window_days=3, distance_km=15.0)
    vector = fast.cluster_pairs(len(claims), i.astype(np.int64), j.astype(np.int64), w, c)
    assert sorted(map(sorted, scalar)) == sorted(map(sorted, vector))
    assert len(claims) >= FAST_FROM
    linked = link_claims(claims, existing={})
    assert sorted(sorted(cl.claim_ids) for cl in linked) == sorted(
        sorted(claims[k].claim_id for k in part) for part in scalar)


def test_components_label_each_node_with_its_smallest_member() -> None:
    labels = fast.components(6, np.array([4, 1, 2]), np.array([5, 2, 3]))
    assert labels.tolist() == [0, 1, 1, 1, 4, 4]


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("first", [1, 5, 40])
def test_pairs_touching_the_first_claims_match_blocking(name: str, first: int) -> None:
    claims = CASES[name]
    expected = sorted(p for p in candidate_pairs(claims, window_days=3) if p[0] < first)
    assert pairs_touching(claims, first, window_days=3) == expected


# The place and target rules both paths share: an unresolved place 'near' its resolved namesake
# (compare.approximate), two gazetteer settlements as two places (compare.two_settlements) and diffuse
# targets (compare.compare_targets). Each row names a reason compare_claims must give, so the table keeps
# exercising the rule it is about.

S = Span(0, 1)
BASE = (35.80, 36.60)  # a point in Idlib governorate
KM = 1 / 111.2  # degrees of latitude per km


def claim(cid: str, name: str, precision: str, km_north: float | None, gazetteer_id: str | None, *,
          target: str | None = None, day: int = 2, near: bool = False, admin2: str | None = None) -> Claim:
    """An incident claim in Idlib on 2016-05-<day>, its place `km_north` km north of BASE (None: no coordinates)."""
    lat = None if km_north is None else BASE[0] + km_north * KM
    lon = None if km_north is None else BASE[1]
    place = Place(name, "SY", precision, S, admin1="Idlib", admin2=admin2, lat=lat, lon=lon, near=near,
                  gazetteer_id=gazetteer_id)
    when = date(2016, 5, day)
    return Claim(doc_id=f"doc-{cid}", claim_id=cid, kind="incident", extractor="t",
                 date=DateRange(when, when, "event", when.isoformat(), S), place=place, target=target)


RULES = {
    # An unresolved village and the resolved town of its name 8 km away: near (12 km tolerance), one place.
    "unresolved-village-resolved-town": (claim("a", "Sarmin", "village", 0.0, None),
                                         claim("b", "Sarmeen", "town", 8.0, "g-sarmin"), "same village: Sarmin"),
    # The same, as two towns 20 km apart: the doubled tolerance keeps them under the far limit.
    "unresolved-town-20km": (claim("a", "Jinderes", "town", 0.0, None),
                             claim("b", "Jandairis", "town", 20.0, "g-jand"), "same town: Jinderes"),
    # Both unresolved: no 'near', 8 km is beyond a town's tolerance, two places.
    "both-unresolved": (claim("a", "Sarmin", "village", 0.0, None), claim("b", "Sarmeen", "town", 8.0, None),
                        "different places"),
    # Both resolved as one entry under two spellings the name key cannot join: the distance counts.
    "one-entry-two-spellings": (claim("a", "Binnish", "village", 0.0, "g-1"),
                                claim("b", "Bennsh Town", "village", 1.0, "g-1"), "1.0 km apart"),
    # Two villages in the gazetteer as different entries 3 km apart: two places, no distance evidence.
    "two-gazetteer-villages-3km": (claim("a", "Kafr Batna", "village", 0.0, "g-kb"),
                                   claim("b", "Ain Tarma", "village", 3.0, "g-at", near=True),
                                   "different places nearby"),
    "two-gazetteer-towns-3km": (claim("a", "Taftanaz", "town", 0.0, "g-tf"),
                                claim("b", "Binnish", "town", 3.0, "g-bn"), "different places nearby"),
    # One of them unresolved (it carries an enclosing unit's coordinates): the distance is evidence.
    "gazetteer-village-unresolved-3km": (claim("a", "Kafr Batna", "village", 0.0, "g-kb"),
                                         claim("b", "Ain Tarma", "village", 2.0, None), "2.0 km apart"),
    # A neighbourhood is no settlement: its distance to a resolved town stays evidence.
    "gazetteer-quarter-and-town": (claim("a", "Hay al-Qusur", "neighbourhood", 0.0, "g-q"),
                                   claim("b", "Taftanaz", "town", 3.0, "g-tf"), "3.0 km apart"),
    # Diffuse targets: shared weighs DIFFUSE_SAME, a difference involving one DIFFUSE_DIFF.
    "road-road": (claim("a", "Sarmin", "town", 0.0, "g-s", target="road"),
                  claim("b", "Sarmin", "town", 0.0, "g-s", target="road"), "same target: road"),
    "home-home": (claim("a", "Sarmin", "town", 0.0, "g-s", target="residential building"),
                  claim("b", "Sarmin", "town", 0.5, None, target="residential building"),
                  "same target: residential building"),
    "road-market": (claim("a", "Sarmin", "town", 0.0, "g-s", target="road"),
                    claim("b", "Sarmin", "town", 0.0, "g-s", target="market"), "targets differ: road vs market"),
    "school-home": (claim("a", "Sarmin", "town", 0.0, "g-s", target="school"),
                    claim("b", "Sarmin", "town", 0.0, "g-s", target="residential building"),
                    "targets differ: school vs residential building"),
    "home-road": (claim("a", "Sarmin", "town", 0.0, "g-s", target="residential building"),
                  claim("b", "Sarmin", "town", 0.0, "g-s", target="road"),
                  "targets differ: residential building vs road"),
    # Facilities keep the full weights.
    "market-market": (claim("a", "Sarmin", "town", 0.0, "g-s", target="market"),
                      claim("b", "Sarmin", "town", 0.0, "g-s", target="market"), "same target: market"),
    "market-school": (claim("a", "Sarmin", "town", 0.0, "g-s", target="market"),
                      claim("b", "Sarmin", "town", 0.0, "g-s", target="school"), "targets differ: market vs school"),
}


def assert_same_evidence(claims: Sequence[Claim]) -> int:
    """fast.evidence and fast.scored_pairs agree with compare_claims on every blocked pair; returns the pair count."""
    col = fast.columns(claims)
    i, j = fast.candidate_pairs(col, window_days=3)
    weight, cannot = fast.evidence(col, i, j, window_days=3, distance_km=15.0)
    si, sj, sw, sc = fast.scored_pairs(col, window_days=3, distance_km=15.0)
    scored = {(x, y): (w, c) for x, y, w, c in zip(si.tolist(), sj.tolist(), sw.tolist(), sc.tolist(), strict=True)}
    assert len(scored) == i.size
    for x, y, w, c in zip(i.tolist(), j.tolist(), weight.tolist(), cannot.tolist(), strict=True):
        ref = compare_claims(claims[x], claims[y])
        for got_w, got_c in ((w, c), scored[(x, y)]):
            assert got_c == ref.cannot, (claims[x], claims[y], ref.reasons)
            if not ref.cannot:
                assert got_w == pytest.approx(ref.weight, abs=1e-9), (claims[x], claims[y], ref.reasons)
    return int(i.size)


@pytest.mark.parametrize("rule", sorted(RULES))
def test_gazetteer_and_target_rules_agree_with_compare_claims(rule: str) -> None:
    a, b, reason = RULES[rule]
    ref = compare_claims(a, b)
    assert any(r.startswith(reason) for r in ref.reasons), ref.reasons
    assert assert_same_evidence([a, b]) == 1
    assert assert_same_evidence([b, a]) == 1


@pytest.mark.parametrize(("ta", "tb", "expected"), [
    ("road", "road", DIFFUSE_SAME), ("residential building", "market", DIFFUSE_DIFF),
    ("market", "market", TARGET_SAME), ("market", "hospital", TARGET_DIFF), (None, "road", 0.0),
])
def test_target_weights_follow_compare_targets(ta: str | None, tb: str | None, expected: float) -> None:
    a = claim("a", "Sarmin", "town", 0.0, "g-s", target=ta)
    b = claim("b", "Sarmin", "town", 0.0, "g-s", target=tb)
    bare_a, bare_b = replace(a, target=None), replace(b, target=None)
    col = fast.columns([a, b, bare_a, bare_b])
    weight, _ = fast.evidence(col, np.array([0, 2]), np.array([1, 3]), window_days=3, distance_km=15.0)
    assert float(weight[0] - weight[1]) == pytest.approx(expected)


NAMES = ("Sarmin", "Sarmeen", "Binnish", "Taftanaz", "Kafr Batna")
PRECISION_POOL = ("neighbourhood", "village", "town", "city", "district")
TARGET_POOL = (None, "road", "residential building", "market", "school")


@st.composite
def claims_near_one_spot(draw: st.DrawFn) -> list[Claim]:
    """Two to six claims placed within ~25 km of BASE, some resolved in the gazetteer, with mixed targets."""
    n = draw(st.integers(2, 6))
    out = []
    for k in range(n):
        out.append(claim(
            f"c{k}", draw(st.sampled_from(NAMES)), draw(st.sampled_from(PRECISION_POOL)),
            draw(st.one_of(st.none(), st.floats(0.0, 25.0))), draw(st.sampled_from((None, "g-1", "g-2", "g-3"))),
            target=draw(st.sampled_from(TARGET_POOL)), day=draw(st.integers(1, 4)), near=draw(st.booleans()),
            admin2=draw(st.sampled_from((None, "Idlib", "Harim")))))
    return out


@settings(max_examples=300, deadline=None)
@given(claims_near_one_spot())
def test_fast_evidence_agrees_with_compare_claims_on_any_claims(claims: list[Claim]) -> None:
    assert assert_same_evidence(claims) >= 1  # one governorate, days within the window: always blocked
