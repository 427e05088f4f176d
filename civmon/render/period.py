"""Period figures for `civmon report`: totals by belligerent and country, grades, mass casualty, records.

Every number comes from civmon.stats (one place for every figure); this module only arranges and
renders them. The 'likely' total is Fair + Confirmed, as Airwars counts it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from civmon.models import GRADES, Incident
from civmon.render.incidents import civilian_deaths, fmt_range, incidents_table
from civmon.stats import MULTI_BELLIGERENT_NOTE, Record, as_facts, group_totals, mass_casualty, records, totals
from civmon.stats.periods import next_start, parse_period

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
    """A belligerent's record line for a month (a civmon.stats Record and whom it is about)."""

    belligerent: str
    record: Record

    def describe(self, *, subject: str | None = None) -> str:
        """The record as a sentence."""
        return self.record.sentence(subject=subject or self.belligerent)


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
    all_total: Total | None = None
    period_incidents: tuple[Incident, ...] = ()


def total_of(row: dict[str, Any], key: str) -> Total:
    """A Total from a civmon.stats row."""
    a, lk = row["all"], row["likely"]
    return Total(key, a["incidents"], a["civilians_killed_min"], a["civilians_killed_max"], lk["incidents"],
                 lk["civilians_killed_min"], lk["civilians_killed_max"])


def month_records(every: Sequence[Incident], *, month: str, belligerents: Sequence[str]) -> tuple[MonthRecord, ...]:
    """For each belligerent, its record line for `month` when the month's likely minimum is notable."""
    end = next_start(parse_period(month, "month"), "month") - timedelta(days=1)
    facts = as_facts(every)
    out = []
    for b in belligerents:
        found = [r for r in records(facts, by="month", belligerent=b, end=end) if r.period == month]
        if found and found[0].notable:
            out.append(MonthRecord(b, found[0]))
    return tuple(out)


def period_report(period: Sequence[Incident], *, every: Sequence[Incident], label: str, month: str | None,
                  mass_min: int) -> PeriodReport:
    """The report of a period's incidents; `every` (all incidents) gives the records a month is compared to."""
    by_b = group_totals(period, key="belligerent")
    overall = totals(period)[-1]
    mass = tuple(sorted(mass_casualty(period, threshold=mass_min), key=lambda i: (-civilian_deaths(i)[0], i.code)))
    belligerents = [r["belligerent"] for r in by_b if r["belligerent"] != UNKNOWN_BELLIGERENT]
    return PeriodReport(
        label=label, incidents=len(period), by_belligerent=tuple(total_of(r, r["belligerent"]) for r in by_b),
        by_country=tuple(total_of(r, r["country"]) for r in group_totals(period, key="country")),
        by_grade=tuple((g, overall["by_grade"].get(g, 0)) for g in GRADES), mass_casualty=mass,
        records=month_records(every, month=month, belligerents=belligerents) if month else (), mass_min=mass_min,
        all_total=total_of(overall, "all belligerents (each incident once)"), period_incidents=tuple(period),
    )


def totals_table(rows: Sequence[Total], *, title: str, key_name: str, total: Total | None = None) -> Table:
    """Totals as a rich table: incidents, civilian deaths min–max, likely incidents and min–max."""
    t = Table(title=title)
    t.add_column(key_name)
    for name in ("incidents", "civilians killed", "likely incidents", "likely killed"):
        t.add_column(name, justify="right")
    for r in (*rows, *((total,) if total is not None else ())):
        t.add_row(r.key, str(r.incidents), fmt_range(r.min, r.max), str(r.likely_incidents),
                  fmt_range(r.likely_min, r.likely_max), end_section=r is total)
    if not rows:
        t.caption = "no incidents"
    return t


def render_report(report: PeriodReport) -> list[RenderableType]:
    """The renderables of `civmon report`, in order."""
    out: list[RenderableType] = [Text(f"civmon report: {report.label} ({report.incidents} incidents)", style="bold")]
    out.append(totals_table(report.by_belligerent, title="Civilian deaths by belligerent", key_name="belligerent",
                            total=report.all_total))
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
        out.extend(Text(f"  {r.describe(subject=actor_name(r.belligerent))}") for r in report.records)
    out.append(Text(MULTI_BELLIGERENT_NOTE + " A belligerent's row includes its coalition members' incidents.",
                    style="dim"))
    return out


def actor_name(actor_id: str) -> str:
    """The actor table's name for a slug (the slug itself when unknown)."""
    from civmon.extract.actors import actor_table

    info = actor_table().get(actor_id)
    return info.name if info is not None else actor_id


def monthly_by_belligerent(incidents: Sequence[Incident]) -> list[tuple[str, Total]]:
    """(month, total) rows per belligerent, months in order (from civmon.stats)."""
    from civmon.stats import series

    facts = as_facts(incidents)
    out: list[tuple[str, Total]] = []
    for row in series(facts, by="month"):
        if row["all"]["incidents"] == 0:
            continue
        first = parse_period(row["period"], "month")
        for r in group_totals(facts, key="belligerent", start=first, end=next_start(first, "month")):
            out.append((row["period"], total_of(r, r["belligerent"])))
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
