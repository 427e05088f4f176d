"""The civilian figures one incident adds to a series, and the sums of many."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from civmon.models import GRADES, Count, Incident

METRICS: tuple[str, ...] = ("civilians_killed", "civilians_injured", "children_killed", "women_killed")
"""The figures every series bucket sums, each as a `_min` and a `_max`."""


def _bounds(c: Count | None) -> tuple[int, int]:
    if c is None or c.is_empty:
        return 0, 0
    lo = c.min if c.min is not None else 0
    hi = c.top if c.top is not None else lo
    return lo, max(lo, hi)


def _civilians(inc: Incident, *, civilian: str, total: str, fighters: str | None) -> tuple[int, int]:
    if civilian in inc.figures:
        return _bounds(inc.figures[civilian])
    lo, hi = _bounds(inc.figures.get(total))
    if fighters is not None and fighters in inc.figures:
        f_lo, f_hi = _bounds(inc.figures[fighters])
        return max(0, lo - f_hi), max(0, hi - f_lo)
    return lo, hi


def incident_figures(inc: Incident) -> dict[str, tuple[int, int]]:
    """The (min, max) of each metric for one incident.

    Civilians killed is the incident's civilians_killed figure; without one, its killed figure less
    any combatants_killed figure (min = killed min - combatants max, max = killed max - combatants
    min, never below 0). Civilians injured likewise falls back to injured. An open bound counts as
    its number; a figure with only an upper bound has minimum 0. Missing figures are 0.
    """
    return {
        "civilians_killed": _civilians(inc, civilian="civilians_killed", total="killed", fighters="combatants_killed"),
        "civilians_injured": _civilians(inc, civilian="civilians_injured", total="injured", fighters=None),
        "children_killed": _bounds(inc.figures.get("children_killed")),
        "women_killed": _bounds(inc.figures.get("women_killed")),
    }


def empty_bucket() -> dict[str, int]:
    """A bucket with no incidents: every sum 0."""
    out = {"incidents": 0}
    for m in METRICS:
        out[f"{m}_min"] = 0
        out[f"{m}_max"] = 0
    return out


def add_to(bucket: dict[str, int], inc: Incident) -> None:
    """Add one incident's figures to a bucket in place."""
    bucket["incidents"] += 1
    for m, (lo, hi) in incident_figures(inc).items():
        bucket[f"{m}_min"] += lo
        bucket[f"{m}_max"] += hi


def summarise(incidents: Iterable[Incident], *, likely_grades: frozenset[str]) -> dict[str, Any]:
    """{"likely": bucket, "all": bucket, "by_grade": {grade: n}} over some incidents."""
    likely, every = empty_bucket(), empty_bucket()
    by_grade = dict.fromkeys(GRADES, 0)
    for inc in incidents:
        add_to(every, inc)
        if inc.grade.grade in likely_grades:
            add_to(likely, inc)
        by_grade[inc.grade.grade] = by_grade.get(inc.grade.grade, 0) + 1
    return {"likely": likely, "all": every, "by_grade": by_grade}
