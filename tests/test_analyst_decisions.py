"""Analyst decisions: merge, split, grade by hand; stored with who and when, in history, never undone by linking."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from civmon import analyst
from civmon.cli import cli
from civmon.errors import InputError, NotFoundError
from civmon.ingest import RawDocument
from civmon.models import Actor, Claim, Count, DateRange, Document, Place, Span
from civmon.pipeline import store_claims
from civmon.store import Store, open_store
from civmon.store import analyst as adb

S = Span(0, 1)


def claim(doc: str, day: str, name: str, *, lat: float, lon: float, killed: int = 5, target: str = "market",
          actor: str | None = "russia", n: int = 1) -> Claim:
    d = date.fromisoformat(day)
    return Claim(doc_id=doc, claim_id=f"{doc}#{n}", kind="incident", extractor="test",
                 date=DateRange(d, d, "event", day, S),
                 place=Place(name=name, country="SY", precision="neighbourhood", span=S, admin1="Aleppo",
                             lat=lat, lon=lon),
                 actor=Actor(actor, actor.title(), "named") if actor else None, target=target,
                 casualties={"civilians_killed": Count(killed, killed, str(killed), S)})


def put(store: Store, doc: str, claims: list[Claim], *, source: str | None = None) -> tuple[str, ...]:
    text = f"A report {doc} written for this test about a strike."
    out = store_claims(store, RawDocument(Document(id=doc, text=text, source=source or f"pub-{doc}"),
                                          text.encode(), f"{doc}.txt"), claims)
    return out.created + out.updated


MARKET = {"name": "Bustan al-Qasr", "lat": 36.190, "lon": 37.140}
BAKERY = {"name": "Sukkari", "lat": 36.120, "lon": 37.200}


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return open_store(str(tmp_path / "a.db"))


def one_strike(store: Store) -> str:
    """Three sources of one market strike: one incident."""
    codes = {c for d in ("a", "b", "c") for c in put(store, d, [claim(d, "2016-03-05", **MARKET)])}  # type: ignore[arg-type]
    assert len(codes) == 1
    return codes.pop()


def test_split_moves_claims_to_a_new_code_with_history_and_a_cannot_link(store: Store) -> None:
    code = one_strike(store)
    out = analyst.split(store, code, ["c#1"], who="rana", reason="c is the strike an hour later")
    [new] = out.created
    assert new != code
    assert {c.claim_id for c in store.incident_record(None, new).incident.claims} == {"c#1"}
    assert {c.claim_id for c in store.incident_record(None, code).incident.claims} == {"a#1", "b#1"}
    with store.engine.connect() as conn:
        assert adb.constraints_for(conn, ["c#1"]) == {("a#1", "c#1"): "cannot", ("b#1", "c#1"): "cannot"}
        [decision] = adb.decisions_for(conn, new)
    assert (decision.action, decision.who, decision.reason) == ("split", "rana", "c is the strike an hour later")
    assert [(h.who, h.action.split(":")[0]) for h in store.history(code)][-1] == ("rana", f"split {new} off")
    assert store.history(new)[0].action.startswith(f"split-from {code}")


def test_split_pair_stays_apart_on_relink_and_new_ingest(store: Store) -> None:
    code = one_strike(store)
    new = analyst.split(store, code, ["c#1"], who="rana").created[0]
    analyst.relink_all(store, who="batch")
    apart = {c.claim_id for c in store.incident_record(None, new).incident.claims}
    assert "c#1" in apart and not apart & {"a#1", "b#1"}
    put(store, "d", [claim("d", "2016-03-05", **MARKET)])  # type: ignore[arg-type]
    together = [{c.claim_id for c in i.claims} for i in store.incidents()]
    assert not any({"a#1", "c#1"} <= s or {"b#1", "c#1"} <= s for s in together)


def test_codes_are_never_reused(store: Store) -> None:
    code = one_strike(store)
    first = analyst.split(store, code, ["c#1"], who="x").created[0]
    analyst.merge(store, [code, first], who="x", reason="one strike after all")
    second = analyst.split(store, code, ["b#1"], who="x").created[0]
    assert len({code, first, second}) == 3


def test_merge_joins_incidents_and_survives_new_documents(store: Store) -> None:
    [m] = put(store, "a", [claim("a", "2016-03-05", **MARKET)])  # type: ignore[arg-type]
    [b] = put(store, "b", [claim("b", "2016-03-05", target="bakery", killed=40, **BAKERY)])  # type: ignore[arg-type]
    assert m != b
    out = analyst.merge(store, [m, b], who="omar", reason="same strike, the bakery is in the market")
    assert out.retired == (b,)
    record = store.incident_record(None, b)
    assert (record.status, record.merged_into) == ("merged", m)
    assert {c.claim_id for c in store.incident_record(None, m).incident.claims} == {"a#1", "b#1"}
    assert store.history(m)[-1].who == "omar" and store.history(b)[-1].action.startswith(f"merged-into {m}")
    put(store, "c", [claim("c", "2016-03-05", **MARKET)])  # type: ignore[arg-type]
    analyst.relink_all(store, who="batch")
    holding = [i for i in store.incidents() if any(c.claim_id == "a#1" for c in i.claims)]
    assert {"a#1", "b#1"} <= {c.claim_id for c in holding[0].claims}


def test_manual_grade_stands_until_cleared(store: Store) -> None:
    [code] = put(store, "a", [claim("a", "2016-03-05", **MARKET)])  # type: ignore[arg-type]
    assert store.incident_record(None, code).incident.grade.grade == "Weak"
    analyst.grade(store, code, "fair", reason="two videos geolocated", who="lina")
    g = store.incident_record(None, code).incident.grade
    assert (g.grade, g.reason, g.by) == ("Fair", "two videos geolocated", "lina")
    put(store, "b", [claim("b", "2016-03-05", actor="syria", **MARKET)])  # type: ignore[arg-type]
    inc = store.incident_record(None, code).incident
    assert len(inc.claims) == 2 and inc.grade.grade == "Fair" and inc.grade.by == "lina"
    analyst.clear_grade(store, code, who="lina", reason="rules again")
    inc = store.incident_record(None, code).incident
    assert (inc.grade.grade, inc.grade.by) == ("Contested", "rules")
    actions = [h.action for h in store.history(code)]
    assert any(a.startswith("grade Fair") for a in actions) and any(a.startswith("grade cleared") for a in actions)


@pytest.mark.parametrize(("call", "error"), [
    (lambda s, c: analyst.merge(s, [c], who="x"), InputError),
    (lambda s, c: analyst.split(s, c, ["nope"], who="x"), NotFoundError),
    (lambda s, c: analyst.split(s, c, ["a#1", "b#1", "c#1"], who="x"), InputError),
    (lambda s, c: analyst.grade(s, c, "Likely", reason="r", who="x"), InputError),
    (lambda s, c: analyst.grade(s, c, "Fair", reason=" ", who="x"), InputError),
    (lambda s, c: analyst.clear_grade(s, c, who="x"), InputError),
])
def test_bad_decisions_are_refused(store: Store, call: object, error: type[Exception]) -> None:
    code = one_strike(store)
    with pytest.raises(error):
        call(store, code)  # type: ignore[operator]


def test_link_links_claims_left_unlinked(store: Store) -> None:
    one_strike(store)
    text = "An older document stored without linking."
    with store.transaction() as conn:
        store.insert_document(conn, Document(id="old", text=text, source="Archive"), raw=None, path=None)
        store.insert_claims(conn, [claim("old", "2016-03-05", **MARKET)])  # type: ignore[arg-type]
    out = analyst.link_unlinked(store, who="x")
    assert out.changed and not out.created
    assert len(store.incident_record(None, out.changed[0]).incident.claims) == 4


def test_cli_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    s = open_store(db)
    code = one_strike(s)
    s.close()
    run = CliRunner().invoke
    r = run(cli, ["--db", db, "split", code, "--claims", "c#1", "--reason", "later strike", "--who", "ana"])
    assert r.exit_code == 0, r.output
    new = r.output.split("created ")[1].split(";")[0]
    r = run(cli, ["--db", db, "grade", new, "Weak", "--reason", "one source", "--who", "ana"])
    assert r.exit_code == 0 and f"changed {new}" in r.output
    r = run(cli, ["--db", db, "grade", new, "--clear", "--who", "ana"])
    assert r.exit_code == 0, r.output
    r = run(cli, ["--db", db, "merge", code, new, "--who", "ana"])
    assert r.exit_code == 0 and f"retired {new}" in r.output
    r = run(cli, ["--db", db, "link", "--all", "--who", "ana"])
    assert r.exit_code == 0, r.output
    r = run(cli, ["--db", db, "grade", code])
    assert r.exit_code != 0
    r = run(cli, ["--db", db, "split", "SY-1999-01-0001", "--claims", "x"])
    assert r.exit_code == 1 and "civmon:" in r.output


@pytest.fixture()
def strict_linker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Re-linking with a linker that joins nothing by itself: only analyst decisions keep claims together."""
    from civmon.link import link_claims as real

    monkeypatch.setattr("civmon.analyst.link_claims", lambda fresh, **kw: real(fresh, **{**kw, "threshold": 1e9}))


