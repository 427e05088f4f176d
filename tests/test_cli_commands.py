"""CLI end to end with Click's CliRunner over a small corpus written here (extractor stubbed for stability)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from test_pipeline_ingest import fake_extract

import civmon.pipeline as pipeline
from civmon.cli import cli
from civmon.contract import content_hash
from civmon.store import open_store

REPORTS = {
    "a-bakery.txt": "---\nid: wire-101\npublished: 2017-03-07\nsource: Valley Wire\n---\n"
                    "On 2017-03-06 jets hit a bakery in SY and 7 civilians died. Neighbours dug through the rubble.\n",
    "b-clinic.md": "On 2017-03-09 jets hit a clinic in SY and 3 civilians died. The ministry denied any raid.\n",
    "c-depot.txt": "On 2017-04-02 a drone hit a fuel depot in IQ and 12 civilians died.\n",
}
JSONL = [
    {"id": "ngo-7", "text": "Our team heard that on 2017-04-03 jets hit a school in IQ and 5 civilians died.",
     "published": "2017-04-05", "source": "Relief Desk"},
    {"id": "ngo-8", "text": "Across the province monitors counted 60 civilians killed in IQ this month, 2017-04-30."},
]


Invoke = Callable[..., Result]


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "reports"
    (root / "sub").mkdir(parents=True)
    for name, text in REPORTS.items():
        (root / name).write_text(text, encoding="utf-8")
    (root / "sub" / "ngo.jsonl").write_text("\n".join(json.dumps(o) for o in JSONL) + "\n", encoding="utf-8")
    return root


@pytest.fixture()
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    monkeypatch.setattr(pipeline, "extract", fake_extract)
    monkeypatch.delenv("CIVMON_DB", raising=False)
    db = str(tmp_path / "cli.db")
    runner = CliRunner()

    def invoke(*args: str, stdin: str | None = None) -> Result:
        return runner.invoke(cli, ["--db", db, *args], input=stdin, catch_exceptions=False)
    return invoke


def test_help_lists_every_command_with_an_example(run: Invoke) -> None:
    out = run("--help").stdout
    names = ["demo", "extract", "incidents", "ingest", "report", "show"]
    examples = out.split("Examples:")[1]
    for name in names:
        assert f"  {name} " in out.split("Examples:")[0]
        assert f"  {name} " in examples
        assert "Example:" in run(name, "--help").stdout


def test_ingest_summary_and_duplicates(run: Invoke, corpus: Path) -> None:
    first = run("ingest", str(corpus))
    assert first.exit_code == 0, first.stderr
    assert first.stdout.strip() == "5 read, 5 new, 0 duplicates, 0 errors, 5 claims, 4 incidents (4 new, 0 updated)"
    again = run("ingest", str(corpus))
    assert again.exit_code == 0
    assert again.stdout.startswith("5 read, 0 new, 5 duplicates, 0 errors, 0 claims, 0 incidents")


def test_ingest_defaults_from_flags(run: Invoke, corpus: Path) -> None:
    result = run("ingest", str(corpus / "b-clinic.md"), "--source", "Town Radio", "--published", "2017-03-10",
                 "--url", "http://radio/1", "--language", "en", "--kind", "report")
    assert result.exit_code == 0
    out = json.loads(run("incidents", "--format", "json").stdout)
    assert out[0]["claims"][0]["doc_id"] == content_hash(REPORTS["b-clinic.md"].strip("\n"))  # no id: its hash
    store = open_store(str(corpus.parent / "cli.db"))
    d = store.document(out[0]["claims"][0]["doc_id"]).document
    assert (d.source, d.published.isoformat() if d.published else None, d.url) == (
        "Town Radio", "2017-03-10", "http://radio/1")


def test_ingest_errors_name_the_file_and_line_and_exit_1(run: Invoke, corpus: Path) -> None:
    (corpus / "broken.jsonl").write_text(
        json.dumps({"id": "ok-1", "text": "On 2017-03-12 jets hit a well in SY and 2 civilians died."}) + "\n"
        + json.dumps({"id": "ok-2", "text": "A short note."}) + "\n"
        + '{"id": "x" "text": "missing comma"}\n', encoding="utf-8")
    (corpus / "scan.txt").write_bytes(b"\x00\x01\x02binary")
    (corpus / "old.txt").write_bytes(b"caf\xe9")
    (corpus / "blank.txt").write_text("", encoding="utf-8")
    result = run("ingest", str(corpus))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"civmon ingest: {corpus / 'blank.txt'}: empty file; add the report's text or remove the file",
        f"civmon ingest: {corpus / 'broken.jsonl'} line 3: not valid JSON (Expecting ',' delimiter: column 12); "
        "fix the line or remove it",
        f"civmon ingest: {corpus / 'old.txt'} line 1: not UTF-8 (byte 0xe9 at offset 3); re-save the file as UTF-8",
        f"civmon ingest: {corpus / 'scan.txt'}: binary file, not text; convert it to .txt, .html or .jsonl, "
        "or remove it",
    ]
    assert result.stdout.startswith("7 read, 7 new, 0 duplicates, 4 errors, ")


@pytest.mark.parametrize("args", [
    ("ingest", "no/such/folder"),
    ("ingest",),
    ("ingest", ".", "--kind", "novel"),
    ("incidents", "--month", "2017-3"),
    ("incidents", "--format", "xml"),
    ("report",),
    ("report", "--month", "2017-03", "--from", "2017-03-01"),
    ("demo", "no/such/folder"),
])
def test_usage_errors_exit_2(run: Invoke, args: tuple[str, ...]) -> None:
    assert run(*args).exit_code == 2


def test_incidents_json_is_one_array_with_claims(run: Invoke, corpus: Path) -> None:
    run("ingest", str(corpus))
    result = run("incidents", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert isinstance(data, list) and len(data) == 4
    assert [i["code"] for i in data] == ["SY-2017-03-0001", "SY-2017-03-0002", "IQ-2017-04-0001", "IQ-2017-04-0002"]
    first = data[0]
    for key in ("code", "earliest", "latest", "place", "figures", "grade", "claims", "belligerents"):
        assert key in first
    assert first["claims"][0]["doc_id"] == "wire-101"
    assert first["claims"][0]["claim_id"] == "wire-101#1"
    assert first["figures"]["civilians_killed"]["min"] == 7
    assert {c["doc_id"] for i in data for c in i["claims"]} >= {"wire-101", "ngo-7"}


@pytest.mark.parametrize(("args", "codes"), [
    (("--month", "2017-03"), ["SY-2017-03-0001", "SY-2017-03-0002"]),
    (("--country", "iq"), ["IQ-2017-04-0001", "IQ-2017-04-0002"]),
    (("--belligerent", "test-air-force", "--country", "IQ"), ["IQ-2017-04-0002"]),
    (("--from", "2017-03-08", "--to", "2017-04-02"), ["SY-2017-03-0002", "IQ-2017-04-0001"]),
    (("--month", "2016-01"), []),
])
def test_incidents_filters(run: Invoke, corpus: Path, args: tuple[str, ...], codes: list[str]) -> None:
    run("ingest", str(corpus))
    assert [i["code"] for i in json.loads(run("incidents", *args, "--format", "json").stdout)] == codes


def test_incidents_csv_and_table(run: Invoke, corpus: Path) -> None:
    run("ingest", str(corpus))
    rows = list(csv.DictReader(io.StringIO(run("incidents", "--format", "csv").stdout)))
    assert [r["code"] for r in rows][:1] == ["SY-2017-03-0001"]
    assert rows[0]["civilians_killed_min"] == "7"
    table = run("incidents").stdout
    assert "SY-2017-03-0001" in table and "4 incidents" in table


def test_report_month(run: Invoke, corpus: Path) -> None:
    run("ingest", str(corpus))
    out = run("report", "--month", "2017-04").stdout
    for heading in ("civmon report: 2017-04 (2 incidents)", "Civilian deaths by belligerent",
                    "Civilian deaths by country", "Incidents by grade", "Mass-casualty incidents"):
        assert heading in out
    assert "IQ-2017-04-0001" in out  # 12 civilians: mass-casualty
    assert run("report", "--from", "2017-03-01", "--to", "2017-03-31").exit_code == 0


def test_show_quotes_the_words_and_lists_history(run: Invoke, corpus: Path) -> None:
    run("ingest", str(corpus))
    result = run("show", "sy-2017-03-0001")
    assert result.exit_code == 0
    out = result.stdout
    assert "SY-2017-03-0001 (active)" in out
    assert "“7 civilians”" in out
    assert "Valley Wire" in out
    assert "created" in out and "History" in out and "Links" in out


def test_show_unknown_code_exits_1(run: Invoke) -> None:
    result = run("show", "SY-1999-01-0001")
    assert result.exit_code == 1
    assert result.stderr.strip() == "civmon: no incident 'SY-1999-01-0001'; list the codes with `civmon incidents`"


def test_demo_ingests_and_returns(run: Invoke, corpus: Path) -> None:
    (corpus / "broken.jsonl").write_text("{nope}\n", encoding="utf-8")
    result = run("demo", str(corpus))
    assert result.exit_code == 0
    out = result.stdout
    assert "5 read, 5 new" in out and "1 error" in out
    assert "Civilian deaths by month and belligerent" in out and "2017-04" in out
    assert "Try next:" in out and "show SY-2017-03-0001" in out
    assert "broken.jsonl line 1: not valid JSON" in result.stderr


def test_stdin_dash(run: Invoke) -> None:
    result = run("ingest", "-", stdin="On 2017-03-06 jets hit a bakery in SY and 7 civilians died.\n")
    assert result.exit_code == 0
    assert result.stdout.startswith("1 read, 1 new")


def test_extract_still_reports_bad_lines(run: Invoke) -> None:
    result = run("extract", stdin='{"id": "a", "text": "x"}\nnot json\n')
    assert result.exit_code == 1
    assert "line 2: not valid JSON" in result.stderr
