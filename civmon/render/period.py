"""Period figures: totals by belligerent and country, grades, mass-casualty incidents, monthly records.

These are small local computations over incidents; `civmon.stats` will own series and records once
it lands, and the report can switch to it then. The 'likely' total is Fair + Confirmed, as Airwars
counts it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from civmon.models import GRADES, LIKELY_GRADES, Incident
from civmon.render.incidents import civilian_deaths, fmt_range, incidents_table
from civmon.store.codec import UNKNOWN_MONTH, month_of

UNKNOWN_BELLIGERENT = "unknown"


@dataclass(frozen=True, slots=True)
class Total:
    """Civilian deaths over a group of incidents: all of them, and the likely (Fair + Confirmed) ones."""

    key: str
    incidents: int
    min: int
    max: int
    likely_incidents: int
    likely_min: int
    likely_max: int


@dataclass(frozen=True, slots=True)
class MonthRecord:
    """A belligerent's likely civilian-death minimum for a month, and the last month that was as high."""

    belligerent: str
    month: str
    likely_min: int
    since: str | None  # None: the highest since records begin
    since_value: int | None
    first_month: str

    def describe(self) -> str:
        """'highest since 2016-11 (52)' or 'highest on record (records begin 2015-01)'."""
        if self.since is None:
            return f"highest on record (records begin {self.first_month})"
        return f"highest since {self.since} (when it was {self.since_value})"


@dataclass(frozen=True, slots=True)
class PeriodReport:
    """Everything `civmon report` prints for a period."""

    label: str
    incidents: int
    by_belligerent: tuple[Total, ...]
    by_country: tuple[Total, ...]
    by_grade: tuple[tuple[str, int], ...]
    mass_casualty: tuple[Incident, ...]
    records: tuple[MonthRecord, ...]
    mass_min: int


def belligerents_of(incident: Incident) -> tuple[str, ...]:
    """The incident's belligerents, or ('unknown',)."""
    return incident.belligerents or (UNKNOWN_BELLIGERENT,)


def totals(incidents: Iterable[Incident], *, key: Callable[[Incident], Iterable[str]]) -> tuple[Total, ...]:
    """Totals per key (an incident with several keys counts under each), largest likely minimum first."""
    acc: dict[str, list[int]] = {}
    for i in incidents:
        lo, hi = civilian_deaths(i)
        likely = i.grade.grade in LIKELY_GRADES
        for k in dict.fromkeys(key(i)):
            a = acc.setdefault(k, [0, 0, 0, 0, 0, 0])
            a[0] += 1
            a[1] += lo
            a[2] += hi
            if likely:
                a[3] += 1
                a[4] += lo
                a[5] += hi
    out = [Total(k, *v) for k, v in acc.items()]
    return tuple(sorted(out, key=lambda t: (-t.likely_min, -t.min, t.key)))


def _months_between(a: str, b: str) -> int:
    ya, ma = (int(x) for x in a.split("-"))
    yb, mb = (int(x) for x in b.split("-"))
    return (yb - ya) * 12 + (mb - ma)


def month_records(every: Sequence[Incident], *, month: str) -> tuple[MonthRecord, ...]:
    """For each belligerent active in `month`, whether its likely minimum is the highest for a while."""
    by: dict[str, Counter[str]] = {}
    for i in every:
        m = month_of(i.earliest)
        if m == UNKNOWN_MONTH or i.grade.grade not in LIKELY_GRADES:
            continue
        for b in belligerents_of(i):
            by.setdefault(b, Counter())[m] += civilian_deaths(i)[0]
    out: list[MonthRecord] = []
    for b, months in sorted(by.items()):
        current = months.get(month, 0)
        earlier = sorted(m for m in months if m < month)
        if current <= 0 or not earlier:
            continue
        higher = [m for m in earlier if months[m] >= current]
        if not higher:
            out.append(MonthRecord(b, month, current, None, None, earlier[0]))
        elif _months_between(higher[-1], month) > 1:
            out.append(MonthRecord(b, month, current, higher[-1], months[higher[-1]], earlier[0]))
    return tuple(out)