def members(store: Store, claim_id: str) -> set[str]:
    """The claims sharing an active incident with this one (empty when it is in none)."""
    for inc in store.incidents():
        ids = {c.claim_id for c in inc.claims}
        if claim_id in ids:
            return ids
    return set()


def test_confirmed_link_holds_through_new_documents_and_relinking(store: Store, strict_linker: None) -> None:
    code = one_strike(store)
    out = analyst.confirm_link(store, "c#1", who="rana", reason="same market, same hour")
    assert (out.code, out.changed) == (code, (code,))
    with store.engine.connect() as conn:
        assert adb.constraints_for(conn, ["c#1"]) == {("a#1", "c#1"): "must", ("b#1", "c#1"): "must"}
        [decision] = adb.decisions_for(conn, code)
    assert (decision.action, decision.who, decision.detail["claim"]) == ("link", "rana", "c#1")
    last = store.history(code)[-1]
    assert (last.who, last.action) == ("rana", "link-confirmed: same market, same hour") and last.at
    put(store, "d", [claim("d", "2016-03-05", **MARKET)])  # type: ignore[arg-type]
    analyst.link_unlinked(store, who="batch")
    analyst.relink_all(store, who="batch")
    assert {"a#1", "c#1"} <= members(store, "c#1") and {"b#1", "c#1"} <= members(store, "c#1")
    assert members(store, "d#1") == {"d#1"}  # the control: the strict linker leaves an unconfirmed claim alone


