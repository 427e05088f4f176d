"""Ingest readers: every format, front matter, defaults, HTML boilerplate removal and every error path."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from civmon.contract import content_hash
from civmon.ingest import DocumentDefaults, RawDocument, ReadProblem, files_under, read_paths, read_stdin

BODY = "Two shells landed near the water station in Deir Hafer on Sunday; a guard and his son were hurt."

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Shells hit water station</title>
<meta property="og:site_name" content="Plains Gazette">
<meta property="article:published_time" content="2018-02-11T09:30:00Z">
</head><body>
<nav><ul><li><a href="/">Front page</a></li><li><a href="/region">Region</a></li><li><a href="/weather">Weather</a></li></ul></nav>
<div id="cookie-consent" class="cookie-banner"><p>This site stores small files on your device. Accept cookies to continue.</p>
<button>Accept all</button></div>
<main><article><h1>Shells hit water station</h1>
<p>Two artillery shells struck the pumping station that serves the eastern villages of Deir Hafer late on Sunday,
according to the engineer who runs it, cutting water to several thousand homes.</p>
<p>The engineer said a night guard and his teenage son were wounded by flying glass and were driven to a clinic
in the next town, where both were treated and sent home before dawn.</p>
<p>Repair crews could not reach the site on Monday because of continued firing along the road, he added.</p>
</article></main>
<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a> <a href="#">Send by email</a></div>
<aside class="related"><h2>Related headlines</h2><ul>
<li><a href="/x1">Farmers protest grain prices</a></li><li><a href="/x2">Local team wins cup final</a></li>
<li><a href="/x3">New bridge opens to traffic</a></li></ul></aside>
<footer><p>All rights reserved. Plains Gazette.</p></footer>
</body></html>
"""


def only_doc(results: list[RawDocument | ReadProblem]) -> RawDocument:
    assert len(results) == 1, results
    r = results[0]
    assert isinstance(r, RawDocument), r
    return r


