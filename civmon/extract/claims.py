"""Claim assembly: segments a report into incidents and aggregates from the components' mentions."""

from __future__ import annotations

from civmon.models import Claim, Document


def extract(doc: Document, *, vague_policy: str = "conservative") -> list[Claim]:
    """The claims a document makes, one per incident or aggregate it describes."""
    return []
