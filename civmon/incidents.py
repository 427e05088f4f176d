"""An incident from its linked claims: merged figures, dates, place, belligerents and grade (stub interface)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from civmon.assess import grade_incident
from civmon.models import Claim, Incident


def build_incident(code: str, claims: Sequence[Claim], *, publishers: Mapping[str, str | None]) -> Incident:
    """The Incident that `claims` describe, with Airwars-style figures and a grade."""
    first = claims[0]
    return Incident(
        code=code, claims=tuple(claims), country=first.place.country if first.place else "XX",
        earliest=first.date.earliest if first.date else None, latest=first.date.latest if first.date else None,
        place=first.place, belligerents=tuple({c.actor.id for c in claims if c.actor}),
        figures=dict(first.casualties), grade=grade_incident(claims, publishers=publishers),
    )
