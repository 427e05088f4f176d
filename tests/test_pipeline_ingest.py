"""Pipeline: one transaction per document, dedupe, linking against stored incidents, codes, merges."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import civmon.pipeline as pipeline
from civmon.incidents import build_incident
from civmon.ingest import DocumentDefaults, RawDocument, read_bytes
from civmon.link import Cluster, Link
from civmon.models import Actor, Claim, Count, DateRange, Document, Place, Span
from civmon.store import Store, open_store

_SENTENCE = re.compile(r"[^.]+\.")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_COUNTRY = re.compile(r"\bin ([A-Z]{2})\b")
_KILLED = re.compile(r"(\d+) civilians")


def fake_extract(doc: Document, *, vague_policy: str = "conservative") -> list[Claim]:
    """A tiny stand-in extractor: one claim per sentence with 'hit' (incident) or 'this month' (aggregate)."""
    out: list[Claim] = []
    for m in _SENTENCE.finditer(doc.text):
        s, base = m.group(0), m.start()
        kind = "aggregate" if "this month" in s else "incident" if " hit " in s else None
        if kind is None:
            continue
        d, c, k = _DAY.search(s), _COUNTRY.search(s), _KILLED.search(s)
        day = date.fromisoformat(d.group(0)) if d else None
        place = Place(name="Somewhere", country=c.group(1), precision="town",
                      span=Span(base + c.start(1), base + c.end(1))) if c else None
        casualties = {"civilians_killed": Count(int(k.group(1)), int(k.group(1)), k.group(0),
                                                Span(base + k.start(), base + k.end()))} if k else {}
        out.append(Claim(
            doc_id=doc.id, claim_id=f"{doc.id}#{len(out) + 1}", kind=kind, extractor="fake",  # type: ignore[arg-type]
            date=DateRange(day, day, "event", d.group(0), Span(base + d.start(), base + d.end())) if d and day else None,
            place=place if kind == "incident" else None, places=(place,) if place and kind == "aggregate" else (),
            actor=Actor(id="test-air-force", name="Test Air Force", basis="named") if "jets" in s else None,
            casualties=casualties))
    return out


def doc(doc_id: str, text: str, *, source: str = "Wire") -> RawDocument:
    return RawDocument(Document(id=doc_id, text=text, source=source, language="en"), text.encode(), f"{doc_id}.txt")


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setattr(pipeline, "extract", fake_extract)
    return open_store(str(tmp_path / "p.db"))


def test_new_document_makes_an_incident_with_history(store: Store) -> None:
    s = pipeline.ingest(store, [doc("a", "On 2017-03-06 jets hit a bakery in SY and 7 civilians died.")])
    assert (s.read, s.new, s.duplicates, s.errors, s.claims, s.created) == (1, 1, 0, 0, 1, ("SY-2017-03-0001",))
    [inc] = store.incidents()
    assert inc.code == "SY-2017-03-0001"
    assert [c.claim_id for c in inc.claims] == ["a#1"]
    assert [h.action for h in store.history(inc.code)] == ["created"]


def test_same_text_twice_is_a_no_op_and_not_re_extracted(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "On 2017-03-06 jets hit a bakery in SY and 7 civilians died."
    pipeline.ingest(store, [doc("a", text)])
    calls: list[str] = []

    def counting(d: Document, **_: Any) -> list[Claim]:
        calls.append(d.id)
        return []

    monkeypatch.setattr(pipeline, "extract", counting)
    s = pipeline.ingest(store, [doc("other-id", text), doc("a", text)])
    assert (s.read, s.new, s.duplicates, s.claims) == (2, 0, 2, 0)
    assert calls == []
    assert store.claim_counts() == {"documents": 1, "claims": 1, "incidents": 1}


def test_aggregates_are_stored_but_never_incidents(store: Store) -> None:
    s = pipeline.ingest(store, [doc("m", "Monitors counted 140 civilians killed in SY this month, 2017-03-31.")])
    assert (s.claims, s.incidents) == (1, 0)
    assert store.claim_counts() == {"documents": 1, "claims": 1, "incidents": 0}


def test_linking_sees_only_nearby_incidents_and_joins_one(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline.ingest(store, [
        doc("a", "On 2017-03-06 jets hit a bakery in SY and 7 civilians died."),
        doc("far", "On 2017-05-20 jets hit a mill in SY and 2 civilians died."),
        doc("iq", "On 2017-03-06 jets hit a depot in IQ and 4 civilians died."),
    ])
    seen: list[list[str]] = []

    def join(new: Sequence[Claim], *, existing: Mapping[str, Sequence[Claim]], **_: Any) -> list[Cluster]:
        seen.append(sorted(existing))
        target = next(iter(existing))
        return [Cluster(code=target, claim_ids=tuple(c.claim_id for c in new),
                        links=(Link(existing[target][0].claim_id, new[0].claim_id, 0.9, ("same place", "1 day")),))]

    monkeypatch.setattr(pipeline, "link_claims", join)
    s = pipeline.ingest(store, [doc("b", "On 2017-03-07 jets hit a bakery in SY and 9 civilians died.", source="NGO")])
    assert seen == [["SY-2017-03-0001"]]
    assert (s.created, s.updated) == ((), ("SY-2017-03-0001",))
    rec = store.incident_record(None, "SY-2017-03-0001")
    assert [c.claim_id for c in rec.incident.claims] == ["a#1", "b#1"]
    assert [h.action for h in store.history("SY-2017-03-0001")] == ["created", "claims-added"]
    assert store.links_for(["b#1"]) == [Link("a#1", "b#1", 0.9, ("same place", "1 day"))]


def test_a_failure_mid_document_leaves_nothing_behind(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    real = build_incident

    def fragile(code: str, claims: Sequence[Claim], **kw: Any) -> Any:
        if any(c.doc_id == "bad" for c in claims):
            raise ValueError("figures do not add up")
        return real(code, claims, **kw)

    monkeypatch.setattr(pipeline, "build_incident", fragile)
    s = pipeline.ingest(store, [doc("bad", "On 2017-03-06 jets hit a school in SY and 3 civilians died."),
                                doc("good", "On 2017-03-09 jets hit a clinic in SY and 2 civilians died.")])
    assert (s.read, s.new, s.errors) == (2, 1, 1)
    assert s.problems[0].startswith("bad.txt: could not be stored (ValueError: figures do not add up); "
                                    "nothing of it was kept")
    assert store.claim_counts() == {"documents": 1, "claims": 1, "incidents": 1}
    with pytest.raises(Exception, match="no document"):
        store.document("bad")
    # the failed document's code allocation was rolled back with it
    assert [i.code for i in store.incidents()] == ["SY-2017-03-0001"]


def test_merges_retire_codes_that_are_never_reused(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline.ingest(store, [doc("a", "On 2017-03-06 jets hit a bakery in SY and 7 civilians died."),
                            doc("b", "On 2017-03-09 jets hit a bakery in SY and 9 civilians died.")])
    assert [i.code for i in store.incidents()] == ["SY-2017-03-0001", "SY-2017-03-0002"]

    def merge(new: Sequence[Claim], *, existing: Mapping[str, Sequence[Claim]], **_: Any) -> list[Cluster]:
        ids = tuple(c.claim_id for cs in existing.values() for c in cs) + tuple(c.claim_id for c in new)
        return [Cluster(code="SY-2017-03-0001", claim_ids=ids)]

    monkeypatch.setattr(pipeline, "link_claims", merge)
    pipeline.ingest(store, [doc("c", "On 2017-03-06 jets hit a bakery in SY and 8 civilians died.")])
    assert [i.code for i in store.incidents()] == ["SY-2017-03-0001"]
    gone = store.incident_record(None, "SY-2017-03-0002")
    assert (gone.status, gone.merged_into) == ("merged", "SY-2017-03-0001")
    assert [h.action for h in store.history("SY-2017-03-0002")][-1] == "merged-into SY-2017-03-0001"
    monkeypatch.setattr(pipeline, "link_claims", lambda new, *, existing, **_: [Cluster(None, (new[0].claim_id,))])
    s = pipeline.ingest(store, [doc("d", "On 2017-03-25 jets hit a farm in SY and 1 civilians died.")])
    assert s.created == ("SY-2017-03-0003",)


@pytest.mark.parametrize(("text", "code"), [
    ("Jets hit a house in SY and 2 civilians died.", "SY-0000-00-0001"),
    ("On 2019-11-02 jets hit a house and 2 civilians died.", "XX-2019-11-0001"),
])
def test_unknown_country_or_month_get_placeholders(store: Store, text: str, code: str) -> None:
    assert pipeline.ingest(store, [doc("u", text)]).created == (code,)


def test_same_id_with_new_text_is_an_error(store: Store) -> None:
    pipeline.ingest(store, [doc("a", "On 2017-03-06 jets hit a bakery in SY and 7 civilians died.")])
    s = pipeline.ingest(store, [doc("a", "A corrected version of the bakery story.")])
    assert s.problems == ("a.txt: document id 'a' is already stored with a different text; give this version its "
                          "own id (or leave the id out to use the content hash)",)


def test_unsupported_language_is_stored_without_claims(store: Store) -> None:
    item = RawDocument(Document(id="fr", text="Des avions ont frappé un marché.", language="fr"), b"x", "fr.txt")
    s = pipeline.ingest(store, [item])
    assert (s.new, s.claims, s.errors) == (1, 0, 0)
    assert s.notes and "no extractor for language 'fr'" in s.notes[0]


def test_read_problems_are_counted(store: Store) -> None:
    results = read_bytes(b'{"id": "x", "text": "On 2017-03-06 jets hit a bakery in SY."}\n{oops}\n',
                         path="in.jsonl", suffix=".jsonl", defaults=DocumentDefaults())
    s = pipeline.ingest(store, results)
    assert (s.read, s.new, s.errors) == (1, 1, 1)
    assert s.problems[0].startswith("in.jsonl line 2: not valid JSON")
