"""Strike reports: declared strikes are read, stored apart, and make matching incidents `declared` (and Fair)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from civmon.extract.strike_reports import DeclaredStrike, find_declared_strikes
from civmon.incidents import declared_match
from civmon.ingest import RawDocument
from civmon.models import Actor, Claim, Count, DateRange, Document, Place, Span
from civmon.pipeline import store_claims, store_document
from civmon.store import Store, open_store

S = Span(0, 1)
PUBLISHED = date(2016, 3, 6)


def strikes(text: str, *, source: str | None = None) -> list[tuple[str, int | None, str | None, str]]:
    found = find_declared_strikes(Document("r", text, published=PUBLISHED, source=source, kind="strike-report"))
    return [(s.place.name if s.place else "", s.strikes, s.actor, str(s.date.earliest)) for s in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("Russian Aerospace Forces flew sorties on 5 March 2016. Near Aleppo, 14 strikes hit fortified positions.",
     [("Aleppo", 14, "russia", "2016-03-05")]),
    ("Coalition forces conducted two strikes near Manbij on 4 March 2016, destroying a vehicle.",
     [("Manbij", 2, "us-led-coalition", "2016-03-04")]),
    ("Summary for 3 March 2016. Near Aleppo, one strike hit a depot. Near Manbij, 3 air strikes hit a bridge.",
     [("Aleppo", 1, None, "2016-03-03"), ("Manbij", 3, None, "2016-03-03")]),
    ("No strikes were carried out near Aleppo.", []),
    ("Aircraft returned to base without incident.", []),
])
def test_find_declared_strikes(text: str, expected: list[tuple[str, int | None, str | None, str]]) -> None:
    assert strikes(text) == expected


def test_publisher_is_the_declarer_when_the_text_names_none() -> None:
    assert strikes("Near Aleppo, 5 strikes hit a depot.", source="Russian Defence Ministry")[0][2] == "russia"


def test_undated_release_is_dated_the_day_before_publication_or_that_day() -> None:
    [s] = find_declared_strikes(Document("r", "Near Aleppo, 5 strikes hit a depot.", published=PUBLISHED))
    assert (s.date.earliest, s.date.latest) == (date(2016, 3, 5), PUBLISHED)


def strike(day: str, *, actor: str | None = "us-led-coalition", lat: float = 36.2, lon: float = 37.15,
           admin1: str = "Aleppo") -> DeclaredStrike:
    d = date.fromisoformat(day)
    return DeclaredStrike("r", DateRange(d, d, "event", day, S),
                          Place("Aleppo", "SY", "city", S, admin1=admin1, lat=lat, lon=lon), 3, actor, "", S)


AT = Place("Bustan al-Qasr", "SY", "neighbourhood", S, admin1="Aleppo", lat=36.19, lon=37.14)


@pytest.mark.parametrize(("s", "belligerents", "matches"), [
    (strike("2016-03-05"), ("united-states",), True),  # the coalition is the US's parent
    (strike("2016-03-06"), ("united-states",), True),  # a day apart
    (strike("2016-03-07"), ("united-states",), False),  # two days apart
    (strike("2016-03-05", actor="russia"), ("united-states",), False),
    (strike("2016-03-05", actor="russia"), (), True),  # no belligerent named: any declarer fits
    (strike("2016-03-05", actor=None), ("russia",), True),
    (strike("2016-03-05", lat=36.40, lon=37.30, admin1="Aleppo"), ("russia",), False),
    (strike("2016-03-05", lat=36.40, lon=37.30, admin1="Aleppo", actor=None), (), True),  # same governorate
    (strike("2016-03-05", lat=35.93, lon=36.63, admin1="Idlib", actor=None), (), False),  # ~50 km, elsewhere
])
def test_declared_match(s: DeclaredStrike, belligerents: tuple[str, ...], matches: bool) -> None:
    found = declared_match([s], earliest=date(2016, 3, 5), latest=date(2016, 3, 5), place=AT,
                           belligerents=belligerents)
    assert (found is not None) == matches


def claim(doc: str, *, actor: str | None = None) -> Claim:
    d = date(2016, 3, 5)
    return Claim(doc_id=doc, claim_id=f"{doc}#1", kind="incident", extractor="t",
                 date=DateRange(d, d, "event", "5 March", S), place=AT,
                 actor=Actor(actor, actor, "named") if actor else None,
                 casualties={"civilians_killed": Count(6, 6, "six", S)})


def put(store: Store, doc: str, claims: list[Claim]) -> None:
    text = f"Report {doc} in the test's own words."
    store_claims(store, RawDocument(Document(id=doc, text=text, source=f"pub-{doc}"), text.encode(), doc), claims)


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return open_store(str(tmp_path / "s.db"))


def test_strike_report_makes_the_incident_declared_and_fair(store: Store) -> None:
    put(store, "a", [claim("a")])
    put(store, "b", [claim("b")])
    [inc] = store.incidents()
    assert (inc.strike_status, inc.grade.grade) == ("alleged", "Weak")
    text = "Statement of 5 March 2016: near Aleppo, 9 strikes engaged positions."
    out = store_document(store, RawDocument(Document("release", text, published=PUBLISHED, source="Ministry",
                                                     kind="strike-report"), text.encode(), "release.txt"))
    assert out.claims == 0 and out.updated == (inc.code,)
    [inc] = store.incidents()
    assert (inc.strike_status, inc.grade.grade) == ("declared", "Fair")
    assert "declared strike" in inc.grade.reason
    assert store.history(inc.code)[-1].action == "strike-declared"
    put(store, "c", [claim("c")])  # a later source keeps the declared status
    [inc] = store.incidents()
    assert inc.strike_status == "declared" and len(inc.claims) == 3


def test_strike_by_another_belligerent_leaves_it_alleged(store: Store) -> None:
    put(store, "a", [claim("a", actor="united-states")])
    text = "Russian Aerospace Forces, 5 March 2016: near Aleppo, 9 strikes engaged positions."
    store_document(store, RawDocument(Document("release", text, published=PUBLISHED, kind="strike-report"),
                                      text.encode(), "release.txt"))
    [inc] = store.incidents()
    assert inc.strike_status == "alleged"
