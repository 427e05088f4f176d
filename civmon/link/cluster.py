"""Constrained average-linkage clustering over scored pairs (no chaining).

Clusters merge greedily, best first, while the average log-odds over *every* cross pair is above
the threshold. A merge is refused when any cross pair is a cannot-link or was never compared
(blocking kept it apart), so A~B and B~C never drag A and C together when A and C clearly differ.
Groups marked `fixed` (existing incidents) never merge with each other.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PairEvidence:
    """Log-odds weight of one compared pair and whether it is a cannot-link."""

    weight: float
    cannot: bool


def average_linkage(
    n: int,
    pairs: Mapping[tuple[int, int], PairEvidence],
    *,
    groups: Sequence[Sequence[int]] = (),
    threshold: float = 0.0,
) -> list[list[int]]:
    """Partition nodes 0..n-1; `groups` are fixed starting clusters that never merge with each other."""
    members: dict[int, list[int]] = {}
    fixed: set[int] = set()
    owner = list(range(n))
    next_id = n
    for g in groups:
        if not g:
            continue
        cid = next_id
        next_id += 1
        members[cid] = list(g)
        fixed.add(cid)
        for i in g:
            owner[i] = cid
    for i in range(n):
        if owner[i] == i:
            members[i] = [i]
    # Cross-cluster evidence: (sum of weights, number of compared pairs, any cannot-link).
    cross: dict[int, dict[int, list[float]]] = {c: {} for c in members}
    for (i, j), ev in pairs.items():
        a, b = owner[i], owner[j]
        if a == b:
            continue
        acc = cross[a].setdefault(b, [0.0, 0.0, 0.0])
        acc[0] += ev.weight
        acc[1] += 1
        acc[2] = max(acc[2], 1.0 if ev.cannot else 0.0)
        cross[b][a] = acc
    heap: list[tuple[float, int, int]] = []

    def push(a: int, b: int) -> None:
        """Queue the merge of clusters a and b if every cross pair was compared and none forbids it."""
        acc = cross[a][b]
        if acc[2] or (a in fixed and b in fixed):
            return
        size = len(members[a]) * len(members[b])
        if acc[1] < size:
            return
        avg = acc[0] / size
        if avg > threshold:
            heapq.heappush(heap, (-avg, min(a, b), max(a, b)))

    for a in list(cross):
        for b in cross[a]:
            if a < b:
                push(a, b)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members or b not in cross[a]:
            continue
        acc = cross[a][b]
        size = len(members[a]) * len(members[b])
        if acc[2] or acc[1] < size or abs(acc[0] / size + neg) > 1e-9:
            continue  # stale entry
        c = next_id
        next_id += 1
        members[c] = members.pop(a) + members.pop(b)
        if a in fixed or b in fixed:
            fixed.add(c)
        merged: dict[int, list[float]] = {}
        for old in (a, b):
            for other, v in cross.pop(old).items():
                if other in (a, b):
                    continue
                m = merged.setdefault(other, [0.0, 0.0, 0.0])
                m[0] += v[0]
                m[1] += v[1]
                m[2] = max(m[2], v[2])
                cross[other].pop(old, None)
        cross[c] = merged
        for other, m in merged.items():
            cross[other][c] = m
            push(c, other)
    return [sorted(m) for m in members.values()]
