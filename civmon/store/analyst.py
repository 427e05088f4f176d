"""Tables and queries for analyst decisions (merge, split, grade), declared strikes and near-duplicates.

Tables live on this module's own MetaData and are created by its migration step (registered in
civmon/store/migrations.py); queries are functions over a Connection (the caller's transaction).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    and_,
    bindparam,
    delete,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.sql import Insert, Select

from civmon.extract.strike_reports import DeclaredStrike
from civmon.models import DateRange, Grade, Place, Span
from civmon.store import fastexec
from civmon.store.schema import claims, documents, incidents, links

metadata = MetaData()

decisions = Table(
    "analyst_decisions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("action", String(20), nullable=False),  # merge | split | grade | clear-grade | link | reject | ...
    Column("codes", Text, nullable=False),  # JSON list: the incidents the decision touched
    Column("detail", Text, nullable=False),  # JSON object: claims moved, grade given, ...
    Column("reason", Text, nullable=False),
    Column("who", String(100), nullable=False),
    Column("at", String(40), nullable=False),
)

constraints = Table(
    "claim_constraints", metadata,
    Column("a", String(400), nullable=False),
    Column("b", String(400), nullable=False),
    Column("kind", String(10), nullable=False),  # must | cannot
    Column("decision_id", Integer, nullable=False),
    PrimaryKeyConstraint("a", "b"),
    Index("ix_claim_constraints_b", "b"),
)

manual_grades = Table(
    "manual_grades", metadata,
    Column("code", String(40), primary_key=True),
    Column("grade", String(20), nullable=False),
    Column("reason", Text, nullable=False),
    Column("who", String(100), nullable=False),
    Column("at", String(40), nullable=False),
    Column("decision_id", Integer, nullable=False),
)

rejected_claims = Table(
    "rejected_claims", metadata,
    Column("claim_id", String(400), primary_key=True),
    Column("decision_id", Integer, nullable=False),
)

declared_strikes = Table(
    "declared_strikes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(400), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("country", String(8), nullable=False),
    Column("earliest", String(10), nullable=False),
    Column("latest", String(10), nullable=False),
    Column("place", String(200), nullable=True),
    Column("admin1", String(200), nullable=True),
    Column("precision", String(20), nullable=True),
    Column("lat", Float, nullable=True),
    Column("lon", Float, nullable=True),
    Column("strikes", Integer, nullable=True),
    Column("actor", String(100), nullable=True),
    Column("words", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Index("ix_declared_strikes_country_dates", "country", "earliest", "latest"),
)

signatures = Table(
    "doc_signatures", metadata,
    Column("doc_id", String(400), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
    Column("duplicate_of", String(400), nullable=True),  # unindexed since migration 0009 (read by doc_id only)
)

signature_bands = Table(
    "doc_signature_bands", metadata,
    Column("band", Integer, nullable=False),
    Column("hash", String(40), nullable=False),
    Column("doc_id", String(400), nullable=False),
    PrimaryKeyConstraint("band", "hash", "doc_id"),
)


def migrate(conn: Connection) -> None:
    """Create this module's tables (idempotent)."""
    metadata.create_all(conn, checkfirst=True)


