"""What the web shows of incidents, claims and documents, as JSON-able dicts (pure functions).

Spans stay code-point offsets (Python's); the browser converts them to UTF-16 indexes itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlsplit

from civmon.contract import claim_to_dict
from civmon.incidents import responses_of
from civmon.models import CASUALTY_KEYS, PRECISIONS, Claim, Incident
from civmon.stats import incident_figures
from civmon.store.core import HistoryEntry, StoredDocument
from civmon.store.views import IncidentView
from civmon.web.privacy import mask_names, personal_name_spans

FINE_PRECISIONS: frozenset[str] = frozenset({"exact", "street", "landmark"})
"""Places this precise may be drawn as points; anything coarser is drawn as an area marked approximate."""

AREA_RADIUS_M: Mapping[str, int] = {
    "neighbourhood": 1_500, "village": 3_000, "town": 6_000, "city": 12_000, "subdistrict": 20_000,
    "district": 35_000, "governorate": 80_000, "country": 250_000,
}
"""Radius of the circle drawn for a coarse place, by precision."""


def safe_url(url: str | None) -> str | None:
    """The URL when it is plain http(s), else None (so 'javascript:' never becomes a link)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def place_dict(incident: Incident) -> dict[str, Any] | None:
    """The incident's place, with how the map must draw it (point or approximate area)."""
    p = incident.place
    if p is None:
        return None
    precision = p.precision if p.precision in PRECISIONS else "country"
    exact = precision in FINE_PRECISIONS and not p.near
    return {"name": p.name, "country": p.country, "admin1": p.admin1, "precision": precision, "near": p.near,
            "lat": p.lat, "lon": p.lon, "approximate": not exact,
            "radius_m": 0 if exact else AREA_RADIUS_M.get(precision, 250_000) * (2 if p.near else 1)}


def deaths(incident: Incident) -> tuple[int, int]:
    """Civilians killed (min, max) by the stats rule, so the site and the CLI agree."""
    return incident_figures(incident)["civilians_killed"]


def figures_dict(incident: Incident) -> dict[str, dict[str, Any]]:
    """Each casualty figure as a range with whether it is open-ended."""
    return {k: {"min": c.min, "max": c.max, "open": k in incident.open_figures}
            for k in CASUALTY_KEYS if (c := incident.figures.get(k)) is not None}


def evidence_of(claim: Claim, text: str) -> list[dict[str, Any]]:
    """Every span a claim quotes, with the field it supports and the words (read from `text`)."""
    out: list[dict[str, Any]] = []

    def add(field: str, start: int, end: int) -> None:
        if 0 <= start < end <= len(text):
            out.append({"field": field, "start": start, "end": end, "words": text[start:end]})

    if claim.date is not None:
        add("date", claim.date.span.start, claim.date.span.end)
    if claim.place is not None:
        add("place", claim.place.span.start, claim.place.span.end)
    if claim.actor is not None and claim.actor.span is not None:
        add("actor", claim.actor.span.start, claim.actor.span.end)
    for key, count in claim.casualties.items():
        for part in count.reports or (count,):
            add(key, part.span.start, part.span.end)
    for r in claim.responses:
        add(f"response:{r.stance}", r.span.start, r.span.end)
    out.sort(key=lambda e: (e["start"], -e["end"]))
    return out


def public_text(doc: StoredDocument, *, names_public: bool) -> str:
    """A document's text as the public may read it: names of the injured and of minors masked unless published."""
    return doc.document.text if names_public else mask_names(doc.document.text)


def claim_public(claim: Claim, text: str) -> dict[str, Any]:
    """A claim's fields and its evidence spans (words read from the possibly masked text)."""
    d = claim_to_dict(claim)
    return {"claim_id": claim.claim_id, "doc_id": claim.doc_id, "kind": claim.kind, "date": d["date"],
            "place": d.get("place"), "actor": d["actor"], "weapon": claim.weapon, "target": claim.target,
            "casualties": {k: {"min": v["min"], "max": v["max"]} for k, v in d["casualties"].items()},
            "responses": [{"by": r.by, "stance": r.stance} for r in claim.responses],
            "extractor": claim.extractor, "evidence": evidence_of(claim, text)}


