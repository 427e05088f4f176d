"""Clustering refuses chains, keeps one document's claims apart, and blocking stays near linear."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from civmon.link import link_claims, pairwise_scores
from civmon.link.blocking import candidate_pairs
from civmon.link.cluster import PairEvidence, average_linkage
from civmon.models import Claim, Count, DateRange, Place, Span

S = Span(0, 1)


def claim(cid: str, doc: str, name: str, lat: float, lon: float, *, precision: str = "neighbourhood",
          day: date = date(2017, 6, 1), target: str | None = "residential", killed: int = 5,
          admin1: str = "Nineveh") -> Claim:
    return Claim(
        doc_id=doc, claim_id=cid, kind="incident", extractor="test",
        date=DateRange(day, day, "event", "", S),
        place=Place(name=name, country="IQ", precision=precision, span=S, admin1=admin1, lat=lat, lon=lon),
        target=target, casualties={"civilians_killed": Count(killed, killed, str(killed), S)},
    )


def _components(n: int, edges: list[tuple[int, int]]) -> list[set[int]]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    groups: dict[int, set[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), set()).add(i)
    return list(groups.values())


def test_chain_that_components_would_merge_stays_apart() -> None:
    # A and C: two neighbourhoods 3 km apart; B: a city-level report that fits either.
    a = claim("A", "doc-1", "Zanjili", 36.365, 43.115)
    b = claim("B", "doc-2", "Mosul", 36.345, 43.130, precision="city")
    c = claim("C", "doc-3", "Yarimja", 36.338, 43.140)
    claims = [a, b, c]
    scores = pairwise_scores(claims)
    assert scores[(0, 1)].score > 0.5 and scores[(1, 2)].score > 0.5
    assert scores[(0, 2)].cannot
    linked_edges = [p for p, cmp in scores.items() if cmp.score > 0.5]
    assert len(_components(3, linked_edges)) == 1  # connected components chain all three
    clusters = link_claims(claims, existing={})
    assert len(clusters) == 2
    assert not any({"A", "C"} <= set(cl.claim_ids) for cl in clusters)


def test_one_documents_claims_never_merge() -> None:
    a = claim("A", "doc-1", "Zanjili", 36.365, 43.115)
    b = claim("B", "doc-1", "Zanjili", 36.365, 43.115)
    c = claim("C", "doc-2", "Zanjili", 36.365, 43.115)
    clusters = link_claims([a, b, c], existing={})
    assert all(len({x for x in cl.claim_ids if x in "AB"}) <= 1 for cl in clusters)


def test_average_linkage_refuses_cannot_link_and_uncompared() -> None:
    pairs = {(0, 1): PairEvidence(3.0, False), (1, 2): PairEvidence(2.0, False), (0, 2): PairEvidence(0.0, True),
             (2, 3): PairEvidence(1.0, False)}
    parts = sorted(average_linkage(4, pairs))
    assert parts == [[0, 1], [2, 3]]


def test_fixed_groups_never_merge_with_each_other() -> None:
    pairs = {(0, 1): PairEvidence(5.0, False), (0, 2): PairEvidence(5.0, False), (1, 2): PairEvidence(5.0, False)}
    parts = sorted(average_linkage(3, pairs, groups=[[1], [2]]))
    assert len(parts) == 2 and [0] not in parts


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.sampled_from(["A", "B", "C"]), st.sampled_from(["IQ", "SY"])),
                min_size=2, max_size=30), st.integers(0, 5))
def test_blocking_proposes_every_pair_within_the_window(rows: list[tuple[int, str, str]], window: int) -> None:
    base = date(2017, 1, 1)
    claims = [
        Claim(doc_id=f"d{i}", claim_id=f"c{i}", kind="incident", extractor="t",
              date=DateRange(base + timedelta(days=d), base + timedelta(days=d), "event", "", S),
              place=Place(name="X", country=cc, precision="town", span=S, admin1=gov))
        for i, (d, gov, cc) in enumerate(rows)
    ]
    got = set(candidate_pairs(claims, window_days=window))
    want = {(i, j) for i in range(len(rows)) for j in range(i + 1, len(rows))
            if rows[i][2] == rows[j][2] and rows[i][1] == rows[j][1] and abs(rows[i][0] - rows[j][0]) <= window}
    assert got == want


def test_blocking_cost_stays_near_linear() -> None:
    base = date(2015, 1, 1)
    claims = [
        claim(f"c{i}", f"d{i}", f"Place{i % 7}", 36.0 + (i % 7) * 0.2, 43.0, precision="town",
              day=base + timedelta(days=i // 4), admin1=f"Gov{i % 5}")
        for i in range(4000)
    ]
    pairs = sum(1 for _ in candidate_pairs(claims, window_days=3))
    assert pairs < 4000 * 10
    assert len(link_claims(claims[:800], existing={})) > 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 8), st.sampled_from(["Tabqa", "Tabqah", "Mansoura"]),
                          st.sampled_from(["school", "market", None]), st.integers(1, 30)),
                min_size=1, max_size=25))
def test_clusters_partition_and_respect_cannot_links(rows: list[tuple[int, int, str, str | None, int]]) -> None:
    coords = {"Tabqa": (35.836, 38.548), "Tabqah": (35.837, 38.549), "Mansoura": (35.81, 38.75)}
    claims = [
        claim(f"c{i}", f"d{doc}", name, *coords[name], precision="town", day=date(2017, 5, 1) + timedelta(days=d),
              target=target, killed=k, admin1="Raqqa")
        for i, (doc, d, name, target, k) in enumerate(rows)
    ]
    clusters = link_claims(claims, existing={})
    ids = [i for cl in clusters for i in cl.claim_ids]
    assert sorted(ids) == sorted(c.claim_id for c in claims)
    by_id = {c.claim_id: c for c in claims}
    scores = pairwise_scores(claims)
    index = {c.claim_id: k for k, c in enumerate(claims)}
    for cl in clusters:
        docs = [by_id[i].doc_id for i in cl.claim_ids]
        assert len(docs) == len(set(docs))
        for x in cl.claim_ids:
            for y in cl.claim_ids:
                if index[x] < index[y]:
                    pair = (index[x], index[y])
                    assert pair in scores and not scores[pair].cannot
