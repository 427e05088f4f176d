"""`civmon export`: incidents as CSV (spreadsheet-clean), GeoJSON (precision kept), JSONL and ACLED-style CSV.

Pure: incidents in, text out. Figures follow civmon.stats.incident_figures, the one rule for every
figure civmon publishes. Dates are ISO (YYYY-MM-DD).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from civmon.models import Incident
from civmon.stats.figures import METRICS, incident_figures

BOM = "\ufeff"
EXACT_PRECISIONS: frozenset[str] = frozenset({"exact", "street", "landmark"})
"""Precisions at which a point stands for the place itself; anything coarser is marked approximate."""
RADIUS_KM: dict[str, float] = {
    "exact": 0.1, "street": 0.5, "landmark": 0.5, "neighbourhood": 2, "village": 3, "town": 5, "city": 10,
    "subdistrict": 20, "district": 40, "governorate": 100, "country": 300,
}
"""How far from the point the strike may have been, by the place's precision."""

CSV_COLUMNS: tuple[str, ...] = (
    "code", "earliest", "latest", "country", "admin1", "place", "precision", "approximate", "radius_km",
    "latitude", "longitude", "belligerents", "grade", "grade_reason", "strike_status",
    *(f"{m}_{s}" for m in METRICS for s in ("min", "max")), "open_figures", "claims", "documents",
)

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "event_type", "sub_event_type", "actor1", "country", "admin1",
    "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
)
_ACLED_PRECISION = {"exact": "1", "street": "1", "landmark": "1", "neighbourhood": "1", "village": "1", "town": "1",
                    "city": "1", "subdistrict": "2", "district": "2", "governorate": "3", "country": "3"}


def _row(i: Incident) -> dict[str, Any]:
    p = i.place
    figs = incident_figures(i)
    precision = p.precision if p else "country"
    row: dict[str, Any] = {
        "code": i.code, "earliest": i.earliest.isoformat() if i.earliest else "",
        "latest": i.latest.isoformat() if i.latest else "", "country": i.country,
        "admin1": (p.admin1 or "") if p else "", "place": p.name if p else "", "precision": precision,
        "approximate": "true" if precision not in EXACT_PRECISIONS or (p is not None and p.near) else "false",
        "radius_km": RADIUS_KM.get(precision, ""), "latitude": p.lat if p and p.lat is not None else "",
        "longitude": p.lon if p and p.lon is not None else "", "belligerents": ";".join(i.belligerents),
        "grade": i.grade.grade, "grade_reason": i.grade.reason, "strike_status": i.strike_status,
        "open_figures": ";".join(sorted(i.open_figures)), "claims": len(i.claims),
        "documents": len({c.doc_id for c in i.claims}),
    }
    for m in METRICS:
        row[f"{m}_min"], row[f"{m}_max"] = figs[m]
    return row


def _csv_text(header: Sequence[str], rows: Sequence[dict[str, Any]], *, bom: bool) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(header), lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writeheader()
    for r in rows:
        w.writerow({k: _cell(r.get(k, "")) for k in header})
    return (BOM if bom else "") + buf.getvalue()


def _cell(value: Any) -> Any:
    """A cell a spreadsheet will not run as a formula ('=...', '+...', '-...', '@...' get a leading quote)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def incidents_csv(incidents: Sequence[Incident], *, bom: bool = False) -> str:
    """Incidents as CSV: UTF-8 (optional BOM for spreadsheets), CRLF rows, ISO dates, one incident per row."""
    return _csv_text(CSV_COLUMNS, [_row(i) for i in incidents], bom=bom)


def incidents_geojson(incidents: Sequence[Incident]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: a Point where coordinates are known, with precision, approximate and radius_km.

    A place coarser than a landmark (a town, a governorate) or 'near' a place is `approximate: true` with the
    radius its precision allows; an incident with no coordinates has a null geometry, never a made-up point.
    """
    features = []
    for i in incidents:
        row = _row(i)
        p = i.place
        geometry = ({"type": "Point", "coordinates": [p.lon, p.lat]}
                    if p is not None and p.lat is not None and p.lon is not None else None)
        props = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
        props["approximate"] = row["approximate"] == "true"
        props["belligerents"] = list(i.belligerents)
        props["open_figures"] = sorted(i.open_figures)
        features.append({"type": "Feature", "id": i.code, "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def incidents_jsonl(incidents: Sequence[Incident]) -> str:
    """One incident per line, as `civmon incidents --format json` gives each (claims included)."""
    from civmon.render.incidents import incident_to_json

    return "".join(json.dumps(incident_to_json(i), ensure_ascii=False) + "\n" for i in incidents)


def incidents_acled(incidents: Sequence[Incident], *, bom: bool = False) -> str:
    """Incidents in ACLED's column layout (one row per incident; fatalities = civilians killed minimum).

    Importing this file with `civmon import acled` gives back the incidents' dates, places, first
    belligerent and civilian-death minimum.
    """
    from civmon.render.period import actor_name

    rows = []
    for i in incidents:
        r = _row(i)
        p = i.place
        rows.append({
            "event_id_cnty": i.code, "event_date": r["earliest"], "year": r["earliest"][:4],
            "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
            "actor1": actor_name(i.belligerents[0]) if i.belligerents else "", "country": i.country,
            "admin1": r["admin1"], "location": r["place"], "latitude": r["latitude"], "longitude": r["longitude"],
            "geo_precision": _ACLED_PRECISION.get(p.precision, "3") if p else "3",
            "source": "civmon", "notes": f"civmon {i.code}: grade {i.grade.grade} ({i.grade.reason})",
            "fatalities": r["civilians_killed_min"],
        })
    return _csv_text(ACLED_COLUMNS, rows, bom=bom)
