"""`civmon export`: CSV (BOM option, ISO dates, no formulas), GeoJSON precision, JSONL, ACLED round trip."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from civmon.cli import cli
from civmon.exchange.exports import CSV_COLUMNS
from civmon.stats import incident_figures
from civmon.store import open_store

HEADER = ("incident_code,date,date_end,location_en,location_ar,governorate,country,latitude,longitude,"
          "geolocation_accuracy,belligerent,strike_type,grading,civilians_killed_min,civilians_killed_max,"
          "civilians_injured_min,civilians_injured_max,children_killed_min,children_killed_max,"
          "women_killed_min,women_killed_max")
ROWS = [
    "QB1,2018-07-01,,Olive Grove,,Daraa,Syria,32.61,36.10,Exact location,Russia,Airstrike,Confirmed,2,3,,,,,,",
    "QB2,2018-07-09,2018-07-10,Twin Wells,,Daraa,Syria,32.70,36.20,Town,Russia,Airstrike,Fair,5,9,1,1,2,2,1,1",
    'QB3,2018-08-15,,"=HYPERLINK(""http://x.example"")",,Daraa,Syria,,,Governorate,Syrian Regime,Airstrike,Weak,1,,,,,,,',
]


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "aw.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    result = CliRunner().invoke(cli, ["--db", db, "import", "airwars", str(path)])
    assert result.exit_code == 0, result.output
    return db


def export(db: str, *args: str) -> bytes:
    result = CliRunner().invoke(cli, ["--db", db, "export", *args])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.mark.parametrize("bom", [True, False])
def test_csv_round_trips_the_imported_rows(db: str, bom: bool) -> None:
    raw = export(db, "--format", "csv", *(("--bom",) if bom else ()))
    assert raw.startswith(b"\xef\xbb\xbf") == bom
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == list(CSV_COLUMNS)
    got = [(r["earliest"], r["latest"], r["grade"], r["civilians_killed_min"], r["civilians_killed_max"],
            r["children_killed_max"], r["admin1"], r["precision"]) for r in rows]
    assert got == [("2018-07-01", "2018-07-01", "Confirmed", "2", "3", "0", "Daraa", "exact"),
                   ("2018-07-09", "2018-07-10", "Fair", "5", "9", "2", "Daraa", "town"),
                   ("2018-08-15", "2018-08-15", "Weak", "1", "1", "0", "Daraa", "governorate")]
    assert rows[2]["place"] == "'=HYPERLINK(\"http://x.example\")" and rows[2]["open_figures"] == "civilians_killed"
    assert b"\r\n" in raw


def test_geojson_keeps_precision(db: str) -> None:
    features = json.loads(export(db, "--format", "geojson"))["features"]
    by = {f["properties"]["earliest"]: f for f in features}
    exact, town, region = by["2018-07-01"], by["2018-07-09"], by["2018-08-15"]
    assert exact["geometry"] == {"type": "Point", "coordinates": [36.10, 32.61]}
    assert exact["properties"]["approximate"] is False
    assert town["properties"]["approximate"] is True and town["properties"]["radius_km"] == 5
    assert region["geometry"] is None and region["properties"]["precision"] == "governorate"
    assert region["properties"]["approximate"] is True and region["properties"]["radius_km"] == 100


def test_jsonl_has_one_incident_per_line(db: str) -> None:
    lines = export(db, "--format", "jsonl").decode().splitlines()
    assert [json.loads(ln)["grade"]["grade"] for ln in lines] == ["Confirmed", "Fair", "Weak"]


def test_acled_export_imports_back_with_the_same_dates_places_and_deaths(db: str, tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    path.write_bytes(export(db, "--format", "acled", "--bom"))
    fresh = str(tmp_path / "fresh.db")
    result = CliRunner().invoke(cli, ["--db", fresh, "import", "acled", str(path), "--no-text-check"])
    assert result.exit_code == 0, result.output
    before, after = open_store(db), open_store(fresh)
    try:
        def key(store: object) -> list[tuple[object, ...]]:
            return [(i.earliest, i.country, i.place.admin1 if i.place else None, i.belligerents,
                     incident_figures(i)["civilians_killed"][0]) for i in store.incidents()]  # type: ignore[attr-defined]
        assert key(after) == key(before)
    finally:
        before.close()
        after.close()
