"""Period series (civmon.stats.series rows) as a rich table and as CSV, showing the same figures as the JSON."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from rich.table import Table

from civmon.models import GRADES
from civmon.stats.figures import COLUMNS, METRICS, MULTI_BELLIGERENT_NOTE

SCOPES: tuple[str, ...] = ("likely", "all")


def series_csv_header() -> list[str]:
    """The CSV columns: period, then likely_* and all_* for every bucket key, then one count per grade."""
    return ["period", *(f"{scope}_{key}" for scope in SCOPES for key in COLUMNS), *(f"grade_{g}" for g in GRADES)]


def series_csv(rows: Sequence[dict[str, Any]]) -> str:
    """The series as CSV with a header; the same numbers as the JSON, one row per period."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(series_csv_header())
    for r in rows:
        w.writerow([r["period"], *(r[scope][key] for scope in SCOPES for key in COLUMNS),
                    *(r["by_grade"].get(g, 0) for g in GRADES)])
    return buf.getvalue()


def _span(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}–{hi}"


def series_table(rows: Sequence[dict[str, Any]], *, title: str, note: str = MULTI_BELLIGERENT_NOTE) -> Table:
    """The series as a rich table: per period and scope, incidents and each metric as min–max, and grades."""
    t = Table(title=title, caption=note)
    t.add_column("period", no_wrap=True)
    t.add_column("set")
    t.add_column("incidents", justify="right")
    for m in METRICS:
        t.add_column(m.replace("_", " "), justify="right")
    for g in GRADES:
        t.add_column(g, justify="right")
    for r in rows:
        for scope in SCOPES:
            b = r[scope]
            grades = [str(r["by_grade"].get(g, 0)) if scope == "all" else "" for g in GRADES]
            t.add_row(r["period"] if scope == "likely" else "", scope, str(b["incidents"]),
                      *(_span(b[f"{m}_min"], b[f"{m}_max"]) for m in METRICS), *grades,
                      end_section=scope == "all")
    if not rows:
        t.caption = f"no incidents match. {note}"
    return t


def comparison_table(rows: Sequence[dict[str, Any]], *, belligerents: Sequence[str], scope: str = "likely") -> Table:
    """Belligerents side by side (civmon.stats.compare_belligerents rows): incidents and civilians killed."""
    t = Table(title=f"Belligerents compared ({scope}: civilians killed, incidents), on identical rules",
              caption=MULTI_BELLIGERENT_NOTE)
    t.add_column("period", no_wrap=True)
    for b in belligerents:
        t.add_column(b, justify="right")
    for r in rows:
        cells = []
        for b in belligerents:
            x = r["belligerents"][b][scope]
            cells.append(f"{_span(x['civilians_killed_min'], x['civilians_killed_max'])} ({x['incidents']})")
        t.add_row(r["period"], *cells)
    return t
