"""Personal names of the injured and of minors are masked on public pages unless published deliberately."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from civmon.ingest import RawDocument
from civmon.models import Document
from civmon.pipeline import store_document
from civmon.store import open_store
from civmon.web.app import WebConfig, create_app
from civmon.web.privacy import MASK, mask_names
from civmon.web.publishing import publish


@pytest.mark.parametrize(("text", "hidden", "kept"), [
    ("Ahmad al-Hassan, 12, was hurt when the roof fell.", "Ahmad al-Hassan", "roof"),
    ("Sara Ali (7) died in the strike.", "Sara Ali", "strike"),
    ("A 9-year-old girl Lina Haddad was pulled out alive.", "Lina Haddad", "pulled"),
    ("Omar Khaled was seriously wounded in Raqqa.", "Omar Khaled", "Raqqa"),
    ("Doctors treated injured boy Sami Nour overnight.", "Sami Nour", "Doctors"),
    ("Yusuf Amin, a 15-year-old, lost a leg.", "Yusuf Amin", "leg"),
])
def test_names_of_injured_and_minors_are_masked(text: str, hidden: str, kept: str) -> None:
    out = mask_names(text)
    assert hidden not in out and kept in out and MASK in out and len(out) == len(text)


@pytest.mark.parametrize("text", [
    "The strike hit Raqqa on Monday; 12 were killed.",
    "Killed in Raqqa, 12 civilians died.",
    "The US-led Coalition said it struck Mosul on 17 March 2017.",
    "Dr Hassan Kamal, the hospital director, said 40 were brought in.",
])
def test_other_names_and_places_are_kept(text: str) -> None:
    assert mask_names(text) == text


@given(st.text(max_size=300))
def test_masking_keeps_every_offset(text: str) -> None:
    out = mask_names(text)
    assert len(out) == len(text)
    assert all(a == b or b == MASK for a, b in zip(text, out, strict=True))


def test_public_page_hides_names_unless_published_deliberately(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "n.db"))
    text = ("Witnesses said an airstrike hit Idlib, Syria on 2 April 2017 and killed 7 civilians. "
            "Omar Khaled, 12, was injured.")
    doc = Document(id="names-1", text=text, published=date(2017, 4, 3), source="Idlib Watch", language="en")
    code = store_document(store, RawDocument(document=doc, raw=text.encode(), path="<t>")).created[0]
    client = TestClient(create_app(store, config=WebConfig(tile_url="")))
    publish(store, [code], who="t")
    for path in (f"/incidents/{code}", f"/api/incidents/{code}", "/api/documents/names-1", "/sources/names-1"):
        assert "Omar Khaled" not in client.get(path).text, path
    assert "7 civilians" in client.get(f"/incidents/{code}").text
    publish(store, [code], who="t", names=True)
    assert "Omar Khaled" in client.get(f"/incidents/{code}").text
    assert "Omar Khaled" in client.get("/api/documents/names-1").text
    assert "Omar Khaled" in client.get("/sources/names-1").text
    store.close()
