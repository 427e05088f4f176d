"""The migrations registry: an ordered list of named steps, recorded in `schema_migrations`.

`apply_pending` runs, in order and each in its own transaction, every step not yet recorded. Steps are
idempotent (create with checkfirst, add a column only when missing), so step 0001 on a fresh store builds
the current schema and later steps find nothing to do, while an older store gets exactly what it lacks.
Add a step by appending to MIGRATIONS; never rename or reorder the existing ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Float,
    Index,
    Integer,
    String,
    Table,
    and_,
    bindparam,
    insert,
    inspect,
    or_,
    select,
    update,
)

from civmon.store import analyst, schema, web_tables

if TYPE_CHECKING:
    from civmon.link.blocking import BlockKey

link_blocks = Table(
    "link_blocks", schema.metadata,
    Column("claim_id", String(400), primary_key=True),
    Column("country", String(8), nullable=False),
    Column("area", String(200), nullable=False),  # the governorate's name key, '' when unknown
    Column("width_class", Integer, nullable=False),  # civmon.link.blocking.WIDTH_CLASSES
    Column("lo", Integer, nullable=False),  # first and last day the strike may fall on (date ordinals)
    Column("hi", Integer, nullable=False),
    Column("lat", Float, nullable=True),  # the place's coordinates, precision rank and 'near' (see far_apart)
    Column("lon", Float, nullable=True),
    Column("rank", Integer, nullable=False),
    Column("near", Integer, nullable=False),
    # covering (migration 0010; 0007 had area after the days): the candidate query reads every column it needs from
    # the index alone, seeking each (country, governorate, width class) and scanning only its days
    Index("ix_link_blocks_area", "country", "area", "width_class", "lo", "hi", "claim_id", "lat", "lon", "rank", "near"),
)
"""The linker's blocking table (migration 0006): one row per placed incident claim (an undated one covers every day
since 0011), so ingest finds the stored claims a new claim could join with an index range scan (country, width
class, first day), not a scan of every earlier claim of the country. Kept by Store.insert_claims; Store.reindex_claims after a claim edit."""


@dataclass(frozen=True, slots=True)
class Migration:
    """One named schema step."""

    name: str
    apply: Callable[[Connection], None]


def _initial(conn: Connection) -> None:
    schema.metadata.create_all(conn, checkfirst=True)


def _later_tables(conn: Connection) -> None:
    """Stores that ran 0002/0003 before those modules had tables get them now (idempotent)."""
    analyst.migrate(conn)
    web_tables.migrate(conn)


def _updated_at_index(conn: Connection) -> None:
    """The watermark that `civmon stats` reads new incident facts by (idempotent)."""
    index = next(i for i in schema.incidents.indexes if i.name == "ix_incidents_updated_at")
    index.create(conn, checkfirst=True)


def _link_blocks(conn: Connection) -> None:
    """The linker's blocking table, filled from the claims already stored (idempotent)."""
    from civmon.link.blocking import block_key
    from civmon.store.codec import claim_from_row

    link_blocks.create(conn, checkfirst=True)
    done = {r[0] for r in conn.execute(select(link_blocks.c.claim_id))}
    batch: list[dict[str, object]] = []
    for claim_id, data in conn.execute(select(schema.claims.c.claim_id, schema.claims.c.data)):
        if claim_id in done:
            continue
        key = block_key(claim_from_row(data))
        if key is not None:
            batch.append(block_row(key))
        if len(batch) >= 10_000:
            conn.execute(insert(link_blocks), batch)
            batch = []
    if batch:
        conn.execute(insert(link_blocks), batch)


def _covering_index(conn: Connection) -> None:
    """A covering index for ingest's candidate query (it reads link_blocks from the index alone); the blocking
    index it replaces is dropped (idempotent). Covering indexes on claims (claim_id, incident_code) and incidents
    (code, status) for the query's joins were measured too: they cost more in writes (~5 pages per document
    each) than they saved in reads."""
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_link_blocks_lookup")  # a prefix of ix_link_blocks_cover
    for index in link_blocks.indexes:
        index.create(conn, checkfirst=True)


def _claims_link_view(conn: Connection) -> None:
    """The claims' link view column (what linking compares, decoded for every candidate at ingest), filled in for
    the claims already stored (idempotent; a claim left without one is decoded from its contract JSON)."""
    from civmon.store.codec import claim_from_row, link_view

    if "link_view" not in {c["name"] for c in inspect(conn).get_columns(schema.claims.name)}:
        conn.exec_driver_sql(f"ALTER TABLE {schema.claims.name} ADD COLUMN link_view TEXT")
    c = schema.claims.c
    fill = update(schema.claims).where(c.claim_id == bindparam("the_id")).values(link_view=bindparam("view"))
    last = ""
    while True:
        rows = conn.execute(select(c.claim_id, c.data).where(c.claim_id > last, c.link_view.is_(None))
                            .order_by(c.claim_id).limit(10_000)).all()
        if not rows:
            return
        conn.execute(fill, [{"the_id": cid, "view": link_view(claim_from_row(data))} for cid, data in rows])
        last = rows[-1][0]


