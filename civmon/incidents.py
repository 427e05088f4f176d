"""An incident from its linked claims: merged figures, dates, place, belligerents and grade (Airwars rules).

Figures: for each casualty category the range runs from the lowest minimum to the highest figure any
source reports; an open bound ("at least 26") counts as its number and flags the category open.
Figures a belligerent gives about its own strike (a count whose claimant `by` is one of the
incident's belligerents) are conceded figures: kept apart (`conceded_figures`), not merged in.
Responses (denials included) are recorded with the claims (`responses_of`), never averaged in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from civmon.assess import DECLARING, distinct_actors, grade_incident, is_party
from civmon.extract.actors import roll_up
from civmon.extract.strike_reports import DeclaredStrike
from civmon.link.compare import claim_place, distance_km
from civmon.link.names import same_name
from civmon.models import (
    CASUALTY_KEYS,
    PRECISIONS,
    Actor,
    Claim,
    Count,
    Grade,
    Incident,
    Place,
    Response,
    merge_counts,
)

UNKNOWN_COUNTRY = "XX"
STRIKE_DAYS = 1
"""A declared strike matches an incident up to this many days apart."""
STRIKE_KM = 25.0
"""... and when its place lies within this distance (or in the same governorate)."""


def _flat(count: Count) -> tuple[Count, ...]:
    return count.reports or (count,)


def split_figures(claims: Iterable[Claim], actors: Sequence[Actor]) -> tuple[dict[str, list[Count]],
                                                                           dict[str, list[Count]]]:
    """Per category, the reported counts split into (independent, conceded by a belligerent)."""
    independent: dict[str, list[Count]] = {}
    conceded: dict[str, list[Count]] = {}
    for c in claims:
        for key, count in c.casualties.items():
            for part in _flat(count):
                side = conceded if is_party(part.by, actors) else independent
                side.setdefault(key, []).append(part)
    return independent, conceded


def merge_figures(by_key: Mapping[str, Sequence[Count]]) -> tuple[dict[str, Count], frozenset[str]]:
    """Airwars ranges per category (lowest minimum to highest figure) and the categories with an open bound."""
    figures: dict[str, Count] = {}
    open_keys: set[str] = set()
    for key in CASUALTY_KEYS:
        counts = by_key.get(key, ())
        merged = merge_counts(counts, open_as_number=True)
        if merged is None:
            continue
        figures[key] = merged
        if any(c.is_open for c in counts):
            open_keys.add(key)
    return figures, frozenset(open_keys)


def conceded_figures(claims: Sequence[Claim]) -> dict[str, Count]:
    """The figures the incident's own belligerents give, merged per category and kept apart."""
    _, conceded = split_figures(claims, distinct_actors(claims))
    return merge_figures(conceded)[0]


def responses_of(claims: Iterable[Claim]) -> tuple[Response, ...]:
    """Every distinct official response in the claims (denials included), in order of appearance."""
    seen: dict[tuple[str, str], Response] = {}
    for c in claims:
        for r in c.responses:
            seen.setdefault((r.by, r.stance), r)
    return tuple(seen.values())


def _rank(place: Place) -> int:
    return PRECISIONS.index(place.precision) if place.precision in PRECISIONS else len(PRECISIONS)


def best_place(claims: Iterable[Claim]) -> Place | None:
    """The most precise place among the claims (coordinates, then frequency, break ties)."""
    places = [p for p in (claim_place(c) for c in claims) if p is not None]
    if not places:
        return None
    freq = Counter((p.name, p.precision) for p in places)
    return min(places, key=lambda p: (_rank(p), p.lat is None, -freq[(p.name, p.precision)]))


