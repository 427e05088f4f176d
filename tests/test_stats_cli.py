"""`civmon stats`: the exact JSON on a small constructed store, empty periods, roll-up, CSV = JSON, records."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from civmon.cli import cli
from civmon.models import Actor, Claim, Count, DateRange, Document, Grade, Incident, Place, Span
from civmon.render.series import series_csv_header
from civmon.store import open_store

S = Span(0, 1)


def incident(code: str, day: str, *, grade: str, who: tuple[str, ...], claims: tuple[Claim, ...] = (),
             **figures: tuple[int | None, int | None]) -> Incident:
    g: Any = grade
    d = date.fromisoformat(day)
    place = Place(name="Town", country="SY", precision="town", span=S, admin1="Raqqa")
    return Incident(code=code, claims=claims, country="SY", earliest=d, latest=d, place=place, belligerents=who,
                    figures={k: Count(v[0], v[1], "w", S) for k, v in figures.items()}, grade=Grade(g, "test"))


CONCEDING = Claim(doc_id="d1", claim_id="d1#0", kind="incident", extractor="test",
                  date=DateRange(date(2017, 3, 2), date(2017, 3, 2), "event", "", S),
                  actor=Actor("united-states", "United States", "named"),
                  casualties={"civilians_killed": Count(2, 2, "two civilians", S, by="United States")})


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "s.db")
    store = open_store(path)
    with store.transaction() as conn:
        store.insert_document(conn, Document(id="d1", text="t"), raw=None, path=None)
        store.insert_claims(conn, [CONCEDING])
        for inc in (
            incident("SY-A", "2017-01-03", grade="Fair", who=("united-states",), civilians_killed=(5, 8)),
            incident("SY-B", "2017-03-02", grade="Confirmed", who=("united-states", "sdf"), claims=(CONCEDING,),
                     civilians_killed=(10, 12), children_killed=(3, 4)),
            incident("SY-C", "2017-03-09", grade="Weak", who=("russia",), killed=(4, None)),
        ):
            store.save_incident(conn, inc)
        store.assign_claims(conn, [CONCEDING.claim_id], "SY-B")
    store.close()
    return path


def bucket(n: int, ck: tuple[int, int] = (0, 0), ch: tuple[int, int] = (0, 0),
           conceded: tuple[int, int] = (0, 0)) -> dict[str, int]:
    return {"incidents": n, "civilians_killed_min": ck[0], "civilians_killed_max": ck[1],
            "civilians_injured_min": 0, "civilians_injured_max": 0, "children_killed_min": ch[0],
            "children_killed_max": ch[1], "women_killed_min": 0, "women_killed_max": 0,
            "conceded_civilians_killed_min": conceded[0], "conceded_civilians_killed_max": conceded[1],
            "conceded_civilians_injured_min": 0, "conceded_civilians_injured_max": 0}


def grades(**n: int) -> dict[str, int]:
    return {g: n.get(g, 0) for g in ("Confirmed", "Fair", "Weak", "Contested", "Discounted")}


def run(db: str, *args: str) -> Any:
    result = CliRunner().invoke(cli, ["--db", db, "stats", *args])
    assert result.exit_code == 0, result.output
    return result


def test_exact_json_rolls_up_and_keeps_empty_months(db: str) -> None:
    out = json.loads(run(db, "--by", "month", "--belligerent", "us-led-coalition", "--format", "json").stdout)
    assert out == [
        {"period": "2017-01", "likely": bucket(1, (5, 8)), "all": bucket(1, (5, 8)), "by_grade": grades(Fair=1)},
        {"period": "2017-02", "likely": bucket(0), "all": bucket(0), "by_grade": grades()},
        {"period": "2017-03", "likely": bucket(1, (10, 12), (3, 4), (2, 2)),
         "all": bucket(1, (10, 12), (3, 4), (2, 2)), "by_grade": grades(Confirmed=1)},
    ]


def test_all_belligerents_count_each_incident_once(db: str) -> None:
    out = json.loads(run(db, "--by", "year", "--format", "json").stdout)
    assert out == [{"period": "2017", "likely": bucket(2, (15, 20), (3, 4), (2, 2)),
                    "all": bucket(3, (19, 24), (3, 4), (2, 2)), "by_grade": grades(Confirmed=1, Fair=1, Weak=1)}]


def test_csv_shows_the_json_numbers(db: str) -> None:
    js = json.loads(run(db, "--format", "json", "--from", "2016-12-01").stdout)
    rows = list(csv.DictReader(io.StringIO(run(db, "--format", "csv", "--from", "2016-12-01").stdout)))
    assert list(rows[0]) == series_csv_header() and len(rows) == len(js) == 4
    for r, j in zip(rows, js, strict=True):
        assert r["period"] == j["period"]
        assert int(r["all_civilians_killed_max"]) == j["all"]["civilians_killed_max"]
        assert int(r["likely_conceded_civilians_killed_min"]) == j["likely"]["conceded_civilians_killed_min"]
        assert int(r["grade_Weak"]) == j["by_grade"]["Weak"]


def test_table_says_how_shared_incidents_count(db: str) -> None:
    text = " ".join(run(db, "--by", "month").stdout.split())
    assert "counts in each one's series and once in totals" in text
    assert "2017-02" in text


@pytest.mark.parametrize(("args", "expected"), [
    (("--belligerent", "russia"), 1), (("--admin1", "raqqa"), 3), (("--country", "IQ"), 0),
    (("--belligerent", "sdf"), 1), (("--belligerent", "united-states"), 2),
])
def test_filters(db: str, args: tuple[str, ...], expected: int) -> None:
    out = json.loads(run(db, "--by", "year", "--format", "json", *args).stdout)
    assert sum(r["all"]["incidents"] for r in out) == expected


def test_records_sentence_names_the_belligerent(db: str) -> None:
    text = run(db, "--records", "--belligerent", "us-led-coalition").stdout
    assert text.strip() == ("2017-03: a record for US-led coalition (CJTF-OIR): 10, the highest monthly minimum "
                            "of all periods on file (records begin 2017-01)")


def test_compare_belligerents(db: str) -> None:
    out = json.loads(run(db, "--compare", "us-led-coalition", "--compare", "russia", "--format", "json").stdout)
    assert [r["period"] for r in out] == ["2017-01", "2017-02", "2017-03"]
    march = out[2]["belligerents"]
    assert march["russia"]["all"]["civilians_killed_min"] == 4 and march["russia"]["likely"]["incidents"] == 0
    assert march["us-led-coalition"]["likely"]["civilians_killed_min"] == 10


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_records_as_data_cover_every_period(db: str, fmt: str) -> None:
    out = run(db, "--records", "--belligerent", "us-led-coalition", "--format", fmt).stdout
    rows = json.loads(out) if fmt == "json" else list(csv.DictReader(io.StringIO(out)))
    assert [r["period"] for r in rows] == ["2017-01", "2017-02", "2017-03"]
    assert str(rows[2]["likely_all_time"]) in ("True", "true") and rows[2]["sentence"].startswith("2017-03: a record")
    assert rows[1]["sentence"] == ""
