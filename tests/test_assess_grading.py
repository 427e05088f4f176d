"""Grading by Airwars' definitions, as a table of small incidents."""

from __future__ import annotations

from typing import Any

import pytest

from civmon.assess import GRADING_RULES, grade_incident, independent_sources
from civmon.models import GRADES, Actor, Claim, Count, Response, Span

S = Span(0, 1)


def claim(doc: str, *, actor: str | None = None, basis: str = "named", civ: int | None = 4,
          fighters: int | None = None, killed: int | None = None,
          responses: tuple[tuple[str, str], ...] = ()) -> Claim:
    cas: dict[str, Count] = {}
    if civ is not None:
        cas["civilians_killed"] = Count(civ, civ, str(civ), S)
    if fighters is not None:
        cas["combatants_killed"] = Count(fighters, fighters, str(fighters), S)
    if killed is not None:
        cas["killed"] = Count(killed, killed, str(killed), S)
    b: Any = basis
    resp = tuple(Response(by=by, stance=stance, span=S) for by, stance in responses)  # type: ignore[arg-type]
    return Claim(doc_id=doc, claim_id=f"{doc}-c", kind="incident", extractor="t",
                 actor=Actor(actor, actor.title(), b) if actor else None, casualties=cas, responses=resp)


PUBLISHERS = {"a": "Activist Network", "b": "Wire Service", "c": "Wire Service", "d": None, "e": None,
              "f": "Rights Group"}

CASES: list[tuple[str, list[Claim], str, str]] = [
    ("single source", [claim("a", actor="coalition")], "Weak", "single source"),
    ("one publisher twice", [claim("b", actor="coalition"), claim("c", actor="coalition")], "Weak", "single source"),
    ("two publishers, named", [claim("a", actor="coalition"), claim("b")], "Fair", "2 independent sources"),
    ("unknown publishers are their own", [claim("d", actor="coalition"), claim("e")], "Fair", "named by the sources"),
    ("two sources, actor only from context", [claim("a", actor="coalition", basis="context"), claim("f")], "Weak",
     "no belligerent named"),
    ("two sources, declared strike", [claim("a", responses=(("coalition", "claimed"),)), claim("f")], "Fair",
     "strike declared by coalition"),
    ("belligerent acknowledges harm", [claim("a", actor="coalition", responses=(("coalition", "acknowledged"),))],
     "Confirmed", "acknowledged civilian harm"),
    ("confirmation by name", [claim("a", actor="coalition", responses=(("Coalition", "confirmed"),))],
     "Confirmed", "confirmed civilian harm"),
    ("acknowledgement by a party not named as actor", [
        claim("a", actor="russia", responses=(("coalition", "acknowledged"),)), claim("f")], "Fair",
     "named by the sources: russia"),
    ("denial is no confirmation", [claim("a", actor="coalition", responses=(("coalition", "denied"),))], "Weak",
     "single source"),
    ("competing attributions", [claim("a", actor="russia"), claim("f", actor="syria")], "Contested",
     "russia, syria"),
    ("combatants only", [claim("a", actor="coalition", civ=None, fighters=12), claim("f", civ=None)], "Discounted",
     "combatants"),
    ("killed beyond combatants is civilian harm", [claim("a", actor="coalition", civ=None, fighters=2, killed=9),
                                                   claim("f")], "Fair", "2 independent sources"),
]


@pytest.mark.parametrize(("label", "claims", "grade", "reason"), CASES, ids=[c[0] for c in CASES])
def test_grading_table(label: str, claims: list[Claim], grade: str, reason: str) -> None:
    got = grade_incident(claims, publishers=PUBLISHERS)
    assert got.grade == grade, got
    assert reason in got.reason


def test_near_duplicate_texts_count_once() -> None:
    claims = [claim("d", actor="coalition"), claim("e")]
    assert grade_incident(claims, publishers=PUBLISHERS, duplicates_of={"e": "d"}).grade == "Weak"
    assert len(independent_sources(claims, publishers=PUBLISHERS, duplicates_of={"e": "d"})) == 1


def test_another_party_responsible_is_discounted_for_the_monitored_belligerent() -> None:
    got = grade_incident([claim("a", actor="isis"), claim("f", actor="isis")], publishers=PUBLISHERS,
                         monitored="coalition")
    assert got.grade == "Discounted" and "isis" in got.reason


def test_rule_table_covers_every_grade_once() -> None:
    assert sorted(r.grade for r in GRADING_RULES) == sorted(GRADES)
    assert all(r.condition.endswith(".") for r in GRADING_RULES)
