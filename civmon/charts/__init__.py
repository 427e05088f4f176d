"""Charts of civmon.stats series: monthly bars stacked by grade with the min–max band, and belligerent comparisons.

Each chart exists as Vega-Lite JSON (a dict built here, embedded by the web) and as a matplotlib figure
saved as PNG or SVG. matplotlib is imported inside the functions that draw (Agg, no pyplot), never when
this module is imported.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from civmon.models import GRADES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
GRADE_COLOURS: dict[str, str] = {
    "Confirmed": "#8c1c13", "Fair": "#e07a1f", "Weak": "#f2c14e", "Contested": "#7b5ea7", "Discounted": "#9e9e9e",
}
"""One colour per grade, the same in every chart."""
PALETTE: tuple[str, ...] = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf")


@dataclass(frozen=True, slots=True)
class ChartFile:
    """One file written by `write_charts`."""

    name: str
    path: Path


# --- tidy data -------------------------------------------------------------------------------------------

def grade_bars_data(grade_rows: Sequence[dict[str, Any]], series_rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tidy records for the stacked chart: one per period and grade (civilians killed min), plus the band.

    `grade_rows` are civmon.stats.grade_series rows, `series_rows` civmon.stats.series rows over the same
    incidents and periods; the band is the period's all-grades civilians killed min–max.
    """
    band = {r["period"]: r["all"] for r in series_rows}
    out = []
    for r in grade_rows:
        b = band.get(r["period"])
        for g in GRADES:
            x = r["grades"][g]
            out.append({"period": r["period"], "grade": g, "civilians_killed_min": x["civilians_killed_min"],
                        "civilians_killed_max": x["civilians_killed_max"], "incidents": x["incidents"],
                        "band_min": b["civilians_killed_min"] if b else 0,
                        "band_max": b["civilians_killed_max"] if b else 0})
    return out


def comparison_data(rows: Sequence[dict[str, Any]], *, belligerents: Sequence[str],
                    scope: str = "likely") -> list[dict[str, Any]]:
    """Tidy records for the comparison chart from civmon.stats.compare_belligerents rows."""
    return [{"period": r["period"], "belligerent": b, "civilians_killed_min": r["belligerents"][b][scope][
        "civilians_killed_min"], "civilians_killed_max": r["belligerents"][b][scope]["civilians_killed_max"],
             "incidents": r["belligerents"][b][scope]["incidents"]} for r in rows for b in belligerents]


# --- Vega-Lite -------------------------------------------------------------------------------------------

def grade_bars_vega(data: Sequence[dict[str, Any]], *, title: str) -> dict[str, Any]:
    """Vega-Lite spec: bars of civilians killed (minimum) stacked by grade, with the all-grades min–max band."""
    x = {"field": "period", "type": "ordinal", "title": None, "sort": None}
    return {
        "$schema": VEGA_LITE_SCHEMA, "title": title, "width": "container", "height": 300,
        "data": {"values": list(data)},
        "layer": [
            {"mark": {"type": "bar"}, "encoding": {
                "x": x, "y": {"field": "civilians_killed_min", "type": "quantitative", "stack": "zero",
                              "aggregate": "sum", "title": "civilians killed (minimum, by grade)"},
                "color": {"field": "grade", "type": "nominal", "sort": list(GRADES),
                          "scale": {"domain": list(GRADES), "range": [GRADE_COLOURS[g] for g in GRADES]}},
                "order": {"field": "grade_rank", "type": "quantitative"},
                "tooltip": [{"field": "period"}, {"field": "grade"}, {"field": "civilians_killed_min"},
                            {"field": "civilians_killed_max"}, {"field": "incidents"}]},
             "transform": [{"calculate": f"indexof({json.dumps(list(GRADES))}, datum.grade)", "as": "grade_rank"}]},
            {"transform": [{"filter": "datum.grade == 'Confirmed'"}],
             "mark": {"type": "rule", "color": "black", "strokeWidth": 2},
             "encoding": {"x": x, "y": {"field": "band_min", "type": "quantitative"},
                          "y2": {"field": "band_max"},
                          "tooltip": [{"field": "period"}, {"field": "band_min", "title": "all grades, minimum"},
                                      {"field": "band_max", "title": "all grades, maximum"}]}},
        ],
        "description": "Bars: civilians killed (minimum) per grade; black line: the min–max range over all grades.",
    }


def comparison_vega(data: Sequence[dict[str, Any]], *, title: str) -> dict[str, Any]:
    """Vega-Lite spec: one line per belligerent (minimum) with a shaded min–max band, on identical rules."""
    x = {"field": "period", "type": "ordinal", "title": None, "sort": None}
    colour = {"field": "belligerent", "type": "nominal"}
    return {
        "$schema": VEGA_LITE_SCHEMA, "title": title, "width": "container", "height": 300,
        "data": {"values": list(data)},
        "layer": [
            {"mark": {"type": "area", "opacity": 0.2},
             "encoding": {"x": x, "y": {"field": "civilians_killed_min", "type": "quantitative",
                                        "title": "civilians killed (likely, min–max)"},
                          "y2": {"field": "civilians_killed_max"}, "color": colour}},
            {"mark": {"type": "line", "point": True},
             "encoding": {"x": x, "y": {"field": "civilians_killed_min", "type": "quantitative"}, "color": colour,
                          "tooltip": [{"field": "period"}, {"field": "belligerent"},
                                      {"field": "civilians_killed_min"}, {"field": "civilians_killed_max"},
                                      {"field": "incidents"}]}},
        ],
    }