def test_confirming_a_lone_claim_records_the_decision_without_links(store: Store) -> None:
    [code] = put(store, "a", [claim("a", "2016-03-05", **MARKET)])  # type: ignore[arg-type]
    out = analyst.confirm_link(store, "a#1", who="rana")
    with store.engine.connect() as conn:
        assert adb.constraints_for(conn, ["a#1"]) == {}
        assert [d.action for d in adb.decisions_for(conn, code)] == ["link"]
    assert out.code == code and store.history(code)[-1].action == "link-confirmed"


def test_new_incident_keeps_the_claim_apart_after_relinking(store: Store) -> None:
    code = one_strike(store)
    out = analyst.new_incident(store, ["c#1"], who="rana", reason="a second strike")
    [new] = out.created
    assert members(store, "c#1") == {"c#1"}
    again = analyst.new_incident(store, ["c#1"], who="rana")
    assert (again.code, again.created) == (new, ())
    with store.engine.connect() as conn:
        assert [d.action for d in adb.decisions_for(conn, new)] == ["split", "new-incident"]
    put(store, "d", [claim("d", "2016-03-05", **MARKET)])  # type: ignore[arg-type]
    analyst.relink_all(store, who="batch")
    assert not members(store, "c#1") & {"a#1", "b#1"}
    assert {"a#1", "b#1"} <= members(store, "a#1") and store.incident_record(None, code).status == "active"


