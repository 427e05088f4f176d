"""Linking: claims from many documents into incidents (pure functions; the store is at the edges).

The pipeline calls `link_claims` with the new claims and the claims of the existing incidents they
might join, and stores the clusters it returns. Steps: blocking (country x governorate x date
window), pairwise comparison (log-odds evidence with reasons), constrained average-linkage
clustering (cannot-links are never overridden; one document's claims never merge).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from civmon.link.blocking import candidate_pairs, pairs_touching
from civmon.link.cluster import PairEvidence, average_linkage
from civmon.link.compare import Comparison, compare_claims
from civmon.models import Claim

__all__ = ["Cluster", "Link", "compare_claims", "link_claims", "pairwise_scores"]

FAST_FROM = 300
"""From this many new claims, linking takes the vectorised path (civmon.link.fast)."""


@dataclass(frozen=True, slots=True)
class Link:
    """The evidence for putting two claims in one incident: a score in [0, 1] and its reasons."""

    a: str  # claim_id
    b: str  # claim_id
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Cluster:
    """A proposed incident: an existing incident's code (when the claims join one) or None for a new one.

    `claim_ids` are the NEW claims of the cluster only (the existing incident's claims are not repeated);
    `links` are the scored pairs inside the cluster that involve at least one new claim.
    """

    code: str | None
    claim_ids: tuple[str, ...]
    links: tuple[Link, ...] = ()


def pairwise_scores(claims: Sequence[Claim], *, window_days: int = 3,
                    distance_km: float = 15.0) -> dict[tuple[int, int], Comparison]:
    """Every blocked pair (i < j) of incident claims with its comparison."""
    return {
        (i, j): compare_claims(claims[i], claims[j], window_days=window_days, distance_km_limit=distance_km)
        for i, j in candidate_pairs(claims, window_days=window_days)
    }


def link_claims(
    new: Sequence[Claim],
    *,
    existing: Mapping[str, Sequence[Claim]],
    window_days: int = 3,
    distance_km: float = 15.0,
    threshold: float = 0.0,
    cannot: Collection[tuple[str, str]] = (),
) -> list[Cluster]:
    """Group `new` incident claims into clusters, joining an `existing` incident (code -> claims) where they match.

    Aggregate claims never link and are left out. A new claim whose id is already in an existing
    incident is ignored. `threshold` is the average log-odds a merge must exceed (0 = even odds).
    `cannot` are claim-id pairs an analyst kept apart: never in one cluster.
    """
    known = {c.claim_id for claims in existing.values() for c in claims}
    fresh: list[Claim] = []
    seen: set[str] = set()
    for c in new:
        if c.kind == "incident" and c.claim_id not in known and c.claim_id not in seen:
            seen.add(c.claim_id)
            fresh.append(c)
    if not fresh:
        return []
    nodes: list[Claim] = list(fresh)
    groups: list[list[int]] = []
    codes: list[str] = []
    # Groups in the order of their first claim id, so ties break the same way whatever the incidents' codes.
    for code, claims in sorted(existing.items(), key=lambda kv: (min((c.claim_id for c in kv[1]), default=""), kv[0])):
        incident_claims = [c for c in claims if c.kind == "incident"]
        if not incident_claims:
            continue
        groups.append(list(range(len(nodes), len(nodes) + len(incident_claims))))
        codes.append(code)
        nodes.extend(incident_claims)
    n_new = len(fresh)
    code_of = {i: codes[k] for k, g in enumerate(groups) for i in g}
    if n_new >= FAST_FROM and threshold >= 0:
        parts, inside = _fast_parts(nodes, groups, n_new, window_days=window_days, distance_km=distance_km,
                                    threshold=threshold, cannot=cannot)
        if parts is not None:
            part_of = {i: k for k, part in enumerate(parts) for i in part}
            links: dict[int, list[Link]] = {}
            for i, j in inside:
                cmp = compare_claims(nodes[i], nodes[j], window_days=window_days, distance_km_limit=distance_km)
                links.setdefault(part_of[i], []).append(
                    Link(a=nodes[i].claim_id, b=nodes[j].claim_id, score=round(cmp.score, 4), reasons=cmp.reasons))
            return _clusters(nodes, parts, links, n_new, code_of)
    comparisons = {
        (i, j): compare_claims(nodes[i], nodes[j], window_days=window_days, distance_km_limit=distance_km)
        for i, j in pairs_touching(nodes, n_new, window_days=window_days)  # at least one new claim: existing
    }                                                                      # incidents are not re-compared
    forbidden = {frozenset(p) for p in cannot}
    evidence = {p: PairEvidence(weight=c.weight, cannot=c.cannot or frozenset(
        (nodes[p[0]].claim_id, nodes[p[1]].claim_id)) in forbidden) for p, c in comparisons.items()}
    parts = average_linkage(len(nodes), evidence, groups=groups, threshold=threshold)
    part_of = {i: k for k, part in enumerate(parts) for i in part}
    links = {}
    for (i, j), cmp in sorted(comparisons.items()):
        if part_of[i] == part_of[j]:
            links.setdefault(part_of[i], []).append(
                Link(a=nodes[i].claim_id, b=nodes[j].claim_id, score=round(cmp.score, 4), reasons=cmp.reasons))
    return _clusters(nodes, parts, links, n_new, code_of)


def _fast_parts(nodes: Sequence[Claim], groups: Sequence[Sequence[int]], n_new: int, *, window_days: int,
                distance_km: float, threshold: float, cannot: Collection[tuple[str, str]],
                ) -> tuple[list[list[int]] | None, list[tuple[int, int]]]:
    """Clusters by the vectorised path, and the compared pairs that end inside one cluster; None when some
    claim lacks a date or place (the scalar path handles those)."""
    from civmon.link import fast

    col = fast.columns(nodes)
    if not bool(col.ok[:n_new].all()):
        return None, []
    i, j, weight, forbid = fast.scored_pairs(col, window_days=window_days, distance_km=distance_km,
                                             only_first=n_new)
    if cannot:
        import numpy as np

        index = {c.claim_id: k for k, c in enumerate(nodes)}
        pairs = [sorted((index[a], index[b])) for a, b in cannot if a in index and b in index]
        if pairs:
            forbid |= np.isin(i * len(nodes) + j, np.array([x * len(nodes) + y for x, y in pairs]))
    parts = fast.cluster_pairs(len(nodes), i, j, weight, forbid, groups=groups, threshold=threshold)
    part = [0] * len(nodes)
    for k, members in enumerate(parts):
        for v in members:
            part[v] = k
    import numpy as np

    label = np.array(part)
    keep = (label[i] == label[j]) & ~forbid
    return parts, list(zip(i[keep].tolist(), j[keep].tolist(), strict=True))


def _clusters(nodes: Sequence[Claim], parts: Sequence[Sequence[int]], links: Mapping[int, list[Link]], n_new: int,
              code_of: Mapping[int, str]) -> list[Cluster]:
    out: list[Cluster] = []
    for k, part in enumerate(parts):
        new_ids = [i for i in part if i < n_new]
        if new_ids:
            joined: str | None = next((code_of[i] for i in part if i >= n_new), None)
            out.append(Cluster(code=joined, claim_ids=tuple(nodes[i].claim_id for i in new_ids),
                               links=tuple(links.get(k, ()))))
    out.sort(key=lambda c: c.claim_ids)
    return out