def now_iso() -> str:
    """The current UTC time as ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- decisions and constraints ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Decision:
    """One stored analyst decision."""

    id: int
    action: str
    codes: tuple[str, ...]
    detail: dict[str, Any]
    reason: str
    who: str
    at: str


def add_decision(conn: Connection, *, action: str, codes: Sequence[str], detail: dict[str, Any], reason: str,
                 who: str) -> int:
    """Record an analyst decision; returns its id."""
    res = conn.execute(insert(decisions).values(action=action, codes=json.dumps(list(codes)),
                                                detail=json.dumps(detail, ensure_ascii=False), reason=reason,
                                                who=who, at=now_iso()))
    key = res.inserted_primary_key
    assert key is not None
    return int(key[0])


def decisions_for(conn: Connection, code: str) -> list[Decision]:
    """Every decision that touched an incident, oldest first."""
    rows = conn.execute(select(decisions).where(decisions.c.codes.like(f'%"{code}"%')).order_by(decisions.c.id))
    return [Decision(id=r.id, action=r.action, codes=tuple(json.loads(r.codes)), detail=json.loads(r.detail),
                     reason=r.reason, who=r.who, at=r.at) for r in rows]


def add_constraints(conn: Connection, pairs: Iterable[tuple[str, str]], *, kind: str, decision_id: int) -> int:
    """Store must-link or cannot-link pairs of claims (a later decision on a pair replaces an earlier one)."""
    rows = {tuple(sorted(p)) for p in pairs if p[0] != p[1]}
    for a, b in sorted(rows):
        conn.execute(delete(constraints).where(constraints.c.a == a, constraints.c.b == b))
    if rows:
        conn.execute(insert(constraints), [{"a": a, "b": b, "kind": kind, "decision_id": decision_id}
                                           for a, b in sorted(rows)])
    return len(rows)


def constraints_for(conn: Connection, claim_ids: Sequence[str]) -> dict[tuple[str, str], str]:
    """The stored constraints touching any of these claims: (a, b) sorted -> 'must' | 'cannot'."""
    out: dict[tuple[str, str], str] = {}
    ids = sorted(set(claim_ids))
    for start in range(0, len(ids), 400):
        chunk = ids[start:start + 400]
        for a, b, kind in fastexec.rows(conn, _queries().constraints_for, {"ids": chunk}):
            out[(a, b)] = kind
    return out


def all_constraints(conn: Connection) -> dict[tuple[str, str], str]:
    """Every stored claim constraint."""
    return {(a, b): k for a, b, k in conn.execute(select(constraints.c.a, constraints.c.b, constraints.c.kind))}


def delete_links_between(conn: Connection, left: Sequence[str], right: Sequence[str]) -> None:
    """Drop stored link evidence between two sets of claims (after a split)."""
    if not left or not right:
        return
    conn.execute(delete(links).where(or_(and_(links.c.a.in_(list(left)), links.c.b.in_(list(right))),
                                         and_(links.c.a.in_(list(right)), links.c.b.in_(list(left))))))


def relabel_links(conn: Connection, claim_ids: Sequence[str], code: str) -> None:
    """Point the stored links among these claims at `code`."""
    if claim_ids:
        ids = list(claim_ids)
        conn.execute(update(links).where(links.c.a.in_(ids), links.c.b.in_(ids)).values(incident_code=code))


def unlinked_claim_ids(conn: Connection) -> list[str]:
    """Incident claims that belong to no incident and that no analyst rejected, in storage order."""
    q = (select(claims.c.claim_id).where(claims.c.incident_code.is_(None), claims.c.kind == "incident",
                                         claims.c.claim_id.not_in(select(rejected_claims.c.claim_id)))
         .order_by(claims.c.earliest, claims.c.doc_id, claims.c.seq))
    return [r[0] for r in conn.execute(q)]


def set_rejected(conn: Connection, claim_id: str, *, decision_id: int) -> None:
    """Mark a claim rejected by an analyst: automatic linking never takes it again."""
    conn.execute(delete(rejected_claims).where(rejected_claims.c.claim_id == claim_id))
    conn.execute(insert(rejected_claims).values(claim_id=claim_id, decision_id=decision_id))


def unassign_claims(conn: Connection, claim_ids: Sequence[str]) -> None:
    """Take claims out of their incident (they belong to none)."""
    if claim_ids:
        conn.execute(update(claims).where(claims.c.claim_id.in_(list(claim_ids))).values(incident_code=None))


def rejected(conn: Connection, claim_ids: Sequence[str]) -> set[str]:
    """Those of these claims an analyst rejected."""
    if not claim_ids:
        return set()
    q = select(rejected_claims.c.claim_id).where(rejected_claims.c.claim_id.in_(sorted(set(claim_ids))))
    return {r[0] for r in conn.execute(q)}


def active_codes(conn: Connection) -> list[str]:
    """Codes of every active incident."""
    return [r[0] for r in conn.execute(select(incidents.c.code).where(incidents.c.status == "active")
                                       .order_by(incidents.c.code))]


def codes_overlapping(conn: Connection, *, country: str, start: date, end: date) -> list[str]:
    """Active incidents in a country whose dates overlap [start, end]."""
    q = select(incidents.c.code).where(incidents.c.status == "active", incidents.c.country == country,
                                       incidents.c.earliest <= end.isoformat(),
                                       incidents.c.latest >= start.isoformat())
    return [r[0] for r in conn.execute(q.order_by(incidents.c.code))]


# --- manual grades ---------------------------------------------------------------------------------------


def set_manual_grade(conn: Connection, code: str, grade: Grade, *, decision_id: int) -> None:
    """Make an analyst's grade the incident's grade until it is cleared."""
    conn.execute(delete(manual_grades).where(manual_grades.c.code == code))
    conn.execute(insert(manual_grades).values(code=code, grade=grade.grade, reason=grade.reason, who=grade.by,
                                              at=now_iso(), decision_id=decision_id))


def clear_manual_grade(conn: Connection, code: str) -> bool:
    """Drop an analyst's grade; True when there was one."""
    return bool(conn.execute(delete(manual_grades).where(manual_grades.c.code == code)).rowcount)


