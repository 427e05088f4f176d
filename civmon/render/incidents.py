"""Incidents as JSON, CSV and rich tables (pure: values in, strings or renderables out)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from rich.table import Table

from civmon.contract import claim_to_dict, count_to_dict, place_to_dict
from civmon.models import Count, Incident
from civmon.store.codec import day, month_of

CIVILIAN_DEATHS = "civilians_killed"


def fmt_range(lo: int | None, hi: int | None) -> str:
    """'12', '12–15', '12+' (open-ended), '≤40' (upper bound only) or '–' (nothing known)."""
    if lo is None and hi is None:
        return "–"
    if hi is None:
        return f"{lo}+"
    if lo is None:
        return f"≤{hi}"
    return str(lo) if lo == hi else f"{lo}–{hi}"


def count_range(c: Count | None) -> tuple[int, int]:
    """A figure as a (min, max) pair to add up: unknown min is 0, an open max counts as its min (Airwars)."""
    if c is None or c.is_empty:
        return 0, 0
    lo = c.min or 0
    hi = c.top if c.top is not None else lo
    return lo, max(lo, hi)


def civilian_deaths(incident: Incident) -> tuple[int, int]:
    """An incident's civilian deaths as (min, max), by the one rule civmon.stats uses for every figure."""
    from civmon.stats.figures import incident_figures

    return incident_figures(incident)["civilians_killed"]


def civilian_deaths_text(incident: Incident) -> str:
    """Civilian deaths for display: '12', '12–15', '47+' when a source gave an open bound, '–' when none given."""
    if not any(k in incident.figures for k in ("civilians_killed", "killed")):
        return "–"
    lo, hi = civilian_deaths(incident)
    opened = any(k in incident.open_figures for k in ("civilians_killed", "killed"))
    return f"{lo}+" if opened and lo == hi else fmt_range(lo, hi)


def incident_to_json(incident: Incident) -> dict[str, Any]:
    """One incident with its figures, grade and claims, as the `--format json` array element."""
    return {
        "code": incident.code, "country": incident.country, "month": month_of(incident.earliest),
        "earliest": day(incident.earliest), "latest": day(incident.latest),
        "place": place_to_dict(incident.place) if incident.place else None,
        "belligerents": list(incident.belligerents), "strike_status": incident.strike_status,
        "figures": {k: count_to_dict(v) for k, v in incident.figures.items()},
        "open_figures": sorted(incident.open_figures),
        "grade": {"grade": incident.grade.grade, "reason": incident.grade.reason, "by": incident.grade.by},
        "claims": [claim_to_dict(c) for c in incident.claims],
    }


def incident_dates(incident: Incident) -> str:
    """An incident's day or day range, or 'unknown'."""
    if incident.earliest is None:
        return "unknown"
    if incident.latest is None or incident.latest == incident.earliest:
        return incident.earliest.isoformat()
    return f"{incident.earliest.isoformat()} – {incident.latest.isoformat()}"


def incident_place(incident: Incident) -> str:
    """An incident's place as a short label."""
    p = incident.place
    if p is None:
        return incident.country
    near = "near " if p.near else ""
    region = f", {p.admin1}" if p.admin1 and p.admin1 != p.name else ""
    return f"{near}{p.name}{region} ({p.country})"


CSV_COLUMNS: tuple[str, ...] = (
    "code", "country", "earliest", "latest", "place", "belligerents", "civilians_killed_min",
    "civilians_killed_max", "children_killed_min", "children_killed_max", "injured_min", "injured_max",
    "grade", "grade_reason", "strike_status", "claims", "documents",
)


def incidents_csv(incidents: Sequence[Incident]) -> str:
    """Incidents as CSV, one row each, with a header."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for i in incidents:
        row: list[Any] = [i.code, i.country, day(i.earliest), day(i.latest), i.place.name if i.place else "",
                          ";".join(i.belligerents)]
        for key in ("civilians_killed", "children_killed", "injured"):
            c = i.figures.get(key)
            row += [c.min if c else "", c.max if c else ""]
        row += [i.grade.grade, i.grade.reason, i.strike_status, len(i.claims), len({c.doc_id for c in i.claims})]
        w.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def incidents_table(incidents: Sequence[Incident], *, title: str | None = None) -> Table:
    """A rich table of incidents: code, dates, place, belligerents, civilian deaths, grade, sources."""
    t = Table(title=title, show_lines=False)
    for name, kw in (("code", {"no_wrap": True}), ("dates", {}), ("place", {}), ("belligerents", {}),
                     ("civilians killed", {"justify": "right"}), ("grade", {}), ("sources", {"justify": "right"})):
        t.add_column(name, **kw)
    for i in incidents:
        t.add_row(i.code, incident_dates(i), incident_place(i), ", ".join(i.belligerents) or "unknown",
                  civilian_deaths_text(i), i.grade.grade, str(len({c.doc_id for c in i.claims})))
    if not incidents:
        t.caption = "no incidents match"
    return t