# --- matplotlib ------------------------------------------------------------------------------------------

def _figure() -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(10, 4.5), dpi=100, layout="constrained")


def _ticks(ax: Any, periods: Sequence[str]) -> None:
    step = max(1, len(periods) // 24)
    ax.set_xticks(range(0, len(periods), step))
    ax.set_xticklabels(periods[::step], rotation=60, ha="right", fontsize=8)


def grade_bars_figure(data: Sequence[dict[str, Any]], *, title: str) -> Figure:
    """The stacked-by-grade chart as a matplotlib Figure."""
    periods = list(dict.fromkeys(d["period"] for d in data))
    index = {p: i for i, p in enumerate(periods)}
    fig = _figure()
    ax = fig.add_subplot()
    bottom = [0] * len(periods)
    for g in GRADES:
        heights = [0] * len(periods)
        for d in data:
            if d["grade"] == g:
                heights[index[d["period"]]] = d["civilians_killed_min"]
        ax.bar(range(len(periods)), heights, bottom=bottom, color=GRADE_COLOURS[g], label=g, width=0.8)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    band = {d["period"]: (d["band_min"], d["band_max"]) for d in data}
    ax.vlines(range(len(periods)), [band[p][0] for p in periods], [band[p][1] for p in periods], colors="black",
              linewidth=1.5, label="min–max, all grades")
    ax.set_title(title)
    ax.set_ylabel("civilians killed (minimum by grade)")
    _ticks(ax, periods)
    ax.legend(fontsize=8, loc="upper left")
    return fig


def comparison_figure(data: Sequence[dict[str, Any]], *, title: str) -> Figure:
    """The belligerent comparison as a matplotlib Figure: a line (minimum) and a band (min–max) each."""
    periods = list(dict.fromkeys(d["period"] for d in data))
    fig = _figure()
    ax = fig.add_subplot()
    for i, who in enumerate(dict.fromkeys(d["belligerent"] for d in data)):
        rows = {d["period"]: d for d in data if d["belligerent"] == who}
        lo = [rows[p]["civilians_killed_min"] if p in rows else 0 for p in periods]
        hi = [rows[p]["civilians_killed_max"] if p in rows else 0 for p in periods]
        colour = PALETTE[i % len(PALETTE)]
        ax.fill_between(range(len(periods)), lo, hi, color=colour, alpha=0.2)
        ax.plot(range(len(periods)), lo, color=colour, marker="o", markersize=3, label=who)
    ax.set_title(title)
    ax.set_ylabel("civilians killed (likely, min–max)")
    _ticks(ax, periods)
    ax.legend(fontsize=8, loc="upper left")
    return fig


def figure_bytes(fig: Figure, *, fmt: str) -> bytes:
    """A figure as PNG or SVG bytes (reproducible: no date stamp, fixed SVG ids, text kept as text)."""
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "civmon", "svg.fonttype": "none"}):
        meta = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buf, format=fmt, metadata=meta)
    return buf.getvalue()


def figure_svg(fig: Figure) -> str:
    """A figure as an SVG document (for inlining in HTML: the XML prolog and doctype are dropped)."""
    text = figure_bytes(fig, fmt="svg").decode("utf-8")
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


def write_charts(folder: Path, *, grade_data: Sequence[dict[str, Any]], comparison: Sequence[dict[str, Any]],
                 title: str) -> list[ChartFile]:
    """Write monthly-grades and comparison charts as PNG, SVG and Vega-Lite JSON into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    charts = [("monthly_by_grade", grade_bars_figure(grade_data, title=title),
               grade_bars_vega(grade_data, title=title))]
    if comparison:
        ctitle = f"{title}: belligerents compared"
        charts.append(("belligerents_compared", comparison_figure(comparison, title=ctitle),
                       comparison_vega(comparison, title=ctitle)))
    out = []
    for name, fig, spec in charts:
        for fmt in ("png", "svg"):
            path = folder / f"{name}.{fmt}"
            path.write_bytes(figure_bytes(fig, fmt=fmt))
            out.append(ChartFile(f"{name}.{fmt}", path))
        path = folder / f"{name}.vl.json"
        path.write_text(json.dumps(spec, indent=2), encoding="utf-8")
        out.append(ChartFile(path.name, path))
    return out


def report_chart_data(incidents: Sequence[Any], *, start: Any, end: Any, belligerents: Sequence[str],
                      title: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str]:
    """The tidy data of a report's two charts (monthly by grade; belligerents compared) and their title.

    `incidents` are Incidents or civmon.stats facts rows; months run from `start` to `end`.
    """
    from civmon.stats import as_facts, compare_belligerents, grade_series, series

    facts = as_facts(incidents)
    grade_data = grade_bars_data(grade_series(facts, by="month", start=start, end=end),
                                          series(facts, by="month", start=start, end=end))
    comparison = comparison_data(compare_belligerents(facts, belligerents=belligerents, by="month", start=start,
                                                      end=end), belligerents=belligerents) if belligerents else []
    return grade_data, comparison, title
