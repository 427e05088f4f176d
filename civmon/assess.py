"""Grading incidents by Airwars' definitions (stub interface; issue 2 fills it in)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from civmon.models import Claim, Grade


def grade_incident(claims: Sequence[Claim], *, publishers: Mapping[str, str | None]) -> Grade:
    """The grade of an incident from its claims; `publishers` maps doc_id to its source (publisher) name."""
    return Grade(grade="Weak", reason="single source")
