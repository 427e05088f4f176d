"""Migration 0011: claims filed in link_blocks by the old block_key rules are re-filed by today's."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, delete, select, update

from civmon.ingest import RawDocument
from civmon.link.blocking import UNDATED_HI, UNDATED_LO, block_key
from civmon.models import Claim, Count, DateRange, Document, Place, Span
from civmon.pipeline import store_claims
from civmon.store import Store, migrations, open_store
from civmon.store.migrations import block_row, link_blocks, refile_link_blocks
from civmon.store.schema import claims as claims_table
from civmon.store.schema import schema_migrations

S = Span(0, 1)
STEP = "0011_link_blocks_refile"


def strike(cid: str, day: str | None, *, gazetteer_id: str | None = "gz-1", name: str = "Maarat Misrin",
           lat: float = 36.01, lon: float = 36.67) -> Claim:
    """An incident claim at a village of Idlib; `day` None for a page that never says when."""
    when = None if day is None else DateRange(date.fromisoformat(day), date.fromisoformat(day), "event", day, S)
    return Claim(doc_id=f"page-{cid}", claim_id=cid, kind="incident", extractor="t", date=when,
                 place=Place(name, "SY", "village", S, admin1="Idlib", lat=lat, lon=lon, gazetteer_id=gazetteer_id),
                 target="school", casualties={"civilians_killed": Count(4, 4, "4", S)})


def page(c: Claim) -> RawDocument:
    return RawDocument(Document(id=c.doc_id, text=f"An invented page on strike {c.claim_id}, written for 0011."),
                       b"y", "p.txt")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(str(tmp_path / "r.db"))


def file_the_old_way(store: Store, undated: list[str], unknown_place: list[str]) -> None:
    """Make the store look as one filed before today: undated claims without rows, gazetteer-less places not near;
    and 0011 not yet applied."""
    b = link_blocks.c
    with store.engine.begin() as conn:
        conn.execute(delete(link_blocks).where(b.claim_id.in_(undated)))
        conn.execute(update(link_blocks).where(b.claim_id.in_(unknown_place)).values(near=0))
        conn.execute(delete(schema_migrations).where(schema_migrations.c.name == STEP))


def blocks(conn: Connection) -> dict[str, dict[str, Any]]:
    return {r["claim_id"]: dict(r) for r in conn.execute(select(link_blocks)).mappings()}


def test_0011_refiles_old_rows_as_block_key_files_them_and_only_those(store: Store) -> None:
    stored = [strike("undated", None), strike("nowhere", "2019-05-02", gazetteer_id=None, name="Tal Farfour"),
              strike("both", None, gazetteer_id=None, name="Tal Farfour"), strike("plain", "2019-05-03")]
    for c in stored:
        store_claims(store, page(c), [c])
    with store.engine.connect() as conn:
        before = blocks(conn)
    file_the_old_way(store, ["undated", "both"], ["nowhere"])
    with store.engine.connect() as conn:
        old = blocks(conn)
    assert set(old) == {"nowhere", "plain"} and old["nowhere"]["near"] == 0
    assert migrations.apply_pending(store.engine) == [STEP]
    with store.engine.connect() as conn:
        after = blocks(conn)
    assert after == {c.claim_id: block_row(k) for c in stored if (k := block_key(c)) is not None} == before
    assert (after["undated"]["lo"], after["undated"]["hi"]) == (UNDATED_LO, UNDATED_HI)
    assert after["nowhere"]["near"] == after["both"]["near"] == 1
    assert after["plain"] == old["plain"]
    with store.engine.begin() as conn:  # a second run finds nothing to do
        assert refile_link_blocks(conn) == 0
        assert blocks(conn) == after
    assert migrations.apply_pending(store.engine) == []


@pytest.mark.parametrize("batch", [1, 2, 1000])
def test_0011_streams_in_pages_and_counts_what_it_refiled(store: Store, batch: int) -> None:
    stored = [strike(f"u{i}", None) for i in range(3)] + [strike(f"d{i}", "2019-05-0" + str(i + 1)) for i in range(3)]
    stored += [strike("far", "2019-05-04", gazetteer_id=None)]
    for c in stored:
        store_claims(store, page(c), [c])
    file_the_old_way(store, ["u0", "u1", "u2"], ["far"])
    with store.engine.begin() as conn:
        assert refile_link_blocks(conn, batch=batch) == 4
        assert refile_link_blocks(conn, batch=batch) == 0
        assert set(blocks(conn)) == {c.claim_id for c in stored}


def test_after_0011_a_dated_page_joins_the_undated_claims_incident(store: Store) -> None:
    store_claims(store, page(u := strike("undated", None)), [u])
    file_the_old_way(store, ["undated"], [])
    assert migrations.apply_pending(store.engine) == [STEP]
    store_claims(store, page(d := strike("dated", "2019-05-02")), [d])
    with store.engine.connect() as conn:
        codes = dict(conn.execute(select(claims_table.c.claim_id, claims_table.c.incident_code)).all())
    assert codes["undated"] is not None and codes["dated"] == codes["undated"]
