"""`civmon compare --with DATASET`: incidents only the dataset has, only other sources have, and both."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from civmon.cli import cli
from civmon.exchange.compare import compare_with
from civmon.models import Claim, Grade, Incident

AIRWARS = "\n".join([
    "incident_code,date,governorate,location_en,country,latitude,longitude,geolocation_accuracy,belligerent,"
    "grading,civilians_killed_min,civilians_killed_max",
    "K1,2017-03-04,Raqqa,Pine Hollow,Syria,35.95,39.01,Village,U.S.-led Coalition,Fair,4,6",
    "K2,2017-03-05,Aleppo,Red Gate,Syria,36.20,37.10,Town,Russia,Weak,2,2",
    "K9,2015-01-01,Aleppo,Elsewhere,Syria,36.20,37.10,Town,Russia,Weak,2,2",
]) + "\n"
ACLED = "\n".join([
    "event_id_cnty,event_date,actor1,country,admin1,location,latitude,longitude,geo_precision,fatalities",
    "M1,2017-03-04,Coalition,Syria,Raqqa,Pine Hollow,35.95,39.01,1,5",
    "M2,2017-03-06,Russia,Syria,Idlib,Blue Lake,35.90,36.60,1,3",
]) + "\n"


def test_compare_lists_each_side(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    for name, text in (("airwars", AIRWARS), ("acled", ACLED)):
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(cli, ["--db", db, "import", name, str(path)])
        assert result.exit_code == 0, result.output
    out = json.loads(CliRunner().invoke(cli, ["--db", db, "compare", "--with", "acled", "--format", "json"]).stdout)
    incidents = {i["code"]: i for i in json.loads(CliRunner().invoke(
        cli, ["--db", db, "incidents", "--format", "json"]).stdout)}
    place = {code: incidents[code]["place"]["name"] for code in incidents}
    assert [place[c] for c in out["both"]] == ["Pine Hollow"]
    joined = incidents[out["both"][0]]
    assert len(joined["claims"]) == 2  # the ACLED row linked into the Airwars incident, whose grade stands
    assert (joined["grade"]["grade"], joined["grade"]["by"]) == ("Fair", "import:airwars")
    assert [place[c] for c in out["dataset_only"]] == ["Blue Lake"]
    assert [place[c] for c in out["others_only"]] == ["Red Gate"]  # 2015 is outside ACLED's dates here
    assert (out["from"], out["to"], out["countries"]) == ("2017-03-04", "2017-03-06", ["SY"])
    table = CliRunner().invoke(cli, ["--db", db, "compare", "--with", "acled"]).stdout
    assert "1 in both, 1 only in acled, 1 only in other sources" in table


def claim(extractor: str) -> Claim:
    return Claim(doc_id="d", claim_id=f"d#{extractor}", kind="incident", extractor=extractor)


def incident(code: str, day: date, *extractors: str, country: str = "SY") -> Incident:
    g: Any = "Weak"
    return Incident(code=code, claims=tuple(claim(e) for e in extractors), country=country, earliest=day,
                    latest=day, place=None, belligerents=(), figures={}, grade=Grade(g, "t"))


def test_other_countries_and_dates_are_not_missing_from_the_dataset() -> None:
    found = [
        incident("A", date(2020, 1, 5), "import:ucdp", "rules"), incident("B", date(2020, 1, 9), "import:ucdp"),
        incident("C", date(2020, 1, 7), "rules"), incident("D", date(2020, 1, 7), "rules", country="IQ"),
        incident("E", date(2021, 1, 7), "rules"), incident("F", date(2020, 1, 6), "import:acled"),
    ]
    result = compare_with(found, dataset="ucdp")
    assert ([i.code for i in result.both], [i.code for i in result.dataset_only],
            [i.code for i in result.others_only]) == (["A"], ["B"], ["C", "F"])
