"""Figures over incidents: period series, records, comparisons, totals and mass-casualty lists.

Conventions: an incident counts in the period of its first day (`earliest`; incidents with no date
are left out of series); with several belligerents it counts in each one's series and once in
totals across belligerents. A belligerent filter rolls up: an incident of `united-states` counts for
`us-led-coalition`. 'likely' means graded Fair or Confirmed (Airwars). Per-incident figures follow
`civmon.stats.figures.incident_figures`. Every function takes incidents or their facts rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from civmon.models import GRADES, LIKELY_GRADES, Incident
from civmon.stats.figures import (
    COLUMNS,
    METRICS,
    MULTI_BELLIGERENT_NOTE,
    IncidentFacts,
    as_facts,
    facts_of,
    incident_figures,
    summarise,
)
from civmon.stats.periods import check_period, next_start, parse_period, period_key, periods_between

__all__ = [
    "COLUMNS", "METRICS", "MULTI_BELLIGERENT_NOTE", "IncidentFacts", "Record", "Selection", "as_facts", "compare", "compare_belligerents",
    "facts_of", "grade_series", "group_totals", "incident_figures", "mass_casualty", "record_for", "records", "records_of", "series", "totals",
]

Items = Iterable[Incident | IncidentFacts]
UNKNOWN_BELLIGERENT = "unknown"


@dataclass(frozen=True, slots=True)
class Selection:
    """The filters of a series: a date range, a belligerent (rolled up), a country and an admin-1 area."""

    start: date | None = None
    end: date | None = None
    belligerent: str | None = None
    country: str | None = None
    admin1: str | None = None

    def keeps(self, f: IncidentFacts) -> bool:
        """True when the incident passes every filter (undated incidents never do)."""
        if f.day is None:
            return False
        if self.country is not None and f.country != self.country.upper():
            return False
        if self.admin1 is not None and (f.admin1 or "").casefold() != self.admin1.casefold():
            return False
        if self.belligerent is not None and self.belligerent not in f.belligerents:
            return False
        return not ((self.start is not None and f.day < self.start) or (self.end is not None and f.day > self.end))


def select(items: Items, selection: Selection) -> list[IncidentFacts]:
    """The facts rows that pass the selection."""
    return [f for f in as_facts(items) if selection.keeps(f)]


def _bounds(chosen: Sequence[IncidentFacts], start: date | None, end: date | None) -> tuple[date | None, date | None]:
    """The first and last day a series covers: the ones asked for, else those of the incidents chosen."""
    days = [f.day for f in chosen if f.day is not None]
    return start or (min(days) if days else None), end or (max(days) if days else None)


def series(items: Items, *, by: str = "month", start: date | None = None, end: date | None = None,
           belligerent: str | None = None, country: str | None = None,
           admin1: str | None = None) -> list[dict[str, Any]]:
    """One object per period, empty periods included, in order: {"period", "likely": {...}, "all": {...}, "by_grade": {...}}.

    Without `start`/`end` the series runs from the first to the last incident selected.
    """
    check_period(by)
    chosen = select(items, Selection(start, end, belligerent, country, admin1))
    lo, hi = _bounds(chosen, start, end)
    if lo is None or hi is None:
        return []
    grouped: dict[str, list[IncidentFacts]] = {}
    for f in chosen:
        assert f.day is not None
        grouped.setdefault(period_key(f.day, by), []).append(f)
    out = []
    for first in periods_between(lo, hi, by):
        key = period_key(first, by)
        out.append({"period": key, **summarise(grouped.get(key, ()), likely_grades=LIKELY_GRADES)})
    return out


def grade_series(items: Items, *, by: str = "month", start: date | None = None, end: date | None = None,
                 belligerent: str | None = None, country: str | None = None,
                 admin1: str | None = None) -> list[dict[str, Any]]:
    """Per period, one bucket per grade: [{"period": p, "grades": {grade: bucket}}], periods as in `series`.

    The buckets of a period add up to its "all" bucket in `series` (what bars stacked by grade show).
    """
    check_period(by)
    chosen = select(items, Selection(start, end, belligerent, country, admin1))
    lo, hi = _bounds(chosen, start, end)
    if lo is None or hi is None:
        return []
    grouped: dict[tuple[str, str], list[IncidentFacts]] = {}
    for f in chosen:
        assert f.day is not None
        grouped.setdefault((period_key(f.day, by), f.grade), []).append(f)
    out = []
    for first in periods_between(lo, hi, by):
        key = period_key(first, by)
        out.append({"period": key, "grades": {
            g: summarise(grouped.get((key, g), ()), likely_grades=LIKELY_GRADES)["all"] for g in GRADES}})
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
    first_period: str = ""

    @property
    def notable(self) -> bool:
        """True when the likely minimum is a record of some length."""
        return self.likely_all_time or self.likely_since is not None

    def sentence(self, *, subject: str, by: str = "month") -> str:
        """A plain sentence about the likely minimum ('' when nothing is notable)."""
        adjective = "daily" if by == "day" else f"{by}ly"
        if self.likely_all_time:
            since = f" (records begin {self.first_period})" if self.first_period else ""
            return (f"{self.period}: a record for {subject}: {self.likely_min}, the highest {adjective} minimum "
                    f"of all periods on file{since}")
        if self.likely_since:
            return f"{self.period}: {self.likely_min}, the highest {adjective} minimum for {subject} since {self.likely_since}"
        return ""


def _since(values: list[int], i: int, periods: list[str]) -> tuple[str | None, bool]:
    if i == 0 or values[i] <= 0:
        return None, False
    for j in range(i - 1, -1, -1):
        if values[j] >= values[i]:
            return (periods[j] if j < i - 1 else None), False
    return None, True


def records_of(rows: Sequence[dict[str, Any]]) -> list[Record]:
    """Records over a series already computed (see `records`)."""
    periods = [r["period"] for r in rows]
    likely = [r["likely"]["civilians_killed_min"] for r in rows]
    every = [r["all"]["civilians_killed_min"] for r in rows]
    out = []
    first = periods[0] if periods else ""
    for i, p in enumerate(periods):
        l_since, l_top = _since(likely, i, periods)
        a_since, a_top = _since(every, i, periods)
        out.append(Record(p, likely[i], every[i], l_since, l_top, a_since, a_top, first))
    return out


def records(items: Items, *, by: str = "month", belligerent: str | None, country: str | None = None,
            admin1: str | None = None, end: date | None = None) -> list[Record]:
    """For each period, whether its civilians-killed minimum (likely, and all) is the highest since some earlier period."""
    return records_of(series(items, by=by, belligerent=belligerent, country=country, admin1=admin1, end=end))


def record_for(items: Items, *, period: str, by: str = "month", belligerent: str | None,
               country: str | None = None) -> Record | None:
    """The record line of one period for a belligerent (and country), or None when it has no figures on file."""
    end = next_start(parse_period(period, by), by) - timedelta(days=1)
    found = [r for r in records(items, by=by, belligerent=belligerent, country=country, end=end)
             if r.period == period]
    return found[0] if found else None


def compare(items: Items, *, a: str, b: str, by: str = "month", belligerent: str | None = None,
            country: str | None = None) -> dict[str, Any]:
    """Two periods side by side with the change from `a` to `b` of every likely and all figure."""
    first, second = parse_period(a, by), parse_period(b, by)
    lo, hi = min(first, second), max(first, second)
    rows = {r["period"]: r for r in series(items, by=by, start=lo, end=_period_end(hi, by),
                                         belligerent=belligerent, country=country)}
    ra, rb = rows[period_key(first, by)], rows[period_key(second, by)]
    change = {scope: {k: rb[scope][k] - ra[scope][k] for k in ra[scope]} for scope in ("likely", "all")}
    return {"a": ra, "b": rb, "change": change}


def compare_belligerents(items: Items, *, belligerents: Sequence[str], by: str = "month",
                         start: date | None = None, end: date | None = None,
                         country: str | None = None) -> list[dict[str, Any]]:
    """Belligerents side by side on identical rules: per period, each one's series row (same periods for all).

    [{"period": p, "belligerents": {id: {"likely": ..., "all": ..., "by_grade": ...}}}]; the periods run over
    every listed belligerent's incidents, so an empty period for one is still a row for all.
    """
    facts = as_facts(items)
    chosen = [f for f in facts if f.day is not None and any(b in f.belligerents for b in belligerents)
              and Selection(start, end, None, country).keeps(f)]
    days = [f.day for f in chosen if f.day is not None]
    lo = start or (min(days) if days else None)
    hi = end or (max(days) if days else None)
    if lo is None or hi is None:
        return []
    per = {b: series(chosen, by=by, start=lo, end=hi, belligerent=b) for b in belligerents}
    periods = [period_key(d, by) for d in periods_between(lo, hi, by)]
    return [{"period": p, "belligerents": {b: {k: v for k, v in per[b][i].items() if k != "period"}
                                           for b in belligerents}} for i, p in enumerate(periods)]


def _period_end(first: date, by: str) -> date:
    return next_start(first, by) - timedelta(days=1)


def group_totals(items: Items, *, key: Literal["belligerent", "country", "admin1"], start: date | None = None,
                 end: date | None = None, belligerent: str | None = None,
                 country: str | None = None) -> list[dict[str, Any]]:
    """One row per belligerent (rolled up), country or admin-1 area over a date range, largest likely minimum first.

    An incident with several belligerents is in each one's row; use `totals` for the row that counts it once.
    """
    groups: dict[str, list[IncidentFacts]] = {}
    for f in select(items, Selection(start, end, belligerent, country)):
        keys = (f.belligerents or (UNKNOWN_BELLIGERENT,)) if key == "belligerent" else (
            (f.country,) if key == "country" else (f.admin1 or "unknown",))
        for k in keys:
            groups.setdefault(k, []).append(f)
    rows = [{key: k, **summarise(fs, likely_grades=LIKELY_GRADES)} for k, fs in groups.items()]
    return sorted(rows, key=lambda r: (-r["likely"]["civilians_killed_min"], -r["all"]["civilians_killed_min"],
                                       str(r[key])))


def totals(items: Items, *, start: date | None = None, end: date | None = None,
           belligerent: str | None = None, country: str | None = None) -> list[dict[str, Any]]:
    """Rows per (belligerent, country) over a date range with min-max and grade counts, then one total row.

    An incident with several belligerents is in each one's row and once in the total row
    (belligerent and country None). Incidents with no belligerent are under belligerent 'unknown'.
    """
    chosen = select(items, Selection(start, end, belligerent, country))
    groups: dict[tuple[str, str], list[IncidentFacts]] = {}
    for f in chosen:
        for who in (f.belligerents or (UNKNOWN_BELLIGERENT,)):
            if belligerent is None or who == belligerent:
                groups.setdefault((who, f.country), []).append(f)
    out = [{"belligerent": who, "country": cc, **summarise(fs, likely_grades=LIKELY_GRADES)}
           for (who, cc), fs in sorted(groups.items())]
    out.append({"belligerent": None, "country": None, **summarise(chosen, likely_grades=LIKELY_GRADES)})
    return out


def mass_casualty(incidents: Sequence[Incident], *, threshold: int = 10) -> list[Incident]:
    """Incidents whose civilians-killed minimum reaches `threshold`, by date then code."""
    hits = [inc for inc in incidents if incident_figures(inc)["civilians_killed"][0] >= threshold]
    return sorted(hits, key=lambda inc: (inc.earliest or date.max, inc.code))
