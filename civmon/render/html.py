"""`civmon report --html`: one self-contained HTML file (figures, inline SVG charts, incidents with source links).

Pure: values in, a string out. Every value that came from a source or the store is HTML-escaped;
links are kept only for http(s) URLs. No scripts, no external stylesheets or fonts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from civmon.errors import NotFoundError
from civmon.models import Incident
from civmon.render.incidents import civilian_deaths_text, fmt_range, incident_dates, incident_place
from civmon.render.period import PeriodReport, Total, actor_name
from civmon.stats import MULTI_BELLIGERENT_NOTE
from civmon.store import Store

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:70rem;color:#222;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.total td{font-weight:bold;border-top:2px solid #888}
.note{color:#555;font-size:.85rem}.chart svg{max-width:100%;height:auto}
"""


@dataclass(frozen=True, slots=True)
class SourceLink:
    """A document an incident cites: its publisher and URL (either may be unknown)."""

    doc_id: str
    source: str | None
    url: str | None


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s), else None (no javascript:, data: or relative links)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _totals(rows: Sequence[Total], *, key: str, total: Total | None = None) -> str:
    head = (f"<tr><th>{_e(key)}</th><th class=n>incidents</th><th class=n>civilians killed</th>"
            "<th class=n>likely incidents</th><th class=n>likely killed</th></tr>")
    body = []
    for r in (*rows, *((total,) if total is not None else ())):
        cls = " class=total" if r is total else ""
        name = actor_name(r.key) if key == "belligerent" and r is not total else r.key
        body.append(f"<tr{cls}><td>{_e(name)}</td><td class=n>{r.incidents}</td><td class=n>"
                    f"{_e(fmt_range(r.min, r.max))}</td><td class=n>{r.likely_incidents}</td>"
                    f"<td class=n>{_e(fmt_range(r.likely_min, r.likely_max))}</td></tr>")
    if not rows:
        body.append("<tr><td colspan=5>no incidents</td></tr>")
    return f"<table>{head}{''.join(body)}</table>"


def _source_links(incident: Incident, sources: Mapping[str, SourceLink]) -> str:
    out = []
    for doc_id in dict.fromkeys(c.doc_id for c in incident.claims):
        s = sources.get(doc_id)
        label = (s.source if s and s.source else None) or doc_id
        url = safe_url(s.url if s else None)
        out.append(f'<a href="{_e(url)}" rel="noopener noreferrer">{_e(label)}</a>' if url else _e(label))
    return ", ".join(out) or "–"


def incidents_html(incidents: Sequence[Incident], *, sources: Mapping[str, SourceLink]) -> str:
    """The incident table: code, dates, place, belligerents, civilians killed, grade and reason, sources."""
    head = ("<tr><th>code</th><th>dates</th><th>place</th><th>belligerents</th><th class=n>civilians killed</th>"
            "<th>grade</th><th>sources</th></tr>")
    rows = [
        f"<tr><td>{_e(i.code)}</td><td>{_e(incident_dates(i))}</td><td>{_e(incident_place(i))}</td>"
        f"<td>{_e(', '.join(i.belligerents) or 'unknown')}</td><td class=n>{_e(civilian_deaths_text(i))}</td>"
        f"<td title=\"{_e(i.grade.reason)}\">{_e(i.grade.grade)}</td><td>{_source_links(i, sources)}</td></tr>"
        for i in incidents
    ]
    if not rows:
        rows.append("<tr><td colspan=7>no incidents</td></tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def report_html(report: PeriodReport, *, charts: Sequence[str], sources: Mapping[str, SourceLink],
                generated: str) -> str:
    """The whole report as one HTML document; `charts` are inline SVG documents made by civmon.charts."""
    grades = "".join(f"<tr><td>{_e(g)}</td><td class=n>{n}</td></tr>" for g, n in report.by_grade)
    records = "".join(f"<li>{_e(r.describe(subject=actor_name(r.belligerent)))}</li>" for r in report.records)
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>civmon report: {_e(report.label)}</title><style>{_CSS}</style></head><body>",
        f"<h1>civmon report: {_e(report.label)}</h1>",
        f"<p>{report.incidents} incidents. Generated {_e(generated)}.</p>",
        f"<p class=note>{_e(MULTI_BELLIGERENT_NOTE)} A belligerent's row includes its coalition members' "
        "incidents. Figures are min–max civilians killed; an open figure (&ldquo;at least&rdquo;) counts as its "
        "number.</p>",
        "<h2>Civilian deaths by belligerent</h2>",
        _totals(report.by_belligerent, key="belligerent", total=report.all_total),
        "<h2>Civilian deaths by country</h2>", _totals(report.by_country, key="country"),
        f"<h2>Incidents by grade</h2><table><tr><th>grade</th><th class=n>incidents</th></tr>{grades}</table>",
    ]
    if records:
        parts.append(f"<h2>Records (likely civilian deaths, minimum)</h2><ul>{records}</ul>")
    if charts:
        parts.append("<h2>Charts</h2>")
        parts.extend(f'<div class="chart">{svg}</div>' for svg in charts)
    parts.append(f"<h2>Mass-casualty incidents (at least {report.mass_min} civilians killed)</h2>")
    parts.append(incidents_html(report.mass_casualty, sources=sources))
    parts.append(f"<h2>All incidents ({len(report.period_incidents)})</h2>")
    parts.append(incidents_html(report.period_incidents, sources=sources))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def source_links(store: Store, incidents: Sequence[Incident]) -> dict[str, SourceLink]:
    """doc_id -> SourceLink for every document the incidents cite (read from the store)."""
    out: dict[str, SourceLink] = {}
    for doc_id in dict.fromkeys(c.doc_id for i in incidents for c in i.claims):
        try:
            d = store.document(doc_id).document
        except NotFoundError:
            continue
        out[doc_id] = SourceLink(doc_id=doc_id, source=d.source, url=d.url)
    return out
