"""The store: a narrow interface over SQLAlchemy Core. SQLite (WAL) by default; PostgreSQL by URL.

Every query is a named method with bound parameters. Writes take the Connection of the caller's
transaction (`Store.transaction()`), so a document, its claims and the incidents they change are
committed together or not at all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Delete,
    Engine,
    Insert,
    Select,
    Update,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from civmon.contract import content_hash
from civmon.errors import NotFoundError, StoreError
from civmon.link import Link
from civmon.link.blocking import WIDTH_CLASSES, BlockKey, block_key, far_apart
from civmon.models import Claim, Document, Incident
from civmon.store import codec, fastexec, migrations
from civmon.store.migrations import block_row, link_blocks
from civmon.store.schema import (
    claims,
    documents,
    history,
    incident_belligerents,
    incident_codes,
    incidents,
    links,
    settings,
)


def now_iso() -> str:
    """The current UTC time as ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document as stored, with where it came from."""

    document: Document
    content_hash: str
    retrieved_at: str
    path: str | None
    raw_sha256: str | None


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    """An incident with its status: 'active', or 'merged' into another code."""

    incident: Incident
    status: str
    merged_into: str | None
    updated_at: str
    row: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)  # the columns as read


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change to an incident: when, by whom, what, and its before/after pictures."""

    at: str
    who: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def _sqlite_engine(path: str) -> Engine:
    Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{Path(path).expanduser()}")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:  # SQLite-only settings live here, nowhere else
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        # Under WAL, NORMAL syncs at checkpoints, not at every commit: a commit survives a crash of civmon and
        # the database never corrupts; only the last commits may be lost to a power cut (SQLite's own advice).
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA cache_size=-65536")  # 64 MB of page cache (the default 2 MB rereads index pages)
        # Checkpoint the WAL every 10,000 pages (40 MB), not every 1,000: ingest rewrites the same index pages in
        # commit after commit, and a bigger WAL copies each back to the database (with a sync) fewer times.
        cur.execute("PRAGMA wal_autocheckpoint=10000")
        # Read the database through a memory map (up to SQLite's default ceiling of 2 GB): ingest reads index and
        # table pages all over a big store, and a page read from the map costs no system call and no copy (each
        # linked document reads ~100 pages its connection's cache does not hold). Writes still go through the WAL.
        cur.execute("PRAGMA mmap_size=2147418112")
        cur.close()

    return engine


def engine_for(target: str) -> Engine:
    """An engine for a SQLite file path, or for a SQLAlchemy URL when `target` contains '://'."""
    if "://" in target:
        return create_engine(target)
    return _sqlite_engine(target)


def open_store(target: str) -> Store:
    """Open (creating and migrating as needed) the store at a path or URL."""
    try:
        engine = engine_for(target)
        migrations.apply_pending(engine)
    except SQLAlchemyError as e:
        raise StoreError(f"cannot open the store {target!r}: {e.__class__.__name__}: {e.args[0] if e.args else e}; "
                         "check the --db path or URL (or CIVMON_DB)") from e
    return Store(engine)


