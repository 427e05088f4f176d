"""Tables and queries for the web: users, sessions, tokens, publication state and releases.

Tables live on this module's own MetaData and are created by its migration step (registered in
civmon/store/migrations.py); queries are functions over a Store or a Connection, every one with bound
parameters. Public pages read only `web_published` (a snapshot of each incident as last published), so
what the public sees changes only when an analyst publishes, and every publication is a numbered release.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    inspect,
    or_,
    select,
    update,
)

metadata = MetaData()

users = Table(
    "web_users", metadata,
    Column("name", String(100), primary_key=True),
    Column("role", String(20), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("must_change", Integer, nullable=False, default=1),
    Column("created_at", String(40), nullable=False),
)

sessions = Table(
    "web_sessions", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user", String(100), nullable=False, index=True),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
)

tokens = Table(
    "web_tokens", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user", String(100), nullable=False, index=True),
    Column("created_at", String(40), nullable=False),
)

login_attempts = Table(
    "web_login_attempts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(200), nullable=False, index=True),
    Column("at", Float, nullable=False),
)

published = Table(
    "web_published", metadata,
    Column("code", String(40), primary_key=True),
    Column("summary", Text, nullable=False),
    Column("country", String(8), nullable=False),
    Column("admin1", String(200), nullable=True),
    Column("month", String(7), nullable=False),
    Column("sort_key", String(60), nullable=False),
    Column("grade", String(20), nullable=False),
    Column("deaths_min", Integer, nullable=False),
    Column("deaths_max", Integer, nullable=False),
    Column("search", Text, nullable=False),
    Column("published_at", String(40), nullable=False),
    Column("release_no", Integer, nullable=False),
    Column("names_public", Integer, nullable=False),
    # Last: a snapshot runs to kilobytes and spills onto overflow pages, which a read of any later column must walk.
    Column("data", Text, nullable=False),
    # The list's index: newest first, with every filter column, so a filter is checked in the index and only the
    # rows shown are read from the table (whose `data` column spills onto overflow pages that a scan would walk).
    Index("ix_web_published_list", "sort_key", "country", "grade", "deaths_min", "month", "admin1", "search"),
    Index("ix_web_published_country_sort", "country", "sort_key"),
)
SUPERSEDED_INDEXES: tuple[str, ...] = ("ix_web_published_sort",)
"""Indexes of earlier versions that ix_web_published_list replaces (dropped by ensure_tables)."""

published_belligerents = Table(
    "web_published_belligerents", metadata,
    Column("code", String(40), nullable=False),
    Column("belligerent", String(100), nullable=False),
    PrimaryKeyConstraint("code", "belligerent"),
    Index("ix_web_pb_belligerent", "belligerent", "code"),
)

published_documents = Table(
    "web_published_documents", metadata,
    Column("doc_id", String(400), nullable=False),
    Column("code", String(40), nullable=False),
    PrimaryKeyConstraint("doc_id", "code"),
    Index("ix_web_pd_code", "code"),
)

releases = Table(
    "web_releases", metadata,
    Column("number", Integer, primary_key=True, autoincrement=True),
    Column("at", String(40), nullable=False),
    Column("who", String(100), nullable=False),
    Column("note", Text, nullable=False),
    Column("changes", Text, nullable=False),
    Column("figures", Text, nullable=False),
)

claim_reviews = Table(
    "web_claim_reviews", metadata,
    Column("claim_id", String(400), primary_key=True),
    Column("state", String(20), nullable=False),
    Column("who", String(100), nullable=False),
    Column("at", String(40), nullable=False),
)


_PARAM = re.compile(r":(\w+)")


@cache
def _driver_sql(sql: str, paramstyle: str) -> tuple[str, tuple[str, ...] | None]:
    """A statement with `:name` parameters in the driver's own style, and the names in order (None: pass a dict)."""
    names = tuple(_PARAM.findall(sql))
    if paramstyle == "qmark":
        return _PARAM.sub("?", sql), names
    if paramstyle == "format":
        return _PARAM.sub("%s", sql), names
    if paramstyle == "numeric":
        order = iter(range(1, len(names) + 1))
        return _PARAM.sub(lambda _: f":{next(order)}", sql), names
    if paramstyle == "pyformat":
        return _PARAM.sub(r"%(\1)s", sql), None
    return sql, None