def incident_dates(claims: Iterable[Claim]) -> tuple[date | None, date | None]:
    """The intersection of the claims' event ranges when they agree, else their union.

    With no event date at all, the earliest report date stands for both bounds (the strike was on
    or before it).
    """
    events = [(c.date.earliest or c.date.latest, c.date.latest or c.date.earliest)
              for c in claims if c.date is not None and c.date.basis == "event"]
    ranges = [(lo, hi) for lo, hi in events if lo is not None and hi is not None]
    if ranges:
        lo, hi = max(r[0] for r in ranges), min(r[1] for r in ranges)
        if lo <= hi:
            return lo, hi
        return min(r[0] for r in ranges), max(r[1] for r in ranges)
    reports = [d for c in claims if c.date is not None for d in (c.date.earliest, c.date.latest) if d is not None]
    if reports:
        return min(reports), min(reports)
    return None, None


def _country(claims: Iterable[Claim]) -> str:
    countries = Counter(p.country for p in (claim_place(c) for c in claims) if p is not None)
    return countries.most_common(1)[0][0] if countries else UNKNOWN_COUNTRY


def _same_belligerent(actor: str | None, belligerents: Sequence[str]) -> bool:
    if actor is None or not belligerents:
        return True  # an unnamed side fits any declarer
    return any(actor in roll_up(b) or b in roll_up(actor) for b in belligerents)


def _near(a: Place | None, b: Place | None) -> bool:
    if a is None or b is None or a.country != b.country:
        return False
    d = distance_km(a, b)
    if d is not None and d <= STRIKE_KM:
        return True
    return bool(a.admin1 and b.admin1 and same_name(a.admin1, b.admin1)) or same_name(a.name, b.name)


def declared_match(strikes: Iterable[DeclaredStrike], *, earliest: date | None, latest: date | None,
                   place: Place | None, belligerents: Sequence[str]) -> DeclaredStrike | None:
    """The first declared strike by the incident's belligerent (or its parent) within a day and ~25 km of it."""
    if earliest is None or latest is None:
        return None
    for s in strikes:
        lo, hi = s.date.earliest, s.date.latest
        if lo is None or hi is None:
            continue
        gap = max((max(lo, earliest) - min(hi, latest)).days, 0)
        if gap <= STRIKE_DAYS and _same_belligerent(s.actor, belligerents) and _near(place, s.place):
            return s
    return None


def describe_strike(s: DeclaredStrike) -> str:
    """A short description of a declared strike for grade reasons."""
    n = f"{s.strikes} strike{'' if s.strikes == 1 else 's'}" if s.strikes is not None else "strikes"
    where = s.place.name if s.place else "?"
    when = s.date.earliest.isoformat() if s.date.earliest else "?"
    return f"{n} near {where} on {when} by {s.actor or 'a belligerent'} ({s.doc_id})"


def build_incident(code: str, claims: Sequence[Claim], *, publishers: Mapping[str, str | None],
                   duplicates_of: Mapping[str, str] | None = None, declared: Sequence[DeclaredStrike] = (),
                   manual_grade: Grade | None = None) -> Incident:
    """The Incident that `claims` describe, with Airwars-style figures, strike status and a grade.

    `declared` are strikes from belligerents' strike reports near it in time (any that match make it
    `declared`); `manual_grade`, an analyst's standing decision, replaces the rules' grade.
    """
    actors = distinct_actors(claims)
    independent, _ = split_figures(claims, actors)
    figures, open_keys = merge_figures(independent)
    earliest, latest = incident_dates(claims)
    place = best_place(claims)
    belligerents = tuple(a.id for a in actors)
    strike = declared_match(declared, earliest=earliest, latest=latest, place=place, belligerents=belligerents)
    said = any(r.stance in DECLARING and is_party(r.by, actors) for r in responses_of(claims))
    grade = manual_grade or grade_incident(claims, publishers=publishers, duplicates_of=duplicates_of,
                                           declared_strike=describe_strike(strike) if strike else None)
    return Incident(
        code=code, claims=tuple(claims), country=_country(claims), earliest=earliest, latest=latest,
        place=place, belligerents=belligerents, figures=figures, grade=grade,
        strike_status="declared" if strike is not None or said else "alleged", open_figures=open_keys,
    )


def with_grade(incident: Incident, grade: Grade) -> Incident:
    """The incident with another grade (an analyst's)."""
    return replace(incident, grade=grade)
