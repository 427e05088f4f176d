"""The dashboard's figures: monthly series stacked by grade with the min-max band, and its SVG chart (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import escape

from civmon.models import GRADES, LIKELY_GRADES

GRADE_COLOURS: Mapping[str, str] = {
    "Confirmed": "#7a1f1f", "Fair": "#c0504d", "Weak": "#e6a57e", "Contested": "#8d8db8", "Discounted": "#bdbdbd",
}


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def monthly_series(rows: Sequence[tuple[str, str, int, int, int]]) -> list[dict[str, Any]]:
    """(month, grade, n, min, max) rows -> one entry per month (gaps filled) with per-grade and total figures."""
    if not rows:
        return []
    by_month: dict[str, dict[str, Any]] = {}
    for month in _months(min(r[0] for r in rows), max(r[0] for r in rows)):
        by_month[month] = {"period": month, "incidents": 0, "min": 0, "max": 0, "likely_min": 0, "likely_max": 0,
                           "by_grade": {g: {"incidents": 0, "min": 0, "max": 0} for g in GRADES}}
    for month, grade, n, lo, hi in rows:
        e = by_month[month]
        g = e["by_grade"].setdefault(grade, {"incidents": 0, "min": 0, "max": 0})
        g["incidents"] += n
        g["min"] += lo
        g["max"] += hi
        e["incidents"] += n
        e["min"] += lo
        e["max"] += hi
        if grade in LIKELY_GRADES:
            e["likely_min"] += lo
            e["likely_max"] += hi
    return list(by_month.values())


def totals_of(series: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Incidents and civilian deaths (all and likely, min and max) over a whole series."""
    keys = ("incidents", "min", "max", "likely_min", "likely_max")
    return {k: sum(int(e[k]) for e in series) for k in keys}


def record_months(series: Sequence[Mapping[str, Any]], *, top: int = 5) -> list[dict[str, Any]]:
    """The months with the highest likely civilian-death minimum, highest first."""
    ranked = sorted((e for e in series if e["likely_min"] > 0), key=lambda e: (-e["likely_min"], e["period"]))
    return [{"period": e["period"], "likely_min": e["likely_min"], "likely_max": e["likely_max"],
             "min": e["min"], "max": e["max"]} for e in ranked[:top]]


def chart_svg(series: Sequence[Mapping[str, Any]], *, title: str, width: int = 860, height: int = 300) -> str:
    """A monthly bar chart of civilian deaths (minimum) stacked by grade, with the all-grades min-max band."""
    pad_l, pad_r, pad_t, pad_b = 48, 12, 28, 46
    inner_w, inner_h = width - pad_l - pad_r, height - pad_t - pad_b
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    if not series:
        parts.append(f'<text x="{width // 2}" y="{height // 2}" text-anchor="middle">No published incidents yet</text></svg>')
        return "".join(parts)
    top = max(max(int(e["max"]) for e in series), 1)
    n = len(series)
    step = inner_w / n
    bar = max(step * 0.7, 1.0)

    def y(v: float) -> float:
        return pad_t + inner_h - inner_h * v / top

    for i, e in enumerate(series):
        x = pad_l + step * i + (step - bar) / 2 - 2
        lo, hi = int(e["min"]), int(e["max"])
        if hi > 0:
            parts.append(f'<rect class="band" x="{x:.1f}" y="{y(hi):.1f}" width="{bar + 4:.1f}" '
                         f'height="{max(y(lo) - y(hi), 1.5):.1f}" fill="#4a6fa5" fill-opacity="0.22" stroke="#4a6fa5" '
                         f'stroke-opacity="0.6"><title>{escape(e["period"])}: civilians killed {lo}–{hi} '
                         '(all grades)</title></rect>')
    for i, e in enumerate(series):
        x = pad_l + step * i + (step - bar) / 2
        base = 0
        for g in GRADES:
            v = int(e["by_grade"].get(g, {}).get("min", 0))
            if v <= 0:
                continue
            parts.append(f'<rect class="bar" x="{x:.1f}" y="{y(base + v):.1f}" width="{bar:.1f}" '
                         f'height="{y(base) - y(base + v):.1f}" fill="{GRADE_COLOURS[g]}" data-grade="{g}" '
                         f'data-period="{escape(e["period"])}"><title>{escape(e["period"])} {g}: {v}</title></rect>')
            base += v
    every = max(1, n // 12)
    for i, e in enumerate(series):
        if i % every == 0:
            parts.append(f'<text x="{pad_l + step * (i + 0.5):.1f}" y="{height - pad_b + 16}" font-size="11" '
                         f'text-anchor="middle">{escape(e["period"])}</text>')
    for frac in (0, 0.5, 1):
        v = round(top * frac)
        parts.append(f'<text x="{pad_l - 6}" y="{y(v) + 4:.1f}" font-size="11" text-anchor="end">{v}</text>'
                     f'<line x1="{pad_l}" x2="{width - pad_r}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>')
    lx = pad_l
    for g in GRADES:
        parts.append(f'<rect x="{lx}" y="6" width="10" height="10" fill="{GRADE_COLOURS[g]}"/>'
                     f'<text x="{lx + 14}" y="15" font-size="11">{g}</text>')
        lx += 96
    parts.append(f'<rect x="{lx}" y="6" width="10" height="10" fill="#4a6fa5" fill-opacity="0.3"/>'
                 f'<text x="{lx + 14}" y="15" font-size="11">min–max</text></svg>')
    return "".join(parts)
