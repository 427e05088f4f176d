"""Submitting reports from the web: pasted text, an uploaded file, a fetched URL, or a claim entered by hand."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import Any

from civmon.contract import content_hash
from civmon.errors import InputError
from civmon.ingest import DocumentDefaults, RawDocument, ReadProblem, read_bytes
from civmon.models import Actor, Claim, Count, DateRange, Document, Place, Span
from civmon.pipeline import DocumentOutcome, store_claims, store_document
from civmon.store import Store
from civmon.web.fetch import ALLOW_PRIVATE_SETTING, fetch_url

UPLOAD_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".html", ".htm")
MAX_UPLOAD_BYTES = 2_000_000


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{value!r} is not a date; use YYYY-MM-DD") from None


def _outcome(out: DocumentOutcome, doc_id: str) -> dict[str, Any]:
    return {"doc_id": doc_id, "duplicate": out.duplicate, "claims": out.claims, "created": list(out.created),
            "updated": list(out.updated)}


def _store(store: Store, raw: bytes, *, suffix: str, path: str, defaults: DocumentDefaults, who: str) -> dict[str, Any]:
    results = read_bytes(raw, path=path, suffix=suffix, defaults=defaults)
    docs = [r for r in results if isinstance(r, RawDocument)]
    problems = [str(r) for r in results if isinstance(r, ReadProblem)]
    if not docs:
        raise InputError(problems[0] if problems else "nothing could be read from that")
    item = docs[0]
    out = store_document(store, item, who=who)
    doc_id = item.document.id
    if out.duplicate:
        with store.engine.connect() as c:
            doc_id = store.doc_id_for_hash(c, content_hash(item.document.text)) or doc_id
    return _outcome(out, doc_id)


def submit_text(store: Store, text: str, *, source: str | None, url: str | None, published: str | None,
                language: str | None, who: str) -> dict[str, Any]:
    """Extract, store and link pasted text."""
    if not text.strip():
        raise InputError("the report is empty")
    defaults = DocumentDefaults(published=_day(published), source=source or None, url=url or None,
                                language=language or None)
    return _store(store, text.encode("utf-8"), suffix=".txt", path="<web form>", defaults=defaults, who=who)


def submit_upload(store: Store, raw: bytes, *, filename: str, source: str | None, published: str | None,
                  language: str | None, who: str, max_bytes: int = MAX_UPLOAD_BYTES) -> dict[str, Any]:
    """Extract, store and link an uploaded file, after checking its size and type."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError(f"only {', '.join(UPLOAD_SUFFIXES)} files can be uploaded")
    if len(raw) > max_bytes:
        raise InputError(f"the file is larger than {max_bytes // 1_000_000} MB")
    if b"\x00" in raw[:8192]:
        raise InputError("that file is binary, not text")
    defaults = DocumentDefaults(published=_day(published), source=source or None, language=language or None)
    return _store(store, raw, suffix=suffix, path=PurePath(filename).name[:200], defaults=defaults, who=who)


def submit_url(store: Store, url: str, *, source: str | None, published: str | None, language: str | None,
               who: str) -> dict[str, Any]:
    """Fetch a URL (public addresses only unless an admin allows local ones), then extract, store and link it."""
    fetched = fetch_url(url, allow_private=store.get_setting(ALLOW_PRIVATE_SETTING) == "1")
    suffix = ".html" if "html" in fetched.content_type else ".txt"
    defaults = DocumentDefaults(published=_day(published), source=source or None, url=fetched.url,
                                language=language or None)
    return _store(store, fetched.body, suffix=suffix, path=fetched.url[:200], defaults=defaults, who=who)


def _count(lo: int | None, hi: int | None, *, words: str) -> Count | None:
    if lo is None and hi is None:
        return None
    if lo is not None and hi is not None and hi < lo:
        raise InputError("a figure's maximum is below its minimum")
    return Count(min=lo, max=hi, words=words, span=Span(0, 0))


def manual_claim(doc_id: str, *, earliest: str | None, latest: str | None, place: str | None, country: str | None,
                 precision: str, actor: str | None, figures: dict[str, tuple[int | None, int | None]],
                 claim_id: str | None = None) -> Claim:
    """A claim an analyst types in, with no spans (the source cannot be quoted by offset)."""
    lo, hi = _day(earliest), _day(latest)
    d = None if lo is None and hi is None else DateRange(earliest=lo or hi, latest=hi or lo, basis="event",
                                                        text="entered by hand", span=Span(0, 0))
    where = None if not place else Place(name=place, country=(country or "XX").upper()[:2], precision=precision,
                                         span=Span(0, 0))
    who = None if not actor else Actor(id=actor, name=actor, basis="named")
    casualties = {k: c for k, (a, b) in figures.items() if (c := _count(a, b, words="entered by hand")) is not None}
    return Claim(doc_id=doc_id, claim_id=claim_id or f"{doc_id}#manual", kind="incident", extractor="manual",
                 date=d, place=where, actor=who, casualties=casualties)


def submit_manual(store: Store, *, description: str, source: str | None, published: str | None, url: str | None,
                  claim_fields: dict[str, Any], who: str) -> dict[str, Any]:
    """Store a source the extractor cannot read (described in words) with a claim entered by hand."""
    if not description.strip():
        raise InputError("describe the source (e.g. 'phone call with a nurse at the hospital, 4 March')")
    doc_id = "manual:" + content_hash(description)[:16]
    doc = Document(id=doc_id, text=description, published=_day(published), source=source or None,
                   url=url or None, language=None, kind="report")
    claim = manual_claim(doc_id, **claim_fields)
    out = store_claims(store, RawDocument(document=doc, raw=description.encode("utf-8"), path="<entered by hand>"),
                       [claim], who=who)
    return _outcome(out, doc_id)
