"""The document and claim contract: JSON in, JSON out (documented in the README; keep it stable)."""

from __future__ import annotations

import hashlib
from datetime import date
from functools import lru_cache
from typing import Any, cast

from civmon.errors import InputError
from civmon.models import (
    Actor,
    Claim,
    Count,
    DateRange,
    Document,
    Place,
    Response,
    Span,
)

DOCUMENT_KEYS = ("id", "text", "published", "language", "source", "url", "kind")


def content_hash(text: str) -> str:
    """SHA-256 of a text's UTF-8 bytes, the id of a document that has none."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _parse_day(value: Any, *, what: str) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"{what} must be a YYYY-MM-DD string, not {type(value).__name__}")
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(f"{what} {value!r} is not a YYYY-MM-DD date") from None


def document_from_dict(obj: Any) -> Document:
    """A Document from one JSONL object; raises InputError saying what is wrong."""
    if not isinstance(obj, dict):
        raise InputError("a document must be a JSON object")
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError("a document needs a 'text' string")
    doc_id = obj.get("id")
    if doc_id is None or doc_id == "":
        doc_id = content_hash(text)
    for key in ("language", "source", "url", "kind"):
        if obj.get(key) is not None and not isinstance(obj.get(key), str):
            raise InputError(f"'{key}' must be a string or null")
    return Document(
        id=str(doc_id),
        text=text,
        published=_parse_day(obj.get("published"), what="'published'"),
        language=obj.get("language"),
        source=obj.get("source"),
        url=obj.get("url"),
        kind=obj.get("kind") or "report",
    )


def document_to_dict(doc: Document) -> dict[str, Any]:
    """The JSONL form of a document."""
    return {
        "id": doc.id, "text": doc.text, "published": doc.published.isoformat() if doc.published else None,
        "language": doc.language, "source": doc.source, "url": doc.url, "kind": doc.kind,
    }


def _day(d: date | None) -> str | None:
    return d.isoformat() if d else None


def count_to_dict(c: Count) -> dict[str, Any]:
    """A COUNT object of the contract."""
    out: dict[str, Any] = {"min": c.min, "max": c.max, "words": c.words, "by": c.by, "span": c.span.to_list()}
    if c.reports:
        out["reports"] = [
            {"min": r.min, "max": r.max, "words": r.words, "by": r.by, "span": r.span.to_list()} for r in c.reports
        ]
    return out


def place_to_dict(p: Place) -> dict[str, Any]:
    """A PLACE object of the contract."""
    return {
        "name": p.name, "country": p.country, "admin1": p.admin1, "admin2": p.admin2,
        "lat": p.lat, "lon": p.lon, "near": p.near, "gazetteer_id": p.gazetteer_id,
        "span": p.span.to_list(), "precision": p.precision,
    }


def claim_to_dict(c: Claim) -> dict[str, Any]:
    """One output line of `civmon extract`, as a dict in contract order."""
    out: dict[str, Any] = {"doc_id": c.doc_id, "claim_id": c.claim_id, "kind": c.kind}
    out["date"] = None if c.date is None else {
        "earliest": _day(c.date.earliest), "latest": _day(c.date.latest), "basis": c.date.basis,
        "text": c.date.text, "span": c.date.span.to_list(),
    }
    if c.kind == "aggregate":
        out["places"] = [place_to_dict(p) for p in (c.places or ((c.place,) if c.place else ()))]
    else:
        out["place"] = place_to_dict(c.place) if c.place else None
    out["actor"] = None if c.actor is None else {
        "id": c.actor.id, "name": c.actor.name, "basis": c.actor.basis,
        "span": c.actor.span.to_list() if c.actor.span else None,
    }
    out["weapon"] = c.weapon
    out["target"] = c.target
    out["casualties"] = {k: count_to_dict(v) for k, v in c.casualties.items()}
    out["responses"] = [{"by": r.by, "stance": r.stance, "span": r.span.to_list()} for r in c.responses]
    out["extractor"] = c.extractor
    return out


def _span(v: Any) -> Span:
    return Span(int(v[0]), int(v[1]))


def count_from_dict(d: dict[str, Any]) -> Count:
    """The inverse of count_to_dict."""
    reports = tuple(count_from_dict(r) for r in d.get("reports") or ())
    return Count(min=d.get("min"), max=d.get("max"), words=d.get("words") or "", span=_span(d["span"]),
                 by=d.get("by"), reports=reports)


def place_from_dict(d: dict[str, Any]) -> Place:
    """The inverse of place_to_dict."""
    return Place(
        name=d["name"], country=d["country"], precision=d["precision"], span=_span(d.get("span") or (0, 0)),
        admin1=d.get("admin1"), admin2=d.get("admin2"), lat=d.get("lat"), lon=d.get("lon"),
        near=bool(d.get("near")), gazetteer_id=d.get("gazetteer_id"),
    )


def claim_from_dict(d: dict[str, Any]) -> Claim:
    """The inverse of claim_to_dict (used by the store and by imports)."""
    dd = d.get("date")
    date_range = None if not dd else DateRange(
        earliest=_parse_day(dd.get("earliest"), what="date.earliest"),
        latest=_parse_day(dd.get("latest"), what="date.latest"),
        basis=dd.get("basis", "event"), text=dd.get("text") or "", span=_span(dd.get("span") or (0, 0)),
    )
    a = d.get("actor")
    actor = None if not a else Actor(id=a["id"], name=a.get("name") or a["id"], basis=a.get("basis", "named"),
                                     span=_span(a["span"]) if a.get("span") else None)
    return Claim(
        doc_id=str(d["doc_id"]), claim_id=str(d["claim_id"]), kind=d.get("kind", "incident"),
        extractor=d.get("extractor") or "unknown", date=date_range,
        place=place_from_dict(d["place"]) if d.get("place") else None,
        places=tuple(place_from_dict(p) for p in d.get("places") or ()),
        actor=actor, weapon=d.get("weapon"), target=d.get("target"),
        casualties={k: count_from_dict(v) for k, v in (d.get("casualties") or {}).items()},
        responses=tuple(Response(by=r["by"], stance=cast(Any, r["stance"]), span=_span(r.get("span") or (0, 0)))
                        for r in d.get("responses") or ()),
    )


@lru_cache(maxsize=4096)
def _stored_span(start: int, end: int) -> Span:
    return Span(start, end)


@lru_cache(maxsize=8192)
def _stored_day(value: str) -> date:
    return date.fromisoformat(value[:10])


def _stored_count(d: dict[str, Any]) -> Count:
    reports = tuple(_stored_count(r) for r in d["reports"]) if d.get("reports") else ()
    return Count(d["min"], d["max"], d["words"] or "", _stored_span(*d["span"]), d["by"], reports)


def _stored_place(d: dict[str, Any]) -> Place:
    s = d["span"]
    return Place(d["name"], d["country"], d["precision"], _stored_span(*s) if s else _stored_span(0, 0),
                 d["admin1"], d["admin2"], d["lat"], d["lon"], bool(d["near"]), d["gazetteer_id"])


def claim_from_stored(d: dict[str, Any]) -> Claim:
    """claim_from_dict for JSON the store wrote itself with claim_to_dict (every key present, values valid):
    the same Claim, without the checks (the store decodes many claims for every document it links)."""
    try:
        dd = d["date"]
        date_range = None if not dd else DateRange(
            _stored_day(dd["earliest"]) if dd["earliest"] else None,
            _stored_day(dd["latest"]) if dd["latest"] else None,
            dd["basis"], dd["text"] or "", _stored_span(*dd["span"]) if dd["span"] else _stored_span(0, 0))
        a = d["actor"]
        actor = None if not a else Actor(a["id"], a["name"] or a["id"], a["basis"],
                                         _stored_span(*a["span"]) if a["span"] else None)
        p = d.get("place")
        casualties = d["casualties"]
        responses = d["responses"]
        return Claim(
            str(d["doc_id"]), str(d["claim_id"]), d["kind"], d["extractor"] or "unknown", date_range,
            _stored_place(p) if p else None,
            tuple(_stored_place(x) for x in d["places"]) if d.get("places") else (),
            actor, d["weapon"], d["target"],
            {k: _stored_count(v) for k, v in casualties.items()} if casualties else {},
            tuple(Response(r["by"], r["stance"], _stored_span(*r["span"]) if r["span"] else _stored_span(0, 0))
                  for r in responses) if responses else (),
        )
    except (KeyError, TypeError, ValueError):  # not in the stored shape (an older or hand-edited row)
        return claim_from_dict(d)