def manual_grade(conn: Connection, code: str) -> Grade | None:
    """The analyst's grade of an incident, if one stands."""
    found = fastexec.rows(conn, _queries().manual_grade, {"code": code})
    if not found:
        return None
    r = SimpleNamespace(**dict(zip(manual_grades.c.keys(), found[0], strict=True)))
    return Grade(grade=r.grade, reason=r.reason, by=r.who)


# --- declared strikes ------------------------------------------------------------------------------------


def insert_strikes(conn: Connection, doc_id: str, found: Sequence[DeclaredStrike]) -> None:
    """Store a strike report's declared strikes."""
    rows = []
    for i, s in enumerate(found):
        p = s.place
        if s.date.earliest is None or s.date.latest is None or p is None:
            continue
        rows.append({"doc_id": doc_id, "seq": i, "country": p.country, "earliest": s.date.earliest.isoformat(),
                     "latest": s.date.latest.isoformat(), "place": p.name, "admin1": p.admin1,
                     "precision": p.precision, "lat": p.lat, "lon": p.lon, "strikes": s.strikes,
                     "actor": s.actor, "words": s.words, "span_start": s.span.start, "span_end": s.span.end})
    if rows:
        conn.execute(insert(declared_strikes), rows)


def strikes_between(conn: Connection, *, country: str, start: date, end: date) -> list[DeclaredStrike]:
    """Declared strikes in a country whose days overlap [start, end]."""
    out = []
    params = {"country": country, "end": end.isoformat(), "start": start.isoformat()}
    keys = declared_strikes.c.keys()
    for row in fastexec.rows(conn, _queries().strikes_between, params):
        r = SimpleNamespace(**dict(zip(keys, row, strict=True)))
        span = Span(r.span_start, r.span_end)
        rng = DateRange(date.fromisoformat(r.earliest), date.fromisoformat(r.latest), "event", r.words, span)
        place = None if r.place is None else Place(name=r.place, country=r.country, precision=r.precision or "town",
                                                   span=span, admin1=r.admin1, lat=r.lat, lon=r.lon)
        out.append(DeclaredStrike(doc_id=r.doc_id, date=rng, place=place, strikes=r.strikes, actor=r.actor,
                                  words=r.words, span=span))
    return out


# --- near-duplicate signatures ---------------------------------------------------------------------------


def save_signature(conn: Connection, doc_id: str, signature: bytes, bands: Sequence[str], *,
                   duplicate_of: str | None) -> None:
    """Store a document's MinHash signature, its LSH band keys and the document it copies (if any)."""
    q = _queries()
    fastexec.write(conn, q.insert_signature, {"doc_id": doc_id, "signature": signature, "duplicate_of": duplicate_of})
    if bands:
        fastexec.write(conn, q.insert_band, [{"band": i, "hash": h, "doc_id": doc_id} for i, h in enumerate(bands)])


def band_candidates(conn: Connection, bands: Sequence[str]) -> dict[str, bytes]:
    """Stored documents sharing at least one LSH band key with these: doc_id -> signature."""
    if not bands:
        return {}
    params = {f"b{i}": i for i in range(len(bands))} | {f"h{i}": h for i, h in enumerate(bands)}
    ids = sorted({r[0] for r in fastexec.rows(conn, _band_query(len(bands)), params)})
    if not ids:
        return {}
    return {r[0]: bytes(r[1]) for r in fastexec.rows(conn, _queries().signatures_of, {"ids": ids})}


