"""The civilian figures one incident adds to a series, its facts row, and the sums of many.

Every figure civmon publishes comes from `incident_figures` (per incident) and `summarise` (per
group), both here; the SQL path in `civmon.stats.sql` stores the same facts and sums them in SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from civmon.models import GRADES, Count, Incident

METRICS: tuple[str, ...] = (
    "civilians_killed", "civilians_injured", "children_killed", "women_killed",
    "conceded_civilians_killed", "conceded_civilians_injured",
)
"""The figures every series bucket sums, each as a `_min` and a `_max`. `conceded_*` are the figures the
incident's own belligerents gave, kept apart from the independent ones."""

COLUMNS: tuple[str, ...] = ("incidents", *(f"{m}_{side}" for m in METRICS for side in ("min", "max")))
"""The keys of one bucket, in output order."""

MULTI_BELLIGERENT_NOTE = ("An incident with several suspected belligerents counts in each one's series and once in "
                          "totals across belligerents; likely = Fair + Confirmed (Airwars).")


def _bounds(c: Count | None) -> tuple[int, int]:
    if c is None or c.is_empty:
        return 0, 0
    lo = c.min if c.min is not None else 0
    hi = c.top if c.top is not None else lo
    return lo, max(lo, hi)


def _civilians(figures: Mapping[str, Count], *, civilian: str, total: str, fighters: str | None) -> tuple[int, int]:
    if civilian in figures:
        return _bounds(figures[civilian])
    lo, hi = _bounds(figures.get(total))
    if fighters is not None and fighters in figures:
        f_lo, f_hi = _bounds(figures[fighters])
        return max(0, lo - f_hi), max(0, hi - f_lo)
    return lo, hi


def civilian_figures(figures: Mapping[str, Count]) -> dict[str, tuple[int, int]]:
    """Civilians killed and injured, children and women killed, as (min, max), from one set of figures."""
    return {
        "civilians_killed": _civilians(figures, civilian="civilians_killed", total="killed",
                                       fighters="combatants_killed"),
        "civilians_injured": _civilians(figures, civilian="civilians_injured", total="injured", fighters=None),
        "children_killed": _bounds(figures.get("children_killed")),
        "women_killed": _bounds(figures.get("women_killed")),
    }


def incident_figures(inc: Incident) -> dict[str, tuple[int, int]]:
    """The (min, max) of each metric for one incident.

    Civilians killed is the incident's civilians_killed figure; without one, its killed figure less
    any combatants_killed figure (min = killed min - combatants max, max = killed max - combatants
    min, never below 0). Civilians injured likewise falls back to injured. An open bound counts as
    its number; a figure with only an upper bound has minimum 0. Missing figures are 0. The conceded
    figures apply the same rule to what the incident's own belligerents said (civmon.incidents).
    """
    from civmon.incidents import conceded_figures

    out = civilian_figures(inc.figures)
    conceded = civilian_figures(conceded_figures(inc.claims)) if inc.claims else {}
    out["conceded_civilians_killed"] = conceded.get("civilians_killed", (0, 0))
    out["conceded_civilians_injured"] = conceded.get("civilians_injured", (0, 0))
    return out


@dataclass(frozen=True, slots=True)
class IncidentFacts:
    """What series need of one incident: its first day, where, who (rolled up), grade and metric bounds."""

    code: str
    day: date | None
    country: str
    admin1: str | None
    grade: str
    belligerents: tuple[str, ...]
    """Every belligerent it counts for: its own and every coalition they are part of."""
    values: tuple[int, ...]
    """min, max of each of METRICS, in order."""

    def figure(self, metric: str) -> tuple[int, int]:
        """The (min, max) of one metric."""
        i = METRICS.index(metric) * 2
        return self.values[i], self.values[i + 1]


def rolled_up(belligerents: Iterable[str]) -> tuple[str, ...]:
    """The belligerents and every coalition they are part of, each once, in order."""
    from civmon.extract.actors import roll_up

    out: dict[str, None] = {}
    for b in belligerents:
        out.update(dict.fromkeys(roll_up(b)))
    return tuple(out)


def facts_of(inc: Incident) -> IncidentFacts:
    """The facts row of one incident."""
    figs = incident_figures(inc)
    values = tuple(v for m in METRICS for v in figs[m])
    admin1 = inc.place.admin1 if inc.place is not None else None
    return IncidentFacts(code=inc.code, day=inc.earliest, country=inc.country, admin1=admin1,
                         grade=inc.grade.grade, belligerents=rolled_up(inc.belligerents), values=values)


def as_facts(items: Iterable[Incident | IncidentFacts]) -> list[IncidentFacts]:
    """Facts rows for incidents (facts pass through)."""
    return [i if isinstance(i, IncidentFacts) else facts_of(i) for i in items]


def empty_bucket() -> dict[str, int]:
    """A bucket with no incidents: every sum 0."""
    return dict.fromkeys(COLUMNS, 0)


def add_to(bucket: dict[str, int], facts: IncidentFacts) -> None:
    """Add one incident's figures to a bucket in place."""
    bucket["incidents"] += 1
    for key, v in zip(COLUMNS[1:], facts.values, strict=True):
        bucket[key] += v


def summarise(items: Iterable[IncidentFacts], *, likely_grades: frozenset[str]) -> dict[str, Any]:
    """{"likely": bucket, "all": bucket, "by_grade": {grade: n}} over some incidents' facts."""
    likely, every = empty_bucket(), empty_bucket()
    by_grade = dict.fromkeys(GRADES, 0)
    for f in items:
        add_to(every, f)
        if f.grade in likely_grades:
            add_to(likely, f)
        by_grade[f.grade] = by_grade.get(f.grade, 0) + 1
    return {"likely": likely, "all": every, "by_grade": by_grade}