def test_rejected_claim_leaves_its_incident_and_is_never_linked_again(store: Store) -> None:
    code = one_strike(store)
    out = analyst.reject_claim(store, "c#1", who="rana", reason="not a strike")
    assert out.changed == (code,)
    assert {c.claim_id for c in store.incident_record(None, code).incident.claims} == {"a#1", "b#1"}
    last = store.history(code)[-1]
    assert last.who == "rana" and last.action.startswith("claim-rejected c#1")
    analyst.link_unlinked(store, who="batch")
    analyst.relink_all(store, who="batch")
    assert members(store, "c#1") == set()
    with store.engine.connect() as conn:
        assert adb.unlinked_claim_ids(conn) == [] and adb.rejected(conn, ["c#1", "a#1"]) == {"c#1"}


def test_rejecting_the_last_claim_retires_the_incident(store: Store) -> None:
    [code] = put(store, "a", [claim("a", "2016-03-05", **MARKET)])  # type: ignore[arg-type]
    assert analyst.reject_claim(store, "a#1", who="rana").retired == (code,)
    assert store.incident_record(None, code).status == "retired"


@pytest.mark.parametrize(("call", "error"), [
    (lambda s: analyst.confirm_link(s, "nope", who="x"), NotFoundError),
    (lambda s: analyst.reject_claim(s, "nope", who="x"), NotFoundError),
    (lambda s: analyst.new_incident(s, [" "], who="x"), InputError),
    (lambda s: analyst.new_incident(s, ["a#1", "nope"], who="x"), NotFoundError),
])
def test_bad_claim_decisions_are_refused(store: Store, call: object, error: type[Exception]) -> None:
    one_strike(store)
    with pytest.raises(error):
        call(store)  # type: ignore[operator]


def test_the_ingest_lookups_find_what_was_stored_and_nothing_else(store: Store) -> None:
    """The lookups the ingest path runs per document (statements built once) answer by their parameters."""
    from civmon.extract.strike_reports import DeclaredStrike

    with store.transaction() as conn:
        adb.save_signature(conn, "d1", b"\x01" * 8, ["k0", "k1", "k2"], duplicate_of=None)
        adb.save_signature(conn, "d2", b"\x02" * 8, ["x0", "k1", "x2"], duplicate_of="d1")
        adb.save_signature(conn, "d3", b"\x03" * 8, ["k1", "x1", "y2"], duplicate_of=None)
        assert adb.band_candidates(conn, ["k0", "zz", "zz"]) == {"d1": b"\x01" * 8}
        assert adb.band_candidates(conn, ["zz", "k1", "x2"]) == {"d1": b"\x01" * 8, "d2": b"\x02" * 8}
        assert adb.band_candidates(conn, ["zz", "zz"]) == {}
        assert adb.duplicate_of(conn, ["d1", "d2", "d3"]) == {"d2": "d1"}
        assert adb.root_of(conn, "d2") == "d1"
        place = Place(name="Atarib", country="SY", precision="town", span=S)
        strike = DeclaredStrike(doc_id="r1", date=DateRange(date(2020, 3, 4), date(2020, 3, 5), "event", "x", S),
                                place=place, strikes=2, actor="russia", words="two strikes near Atarib", span=S)
        adb.insert_strikes(conn, "r1", [strike])
        assert len(adb.strikes_between(conn, country="SY", start=date(2020, 3, 5), end=date(2020, 3, 9))) == 1
        assert adb.strikes_between(conn, country="SY", start=date(2020, 3, 6), end=date(2020, 3, 9)) == []
        assert adb.strikes_between(conn, country="IQ", start=date(2020, 3, 1), end=date(2020, 3, 9)) == []
        assert adb.manual_grade(conn, "SY-2020-03-0001") is None