def fast_rows(conn: Connection, sql: str, params: Mapping[str, Any] | None = None) -> list[Any]:
    """Run a fixed, parameterised SELECT on the hot read path straight through the driver.

    SQLAlchemy Core builds, keys and processes a statement in several times the time SQLite takes to run these
    small indexed reads; the SQL here is constant text with bound parameters, so none of that is needed.
    """
    text, names = _driver_sql(sql, conn.dialect.paramstyle)
    args: Any = tuple((params or {})[n] for n in names) if names is not None else dict(params or {})
    return list(conn.exec_driver_sql(text, args).all())


def migrate(conn: Connection) -> None:
    """Create this module's tables (idempotent)."""
    metadata.create_all(conn, checkfirst=True)


def ensure_tables(engine: Engine) -> None:
    """Create any missing web table or index (a store migrated while step 0003 was still empty lacks them, and
    older stores lack newer indexes) and drop superseded indexes."""
    with engine.begin() as conn:
        metadata.create_all(conn, checkfirst=True)
        have = {t: {i["name"] for i in inspect(conn).get_indexes(t)} for t in metadata.tables}
        for table in metadata.sorted_tables:
            for index in table.indexes:
                if index.name not in have[table.name]:
                    index.create(conn, checkfirst=True)
        for name in SUPERSEDED_INDEXES:
            if name in have[published.name]:
                conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")


# --- users, sessions, tokens ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class User:
    """A signed-in account: its name, role ('analyst' or 'admin') and whether its one-time password is still set."""

    name: str
    role: str
    must_change: bool = False


def upsert_user(conn: Connection, *, name: str, role: str, password_hash: str, now: str) -> None:
    """Create a user, or reset an existing user's role and password."""
    done = conn.execute(update(users).where(users.c.name == name).values(role=role, password_hash=password_hash,
                                                                        must_change=1))
    if done.rowcount == 0:
        conn.execute(insert(users).values(name=name, role=role, password_hash=password_hash, must_change=1,
                                          created_at=now))
    conn.execute(delete(sessions).where(sessions.c.user == name))


def password_hash_of(conn: Connection, name: str) -> tuple[str, str] | None:
    """(password hash, role) of a user, or None when unknown."""
    r = conn.execute(select(users.c.password_hash, users.c.role).where(users.c.name == name)).first()
    return None if r is None else (r[0], r[1])


def set_password_hash(conn: Connection, name: str, password_hash: str) -> None:
    """Replace a user's password hash with one the user chose (the one-time password is then spent)."""
    conn.execute(update(users).where(users.c.name == name).values(password_hash=password_hash, must_change=0))


def list_users(conn: Connection) -> list[User]:
    """Every account, by name."""
    return [User(r[0], r[1]) for r in conn.execute(select(users.c.name, users.c.role).order_by(users.c.name))]


def add_session(conn: Connection, *, token_hash: str, user: str, now: str, expires: str) -> None:
    """Record a new session."""
    conn.execute(insert(sessions).values(token_hash=token_hash, user=user, created_at=now, expires_at=expires))


def session_user(conn: Connection, token_hash: str, *, now: str) -> User | None:
    """The user of an unexpired session."""
    r = conn.execute(select(users.c.name, users.c.role, users.c.must_change).select_from(
        sessions.join(users, users.c.name == sessions.c.user)).where(
        sessions.c.token_hash == token_hash, sessions.c.expires_at > now)).first()
    return None if r is None else User(r[0], r[1], bool(r[2]))


def drop_session(conn: Connection, token_hash: str) -> None:
    """End a session."""
    conn.execute(delete(sessions).where(sessions.c.token_hash == token_hash))


def add_token(conn: Connection, *, token_hash: str, user: str, now: str) -> None:
    """Record an API token for a user."""
    conn.execute(insert(tokens).values(token_hash=token_hash, user=user, created_at=now))


def token_user(conn: Connection, token_hash: str) -> User | None:
    """The user an API token belongs to."""
    r = conn.execute(select(users.c.name, users.c.role).select_from(
        tokens.join(users, users.c.name == tokens.c.user)).where(tokens.c.token_hash == token_hash)).first()
    return None if r is None else User(r[0], r[1])