class Store:
    """Named reads and writes over the tables in civmon.store.schema."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def _read(self, conn: Connection | None) -> Iterator[Connection]:
        if conn is not None:
            yield conn
        else:
            with self.engine.connect() as c:
                yield c

    # --- documents -------------------------------------------------------------------------------------

    def doc_id_for_hash(self, conn: Connection, digest: str) -> str | None:
        """The doc_id of the stored document with this content hash, if any."""
        found = fastexec.rows(conn, _statements().doc_for_hash, {"digest": digest})
        return str(found[0][0]) if found else None

    def documents_like(self, conn: Connection, *, digest: str, doc_id: str) -> list[tuple[str, str]]:
        """(doc_id, content hash) of the stored documents with this content hash or this id (one read for both)."""
        return [(r[0], r[1]) for r in fastexec.rows(conn, _statements().docs_like, {"digest": digest, "doc_id": doc_id})]

    def doc_id_taken(self, conn: Connection, doc_id: str) -> bool:
        """True when a document with this id is stored."""
        return bool(fastexec.rows(conn, _statements().doc_exists, {"doc_id": doc_id}))

    def insert_document(self, conn: Connection, doc: Document, *, raw: bytes | None, path: str | None,
                        retrieved_at: str | None = None, digest: str | None = None) -> str:
        """Store a document (its text, raw bytes and provenance); returns its content hash (`digest`, when the
        caller has it already: civmon.contract.content_hash of the text)."""
        digest = digest or content_hash(doc.text)
        fastexec.write(conn, _statements().insert_document, dict(
            doc_id=doc.id, content_hash=digest, text=doc.text, raw=raw,
            raw_sha256=hashlib.sha256(raw).hexdigest() if raw is not None else None,
            retrieved_at=retrieved_at or now_iso(), url=doc.url, source=doc.source,
            published=codec.day(doc.published), language=doc.language, kind=doc.kind, path=path))
        return digest

    def document(self, doc_id: str, *, conn: Connection | None = None) -> StoredDocument:
        """One stored document by id; NotFoundError when there is none."""
        with self._read(conn) as c:
            r = c.execute(select(documents).where(documents.c.doc_id == doc_id)).mappings().first()
        if r is None:
            raise NotFoundError(f"no document {doc_id!r} in the store")
        doc = Document(id=r["doc_id"], text=r["text"], published=codec.parse_day(r["published"]),
                       language=r["language"], source=r["source"], url=r["url"], kind=r["kind"])
        return StoredDocument(document=doc, content_hash=r["content_hash"], retrieved_at=r["retrieved_at"],
                              path=r["path"], raw_sha256=r["raw_sha256"])

    def raw_bytes(self, doc_id: str) -> bytes | None:
        """The bytes a document was read from, as kept."""
        with self.engine.connect() as c:
            raw: bytes | None = c.execute(select(documents.c.raw).where(documents.c.doc_id == doc_id)).scalar()
        return raw

    def publishers(self, conn: Connection, doc_ids: Sequence[str]) -> dict[str, str | None]:
        """doc_id -> source (publisher) for the given documents."""
        if not doc_ids:
            return {}
        rows = fastexec.rows(conn, _statements().publishers, {"ids": sorted(set(doc_ids))})
        return {r[0]: r[1] for r in rows}

    # --- claims ----------------------------------------------------------------------------------------

    def insert_claims(self, conn: Connection, new: Sequence[Claim], *, codes: Mapping[str, str] | None = None) -> None:
        """Store a document's claims, in order, each in the incident `codes` gives it (claim_id -> code), else in none."""
        if new:
            code = (codes or {}).get
            fastexec.write(conn, _statements().insert_claims, [codec.claim_row(c, seq=i, incident_code=code(c.claim_id))
                                                               for i, c in enumerate(new)])
            self.reindex_claims(conn, new, fresh=True)

    def reindex_claims(self, conn: Connection, changed: Sequence[Claim], *, fresh: bool = False) -> None:
        """File claims in the linker's blocking table (call after editing a stored claim's date or place)."""
        if not fresh:
            conn.execute(delete(link_blocks).where(link_blocks.c.claim_id.in_([c.claim_id for c in changed])))
        rows = [block_row(k) for k in map(block_key, changed) if k is not None]
        if rows:
            fastexec.write(conn, _statements().insert_blocks, rows)

    def link_candidates(self, conn: Connection, keys: Sequence[BlockKey], *, window_days: int,
                        distance_km: float, stored: dict[str, list[str]] | None = None) -> dict[str, list[Claim]]:
        """The claims of every active incident a claim of `keys` could join, by code: incidents with a claim that
        blocking pairs with it (same country, same governorate or either unknown, days within `window_days`)
        and none whose place is a cannot-link by distance (`distance_km`, see civmon.link.blocking.far_apart). The
        claims are as linking sees them (`link_claims_of`; `stored` as there)."""
        codes: set[str] = set()
        for key in keys:
            lo, hi = key.lo - window_days, key.hi + window_days
            # areas are the index's second column: a claim with no governorate looks in each one the country has
            areas = [key.area, ""] if key.area else self._areas(conn, key.country)
            params: dict[str, Any] = {"country": key.country, "lo": lo, "hi": hi, "areas": areas}
            params |= {f"from{k}": lo - bound for k, bound in enumerate(WIDTH_CLASSES)}
            near: set[str] = set()
            ruled_out: set[str] = set()  # an incident with a claim too far away can never take this one
            far: dict[tuple[Any, ...], bool] = {}  # by spot: an incident's claims mostly share one
            for code, *spot in fastexec.rows(conn, _candidates_query(), params):
                if code in ruled_out:
                    continue
                spot_key = tuple(spot)
                apart = far.get(spot_key)
                if apart is None:
                    lat, lon, rank, close = spot
                    other = BlockKey("", key.country, "", 0, 0, lat, lon, rank, bool(close))
                    apart = far[spot_key] = far_apart(key, other, distance_km=distance_km)
                (ruled_out if apart else near).add(code)
            codes |= near - ruled_out
        return self.link_claims_of(conn, sorted(codes), stored=stored)

    def _areas(self, conn: Connection, country: str) -> list[str]:
        """The governorate keys filed in link_blocks for a country ('' included when filed): one index seek each."""
        st = _statements()
        found = fastexec.rows(conn, st.first_area, {"country": country})
        out: list[str] = []
        area = found[0][0] if found else None
        while area is not None:
            out.append(area)
            found = fastexec.rows(conn, st.next_area, {"country": country, "after": area})
            area = found[0][0] if found else None
        return out

    def link_claims_of(self, conn: Connection, codes: Sequence[str], *,
                       stored: dict[str, list[str]] | None = None) -> dict[str, list[Claim]]:
        """Every claim of the given incidents, by code, as linking sees them (civmon.store.codec.link_view: what
        civmon.link compares, without spans, texts or the other figures): for linking only, never for building or
        showing an incident. `stored`, when given, receives each incident's claims as stored (contract JSON, for
        codec.claim_from_row; same order), so the one a new claim joins needs no second read."""
        out: dict[str, list[Claim]] = {c: [] for c in codes}
        if not codes:
            return out
        for code, claim_id, doc_id, view, data in fastexec.rows(conn, _statements().link_claims_of,
                                                                {"codes": list(codes)}):
            out[code].append(codec.claim_from_link_view(doc_id, claim_id, view) if view is not None
                             else codec.claim_from_row(data))
            if stored is not None:
                stored.setdefault(code, []).append(data)
        return out

    def claims_of(self, conn: Connection, codes: Sequence[str]) -> dict[str, list[Claim]]:
        """Every claim of the given incidents, by incident code."""
        out: dict[str, list[Claim]] = {c: [] for c in codes}
        if not codes:
            return out
        for code, data in fastexec.rows(conn, _statements().claims_of, {"codes": list(codes)}):
            out[code].append(codec.claim_from_row(data))
        return out

    def claims_by_id(self, conn: Connection, claim_ids: Sequence[str]) -> dict[str, tuple[Claim, str | None]]:
        """claim_id -> (claim, its incident code or None)."""
        if not claim_ids:
            return {}
        rows = fastexec.rows(conn, _statements().claims_by_id, {"ids": list(claim_ids)})
        return {r[0]: (codec.claim_from_row(r[1]), r[2]) for r in rows}

    def assign_claims(self, conn: Connection, claim_ids: Sequence[str], code: str) -> None:
        """Make `code` the incident of these claims."""
        if claim_ids:
            fastexec.write(conn, _statements().assign, {"ids": list(claim_ids), "code": code})

    def claim_counts(self) -> dict[str, int]:
        """How many documents, claims and active incidents the store holds."""
        with self.engine.connect() as c:
            return {
                "documents": c.execute(select(func.count()).select_from(documents)).scalar_one(),
                "claims": c.execute(select(func.count()).select_from(claims)).scalar_one(),
                "incidents": c.execute(select(func.count()).select_from(incidents)
                                       .where(incidents.c.status == "active")).scalar_one(),
            }

    # --- incidents -------------------------------------------------------------------------------------

    def allocate_code(self, conn: Connection, *, country: str, month: str) -> str:
        """The next code for a country and month (SY-2017-03-0012); a sequence number is never handed out twice."""
        st, key = _statements(), {"the_country": country, "the_month": month}
        found = fastexec.rows(conn, st.last_seq, key)
        if not found or found[0][0] is None:
            seq = 1
            fastexec.write(conn, st.insert_code, {"country": country, "month": month, "last_seq": seq})
        else:
            seq = int(found[0][0]) + 1
            fastexec.write(conn, st.update_code, key | {"seq": seq})
        return f"{country}-{month}-{seq:04d}"

    def save_incident(self, conn: Connection, incident: Incident, *, status: str = "active",
                      merged_into: str | None = None, before: Incident | None = None,
                      stored_row: Mapping[str, Any] | None = None) -> None:
        """Insert or replace an incident row and its belligerent index. `before`, when given, is the incident as
        stored (read in this transaction): only the columns that differ from it are written (so indexes on
        unchanged columns are left alone), and the belligerent index only when the belligerents changed.
        `stored_row`, its row as read (IncidentRecord.row), spares encoding `before` again to compare."""
        row = codec.incident_row(incident, status=status, merged_into=merged_into, updated_at=now_iso())
        st = _statements()
        if before is not None and before.code == incident.code:
            old = (stored_row if stored_row is not None and stored_row.get("code") == incident.code else
                   codec.incident_row(before, status=status, merged_into=merged_into, updated_at=row["updated_at"]))
            changed = tuple(k for k in row if k != "code" and (k in _ALWAYS_SET or row[k] != old[k]))
            if fastexec.write(conn, _update_incident(changed), row | {"the_code": incident.code}) == 1:
                if sorted(set(before.belligerents)) != sorted(set(incident.belligerents)):
                    self._save_belligerents(conn, incident)
                return
        if fastexec.write(conn, st.update_incident, row | {"the_code": incident.code}) == 0:
            fastexec.write(conn, st.insert_incident, row)
        self._save_belligerents(conn, incident)

    def _save_belligerents(self, conn: Connection, incident: Incident) -> None:
        st = _statements()
        fastexec.write(conn, st.clear_belligerents, {"the_code": incident.code})
        if incident.belligerents:
            fastexec.write(conn, st.insert_belligerents,
                           [{"code": incident.code, "belligerent": b} for b in sorted(set(incident.belligerents))])

    def mark_merged(self, conn: Connection, code: str, *, into: str) -> None:
        """Retire an incident whose claims all moved to `into` (its code stays allocated)."""
        conn.execute(update(incidents).where(incidents.c.code == code)
                     .values(status="merged", merged_into=into, updated_at=now_iso()))

    def incident_record(self, conn: Connection | None, code: str, *,
                        claims: Sequence[Claim] | None = None) -> IncidentRecord:
        """One incident (any status) by code; NotFoundError when unknown. `claims`, when given, are its claims
        as just read in the caller's transaction (they are not read again)."""
        with self._read(conn) as c:
            found_rows = fastexec.rows(c, _incident_query(), {"code": code})
            r = dict(zip(incidents.c.keys(), found_rows[0], strict=True)) if found_rows else None
            if r is None:
                raise NotFoundError(f"no incident {code!r}; list the codes with `civmon incidents`")
            found = list(claims) if claims is not None else self.claims_of(c, [code])[code]
        return IncidentRecord(incident=codec.incident_from_row(r, found), status=r["status"],
                              merged_into=r["merged_into"], updated_at=r["updated_at"], row=r)

    def incidents(self, *, start: date | None = None, end: date | None = None, country: str | None = None,
                  belligerent: str | None = None, month: str | None = None) -> list[Incident]:
        """Active incidents matching every filter given, by date then code (undated last)."""
        q = select(incidents).where(incidents.c.status == "active")
        if month is not None:
            q = q.where(incidents.c.month == month)
        if start is not None:
            q = q.where(incidents.c.earliest >= start.isoformat())
        if end is not None:
            q = q.where(incidents.c.earliest <= end.isoformat())
        if country is not None:
            q = q.where(incidents.c.country == country.upper())
        if belligerent is not None:
            q = q.where(incidents.c.code.in_(select(incident_belligerents.c.code)
                                             .where(incident_belligerents.c.belligerent == belligerent)))
        q = q.order_by(incidents.c.earliest.is_(None), incidents.c.earliest, incidents.c.code)
        with self.engine.connect() as c:
            rows = list(c.execute(q).mappings())
            by_code = self.claims_of(c, [r["code"] for r in rows])
        return [codec.incident_from_row(r, by_code[r["code"]]) for r in rows]

    # --- links and history -----------------------------------------------------------------------------

    def save_links(self, conn: Connection, found: Sequence[Link], *, code: str,
                   unstored: Collection[str] = ()) -> None:
        """Store the evidence linking claims (one row per pair, replaced when re-linked). A pair with one of the
        `unstored` claims (not stored yet, so never linked before) has no row to replace."""
        if not found:
            return
        rows = {tuple(sorted((link.a, link.b))): link for link in found}
        old = [{"pa": a, "pb": b} for a, b in rows if a not in unstored and b not in unstored]
        if old:
            fastexec.write(conn, _delete_link(), old)
        fastexec.write(conn, _statements().insert_links, [{"a": a, "b": b, "score": float(link.score),
                                      "reasons": json.dumps(list(link.reasons)), "incident_code": code}
                                     for (a, b), link in rows.items()])

    def links_for(self, claim_ids: Sequence[str]) -> list[Link]:
        """Stored links touching any of these claims."""
        if not claim_ids:
            return []
        ids = list(claim_ids)
        with self.engine.connect() as c:
            rows = c.execute(select(links).where(or_(links.c.a.in_(ids), links.c.b.in_(ids)))
                             .order_by(links.c.score.desc(), links.c.a, links.c.b)).mappings()
            return [Link(a=r["a"], b=r["b"], score=r["score"], reasons=tuple(json.loads(r["reasons"]))) for r in rows]

    def add_history(self, conn: Connection, code: str, *, who: str, action: str,
                    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> None:
        """Record one change to an incident."""
        fastexec.write(conn, _statements().insert_history, dict(
            incident_code=code, at=now_iso(), who=who, action=action,
            before=None if before is None else json.dumps(before, ensure_ascii=False),
            after=None if after is None else json.dumps(after, ensure_ascii=False)))

    def history(self, code: str) -> list[HistoryEntry]:
        """An incident's changes, oldest first."""
        with self.engine.connect() as c:
            rows = c.execute(select(history).where(history.c.incident_code == code).order_by(history.c.id)).mappings()
            return [HistoryEntry(at=r["at"], who=r["who"], action=r["action"],
                                 before=json.loads(r["before"]) if r["before"] else None,
                                 after=json.loads(r["after"]) if r["after"] else None) for r in rows]

    # --- settings --------------------------------------------------------------------------------------

    def get_setting(self, name: str) -> str | None:
        """A value saved in the store's settings table."""
        with self.engine.connect() as c:
            value: str | None = c.execute(select(settings.c.value).where(settings.c.name == name)).scalar()
        return value

    def set_setting(self, name: str, value: str) -> None:
        """Save a value in the store's settings table."""
        with self.engine.begin() as c:
            if c.execute(update(settings).where(settings.c.name == name).values(value=value)).rowcount == 0:
                c.execute(insert(settings).values(name=name, value=value))


@cache
def _candidates_query() -> Select[Any]:
    """Incident codes of active incidents with a claim filed in link_blocks near a (country, any of `areas`, lo..hi),
    with the claim's spot: one index range per area and width class (a class bounds how early a range that reaches
    `lo` can start)."""
    b = link_blocks.c
    parts = []
    for k in range(len(WIDTH_CLASSES) + 1):
        q = select(b.claim_id, b.lat, b.lon, b.rank, b.near).where(
            b.country == bindparam("country"), b.area.in_(bindparam("areas", expanding=True)), b.width_class == k,
            b.lo <= bindparam("hi"), b.hi >= bindparam("lo"))
        if k < len(WIDTH_CLASSES):
            q = q.where(b.lo >= bindparam(f"from{k}"))
        parts.append(q)
    near = union_all(*parts).subquery()
    return (select(claims.c.incident_code, near.c.lat, near.c.lon, near.c.rank, near.c.near).select_from(near)
            .join(claims, claims.c.claim_id == near.c.claim_id)
            .join(incidents, incidents.c.code == claims.c.incident_code)
            .where(incidents.c.status == "active"))


_ALWAYS_SET = frozenset({"status", "merged_into", "updated_at"})


@cache
def _update_incident(columns: tuple[str, ...]) -> Update:
    """An update of an incident's row that sets only `columns` (bound by their names; the code as the_code)."""
    return (update(incidents).where(incidents.c.code == bindparam("the_code"))
            .values({c: bindparam(c) for c in columns}))


@cache
def _incident_query() -> Select[Any]:
    return select(incidents).where(incidents.c.code == bindparam("code"))


@cache
def _delete_link() -> Delete:
    return delete(links).where(links.c.a == bindparam("pa"), links.c.b == bindparam("pb"))


@dataclass(frozen=True, slots=True)
class _Statements:
    """Statements the ingest path runs for every document, built once (values bound at execution)."""

    claims_of: Select[Any]
    link_claims_of: Select[Any]
    assign: Update
    update_incident: Update
    clear_belligerents: Delete
    publishers: Select[Any]
    doc_for_hash: Select[Any]
    doc_exists: Select[Any]
    docs_like: Select[Any]
    first_area: Select[Any]
    next_area: Select[Any]
    claims_by_id: Select[Any]
    last_seq: Select[Any]
    insert_code: Insert
    update_code: Update
    insert_document: Insert
    insert_claims: Insert
    insert_blocks: Insert
    insert_links: Insert
    insert_history: Insert
    insert_incident: Insert
    insert_belligerents: Insert


@cache
def _statements() -> _Statements:
    values: dict[str, Any] = {c.name: bindparam(c.name) for c in incidents.c}
    code_key = (incident_codes.c.country == bindparam("the_country")) & (incident_codes.c.month == bindparam("the_month"))
    return _Statements(
        claims_of=(select(claims.c.incident_code, claims.c.data)
                   .where(claims.c.incident_code.in_(bindparam("codes", expanding=True)))
                   .order_by(claims.c.incident_code, claims.c.doc_id, claims.c.seq)),
        link_claims_of=(select(claims.c.incident_code, claims.c.claim_id, claims.c.doc_id, claims.c.link_view,
                               claims.c.data)
                        .where(claims.c.incident_code.in_(bindparam("codes", expanding=True)))
                        .order_by(claims.c.incident_code, claims.c.doc_id, claims.c.seq)),
        assign=(update(claims).where(claims.c.claim_id.in_(bindparam("ids", expanding=True)))
                .values(incident_code=bindparam("code"))),
        update_incident=update(incidents).where(incidents.c.code == bindparam("the_code")).values(values),
        clear_belligerents=delete(incident_belligerents).where(incident_belligerents.c.code == bindparam("the_code")),
        publishers=select(documents.c.doc_id, documents.c.source).where(
            documents.c.doc_id.in_(bindparam("ids", expanding=True))),
        doc_for_hash=select(documents.c.doc_id).where(documents.c.content_hash == bindparam("digest")),
        doc_exists=select(documents.c.doc_id).where(documents.c.doc_id == bindparam("doc_id")),
        first_area=select(func.min(link_blocks.c.area)).where(link_blocks.c.country == bindparam("country")),
        next_area=(select(link_blocks.c.area).where(link_blocks.c.country == bindparam("country"),
                                                    link_blocks.c.area > bindparam("after"))
                   .order_by(link_blocks.c.area).limit(1)),
        docs_like=select(documents.c.doc_id, documents.c.content_hash).where(
            or_(documents.c.content_hash == bindparam("digest"), documents.c.doc_id == bindparam("doc_id"))),
        claims_by_id=select(claims.c.claim_id, claims.c.data, claims.c.incident_code).where(
            claims.c.claim_id.in_(bindparam("ids", expanding=True))),
        last_seq=select(incident_codes.c.last_seq).where(code_key).with_for_update(),
        insert_code=insert(incident_codes),
        update_code=update(incident_codes).where(code_key).values(last_seq=bindparam("seq")),
        insert_document=insert(documents),
        insert_claims=insert(claims),
        insert_blocks=insert(link_blocks),
        insert_links=insert(links),
        insert_history=insert(history),
        insert_incident=insert(incidents),
        insert_belligerents=insert(incident_belligerents),
    )
