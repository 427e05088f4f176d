"""Figures over incidents: period series, records, comparisons, totals and mass-casualty lists.

Conventions: an incident counts in the period of its first day (`earliest`; incidents with no date
are left out of series); with several belligerents it counts in each one's series and once in
totals across belligerents. 'likely' means graded Fair or Confirmed (Airwars). Per-incident
figures follow `civmon.stats.figures.incident_figures`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from civmon.models import LIKELY_GRADES, Incident
from civmon.stats.figures import METRICS, incident_figures, summarise
from civmon.stats.periods import check_period, next_start, parse_period, period_key, periods_between

__all__ = ["METRICS", "Record", "compare", "incident_figures", "mass_casualty", "records", "series", "totals"]


def _select(incidents: Sequence[Incident], *, start: date | None, end: date | None, belligerent: str | None,
            country: str | None) -> list[Incident]:
    out = []
    for inc in incidents:
        if inc.earliest is None:
            continue
        if country is not None and inc.country != country:
            continue
        if belligerent is not None and belligerent not in inc.belligerents:
            continue
        if (start is not None and inc.earliest < start) or (end is not None and inc.earliest > end):
            continue
        out.append(inc)
    return out


def series(incidents: Sequence[Incident], *, by: str = "month", start: date | None = None,
           end: date | None = None, belligerent: str | None = None, country: str | None = None) -> list[dict[str, Any]]:
    """One object per period, empty periods included, in order: {"period", "likely": {...}, "all": {...}, "by_grade": {...}}.

    Without `start`/`end` the series runs from the first to the last incident selected.
    """
    check_period(by)
    chosen = _select(incidents, start=start, end=end, belligerent=belligerent, country=country)
    days = [inc.earliest for inc in chosen if inc.earliest is not None]
    lo = start or (min(days) if days else None)
    hi = end or (max(days) if days else None)
    if lo is None or hi is None:
        return []
    grouped: dict[str, list[Incident]] = {}
    for inc in chosen:
        assert inc.earliest is not None
        grouped.setdefault(period_key(inc.earliest, by), []).append(inc)
    out = []
    for first in periods_between(lo, hi, by):
        key = period_key(first, by)
        out.append({"period": key, **summarise(grouped.get(key, ()), likely_grades=LIKELY_GRADES)})
    return out


@dataclass(frozen=True, slots=True)
class Record:
    """Whether a period's civilian-killed minimum is the highest since an earlier period (likely and all).

    `*_since` is the latest earlier period with a figure at least as high, when that is not the
    period just before; `*_all_time` says no earlier period on file was as high.
    """

    period: str
    likely_min: int
    all_min: int
    likely_since: str | None
    likely_all_time: bool
    all_since: str | None
    all_all_time: bool

    def sentence(self, *, subject: str, by: str = "month") -> str:
        """A plain sentence about the likely minimum ('' when nothing is notable)."""
        if self.likely_all_time:
            return f"{self.period}: a record for {subject}: the highest {by}ly minimum of all periods on file"
        if self.likely_since:
            return f"{self.period}: the highest {by}ly minimum for {subject} since {self.likely_since}"
        return ""


def _since(values: list[int], i: int, periods: list[str]) -> tuple[str | None, bool]:
    if i == 0 or values[i] <= 0:
        return None, False
    for j in range(i - 1, -1, -1):
        if values[j] >= values[i]:
            return (periods[j] if j < i - 1 else None), False
    return None, True


def records(incidents: Sequence[Incident], *, by: str = "month", belligerent: str | None,
            country: str | None = None) -> list[Record]:
    """For each period, whether its civilians-killed minimum (likely, and all) is the highest since some earlier period."""
    rows = series(incidents, by=by, belligerent=belligerent, country=country)
    periods = [r["period"] for r in rows]
    likely = [r["likely"]["civilians_killed_min"] for r in rows]
    every = [r["all"]["civilians_killed_min"] for r in rows]
    out = []
    for i, p in enumerate(periods):
        l_since, l_top = _since(likely, i, periods)
        a_since, a_top = _since(every, i, periods)
        out.append(Record(p, likely[i], every[i], l_since, l_top, a_since, a_top))
    return out


def compare(incidents: Sequence[Incident], *, a: str, b: str, by: str = "month", belligerent: str | None = None,
            country: str | None = None) -> dict[str, Any]:
    """Two periods side by side with the change from `a` to `b` of every likely and all figure."""
    first, second = parse_period(a, by), parse_period(b, by)
    lo, hi = min(first, second), max(first, second)
    rows = {r["period"]: r for r in series(incidents, by=by, start=lo, end=_period_end(hi, by),
                                         belligerent=belligerent, country=country)}
    ra, rb = rows[period_key(first, by)], rows[period_key(second, by)]
    change = {scope: {k: rb[scope][k] - ra[scope][k] for k in ra[scope]} for scope in ("likely", "all")}
    return {"a": ra, "b": rb, "change": change}


def _period_end(first: date, by: str) -> date:
    return next_start(first, by) - timedelta(days=1)


def totals(incidents: Sequence[Incident], *, start: date | None = None, end: date | None = None,
           belligerent: str | None = None, country: str | None = None) -> list[dict[str, Any]]:
    """Rows per (belligerent, country) over a date range with min-max and grade counts, then one total row.

    An incident with several belligerents is in each one's row and once in the total row
    (belligerent and country None). Incidents with no belligerent are under belligerent 'unknown'.
    """
    chosen = _select(incidents, start=start, end=end, belligerent=belligerent, country=country)
    groups: dict[tuple[str, str], list[Incident]] = {}
    for inc in chosen:
        for who in (inc.belligerents or ("unknown",)):
            if belligerent is None or who == belligerent:
                groups.setdefault((who, inc.country), []).append(inc)
    out = [{"belligerent": who, "country": cc, **summarise(items, likely_grades=LIKELY_GRADES)}
           for (who, cc), items in sorted(groups.items())]
    out.append({"belligerent": None, "country": None, **summarise(chosen, likely_grades=LIKELY_GRADES)})
    return out


def mass_casualty(incidents: Sequence[Incident], *, threshold: int = 10) -> list[Incident]:
    """Incidents whose civilians-killed minimum reaches `threshold`, by date then code."""
    hits = [inc for inc in incidents if incident_figures(inc)["civilians_killed"][0] >= threshold]
    return sorted(hits, key=lambda inc: (inc.earliest or date.max, inc.code))