def count_attempts(conn: Connection, keys: Sequence[str], *, since: float) -> int:
    """Failed sign-ins recorded for any of these keys since a time (epoch seconds)."""
    return int(conn.execute(select(func.count()).select_from(login_attempts).where(
        login_attempts.c.key.in_(list(keys)), login_attempts.c.at >= since)).scalar_one())


def add_attempt(conn: Connection, keys: Sequence[str], *, at: float) -> None:
    """Record one failed sign-in under each key."""
    conn.execute(insert(login_attempts), [{"key": k, "at": at} for k in keys])


def clear_attempts(conn: Connection, keys: Sequence[str]) -> None:
    """Forget the failed sign-ins of these keys (after a success)."""
    conn.execute(delete(login_attempts).where(login_attempts.c.key.in_(list(keys))))


# --- publication -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The public picture of one incident and the columns it is filtered by."""

    code: str
    data: Mapping[str, Any]
    summary: Mapping[str, Any]
    country: str
    admin1: str | None
    month: str
    sort_key: str
    grade: str
    deaths_min: int
    deaths_max: int
    search: str
    belligerents: tuple[str, ...]
    doc_ids: tuple[str, ...]
    names_public: bool


def put_snapshot(conn: Connection, snap: Snapshot, *, now: str, release_no: int) -> None:
    """Publish (or republish) an incident's snapshot."""
    drop_snapshot(conn, snap.code)
    conn.execute(insert(published).values(
        code=snap.code, data=json.dumps(snap.data, ensure_ascii=False),
        summary=json.dumps(snap.summary, ensure_ascii=False, separators=(",", ":")), country=snap.country, admin1=snap.admin1,
        month=snap.month, sort_key=snap.sort_key, grade=snap.grade, deaths_min=snap.deaths_min,
        deaths_max=snap.deaths_max, search=snap.search, published_at=now, release_no=release_no,
        names_public=int(snap.names_public)))
    if snap.belligerents:
        conn.execute(insert(published_belligerents),
                     [{"code": snap.code, "belligerent": b} for b in sorted(set(snap.belligerents))])
    if snap.doc_ids:
        conn.execute(insert(published_documents), [{"doc_id": d, "code": snap.code} for d in sorted(set(snap.doc_ids))])


def drop_snapshot(conn: Connection, code: str) -> None:
    """Take an incident off the public site."""
    conn.execute(delete(published).where(published.c.code == code))
    conn.execute(delete(published_belligerents).where(published_belligerents.c.code == code))
    conn.execute(delete(published_documents).where(published_documents.c.code == code))


def snapshot_json(conn: Connection, code: str) -> str | None:
    """The published picture of an incident as its stored JSON text, or None when it is not public."""
    rows = fast_rows(conn, "SELECT data FROM web_published WHERE code = :code", {"code": code})
    return str(rows[0][0]) if rows else None


def snapshot_data(conn: Connection, code: str) -> dict[str, Any] | None:
    """The published picture of an incident, or None when it is not public."""
    r = snapshot_json(conn, code)
    return None if r is None else dict(json.loads(r))


def published_codes(conn: Connection) -> list[str]:
    """Every published code."""
    return [r[0] for r in conn.execute(select(published.c.code).order_by(published.c.code))]


def is_published(conn: Connection, code: str) -> bool:
    """True when an incident is public."""
    return conn.execute(select(published.c.code).where(published.c.code == code)).first() is not None


def document_is_public(conn: Connection, doc_id: str) -> list[str]:
    """The published incidents that cite a document (empty: the document is not public)."""
    return [r[0] for r in conn.execute(select(published_documents.c.code)
                                       .where(published_documents.c.doc_id == doc_id).order_by(published_documents.c.code))]


@dataclass(frozen=True, slots=True)
class ListFilter:
    """Filters of the public incident list (all optional)."""

    start_month: str | None = None
    end_month: str | None = None
    belligerent: str | None = None
    country: str | None = None
    admin1: str | None = None
    grade: str | None = None
    min_deaths: int | None = None
    q: str | None = None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_LIST_CONDITIONS: tuple[tuple[str, str], ...] = (  # sort keys begin with the month: month bounds are key bounds
    ("start_month", "p.sort_key >= :start_month AND p.month >= :start_month"),
    ("end_month", "p.sort_key < :end_key AND p.month <= :end_month"),
    ("country", "p.country = :country"),
    ("admin1", "lower(p.admin1) = :admin1"),
    ("grade", "p.grade = :grade"),
    ("min_deaths", "p.deaths_min >= :min_deaths"),
    ("q", "p.search LIKE :q ESCAPE '\\'"),
    ("belligerent", "EXISTS (SELECT 1 FROM web_published_belligerents b WHERE b.code = p.code"
                    " AND b.belligerent = :belligerent)"),
    ("after", "p.sort_key < :after"),
)


