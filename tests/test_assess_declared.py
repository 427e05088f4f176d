"""Grading with declared strikes and analyst grades: Fair needs a declared strike or a named belligerent."""

from __future__ import annotations

import pytest

from civmon.assess import grade_incident
from civmon.incidents import build_incident
from civmon.models import Actor, Claim, Count, Grade, Span

S = Span(0, 1)


def claim(doc: str, *, actor: str | None = None, basis: str = "context") -> Claim:
    return Claim(doc_id=doc, claim_id=f"{doc}#1", kind="incident", extractor="t",
                 actor=Actor(actor, actor, basis) if actor else None,  # type: ignore[arg-type]
                 casualties={"civilians_killed": Count(3, 3, "3", S)})


PUBLISHERS = {"a": "Activists", "b": "Wire", "c": "Wire"}


@pytest.mark.parametrize(("claims", "declared", "grade", "reason"), [
    ([claim("a"), claim("b")], "9 strikes near Raqqa on 2017-03-21", "Fair", "2 independent sources; declared strike: 9 strikes"),
    ([claim("a"), claim("b")], None, "Weak", "2 independent sources but no belligerent named"),
    ([claim("a", actor="russia"), claim("b")], None, "Weak", "2 independent sources but no belligerent"),
    ([claim("a", actor="russia", basis="named"), claim("b")], None, "Fair", "2 independent sources; named"),
    ([claim("a")], "9 strikes near Raqqa", "Weak", "single source"),
    ([claim("b"), claim("c")], "9 strikes near Raqqa", "Weak", "single source"),  # one publisher twice
])
def test_declared_strike_in_grading(claims: list[Claim], declared: str | None, grade: str, reason: str) -> None:
    g = grade_incident(claims, publishers=PUBLISHERS, declared_strike=declared)
    assert g.grade == grade and g.reason.startswith(reason), g


def test_an_analysts_grade_replaces_the_rules() -> None:
    manual = Grade("Confirmed", "the ministry admitted it in a letter", by="rana")
    inc = build_incident("X", [claim("a")], publishers=PUBLISHERS, manual_grade=manual)
    assert inc.grade == manual
    assert build_incident("X", [claim("a")], publishers=PUBLISHERS).grade.grade == "Weak"
