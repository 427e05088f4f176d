"""Rows to values and back: claims, incidents and documents as the store keeps them (pure functions)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any, cast

from civmon.contract import (
    claim_from_stored,
    claim_to_dict,
    count_from_dict,
    count_to_dict,
    place_from_dict,
    place_to_dict,
)
from civmon.models import Actor, Claim, Count, DateRange, Grade, Incident, Place, Span

UNKNOWN_COUNTRY = "XX"
UNKNOWN_MONTH = "0000-00"


def day(d: date | None) -> str | None:
    """A date as the store keeps it (YYYY-MM-DD), or None."""
    return d.isoformat() if d else None


def parse_day(s: str | None) -> date | None:
    """The inverse of `day`."""
    return date.fromisoformat(s) if s else None


def claim_country(claim: Claim) -> str:
    """The country a claim is about: its place's, else its first listed place's, else 'XX'."""
    if claim.place is not None and claim.place.country:
        return claim.place.country
    for p in claim.places:
        if p.country:
            return p.country
    return UNKNOWN_COUNTRY


def month_of(d: date | None) -> str:
    """YYYY-MM of a date, or '0000-00' when unknown."""
    return f"{d.year:04d}-{d.month:02d}" if d else UNKNOWN_MONTH


def claim_row(claim: Claim, *, seq: int, incident_code: str | None = None) -> dict[str, Any]:
    """The `claims` row of a claim: its contract JSON plus the indexed columns."""
    return {
        "claim_id": claim.claim_id, "doc_id": claim.doc_id, "incident_code": incident_code, "kind": claim.kind,
        "data": json.dumps(claim_to_dict(claim), ensure_ascii=False), "country": claim_country(claim),
        "earliest": day(claim.date.earliest) if claim.date else None,
        "latest": day(claim.date.latest) if claim.date else None,
        "actor": claim.actor.id if claim.actor else None, "seq": seq, "link_view": link_view(claim),
    }


def claim_from_row(data: str) -> Claim:
    """The Claim stored as contract JSON."""
    return claim_from_stored(json.loads(data))


LINK_COUNTS = ("civilians_killed", "killed")
"""The casualty figures linking compares (civmon.link.compare.headline); the only ones a link view keeps."""

_NO_SPAN = Span(0, 0)


def link_view(claim: Claim) -> str:
    """The fields linking compares (civmon.link.compare, blocking, fast), as compact JSON: kind, date, place (the
    claim's place, else its first listed one), actor, weapon, target and the headline killed figures. Ingest decodes
    the candidate incidents' claims from this (cheaper than the contract JSON) to link a new document."""
    d, a = claim.date, claim.actor
    p = claim.place or (claim.places[0] if claim.places else None)
    return json.dumps([
        claim.kind,
        None if d is None else [day(d.earliest), day(d.latest), d.basis],
        None if p is None else [p.name, p.country, p.precision, p.admin1, p.admin2, p.lat, p.lon, int(p.near),
                                p.gazetteer_id],
        None if a is None else [a.id, a.name, a.basis],
        claim.weapon, claim.target,
        {k: [c.min, c.max, c.by] for k in LINK_COUNTS if (c := claim.casualties.get(k)) is not None},
    ], ensure_ascii=False, separators=(",", ":"))


def claim_from_link_view(doc_id: str, claim_id: str, view: str) -> Claim:
    """The claim as linking sees it, from `link_view`: every field linking compares is the stored claim's; spans,
    texts, the extractor, other figures and responses are left out (never give such a claim to anything else)."""
    kind, d, p, a, weapon, target, counts = json.loads(view)
    return Claim(
        doc_id, claim_id, kind, "", None if d is None else _view_dates(*d),
        None if p is None else _view_place(*p), (), None if a is None else Actor(a[0], a[1], a[2], None),
        weapon, target, {k: _view_count(*v) for k, v in counts.items()} if counts else {},
    )


# Claims of one place, day or figure share one (immutable) value: a candidate's claim is built from cached parts.
@lru_cache(maxsize=8192)
def _view_dates(earliest: str | None, latest: str | None, basis: Any) -> DateRange:
    return DateRange(date.fromisoformat(earliest) if earliest else None,
                     date.fromisoformat(latest) if latest else None, basis, "", _NO_SPAN)


@lru_cache(maxsize=65536)
def _view_place(name: str, country: str, precision: str, admin1: str | None, admin2: str | None, lat: float | None,
                lon: float | None, near: int, gazetteer_id: str | None) -> Place:
    return Place(name, country, precision, _NO_SPAN, admin1, admin2, lat, lon, bool(near), gazetteer_id)


@lru_cache(maxsize=4096)
def _view_count(low: int | None, high: int | None, by: str | None) -> Count:
    return Count(low, high, "", _NO_SPAN, by)


def incident_row(incident: Incident, *, status: str, merged_into: str | None, updated_at: str) -> dict[str, Any]:
    """The `incidents` row of an incident."""
    return {
        "code": incident.code, "country": incident.country or UNKNOWN_COUNTRY,
        "month": month_of(incident.earliest), "earliest": day(incident.earliest), "latest": day(incident.latest),
        "place": json.dumps(place_to_dict(incident.place), ensure_ascii=False) if incident.place else None,
        "belligerents": json.dumps(list(incident.belligerents)),
        "figures": json.dumps({k: count_to_dict(v) for k, v in incident.figures.items()}, ensure_ascii=False),
        "open_figures": json.dumps(sorted(incident.open_figures)),
        "grade": incident.grade.grade, "grade_reason": incident.grade.reason, "grade_by": incident.grade.by,
        "strike_status": incident.strike_status, "status": status, "merged_into": merged_into,
        "updated_at": updated_at,
    }


def incident_from_row(row: Any, claims: Sequence[Claim]) -> Incident:
    """The Incident of a stored row and its claims."""
    figures = {k: count_from_dict(v) for k, v in json.loads(row["figures"]).items()}
    return Incident(
        code=row["code"], claims=tuple(claims), country=row["country"],
        earliest=parse_day(row["earliest"]), latest=parse_day(row["latest"]),
        place=place_from_dict(json.loads(row["place"])) if row["place"] else None,
        belligerents=tuple(json.loads(row["belligerents"])), figures=figures,
        grade=Grade(grade=cast(Any, row["grade"]), reason=row["grade_reason"], by=row["grade_by"]),
        strike_status=cast(Any, row["strike_status"]), open_figures=frozenset(json.loads(row["open_figures"])),
    )


def incident_summary(incident: Incident) -> dict[str, Any]:
    """A small JSON-able picture of an incident for the history table (before/after)."""
    return {
        "claims": [c.claim_id for c in incident.claims], "country": incident.country,
        "earliest": day(incident.earliest), "latest": day(incident.latest),
        "place": incident.place.name if incident.place else None, "belligerents": list(incident.belligerents),
        "figures": {k: [v.min, v.max] for k, v in incident.figures.items()},
        "grade": incident.grade.grade, "grade_reason": incident.grade.reason,
    }
