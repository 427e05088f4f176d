"""`civmon report --html` / `--charts`: a self-contained report that escapes every source value."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from civmon.cli import cli
from civmon.models import Actor, Claim, Count, DateRange, Document, Grade, Incident, Place, Span
from civmon.render.html import safe_url
from civmon.store import open_store

S = Span(0, 1)
EVIL = "<script>alert('x')</script>"


def claim(doc: str, day: date) -> Claim:
    return Claim(doc_id=doc, claim_id=f"{doc}#0", kind="incident", extractor="test",
                 date=DateRange(day, day, "event", "", S), actor=Actor("russia", "Russia", "named"),
                 casualties={"civilians_killed": Count(12, 15, "twelve", S)})


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "s.db")
    store = open_store(path)
    rows: list[tuple[str, date, str | None, str]] = [
        ("d1", date(2017, 3, 4), "https://example.org/a?x=1&y=2", EVIL),
        ("d2", date(2017, 2, 10), "javascript:alert(1)", "Wire & Co"),
    ]
    with store.transaction() as conn:
        for n, (doc, day, url, source) in enumerate(rows):
            store.insert_document(conn, Document(id=doc, text=f"text {doc}", url=url, source=source), raw=None,
                                  path=None)
            c = claim(doc, day)
            store.insert_claims(conn, [c])
            g: Any = "Fair"
            place = Place(name=f"Town {EVIL}", country="SY", precision="town", span=S, admin1="Idlib")
            store.save_incident(conn, Incident(code=f"SY-{n}", claims=(c,), country="SY", earliest=day, latest=day,
                                               place=place, belligerents=("russia",),
                                               figures={"civilians_killed": Count(12 - n, 15, "w", S)},
                                               grade=Grade(g, f"reason {EVIL}")))
            store.assign_claims(conn, [c.claim_id], f"SY-{n}")
    store.close()
    return path


def test_html_report_escapes_source_values_and_links_sources(db: str, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = CliRunner().invoke(cli, ["--db", db, "report", "--month", "2017-03", "--html", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html
    assert 'href="https://example.org/a?x=1&amp;y=2"' in html
    assert "<svg" in html and "SY-0" in html
    assert "counts in each one&#x27;s series and once in totals" in html
    assert "javascript:" not in html


def test_html_report_of_a_range_holds_both_incidents_and_no_unsafe_link(db: str, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = CliRunner().invoke(cli, ["--db", db, "report", "--from", "2017-01-01", "--to", "2017-03-31",
                                      "--html", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "SY-0" in html and "SY-1" in html and "Wire &amp; Co" in html
    assert 'href="javascript' not in html


def test_charts_folder_has_png_svg_and_vega_lite(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "charts"
    result = CliRunner().invoke(cli, ["--db", db, "report", "--month", "2017-03", "--charts", str(folder)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["belligerents_compared.png", "belligerents_compared.svg", "belligerents_compared.vl.json",
                     "monthly_by_grade.png", "monthly_by_grade.svg", "monthly_by_grade.vl.json"]
    assert (folder / "monthly_by_grade.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    spec = json.loads((folder / "monthly_by_grade.vl.json").read_text())
    months = [v["period"] for v in spec["data"]["values"] if v["grade"] == "Fair"]
    assert months[0] == "2016-04" and months[-1] == "2017-03" and len(months) == 12
    march = [v for v in spec["data"]["values"] if v["period"] == "2017-03"]
    assert {v["grade"]: v["civilians_killed_min"] for v in march}["Fair"] == 12


@pytest.mark.parametrize(("url", "kept"), [
    ("https://a.example/x", True), ("http://a.example", True), ("javascript:alert(1)", False),
    ("data:text/html,hi", False), ("/relative", False), (None, False), ("  JavaScript:x", False),
])
def test_safe_url(url: str | None, kept: bool) -> None:
    assert (safe_url(url) is not None) == kept
