"""An in-memory index of linked incidents, for incremental linking without the store (benchmarks, bulk jobs).

Incidents are bucketed by country, governorate and day; new claims are linked against only the
incidents whose days fall within the linking window of theirs, as the pipeline does with the store's
blocking table (link_blocks, Store.link_candidates), and join them or start new incidents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from civmon.link import Cluster, link_claims
from civmon.link.compare import claim_country, claim_place, interval
from civmon.link.names import name_key
from civmon.models import Claim


def _area(claim: Claim) -> str:
    """The blocking key of a claim's governorate ('' when unknown)."""
    place = claim_place(claim)
    return name_key(place.admin1) if place is not None and place.admin1 else ""


class LinkIndex:
    """Incidents (code -> claims) with a (country, governorate, day) bucket index over their claims' days."""

    def __init__(self, *, window_days: int = 3, distance_km: float = 15.0) -> None:
        self.window_days = window_days
        self.distance_km = distance_km
        self.incidents: dict[str, list[Claim]] = {}
        self._buckets: dict[tuple[str, str, int], set[str]] = defaultdict(set)
        self._next = 0

    def _index(self, code: str, claims: Iterable[Claim]) -> None:
        for c in claims:
            span = interval(c)
            country = claim_country(c)
            if span is None or country is None:
                continue
            area = _area(c)
            for day in range(span[0].toordinal(), span[1].toordinal() + 1):
                self._buckets[(country, area, day)].add(code)
                if area:
                    self._buckets[(country, "*", day)].add(code)

    def add(self, code: str, claims: Sequence[Claim]) -> None:
        """Add (or extend) an incident."""
        self.incidents.setdefault(code, []).extend(claims)
        self._index(code, claims)

    def new_code(self) -> str:
        """A code not used before in this index."""
        self._next += 1
        return f"N{self._next:07d}"

    def candidates(self, new: Sequence[Claim]) -> dict[str, list[Claim]]:
        """The incidents a new claim could join: same country and governorate (or unknown), days within the window."""
        codes: set[str] = set()
        for c in new:
            span = interval(c)
            country = claim_country(c)
            if span is None or country is None:
                continue
            areas = (_area(c), "") if _area(c) else ("*", "")  # a claim with no governorate meets every one
            for day in range(span[0].toordinal() - self.window_days, span[1].toordinal() + self.window_days + 1):
                for area in areas:
                    codes |= self._buckets.get((country, area, day), set())
        return {code: self.incidents[code] for code in sorted(codes)}

    def link(self, new: Sequence[Claim]) -> list[tuple[str, Cluster]]:
        """Link one document's claims into the index; returns (code, cluster) for each cluster written."""
        by_id = {c.claim_id: c for c in new}
        out: list[tuple[str, Cluster]] = []
        for cluster in link_claims(new, existing=self.candidates(new), window_days=self.window_days,
                                   distance_km=self.distance_km):
            code = cluster.code or self.new_code()
            self.add(code, [by_id[i] for i in cluster.claim_ids])
            out.append((code, cluster))
        return out
