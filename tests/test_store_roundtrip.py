"""Store: migrations, WAL, round trips, transactions, dedupe and code allocation."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from civmon.errors import NotFoundError
from civmon.link import Link
from civmon.models import Actor, Claim, Count, DateRange, Document, Grade, Incident, Place, Response, Span
from civmon.store import MIGRATIONS, Migration, Store, applied, apply_pending, open_store
from civmon.store.schema import claims, documents, schema_migrations

TEXT = "Jets struck a bakery in Kafr Nabl on Monday, killing at least 7 civilians, medics said."


def make_claim(doc_id: str, n: int = 1, *, country: str = "SY", day: date | None = date(2017, 3, 6),
               killed: tuple[int | None, int | None] = (7, None), kind: str = "incident") -> Claim:
    """A claim built directly from the model (no extractor)."""
    return Claim(
        doc_id=doc_id, claim_id=f"{doc_id}#{n}", kind=kind, extractor="test",  # type: ignore[arg-type]
        date=None if day is None else DateRange(day, day, "event", "on Monday", Span(42, 51)),
        place=Place(name="Kafr Nabl", country=country, precision="town", span=Span(24, 33)),
        actor=Actor(id="test-air-force", name="Test Air Force", basis="named", span=Span(0, 4)),
        weapon="airstrike", target="bakery",
        casualties={"civilians_killed": Count(killed[0], killed[1], "at least 7 civilians", Span(53, 74))},
        responses=(Response(by="ministry", stance="denied", span=Span(0, 4)),),
    )


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return open_store(str(tmp_path / "t.db"))


def test_open_twice_applies_each_migration_once(tmp_path: Path) -> None:
    db = str(tmp_path / "twice.db")
    open_store(db).close()
    s = open_store(db)
    assert applied(s.engine) == [m.name for m in MIGRATIONS]
    with s.engine.connect() as c:
        assert c.execute(select(func.count()).select_from(schema_migrations)).scalar_one() == len(MIGRATIONS)
    assert apply_pending(s.engine) == []


def test_a_new_migration_runs_once_in_order(tmp_path: Path) -> None:
    s = open_store(str(tmp_path / "m.db"))
    calls: list[str] = []
    extra = (*MIGRATIONS, Migration("0099_test", lambda conn: calls.append("ran")))
    assert apply_pending(s.engine, migrations=extra) == ["0099_test"]
    assert apply_pending(s.engine, migrations=extra) == []
    assert calls == ["ran"]
    assert applied(s.engine)[-1] == "0099_test"


def test_sqlite_store_uses_wal(store: Store) -> None:
    with store.engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_url_target_is_used_as_is(tmp_path: Path) -> None:
    s = open_store(f"sqlite:///{tmp_path / 'url.db'}")
    assert (tmp_path / "url.db").exists()
    assert s.claim_counts() == {"documents": 0, "claims": 0, "incidents": 0}


def test_document_and_claims_round_trip(store: Store) -> None:
    doc = Document(id="d1", text=TEXT, published=date(2017, 3, 7), language="en", source="Wire", url="http://x")
    claim = make_claim("d1")
    with store.transaction() as conn:
        store.insert_document(conn, doc, raw=TEXT.encode(), path="a.txt")
        store.insert_claims(conn, [claim])
    got = store.document("d1")
    assert got.document == doc
    assert got.path == "a.txt"
    assert store.raw_bytes("d1") == TEXT.encode()
    with store.engine.connect() as c:
        back = store.claims_by_id(c, ["d1#1"])
        row = c.execute(select(claims.c.country, claims.c.earliest, claims.c.actor)).one()
    assert back == {"d1#1": (claim, None)}
    assert tuple(row) == ("SY", "2017-03-06", "test-air-force")


def test_incident_round_trip_and_filters(store: Store) -> None:
    claim = make_claim("d1")
    with store.transaction() as conn:
        store.insert_document(conn, Document(id="d1", text=TEXT), raw=None, path=None)
        store.insert_claims(conn, [claim])
        code = store.allocate_code(conn, country="SY", month="2017-03")
        inc = Incident(code=code, claims=(claim,), country="SY", earliest=date(2017, 3, 6), latest=date(2017, 3, 6),
                       place=claim.place, belligerents=("test-air-force",), figures=dict(claim.casualties),
                       grade=Grade("Weak", "one source"))
        store.assign_claims(conn, [claim.claim_id], code)
        store.save_incident(conn, inc)
        store.save_links(conn, [Link("d1#1", "d0#1", 0.75, ("same day",))], code=code)
        store.add_history(conn, code, who="test", action="created", before=None, after={"claims": ["d1#1"]})
    assert store.incidents() == [inc]
    assert store.incidents(month="2017-03", country="sy", belligerent="test-air-force") == [inc]
    assert store.incidents(month="2017-04") == []
    assert store.incidents(belligerent="someone-else") == []
    assert store.incidents(start=date(2017, 3, 7)) == []
    assert store.incident_record(None, code).status == "active"
    assert store.links_for(["d1#1"]) == [Link("d0#1", "d1#1", 0.75, ("same day",))]
    assert [h.action for h in store.history(code)] == ["created"]


def test_unknown_incident_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="civmon incidents"):
        store.incident_record(None, "SY-2017-03-0999")


def test_failed_transaction_leaves_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as conn:
        store.insert_document(conn, Document(id="d1", text=TEXT), raw=None, path=None)
        store.insert_claims(conn, [make_claim("d1")])
        raise RuntimeError("boom")
    assert store.claim_counts() == {"documents": 0, "claims": 0, "incidents": 0}


def test_content_hash_is_unique(store: Store) -> None:
    with store.transaction() as conn:
        store.insert_document(conn, Document(id="a", text=TEXT), raw=None, path=None)
    with pytest.raises(Exception, match="UNIQUE"), store.transaction() as conn:
        store.insert_document(conn, Document(id="b", text=TEXT), raw=None, path=None)
    with store.engine.connect() as c:
        assert c.execute(select(func.count()).select_from(documents)).scalar_one() == 1


@pytest.mark.parametrize(("country", "month", "expected"), [
    ("SY", "2017-03", ["SY-2017-03-0001", "SY-2017-03-0002", "SY-2017-03-0003"]),
    ("XX", "0000-00", ["XX-0000-00-0001", "XX-0000-00-0002", "XX-0000-00-0003"]),
])
def test_codes_count_up_per_country_and_month(store: Store, country: str, month: str, expected: list[str]) -> None:
    with store.transaction() as conn:
        got = [store.allocate_code(conn, country=country, month=month) for _ in range(3)]
        other = store.allocate_code(conn, country="IQ", month=month)
    assert got == expected
    assert other.endswith("-0001")


def test_codes_are_never_reused_after_a_merge(store: Store) -> None:
    with store.transaction() as conn:
        a = store.allocate_code(conn, country="SY", month="2017-03")
        b = store.allocate_code(conn, country="SY", month="2017-03")
        store.mark_merged(conn, b, into=a)
    with store.transaction() as conn:
        c = store.allocate_code(conn, country="SY", month="2017-03")
    assert len({a, b, c}) == 3
    assert c == "SY-2017-03-0003"


def test_settings_round_trip(store: Store) -> None:
    assert store.get_setting("x") is None
    store.set_setting("x", "1")
    store.set_setting("x", "2")
    assert store.get_setting("x") == "2"


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["SY", "IQ", "XX"]), st.sampled_from(["2017-03", "0000-00"])),
                max_size=15))
def test_allocated_codes_are_unique_and_dense(keys: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as d:
        s = open_store(str(Path(d) / "h.db"))
        with s.transaction() as conn:
            codes = [s.allocate_code(conn, country=c, month=m) for c, m in keys]
        s.close()
    assert len(set(codes)) == len(codes)
    for c, m in set(keys):
        mine = [code for code in codes if code.startswith(f"{c}-{m}-")]
        assert sorted(int(x[-4:]) for x in mine) == list(range(1, len(mine) + 1))