def _area_first_index(conn: Connection) -> None:
    """The candidate query's covering index with the governorate second (before the width class and days), so a
    lookup scans the days of one governorate, not of every governorate in the country (idempotent)."""
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_link_blocks_cover")
    for index in link_blocks.indexes:
        index.create(conn, checkfirst=True)


UNREAD_INDEXES = ("ix_claims_country_dates", "ix_doc_signatures_duplicate_of")
"""Indexes no query reads (claims are blocked through link_blocks since 0006; a signature's original is read by
the copy's doc_id): every ingested document paid for their upkeep."""


def _drop_unread_indexes(conn: Connection) -> None:
    """Drop UNREAD_INDEXES (idempotent)."""
    for name in UNREAD_INDEXES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")


REFILE_BATCH = 2_000
"""Claims 0011 reads (and at most re-files) per page of its scan, so a store of any size is streamed."""

_NULL_GAZETTEER = ('%"gazetteer_id": null%', '%"gazetteer_id":null%')


def refile_link_blocks(conn: Connection, *, batch: int = REFILE_BATCH) -> int:
    """Re-file (Store.reindex_claims) each stored incident claim whose link_blocks row differs from today's
    block_key: the candidates are claims with no row (undated ones were filed nowhere before) and claims filed
    not 'near' whose JSON holds a null or no gazetteer id; returns how many were re-filed (0 when run again)."""
    from civmon.link.blocking import block_key
    from civmon.store.codec import claim_from_row
    from civmon.store.core import Store

    store = Store(conn.engine)
    c, b = schema.claims.c, link_blocks.c
    columns = [b[name] for name in ("country", "area", "width_class", "lo", "hi", "lat", "lon", "rank", "near")]
    names = [col.name for col in columns]
    no_gazetteer = or_(*(c.data.like(p) for p in _NULL_GAZETTEER), c.data.not_like('%"gazetteer_id"%'))
    candidates = (select(c.claim_id, c.data, b.claim_id.label("filed"), *columns)
                  .select_from(schema.claims.outerjoin(link_blocks, b.claim_id == c.claim_id))
                  .where(c.kind == "incident", c.claim_id > bindparam("after"),
                         or_(b.claim_id.is_(None), and_(b.near == 0, no_gazetteer)))
                  .order_by(c.claim_id).limit(batch))
    refiled, last = 0, ""
    while True:
        rows = conn.execute(candidates, {"after": last}).all()
        if not rows:
            return refiled
        changed = []
        for _, data, filed, *stored in rows:
            claim = claim_from_row(data)
            key = block_key(claim)
            want = None if key is None else block_row(key)
            have = None if filed is None else {"claim_id": filed} | dict(zip(names, stored, strict=True))
            if want != have:
                changed.append(claim)
        if changed:
            store.reindex_claims(conn, changed)
            refiled += len(changed)
        last = rows[-1][0]


def _refile_link_blocks(conn: Connection) -> None:
    """Re-file the claims block_key now files differently: undated claims under every day, places the gazetteer
    lacks as 'near' (refile_link_blocks; idempotent, streamed in pages of REFILE_BATCH claims)."""
    refile_link_blocks(conn)


def block_row(key: BlockKey) -> dict[str, object]:
    """The link_blocks row of a claim's blocking key."""
    return {"claim_id": key.claim_id, "country": key.country, "area": key.area, "width_class": key.width_class,
            "lo": key.lo, "hi": key.hi, "lat": key.lat, "lon": key.lon, "rank": key.rank, "near": int(key.near)}


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_initial", _initial),
    Migration("0002_analyst", analyst.migrate),
    Migration("0003_web", web_tables.migrate),
    Migration("0004_web_and_analyst_tables", _later_tables),
    Migration("0005_incidents_updated_at_index", _updated_at_index),
    Migration("0006_link_blocks", _link_blocks),
    Migration("0007_link_blocks_covering_index", _covering_index),
    Migration("0008_claims_link_view", _claims_link_view),
    Migration("0009_drop_unread_indexes", _drop_unread_indexes),
    Migration("0010_link_blocks_area_first", _area_first_index),
    Migration("0011_link_blocks_refile", _refile_link_blocks),
)


def applied(engine: Engine) -> list[str]:
    """Names of the migrations recorded in the store, in the order they were applied."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(schema.schema_migrations.name):
            return []
        rows = conn.execute(select(schema.schema_migrations.c.name).order_by(schema.schema_migrations.c.name))
        return [r[0] for r in rows]


def apply_pending(engine: Engine, *, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[str]:
    """Apply the migrations not yet recorded, each in one transaction; return the names applied."""
    with engine.begin() as conn:
        schema.schema_migrations.create(conn, checkfirst=True)
    done = set(applied(engine))
    ran: list[str] = []
    for m in migrations:
        if m.name in done:
            continue
        with engine.begin() as conn:
            m.apply(conn)
            conn.execute(insert(schema.schema_migrations).values(
                name=m.name, applied_at=datetime.now(UTC).isoformat(timespec="seconds")))
        ran.append(m.name)
    return ran
