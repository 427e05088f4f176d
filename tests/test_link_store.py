"""Linking through the store: the blocking table (migration 0006), candidate lookup, batches, same result as in memory."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select, text

from civmon.errors import InputError
from civmon.ingest import RawDocument
from civmon.link.blocking import block_key, candidate_pairs, far_apart
from civmon.link.compare import compare_claims
from civmon.link.index import LinkIndex
from civmon.link.names import name_key
from civmon.link.synthetic import generate
from civmon.models import Claim, Count, DateRange, Document, Place, Span
from civmon.pipeline import store_batch, store_claims
from civmon.store import Store, fastexec, migrations, open_store
from civmon.store.codec import claim_from_row, link_view
from civmon.store.core import _candidates_query
from civmon.store.migrations import link_blocks
from civmon.store.schema import claims as claims_table
from civmon.store.schema import schema_migrations

S = Span(0, 1)


def claim(cid: str, day: str, name: str, *, admin1: str = "Idlib", lat: float | None = 35.61,
          lon: float | None = 36.56, basis: str = "event", precision: str = "village", target: str = "market",
          killed: int = 7) -> Claim:
    d = date.fromisoformat(day)
    when = DateRange(None if basis == "report" else d, d, basis, day, S)  # type: ignore[arg-type]
    return Claim(doc_id=f"doc-{cid}", claim_id=cid, kind="incident", extractor="t", date=when,
                 place=Place(name, "SY", precision, S, admin1=admin1, lat=lat, lon=lon), target=target,
                 casualties={"civilians_killed": Count(killed, killed, str(killed), S)})


def item(c: Claim) -> RawDocument:
    return RawDocument(Document(id=c.doc_id, text=f"A made-up report about {c.claim_id} for the store tests."),
                       b"x", "t.txt")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(str(tmp_path / "s.db"))


def partition(store: Store) -> list[list[str]]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(claims_table.c.incident_code, claims_table.c.claim_id)).all()
    groups: dict[str, list[str]] = {}
    for code, cid in rows:
        groups.setdefault(code, []).append(cid)
    return sorted(sorted(g) for g in groups.values())


def test_migration_0006_builds_the_blocking_table_from_stored_claims(store: Store) -> None:
    store_claims(store, item(a := claim("a", "2016-03-10", "Kafr Nabl")), [a])
    store_claims(store, item(b := claim("b", "2016-03-12", "Saraqib", basis="report", lat=35.86, lon=36.8)), [b])
    with store.engine.begin() as conn:  # as a store migrated before 0006 would be
        link_blocks.drop(conn)
        conn.execute(delete(schema_migrations).where(schema_migrations.c.name == "0006_link_blocks"))
    assert migrations.apply_pending(store.engine) == ["0006_link_blocks"]
    with store.engine.connect() as conn:
        rows = {r.claim_id: r for r in conn.execute(select(link_blocks))}
        indexes = {r[1] for r in conn.execute(text("PRAGMA index_list('link_blocks')"))}
    assert set(rows) == {"a", "b"} and "ix_link_blocks_area" in indexes
    assert (rows["a"].lo, rows["a"].hi) == (date(2016, 3, 10).toordinal(),) * 2
    assert (rows["b"].lo, rows["b"].hi) == (date(2016, 3, 9).toordinal(), date(2016, 3, 12).toordinal())
    assert rows["a"].area == rows["b"].area == "idlib"
    assert migrations.apply_pending(store.engine) == []


@pytest.mark.parametrize("older", [
    ("0007_link_blocks_covering_index", "CREATE INDEX ix_link_blocks_lookup ON link_blocks (country, width_class, lo, "
     "hi, area)"),
    ("0010_link_blocks_area_first", "CREATE INDEX ix_link_blocks_cover ON link_blocks (country, width_class, lo, hi, "
     "area, claim_id, lat, lon, rank, near)"),
])
def test_migrations_0007_and_0010_give_an_older_store_the_area_first_covering_index(store: Store,
                                                                                    older: tuple[str, str]) -> None:
    step, index = older
    store_claims(store, item(a := claim("a", "2016-03-10", "Kafr Nabl")), [a])
    with store.engine.begin() as conn:  # as a store migrated before the step would be
        conn.execute(text("DROP INDEX ix_link_blocks_area"))
        conn.execute(text(index))
        conn.execute(delete(schema_migrations).where(schema_migrations.c.name == step))
    assert migrations.apply_pending(store.engine) == [step]
    with store.engine.connect() as conn:
        indexes = {r[1] for r in conn.execute(text("PRAGMA index_list('link_blocks')"))}
        sql, bound = fastexec.sql_for(_candidates_query(), {"country": "SY", "lo": 1, "hi": 2, "areas": ["idlib", ""],
                                                            "from0": 0, "from1": 0, "from2": 0})
        driver: Any = conn.connection.driver_connection
        plan = " ".join(str(r[3]) for r in driver.execute(f"EXPLAIN QUERY PLAN {sql}", bound))
    assert indexes == {"ix_link_blocks_area", "sqlite_autoindex_link_blocks_1"}
    # one range per governorate and width class, no table reads
    assert plan.count("COVERING INDEX ix_link_blocks_area (country=? AND area=? AND width_class=?") == 4
    assert migrations.apply_pending(store.engine) == []


def test_a_claim_with_no_governorate_finds_candidates_in_every_governorate(store: Store) -> None:
    stored = [claim("a", "2016-03-10", "Kafr Nabl"), claim("b", "2016-03-11", "Atarib", admin1="Aleppo", lat=36.14,
                                                            lon=36.83),
              claim("c", "2016-03-10", "Kafr Nabl", admin1="")]
    for c in stored:
        store_claims(store, item(c), [c])
    new = claim("n", "2016-03-10", "Kafr Nabl", admin1="", lat=None, lon=None)
    key = block_key(new)
    assert key is not None and key.area == ""
    with store.engine.connect() as conn:
        got = store.link_candidates(conn, [key], window_days=3, distance_km=15.0)
        codes = dict(conn.execute(select(claims_table.c.claim_id, claims_table.c.incident_code)).all())
        assert store._areas(conn, "SY") == sorted(["", name_key("Aleppo"), name_key("Idlib")])
        assert store._areas(conn, "IQ") == []
    assert sorted(got) == sorted({codes["a"], codes["b"], codes["c"]})


def test_migration_0008_fills_the_link_view_and_a_claim_without_one_still_links(store: Store) -> None:
    store_claims(store, item(a := claim("a", "2016-03-10", "Kafr Nabl")), [a])
    store_claims(store, item(b := claim("b", "2016-03-12", "Saraqib", basis="report", lat=35.86, lon=36.8)), [b])
    with store.engine.begin() as conn:  # as a store migrated before 0008 would be (the column empty)
        conn.execute(text("UPDATE claims SET link_view = NULL"))
        codes = [r[0] for r in conn.execute(select(claims_table.c.incident_code).order_by(claims_table.c.claim_id))]
        light = store.link_claims_of(conn, codes)  # no view: decoded from the contract JSON, as stored
        full = store.claims_of(conn, codes)
        conn.execute(delete(schema_migrations).where(schema_migrations.c.name == "0008_claims_link_view"))
    assert light == full
    assert migrations.apply_pending(store.engine) == ["0008_claims_link_view"]
    with store.engine.connect() as conn:
        views = dict(conn.execute(select(claims_table.c.claim_id, claims_table.c.link_view)).all())
        as_stored: dict[str, list[str]] = {}
        light = store.link_claims_of(conn, codes, stored=as_stored)
    assert [[claim_from_row(d) for d in ds] for ds in as_stored.values()] == [[a], [b]]  # full claims on request
    assert views == {"a": link_view(a), "b": link_view(b)}
    assert [[(c.claim_id, c.date, c.place and c.place.name) for c in cs] for cs in light.values()] == [
        [("a", a.date and replace(a.date, text="", span=Span(0, 0)), "Kafr Nabl")],
        [("b", b.date and replace(b.date, text="", span=Span(0, 0)), "Saraqib")]]
    assert migrations.apply_pending(store.engine) == []


def test_migration_0009_drops_the_indexes_no_query_reads(store: Store) -> None:
    def names() -> set[str]:
        with store.engine.connect() as conn:
            return {r[1] for table in ("claims", "doc_signatures")
                    for r in conn.execute(text(f"PRAGMA index_list('{table}')"))}

    assert not names() & set(migrations.UNREAD_INDEXES)
    with store.engine.begin() as conn:  # as a store migrated before 0009 would be
        conn.execute(text("CREATE INDEX ix_claims_country_dates ON claims (country, earliest, latest)"))
        conn.execute(text("CREATE INDEX ix_doc_signatures_duplicate_of ON doc_signatures (duplicate_of)"))
        conn.execute(delete(schema_migrations).where(schema_migrations.c.name == "0009_drop_unread_indexes"))
    assert set(migrations.UNREAD_INDEXES) <= names()
    assert migrations.apply_pending(store.engine) == ["0009_drop_unread_indexes"]
    assert not names() & set(migrations.UNREAD_INDEXES) and "ix_claims_doc_id" in names()
    store_claims(store, item(a := claim("a", "2016-03-10", "Kafr Nabl")), [a])  # ingest works without them


@pytest.mark.parametrize(("new", "found"), [
    (claim("n", "2016-03-11", "Kafranbel"), {"A"}),  # a day later, same village
    (claim("n", "2016-03-13", "Kafranbel"), {"A"}),  # within the three-day window: compared
    (claim("n", "2016-03-14", "Kafranbel"), set()),  # beyond the window
    (claim("n", "2016-03-12", "Kafranbel", basis="report"), {"A"}),  # reported two days later
    (claim("n", "2016-03-10", "Atarib", admin1="Aleppo", lat=36.14, lon=36.83), set()),  # another governorate
    (claim("n", "2016-03-10", "Maarrat", lat=35.64, lon=36.97), set()),  # 37 km away at village precision
    (claim("n", "2016-03-10", "Idlib", precision="governorate", lat=35.9, lon=36.6), {"A"}),  # inside
])
def test_link_candidates_are_the_incidents_blocking_lets_through(store: Store, new: Claim, found: set[str]) -> None:
    old = claim("a", "2016-03-10", "Kafr Nabl")
    with store.transaction() as conn:
        store.insert_document(conn, Document(id="doc-a", text="a"), raw=None, path=None)
        store.insert_claims(conn, [old])
        store.assign_claims(conn, ["a"], "A")
        conn.execute(text("INSERT INTO incidents (code, country, month, belligerents, figures, open_figures, grade, "
                          "grade_reason, grade_by, strike_status, status, updated_at) VALUES ('A', 'SY', "
                          "'2016-03', '[]', '{}', '[]', 'weak', '', 'rules', 'alleged', 'active', '')"))
        key = block_key(new)
        assert key is not None
        got = store.link_candidates(conn, [key], window_days=3, distance_km=15.0)
    assert set(got) == found
    if found:
        assert [c.claim_id for c in got["A"]] == ["a"]


def test_far_apart_only_when_compare_says_cannot() -> None:
    claims = [c for c, _ in generate(800, seed=4)]
    checked = 0
    for i, j in candidate_pairs(claims, window_days=3):
        ka, kb = block_key(claims[i]), block_key(claims[j])
        assert ka is not None and kb is not None
        if far_apart(ka, kb, distance_km=15.0):
            checked += 1
            assert compare_claims(claims[i], claims[j]).cannot, (claims[i].claim_id, claims[j].claim_id)
    assert checked > 100


def _link_in_memory(claims: Sequence[Claim]) -> list[list[str]]:
    index = LinkIndex()
    for c in claims:
        index.link([c])
    return sorted(sorted(c.claim_id for c in cs) for cs in index.incidents.values())


def test_the_store_path_links_like_the_in_memory_index(store: Store) -> None:
    claims = [c for c, _ in generate(80, seed=2)]
    for c in claims:
        store_claims(store, item(c), [c])
    assert partition(store) == _link_in_memory(claims)


def test_a_batch_links_like_one_document_at_a_time(store: Store) -> None:
    claims = [c for c, _ in generate(100, seed=3)]
    outcomes = store_batch(store, [(item(c), [c]) for c in claims])
    assert partition(store) == _link_in_memory(claims)  # which the store path matches, one at a time
    assert len(outcomes) == len(claims) and not any(isinstance(o, Exception) for o in outcomes)
    assert sum(bool(o.updated) for o in outcomes if not isinstance(o, Exception)) > 10


def test_a_bad_document_in_a_batch_costs_only_itself(store: Store) -> None:
    a, b = claim("a", "2016-03-10", "Kafr Nabl"), claim("b", "2016-03-11", "Kafranbel")
    clash = RawDocument(Document(id="doc-a", text="Another text under an id already used."), b"y", "t.txt")
    out = store_batch(store, [(item(a), [a]), (clash, []), (item(b), [b])])
    assert isinstance(out[1], InputError) and not isinstance(out[0], Exception) and not isinstance(out[2], Exception)
    assert partition(store) == [["a", "b"]]
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(link_blocks)).scalar_one() == 2