@cache
def _list_sql(used: frozenset[str]) -> str:
    """The list query for a set of filters in use (built once per combination)."""
    conds = [sql for name, sql in _LIST_CONDITIONS if name in used]
    where = f" WHERE {' AND '.join(conds)}" if conds else ""
    return f"SELECT p.sort_key, p.summary FROM web_published p{where} ORDER BY p.sort_key DESC LIMIT :limit"


def list_published(conn: Connection, f: ListFilter, *, after: str | None, limit: int) -> list[tuple[str, str]]:
    """One page of published incidents as (sort key, list-row JSON), newest first; `after` is the previous page's
    last sort key. Every value is a bound parameter; the index on sort_key (or country, sort_key) serves the order."""
    params: dict[str, Any] = {
        "start_month": f.start_month, "end_month": f.end_month, "country": f.country.upper() if f.country else None,
        "admin1": f.admin1.lower() if f.admin1 else None, "grade": f.grade, "min_deaths": f.min_deaths,
        "q": f"%{_escape_like(f.q.lower())}%" if f.q else None, "belligerent": f.belligerent, "after": after}
    params = {k: v for k, v in params.items() if v is not None}
    sql = _list_sql(frozenset(params))
    params["limit"] = limit
    if f.end_month:
        params["end_key"] = f.end_month + "~"  # after every 'YYYY-MM-DD|CODE' of that month
    return [(r[0], r[1]) for r in fast_rows(conn, sql, params)]


def published_facets(conn: Connection) -> dict[str, list[str]]:
    """The values the public list can be filtered by: countries, belligerents, admin-1 areas, grades."""
    return {
        "countries": [r[0] for r in conn.execute(select(published.c.country).distinct().order_by(published.c.country))],
        "belligerents": [r[0] for r in conn.execute(select(published_belligerents.c.belligerent).distinct()
                                                    .order_by(published_belligerents.c.belligerent))],
        "admin1": [r[0] for r in conn.execute(select(published.c.admin1).where(published.c.admin1.is_not(None))
                                              .distinct().order_by(published.c.admin1))],
    }


def monthly_by_grade(conn: Connection, *, belligerent: str | None = None,
                     country: str | None = None) -> list[tuple[str, str, int, int, int]]:
    """(month, grade, incidents, deaths min, deaths max) over published incidents, dated ones only."""
    q = select(published.c.month, published.c.grade, func.count(), func.sum(published.c.deaths_min),
               func.sum(published.c.deaths_max)).where(published.c.month != "0000-00")
    if country:
        q = q.where(published.c.country == country.upper())
    if belligerent:
        q = q.where(published.c.code.in_(select(published_belligerents.c.code)
                                         .where(published_belligerents.c.belligerent == belligerent)))
    q = q.group_by(published.c.month, published.c.grade).order_by(published.c.month, published.c.grade)
    return [(r[0], r[1], int(r[2]), int(r[3] or 0), int(r[4] or 0)) for r in conn.execute(q)]


def map_points(conn: Connection, *, limit: int) -> list[dict[str, Any]]:
    """The newest published incidents' snapshots (for the map)."""
    q = select(published.c.data).order_by(published.c.sort_key.desc()).limit(limit)
    return [json.loads(r[0]) for r in conn.execute(q)]


def all_snapshots(conn: Connection) -> list[dict[str, Any]]:
    """Every published snapshot, newest first (exports)."""
    return [json.loads(r[0]) for r in conn.execute(select(published.c.data).order_by(published.c.sort_key.desc()))]


# --- releases --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Release:
    """A numbered, dated publication: who made it, what changed, and the figures as they then stood."""

    number: int
    at: str
    who: str
    note: str
    changes: list[dict[str, Any]]
    figures: dict[str, Any]


def next_release_number(conn: Connection) -> int:
    """The number the next release will get."""
    return int(conn.execute(select(func.coalesce(func.max(releases.c.number), 0))).scalar_one()) + 1


