"""Near-duplicates: MinHash signatures find reposts of one text; reposts count once when grading."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from civmon.ingest import RawDocument
from civmon.link import near_duplicates as nd
from civmon.models import Actor, Claim, Count, DateRange, Document, Place, Span
from civmon.pipeline import store_claims
from civmon.store import analyst as adb
from civmon.store import open_store

S = Span(0, 1)
STORY = ("Warplanes struck the covered market in the old quarter on Saturday morning while traders were setting "
         "up their stalls, and rescuers said they pulled six bodies from the rubble before noon, including two "
         "boys who sold bread near the entrance; a local council member blamed the strike on jets flying from "
         "the east and said the market had been hit once before in the winter.")
REPOST = "REPOSTED: " + STORY.replace("Saturday", "Saturday,") + " Share this page."
OTHER = ("A drone hit a car on the highway north of the town late on Friday, killing the driver and a passenger, "
         "according to a relative who spoke by phone; the family said the men were farmers returning from the "
         "fields and that nobody had claimed the attack by evening.")


def test_signature_is_deterministic_and_sized() -> None:
    assert nd.signature(STORY) == nd.signature(STORY)
    assert len(nd.signature(STORY)) == nd.PERMUTATIONS
    assert nd.from_bytes(nd.to_bytes(nd.signature(STORY))) == nd.signature(STORY)


def test_repost_is_similar_and_another_story_is_not() -> None:
    a, b, c = nd.signature(STORY), nd.signature(REPOST), nd.signature(OTHER)
    assert nd.similarity(a, b) >= nd.THRESHOLD
    assert nd.similarity(a, c) < 0.2
    assert set(nd.band_keys(a)) & set(nd.band_keys(b))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from("alpha beta gamma delta epsilon zeta eta theta iota kappa".split()),
                min_size=0, max_size=40))
def test_similarity_of_a_text_with_itself_is_one(words: list[str]) -> None:
    sig = nd.signature(" ".join(words))
    assert nd.similarity(sig, sig) == 1.0


def claim(doc: str) -> Claim:
    d = date(2016, 3, 5)
    return Claim(doc_id=doc, claim_id=f"{doc}#1", kind="incident", extractor="t",
                 date=DateRange(d, d, "event", "Saturday", S),
                 place=Place("Old Quarter", "SY", "neighbourhood", S, admin1="Aleppo", lat=36.2, lon=37.16),
                 actor=Actor("russia", "Russia", "named"), target="market",
                 casualties={"civilians_killed": Count(6, 6, "six", S)})


def test_reposts_count_once_when_grading(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "n.db"))
    for doc, text, source in (("orig", STORY, "Local Network"), ("copy", REPOST, "Aggregator Site")):
        store_claims(store, RawDocument(Document(doc, text, source=source), text.encode(), doc), [claim(doc)])
    [inc] = store.incidents()
    assert len(inc.claims) == 2
    assert (inc.grade.grade, inc.grade.reason) == ("Weak", "single source")
    with store.engine.connect() as conn:
        assert adb.duplicate_of(conn, ["orig", "copy"]) == {"copy": "orig"}
        docs = ["orig", "copy", "copy", "not-stored"]
        assert adb.sources(conn, docs) == (store.publishers(conn, docs), adb.duplicate_of(conn, docs)) == (
            {"orig": "Local Network", "copy": "Aggregator Site"}, {"copy": "orig"})  # one read for both
        assert adb.sources(conn, []) == ({}, {})
    store_claims(store, RawDocument(Document("own", OTHER, source="Rights Group"), OTHER.encode(), "own"),
                 [claim("own")])
    [inc] = store.incidents()
    assert inc.grade.grade == "Fair" and inc.grade.reason.startswith("2 independent sources")
