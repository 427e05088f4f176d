"""Grading incidents by Airwars' definitions; every grade keeps the reason it was given.

The rules are tried in the order of GRADING_RULES; the first that holds gives the grade. The table
is data so the methodology page can print it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from civmon.link.names import name_key
from civmon.models import Actor, Claim, Grade, GradeName, Response


@dataclass(frozen=True, slots=True)
class GradingRule:
    """One row of the grading table: the grade and, in words, when it is given."""

    grade: GradeName
    condition: str


GRADING_RULES: tuple[GradingRule, ...] = (
    GradingRule("Confirmed", "A belligerent named as the actor accepted responsibility for civilian harm "
                             "(its response acknowledges or confirms it)."),
    GradingRule("Discounted", "Those killed were combatants (a combatant figure and no civilian figure), or, "
                              "for the belligerent monitored, the sources name another party as responsible."),
    GradingRule("Contested", "Competing claims of responsibility: the sources name two or more different "
                             "belligerents."),
    GradingRule("Fair", "Two or more independent credible sources (different publishers; near-identical "
                        "texts count once), with a belligerent named by the sources or a declared strike "
                        "nearby."),
    GradingRule("Weak", "A single source, or several without a belligerent named or a declared strike."),
)
"""The grading table, in the order the rules are tried."""

ACCEPTING: frozenset[str] = frozenset({"acknowledged", "confirmed"})
DECLARING: frozenset[str] = frozenset({"acknowledged", "confirmed", "claimed"})
CIVILIAN_KEYS: tuple[str, ...] = (
    "civilians_killed", "children_killed", "women_killed", "civilians_injured", "children_injured", "women_injured",
)


def is_party(by: str | None, actors: Iterable[Actor]) -> Actor | None:
    """The actor among `actors` that a claimant or responder `by` names (by id or by name), if any."""
    if not by:
        return None
    key = name_key(by)
    for actor in actors:
        if by == actor.id or key in (name_key(actor.id), name_key(actor.name)):
            return actor
    return None


def distinct_actors(claims: Iterable[Claim]) -> list[Actor]:
    """The actors the claims name, one per id, most often named first (ties by first appearance)."""
    counts: Counter[str] = Counter()
    first: dict[str, Actor] = {}
    for c in claims:
        if c.actor is not None:
            counts[c.actor.id] += 1
            first.setdefault(c.actor.id, c.actor)
    order = {k: i for i, k in enumerate(first)}
    return [first[k] for k in sorted(first, key=lambda k: (-counts[k], order[k]))]


def independent_sources(claims: Iterable[Claim], *, publishers: Mapping[str, str | None],
                        duplicates_of: Mapping[str, str] | None = None) -> list[str]:
    """The distinct sources behind the claims: one per publisher; an unknown publisher is its own document."""
    dup = duplicates_of or {}
    out: dict[str, None] = {}
    for c in claims:
        doc = c.doc_id
        for _ in range(8):  # follow near-duplicate chains a few steps
            nxt = dup.get(doc)
            if nxt is None or nxt == doc:
                break
            doc = nxt
        publisher = publishers.get(doc) or publishers.get(c.doc_id)
        out[f"publisher:{publisher}" if publisher else f"doc:{doc}"] = None
    return list(out)


def _more_killed_than_combatants(claim: Claim) -> bool:
    killed, fighters = claim.casualties.get("killed"), claim.casualties.get("combatants_killed")
    if killed is None or fighters is None or killed.min is None:
        return False
    return fighters.top is not None and killed.min > fighters.top


def _responses(claims: Iterable[Claim]) -> list[Response]:
    return [r for c in claims for r in c.responses]


def grade_incident(claims: Sequence[Claim], *, publishers: Mapping[str, str | None],
                   duplicates_of: Mapping[str, str] | None = None, monitored: str | None = None,
                   declared_strike: str | None = None) -> Grade:
    """The grade of an incident from its claims; `publishers` maps doc_id to its source (publisher) name.

    `duplicates_of` maps a near-duplicate document to the one it copies; `monitored` names the
    belligerent whose record this is (for 'another party most likely responsible');
    `declared_strike` describes a matching strike from a belligerent's own strike report, if any.
    """
    actors = distinct_actors(claims)
    for r in _responses(claims):
        party = is_party(r.by, actors)
        if r.stance in ACCEPTING and party is not None:
            return Grade("Confirmed", f"{party.name} {r.stance} civilian harm")
    has_civilian = any(k in c.casualties for c in claims for k in CIVILIAN_KEYS) or any(
        _more_killed_than_combatants(c) for c in claims)
    if not has_civilian and any("combatants_killed" in c.casualties for c in claims):
        return Grade("Discounted", "those killed were combatants (no civilian figure reported)")
    named = [a for a in distinct_actors(c for c in claims if c.actor is not None and c.actor.basis == "named")]
    if monitored is not None and named and all(a.id != monitored for a in named):
        return Grade("Discounted", f"another party most likely responsible: {', '.join(a.id for a in named)}")
    if len(named) >= 2:
        return Grade("Contested", f"competing claims of responsibility: {', '.join(a.id for a in named)}")
    sources = independent_sources(claims, publishers=publishers, duplicates_of=duplicates_of)
    declared = [r for r in _responses(claims) if r.stance in DECLARING]
    if len(sources) >= 2 and (named or declared or declared_strike):
        why = (f"named by the sources: {named[0].id}" if named else f"strike declared by {declared[0].by}"
               if declared else f"declared strike: {declared_strike}")
        return Grade("Fair", f"{len(sources)} independent sources; {why}")
    if len(sources) < 2:
        return Grade("Weak", "single source")
    return Grade("Weak", f"{len(sources)} independent sources but no belligerent named and no declared strike")