def period_report(period: Sequence[Incident], *, every: Sequence[Incident], label: str, month: str | None,
                  mass_min: int) -> PeriodReport:
    """The report of a period's incidents; `every` (all incidents) gives the records a month is compared to."""
    grades: Counter[str] = Counter(str(i.grade.grade) for i in period)
    mass = tuple(sorted((i for i in period if civilian_deaths(i)[0] >= mass_min),
                        key=lambda i: (-civilian_deaths(i)[0], i.code)))
    return PeriodReport(
        label=label, incidents=len(period), by_belligerent=totals(period, key=belligerents_of),
        by_country=totals(period, key=lambda i: (i.country,)),
        by_grade=tuple((g, grades.get(g, 0)) for g in GRADES), mass_casualty=mass,
        records=month_records(every, month=month) if month else (), mass_min=mass_min,
    )


def totals_table(rows: Sequence[Total], *, title: str, key_name: str) -> Table:
    """Totals as a rich table: incidents, civilian deaths min–max, likely incidents and min–max."""
    t = Table(title=title)
    t.add_column(key_name)
    for name in ("incidents", "civilians killed", "likely incidents", "likely killed"):
        t.add_column(name, justify="right")
    for r in rows:
        t.add_row(r.key, str(r.incidents), fmt_range(r.min, r.max), str(r.likely_incidents),
                  fmt_range(r.likely_min, r.likely_max))
    if not rows:
        t.caption = "no incidents"
    return t


def render_report(report: PeriodReport) -> list[RenderableType]:
    """The renderables of `civmon report`, in order."""
    out: list[RenderableType] = [Text(f"civmon report: {report.label} ({report.incidents} incidents)", style="bold")]
    out.append(totals_table(report.by_belligerent, title="Civilian deaths by belligerent", key_name="belligerent"))
    out.append(totals_table(report.by_country, title="Civilian deaths by country", key_name="country"))
    g = Table(title="Incidents by grade")
    g.add_column("grade")
    g.add_column("incidents", justify="right")
    for name, n in report.by_grade:
        g.add_row(name, str(n))
    out.append(g)
    out.append(incidents_table(report.mass_casualty,
                               title=f"Mass-casualty incidents (at least {report.mass_min} civilians killed)"))
    if report.records:
        out.append(Text("Records (likely civilian deaths, minimum):", style="bold"))
        out.extend(Text(f"  {r.belligerent}: {r.likely_min} in {r.month}, {r.describe()}") for r in report.records)
    out.append(Text("Likely = Fair + Confirmed incidents, as Airwars counts them. An incident with several "
                    "suspected belligerents counts under each.", style="dim"))
    return out


def monthly_by_belligerent(incidents: Sequence[Incident]) -> list[tuple[str, Total]]:
    """(month, total) rows per belligerent, months in order."""
    months = sorted({month_of(i.earliest) for i in incidents})
    out: list[tuple[str, Total]] = []
    for m in months:
        in_month = [i for i in incidents if month_of(i.earliest) == m]
        out.extend((m, t) for t in totals(in_month, key=belligerents_of))
    return out


def monthly_table(rows: Sequence[tuple[str, Total]]) -> Table:
    """Monthly civilian deaths by belligerent: min–max of all incidents and the likely total."""
    t = Table(title="Civilian deaths by month and belligerent")
    t.add_column("month", no_wrap=True)
    t.add_column("belligerent")
    for name in ("incidents", "civilians killed", "likely killed"):
        t.add_column(name, justify="right")
    for month, r in rows:
        t.add_row(month, r.key, str(r.incidents), fmt_range(r.min, r.max), fmt_range(r.likely_min, r.likely_max))
    if not rows:
        t.caption = "no incidents"
    return t