def duplicate_of(conn: Connection, doc_ids: Sequence[str]) -> dict[str, str]:
    """doc_id -> the document it is a near-duplicate of, for those of `doc_ids` that are."""
    if not doc_ids:
        return {}
    return {r[0]: r[1] for r in fastexec.rows(conn, _queries().duplicate_of, {"ids": sorted(set(doc_ids))})}


def sources(conn: Connection, doc_ids: Sequence[str]) -> tuple[dict[str, str | None], dict[str, str]]:
    """For the given documents, in one read: doc_id -> source (publisher), and doc_id -> the document it is a
    near-duplicate of (those that are; as `duplicate_of`)."""
    if not doc_ids:
        return {}, {}
    publishers: dict[str, str | None] = {}
    copies: dict[str, str] = {}
    for doc_id, source, original in fastexec.rows(conn, _queries().sources, {"ids": sorted(set(doc_ids))}):
        publishers[doc_id] = source
        if original is not None:
            copies[doc_id] = original
    return publishers, copies


def root_of(conn: Connection, doc_id: str) -> str:
    """The original a document copies (following the stored chain), or itself."""
    seen = {doc_id}
    cur = doc_id
    while True:
        found = fastexec.rows(conn, _queries().copies, {"doc_id": cur})
        nxt = found[0][0] if found else None
        if nxt is None or nxt in seen:
            return cur
        seen.add(nxt)
        cur = nxt


@dataclass(frozen=True, slots=True)
class _Queries:
    """Statements the ingest path runs for every document, built once (values bound at execution)."""

    constraints_for: Select[Any]
    manual_grade: Select[Any]
    strikes_between: Select[Any]
    insert_signature: Insert
    insert_band: Insert
    signatures_of: Select[Any]
    duplicate_of: Select[Any]
    copies: Select[Any]
    sources: Select[Any]


@cache
def _queries() -> _Queries:
    ds, sig = declared_strikes.c, signatures.c
    return _Queries(
        sources=(select(documents.c.doc_id, documents.c.source, sig.duplicate_of)
                 .select_from(documents.outerjoin(signatures, sig.doc_id == documents.c.doc_id))
                 .where(documents.c.doc_id.in_(bindparam("ids", expanding=True)))),
        constraints_for=select(constraints.c.a, constraints.c.b, constraints.c.kind).where(
            or_(constraints.c.a.in_(bindparam("ids", expanding=True)),
                constraints.c.b.in_(bindparam("ids", expanding=True)))),
        manual_grade=select(manual_grades).where(manual_grades.c.code == bindparam("code")),
        strikes_between=(select(declared_strikes).where(ds.country == bindparam("country"),
                                                        ds.earliest <= bindparam("end"), ds.latest >= bindparam("start"))
                         .order_by(ds.earliest, ds.id)),
        insert_signature=insert(signatures),
        insert_band=insert(signature_bands),
        signatures_of=select(sig.doc_id, sig.signature).where(sig.doc_id.in_(bindparam("ids", expanding=True))),
        duplicate_of=select(sig.doc_id, sig.duplicate_of).where(sig.doc_id.in_(bindparam("ids", expanding=True)),
                                                                sig.duplicate_of.is_not(None)),
        copies=select(sig.duplicate_of).where(sig.doc_id == bindparam("doc_id")),
    )


@cache
def _band_query(n: int) -> Select[Any]:
    """Documents filed under any of `n` (band, hash) keys (parameters b0..b{n-1}, h0..h{n-1})."""
    b = signature_bands.c
    return select(b.doc_id).where(or_(*[and_(b.band == bindparam(f"b{i}"), b.hash == bindparam(f"h{i}"))
                                        for i in range(n)]))


_READY: set[int] = set()


def ensure_tables(engine: Engine) -> None:
    """Create this module's tables once per engine (for stores migrated before the tables existed)."""
    if id(engine) in _READY:
        return
    with engine.begin() as conn:
        metadata.create_all(conn, checkfirst=True)
    _READY.add(id(engine))
