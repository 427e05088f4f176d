"""Linking: claims from many documents into incidents (pure functions; the store is at the edges).

Stub interface (issue 2 fills it in): the pipeline calls `link_claims` with the new claims and the
claims of the existing incidents they might join, and stores the clusters it returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from civmon.models import Claim


@dataclass(frozen=True, slots=True)
class Link:
    """The evidence for putting two claims in one incident: a score in [0, 1] and its reasons."""

    a: str  # claim_id
    b: str  # claim_id
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Cluster:
    """A proposed incident: an existing incident's code (when the claims join one) or None for a new one."""

    code: str | None
    claim_ids: tuple[str, ...]
    links: tuple[Link, ...] = ()


def link_claims(new: Sequence[Claim], *, existing: Mapping[str, Sequence[Claim]]) -> list[Cluster]:
    """Group `new` incident claims into clusters, joining an `existing` incident (code -> claims) where they match."""
    return [Cluster(code=None, claim_ids=(c.claim_id,)) for c in new if c.kind == "incident"]