def history_dict(entries: Sequence[HistoryEntry]) -> list[dict[str, Any]]:
    """An incident's changes: when, who, what, and which summary fields changed (before -> after)."""
    out = []
    for h in entries:
        before, after = h.before or {}, h.after or {}
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        out.append({"at": h.at, "who": h.who, "action": h.action, "changed": changed,
                    "before": {k: before.get(k) for k in changed}, "after": {k: after.get(k) for k in changed}})
    return out


def incident_public(view: IncidentView, *, names_public: bool) -> dict[str, Any]:
    """The whole public picture of an incident: figures, place, grade, sources with evidence, responses, history."""
    inc = view.record.incident
    lo, hi = deaths(inc)
    sources: list[dict[str, Any]] = []
    by_doc: dict[str, list[Claim]] = {}
    for c in inc.claims:
        by_doc.setdefault(c.doc_id, []).append(c)
    for doc_id, claims in by_doc.items():
        sd = view.documents.get(doc_id)
        text = public_text(sd, names_public=names_public) if sd else ""
        sources.append({
            "doc_id": doc_id, "publisher": sd.document.source if sd else None,
            "published": sd.document.published.isoformat() if sd and sd.document.published else None,
            "url": safe_url(sd.document.url) if sd else None, "retrieved_at": sd.retrieved_at if sd else None,
            "content_hash": sd.content_hash if sd else None, "archived": f"/sources/{quote(doc_id, safe='')}",
            "archived_json": f"/api/documents/{quote(doc_id, safe='')}",
            "claims": [claim_public(c, text) for c in claims]})
    return {
        "code": inc.code, "country": inc.country, "admin1": inc.place.admin1 if inc.place else None,
        "earliest": inc.earliest.isoformat() if inc.earliest else None,
        "latest": inc.latest.isoformat() if inc.latest else None,
        "place": place_dict(inc), "belligerents": list(inc.belligerents), "strike_status": inc.strike_status,
        "grade": inc.grade.grade, "grade_reason": inc.grade.reason, "grade_by": inc.grade.by,
        "civilians_killed": {"min": lo, "max": hi}, "figures": figures_dict(inc),
        "responses": [{"by": r.by, "stance": r.stance, "doc_id": next(
            (c.doc_id for c in inc.claims if r in c.responses), None)} for r in responses_of(inc.claims)],
        "sources": sources, "history": history_dict(view.history), "names_public": names_public,
    }


def incident_summary_row(data: Mapping[str, Any]) -> dict[str, Any]:
    """The list form of a published incident (no sources or history)."""
    keep = ("code", "country", "admin1", "earliest", "latest", "place", "belligerents", "grade",
            "civilians_killed", "figures", "strike_status", "published_at", "release")
    row = {k: data.get(k) for k in keep}
    row["sources"] = len(data.get("sources") or ())
    return row


def search_text(data: Mapping[str, Any]) -> str:
    """The lower-cased words the public text search matches: code, place, belligerents, publishers, grade."""
    place = data.get("place") or {}
    parts = [data["code"], place.get("name") or "", place.get("admin1") or "", " ".join(data.get("belligerents") or ()),
             data.get("grade") or "", " ".join(s.get("publisher") or "" for s in data.get("sources") or ())]
    return " ".join(parts).lower()


def document_public(doc: StoredDocument, *, names_public: bool, claims: Sequence[Claim]) -> dict[str, Any]:
    """A stored document as the public may read it (the archived copy), with the claims made from it."""
    text = public_text(doc, names_public=names_public)
    d = doc.document
    return {"doc_id": d.id, "publisher": d.source, "published": d.published.isoformat() if d.published else None,
            "url": safe_url(d.url), "language": d.language, "kind": d.kind, "retrieved_at": doc.retrieved_at,
            "content_hash": doc.content_hash, "text": text, "names_masked": text != d.text,
            "claims": [claim_public(c, text) for c in claims]}


def masked_ranges(text: str) -> list[tuple[int, int]]:
    """Where the names are that public pages hide (for the workbench's warning)."""
    return personal_name_spans(text)