def test_text_with_front_matter(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(f"---\nid: gz-17\npublished: 2018-02-12\nsource: Plains Gazette\nurl: http://gz/17\n"
                 f"language: en\nkind: strike-report\n---\n{BODY}\n", encoding="utf-8")
    r = only_doc(read_paths([str(p)]))
    d = r.document
    assert (d.id, d.text, d.published, d.source, d.url, d.language, d.kind) == (
        "gz-17", BODY, date(2018, 2, 12), "Plains Gazette", "http://gz/17", "en", "strike-report")
    assert r.raw == p.read_bytes()
    assert r.path == str(p)


def test_markdown_without_front_matter_uses_content_hash(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text(BODY + "\n", encoding="utf-8")
    d = only_doc(read_paths([str(p)])).document
    assert d.id == content_hash(BODY)
    assert d.text == BODY


@pytest.mark.parametrize(("front", "defaults", "expected"), [
    ("", DocumentDefaults(published=date(2018, 1, 1), source="Cli", language="en", kind="strike-report"),
     (date(2018, 1, 1), "Cli", "en", "strike-report")),
    ("---\npublished: 2018-02-12\nsource: Own\n---\n", DocumentDefaults(published=date(2018, 1, 1), source="Cli"),
     (date(2018, 2, 12), "Own", None, "report")),
])
def test_defaults_fill_gaps_only(tmp_path: Path, front: str, defaults: DocumentDefaults,
                                 expected: tuple[object, ...]) -> None:
    p = tmp_path / "a.txt"
    p.write_text(front + BODY, encoding="utf-8")
    d = only_doc(read_paths([str(p)], defaults=defaults)).document
    assert (d.published, d.source, d.language, d.kind) == expected


def test_crlf_and_bom_are_normalised(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbf---\r\nid: w1\r\n---\r\nline one\r\nline two\r\n")
    d = only_doc(read_paths([str(p)])).document
    assert (d.id, d.text) == ("w1", "line one\nline two")


def test_html_keeps_the_article_and_drops_boilerplate(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text(HTML_PAGE, encoding="utf-8")
    d = only_doc(read_paths([str(p)])).document
    assert "pumping station that serves the eastern villages" in d.text
    assert "teenage son were wounded" in d.text
    for junk in ("Front page", "Accept cookies", "Share on Facebook", "Farmers protest", "All rights reserved"):
        assert junk not in d.text
    assert d.text.startswith("Shells hit water station")
    assert d.published == date(2018, 2, 11)
    assert d.source == "Plains Gazette"


def test_html_without_an_article_is_a_problem(tmp_path: Path) -> None:
    p = tmp_path / "index.htm"
    p.write_text("<html><head><script>var app = 1;</script></head><body><div id='root'></div></body></html>",
                 encoding="utf-8")
    assert [str(r) for r in read_paths([str(p)])] == [
        f"{p}: no article text found in the page; save the article page itself, or paste its text into a .txt file"]


def test_jsonl_reads_good_lines_and_reports_bad_ones(tmp_path: Path) -> None:
    p = tmp_path / "docs.jsonl"
    good = {"id": "j1", "text": BODY, "published": "2018-02-12", "language": "en", "source": "Wire", "url": "u"}
    p.write_text("\n".join([
        json.dumps(good),
        '{"id": "j2", "text": "Smoke rose over the port after a drone hit a fuel depot." "source": "x"}',
        "",
        json.dumps({"text": "A second short report about a shelled clinic."}),
        '["not", "an", "object"]',
        json.dumps({"id": "j5"}),
        json.dumps({"id": "j6", "text": "   "}),
        json.dumps({"id": "j7", "text": "A dated report.", "published": "12 Feb"}),
    ]) + "\n", encoding="utf-8")
    results = read_paths([str(p)])
    docs = [r for r in results if isinstance(r, RawDocument)]
    problems = [str(r) for r in results if isinstance(r, ReadProblem)]
    assert [d.document.id for d in docs] == ["j1", content_hash("A second short report about a shelled clinic.")]
    assert docs[0].line == 1 and docs[0].raw == json.dumps(good).encode()
    assert docs[0].document.published == date(2018, 2, 12)
    assert problems == [
        f"{p} line 2: not valid JSON (Expecting ',' delimiter: column 81); fix the line or remove it",
        f"{p} line 5: a document must be a JSON object, not list; fix the line or remove it",
        f"{p} line 6: a document needs a 'text' string; fix the line or remove it",
        f"{p} line 7: empty 'text'; fix the line or remove it",
        f"{p} line 8: 'published' '12 Feb' is not a YYYY-MM-DD date; fix the line or remove it",
    ]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text; convert it to .txt, .html or "
                                                         ".jsonl, or remove it"),
    ("latin.txt", b"first line\ncaf\xe9 bombed\n", "line 2: not UTF-8 (byte 0xe9 at offset 14); re-save the file "
                                                   "as UTF-8"),
    ("empty.txt", b"", "empty file; add the report's text or remove the file"),
    ("blank.md", b"  \n\n", "empty file; add the report's text or remove the file"),
    ("only-front.md", b"---\nid: x\n---\n\n", "no text after the front matter; add the report's text or remove "
                                             "the file"),
    ("bad-yaml.txt", b"---\nid: [unclosed\n---\nbody\n", "line 3: front matter is not valid YAML"),
    ("unknown-key.txt", b"---\ntitle: A strike\n---\nbody\n", "line 2: unknown front-matter key 'title' (known: id, "
                                                             "published, source, url, language, kind); remove or "
                                                             "rename it"),
    ("bad-date.txt", b"---\npublished: last week\n---\nbody\n", "'published' 'last week' is not a YYYY-MM-DD date; "
                                                               "fix the front matter"),
    ("empty.jsonl", b"", "empty file; add the report's text or remove the file"),
    ("report.pdf", b"%PDF-1.4", "unsupported file type '.pdf' (civmon reads .txt, .md, .html, .htm, .jsonl); "
                                "convert it or leave it out"),
])
def test_unreadable_files_give_one_clear_problem(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    p = tmp_path / name
    p.write_bytes(content)
    results = read_paths([str(p)])
    assert len(results) == 1
    assert isinstance(results[0], ReadProblem)
    text = str(results[0])
    sep = " " if message.startswith("line ") else ": "
    assert text.startswith(f"{p}{sep}{message}"), text


def test_folders_are_read_recursively_sorted_and_filtered(tmp_path: Path) -> None:
    for rel in ("b.txt", "a/z.md", "a/y.html", "c.jsonl", "notes.pdf", ".hidden/x.txt", "README.md", "d.htm"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in files_under(tmp_path)] == [
        "a/y.html", "a/z.md", "b.txt", "c.jsonl", "d.htm"]


def test_empty_folder_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "only.pdf").write_bytes(b"%PDF")
    assert [str(r) for r in read_paths([str(tmp_path)])] == [
        f"{tmp_path}: no .txt, .md, .html, .htm, .jsonl files in this folder; point at the folder that holds the "
        "reports"]


@pytest.mark.parametrize(("data", "ids"), [
    (b'{"id": "s1", "text": "First piped report."}\n{"id": "s2", "text": "Second piped report."}\n', ["s1", "s2"]),
    (b"A plain piped report about a shelled market.\n{not json}\n",
     [content_hash("A plain piped report about a shelled market.\n{not json}")]),
    (b"---\nid: fm\n---\nPiped with front matter.\n", ["fm"]),
])
def test_stdin_is_jsonl_or_one_text(data: bytes, ids: list[str]) -> None:
    results = read_stdin(data, defaults=DocumentDefaults(source="Pipe"))
    assert [r.document.id for r in results if isinstance(r, RawDocument)] == ids
    assert all(isinstance(r, RawDocument) and r.document.source == "Pipe" for r in results)


def test_dash_reads_stdin_callable() -> None:
    results = read_paths(["-"], stdin=lambda: b"Piped text.")
    assert only_doc(results).path == "<stdin>"
