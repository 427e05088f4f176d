"""The vectorised linker agrees with the scalar one: same blocked pairs, same evidence, same clusters."""

from __future__ import annotations

import numpy as np
import pytest
from test_link_corpus import CORPUS

from civmon.link import FAST_FROM, fast, link_claims
from civmon.link.blocking import candidate_pairs, pairs_touching
from civmon.link.cluster import PairEvidence, average_linkage
from civmon.link.compare import compare_claims
from civmon.link.synthetic import generate
from civmon.models import Claim


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