def add_release(conn: Connection, *, number: int, at: str, who: str, note: str,
                changes: Sequence[Mapping[str, Any]], figures: Mapping[str, Any]) -> None:
    """Record a release."""
    conn.execute(insert(releases).values(number=number, at=at, who=who, note=note,
                                         changes=json.dumps(list(changes), ensure_ascii=False),
                                         figures=json.dumps(figures, ensure_ascii=False)))


def _release(r: Any) -> Release:
    return Release(number=r["number"], at=r["at"], who=r["who"], note=r["note"], changes=json.loads(r["changes"]),
                   figures=json.loads(r["figures"]))


def list_releases(conn: Connection, *, limit: int = 200) -> list[Release]:
    """Releases, newest first."""
    return [_release(r) for r in conn.execute(select(releases).order_by(releases.c.number.desc()).limit(limit)).mappings()]


def release(conn: Connection, number: int) -> Release | None:
    """One release by number."""
    r = conn.execute(select(releases).where(releases.c.number == number)).mappings().first()
    return None if r is None else _release(r)


def latest_release_number(conn: Connection) -> int | None:
    """The newest release's number (a cheap check before re-reading its figures; every change to what is public
    is a release, so it also dates every cached public answer)."""
    value = fast_rows(conn, "SELECT max(number) FROM web_releases")[0][0]
    return None if value is None else int(value)


def latest_release(conn: Connection) -> Release | None:
    """The newest release, if any."""
    r = conn.execute(select(releases).order_by(releases.c.number.desc()).limit(1)).mappings().first()
    return None if r is None else _release(r)


# --- review queue ----------------------------------------------------------------------------------------


def review_states(conn: Connection, claim_ids: Sequence[str]) -> dict[str, str]:
    """claim_id -> review state ('accepted', 'rejected', ...) for the reviewed ones."""
    if not claim_ids:
        return {}
    rows = conn.execute(select(claim_reviews.c.claim_id, claim_reviews.c.state)
                        .where(claim_reviews.c.claim_id.in_(list(claim_ids))))
    return {r[0]: r[1] for r in rows}


def set_review(conn: Connection, claim_id: str, *, state: str, who: str, now: str) -> None:
    """Record an analyst's decision on a claim."""
    conn.execute(delete(claim_reviews).where(claim_reviews.c.claim_id == claim_id))
    conn.execute(insert(claim_reviews).values(claim_id=claim_id, state=state, who=who, at=now))


def unreviewed_claims(conn: Connection, claims_table: Table, *, limit: int) -> list[tuple[str, str, str | None, str]]:
    """(claim_id, doc_id, incident_code, data) of incident claims no analyst has decided on, newest documents first."""
    c = claims_table
    q = (select(c.c.claim_id, c.c.doc_id, c.c.incident_code, c.c.data)
         .where(c.c.kind == "incident", c.c.claim_id.not_in(select(claim_reviews.c.claim_id)))
         .order_by(c.c.doc_id.desc(), c.c.seq).limit(limit))
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute(q)]


def replace_claim_data(conn: Connection, claims_table: Table, claim_id: str, row: Mapping[str, Any]) -> None:
    """Overwrite a stored claim's contract JSON and indexed columns (an analyst's edit)."""
    values = {k: v for k, v in row.items() if k not in ("claim_id", "doc_id", "seq", "incident_code")}
    conn.execute(update(claims_table).where(claims_table.c.claim_id == claim_id).values(**values))


def set_claim_incident(conn: Connection, claims_table: Table, claim_ids: Sequence[str], code: str | None) -> None:
    """Point claims at an incident (or at none)."""
    if claim_ids:
        conn.execute(update(claims_table).where(claims_table.c.claim_id.in_(list(claim_ids))).values(incident_code=code))


def search_incident_codes(conn: Connection, incidents_table: Table, *, q: str, limit: int) -> list[str]:
    """Active incident codes containing `q` (workbench look-up)."""
    t = incidents_table
    rows = conn.execute(select(t.c.code).where(t.c.status == "active", or_(
        t.c.code.like(f"%{_escape_like(q.upper())}%", escape="\\"),
        func.lower(func.coalesce(t.c.place, "")).like(f"%{_escape_like(q.lower())}%", escape="\\")))
        .order_by(t.c.code).limit(limit))
    return [r[0] for r in rows]
