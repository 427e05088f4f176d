"""`civmon import`: presets, refused rows named by file/line/column, kept grades and figures, re-import no-op."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from civmon.cli import cli
from civmon.exchange.imports import parse_date, parse_table
from civmon.exchange.presets import actor_slug, country_code, preset
from civmon.store import open_store

AIRWARS_HEADER = ("incident_code,date,date_end,location_en,location_ar,governorate,country,latitude,longitude,"
                  "geolocation_accuracy,belligerent,strike_type,grading,civilians_killed_min,civilians_killed_max,"
                  "civilians_injured_min,civilians_injured_max,children_killed_min,children_killed_max,"
                  "women_killed_min,women_killed_max")
AIRWARS = "\n".join([
    AIRWARS_HEADER,
    "XA1,2016-05-02,,Little Orchard,,Raqqa,Syria,35.9,39.0,Village,U.S.-led Coalition,Airstrike,Fair,3,7,1,4,1,1,,",
    'XA2,2016-05-03,,Mill Road,,Aleppo,Syria,,,Governorate,"Russian Military, Syrian Regime",Airstrike,Contested,9,,,,,,,',
    "XA3,,,Nowhere,,Idlib,Syria,,,Town,Russia,Airstrike,Weak,1,1,,,,,,",
    "XA4,2016-05-05,,Hilltop,,Idlib,Syria,,,Town,Russia,Airstrike,Likely-ish,1,1,,,,,,",
    "XA1,2016-05-06,,Bridge End,,Idlib,Syria,,,Town,Russia,Airstrike,Weak,2,2,,,,,,",
    "XA5,1970-01-01,,Old Well,,Idlib,Syria,,,Town,Russia,Airstrike,Weak,1,1,,,,,,",
    "XA6,2016-05-07,,Far Field,,Hama,Syria,,,Town,Phantom Squadron,Airstrike,Weak,0,2,,,,,,",
    "XA7,2016-05-08,,Lost Lake,,Hama,Atlantis,,,Town,Russia,Airstrike,Weak,0,2,,,,,,",
    "XA8,2016-05-09,,Cold Spring,,Hama,Syria,,,Town,Russia,Airstrike,Weak,5,2,,,,,,",
]) + "\n"


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(db: str, *args: str) -> object:
    return CliRunner().invoke(cli, ["--db", db, *args])


def test_refused_rows_name_file_line_and_column_and_the_rest_import(tmp_path: Path) -> None:
    path = write(tmp_path, "aw.csv", AIRWARS)
    db = str(tmp_path / "s.db")
    result = CliRunner().invoke(cli, ["--db", db, "import", "airwars", path])
    assert result.exit_code == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("civmon import:")]
    assert errors == [
        f"civmon import: {path} line 4, column 'date': no date; row not imported",
        f"civmon import: {path} line 5, column 'grading': unknown grade 'Likely-ish'; known: confirmed, contested, "
        "discounted, fair, single source, single source claim, weak; row not imported",
        f"civmon import: {path} line 6, column 'incident_code': duplicate code 'XA1' (first on line 2); "
        "row not imported",
        f"civmon import: {path} line 7, column 'date': 1970-01-01 is an impossible date for this dataset "
        f"(outside 1989-01-01..{date.today().isoformat()}); row not imported",
        f"civmon import: {path} line 9, column 'country': unknown country 'Atlantis'; row not imported",
        f"civmon import: {path} line 10, column 'civilians_killed_max': maximum 2 is below minimum 5; "
        "row not imported",
    ]
    assert "3 rows imported" in result.stdout and "new actor: phantom-squadron" in result.stdout


def test_grades_figures_and_belligerents_are_kept_and_rows_never_merge(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    run(db, "import", "airwars", write(tmp_path, "aw.csv", AIRWARS))
    store = open_store(db)
    found = {i.claims[0].claim_id.split("#")[1]: i for i in store.incidents()}
    store.close()
    assert sorted(found) == ["XA1", "XA2", "XA6"]
    a, b = found["XA1"], found["XA2"]
    assert (a.grade.grade, a.grade.by, a.grade.reason) == ("Fair", "import:airwars", "as graded by Airwars (XA1)")
    assert (a.figures["civilians_killed"].min, a.figures["civilians_killed"].max) == (3, 7)
    assert (a.figures["children_killed"].min, a.figures["civilians_injured"].max) == (1, 4)
    assert a.place is not None and (a.place.precision, a.place.lat, a.place.admin1) == ("village", 35.9, "Raqqa")
    assert b.grade.grade == "Contested" and b.belligerents == ("russia", "syrian-government")
    assert "civilians_killed" in b.open_figures and b.place is not None and b.place.precision == "governorate"
    assert a.belligerents == ("us-led-coalition",) and found["XA6"].belligerents == ("phantom-squadron",)


def test_reimport_changes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    path = write(tmp_path, "aw.csv", AIRWARS.replace("XA3,,", "XA3,2016-05-04,"))
    run(db, "import", "airwars", path)
    store = open_store(db)
    before = (store.claim_counts(), [(i.code, i.grade, i.figures) for i in store.incidents()])
    second = CliRunner().invoke(cli, ["--db", db, "import", "airwars", path])
    assert "already imported" in second.stdout and "nothing changed" in second.stdout
    assert (store.claim_counts(), [(i.code, i.grade, i.figures) for i in store.incidents()]) == before
    store.close()


def test_one_document_keeps_the_raw_bytes(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    raw = ("\ufeff" + AIRWARS).encode("utf-8")
    path = tmp_path / "bom.csv"
    path.write_bytes(raw)
    run(db, "import", "airwars", str(path))
    store = open_store(db)
    docs = {c.doc_id for i in store.incidents() for c in i.claims}
    assert len(docs) == 1 and store.raw_bytes(docs.pop()) == raw
    store.close()


ACLED = "\n".join([
    "event_id_cnty,event_date,year,event_type,sub_event_type,actor1,country,admin1,location,latitude,longitude,"
    "geo_precision,source,notes,fatalities",
    'ZZ10,12 June 2018,2018,Explosions/Remote violence,Air/drone strike,Military Forces of Russia (2000-),Syria,Idlib,'
    'Stone Bridge,35.8,36.6,2,Wire,"On 12 June 2018, Russian warplanes struck the market of Stone Bridge, killing 30 '
    'civilians.",4',
    "ZZ11,13 June 2018,2018,Explosions/Remote violence,Air/drone strike,Military Forces of Russia (2000-),Syria,Idlib,"
    "Stone Bridge,35.8,36.6,2,Wire,,2",
]) + "\n"


def test_acled_preset_reads_fatalities_and_checks_the_notes(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    result = CliRunner().invoke(cli, ["--db", db, "import", "acled", write(tmp_path, "ac.csv", ACLED)])
    assert result.exit_code == 0, result.output
    assert "line 2: killed: the row says 4, its text says 30" in result.stdout
    store = open_store(db)
    found = store.incidents()
    store.close()
    assert len(found) == 2  # same place, consecutive days, one dataset: never merged
    assert {(i.earliest, i.figures["killed"].min, i.belligerents) for i in found} == {
        (date(2018, 6, 12), 4, ("russia",)), (date(2018, 6, 13), 2, ("russia",))}
    assert all(i.place is not None and i.place.precision == "district" for i in found)


def test_map_option_reads_other_columns(tmp_path: Path) -> None:
    text = "when,where,cc,who,dead\n2019-02-03,Sand Hill,Yemen,Saudi Coalition,6\n"
    db = str(tmp_path / "s.db")
    result = CliRunner().invoke(cli, ["--db", db, "import", "csv", write(tmp_path, "x.csv", text), "--map", "date=when",
                                      "--map", "location=where", "--map", "country=cc", "--map", "belligerent=who",
                                      "--map", "killed=dead"])
    assert result.exit_code == 0, result.output
    out = json.loads(CliRunner().invoke(cli, ["--db", db, "incidents", "--format", "json"]).stdout)
    assert [(i["country"], i["earliest"], i["belligerents"], i["figures"]["killed"]["min"]) for i in out] == [
        ("YE", "2019-02-03", ["saudi-led-coalition"], 6)]
    bad = CliRunner().invoke(cli, ["--db", db, "import", "csv", write(tmp_path, "y.csv", text), "--map", "nonsense=x"])
    assert bad.exit_code != 0 and "unknown import field" in bad.output


@pytest.mark.parametrize(("text", "expected"), [
    ("2017-03-04", date(2017, 3, 4)), ("4 March 2017", date(2017, 3, 4)), ("March 4, 2017", date(2017, 3, 4)),
    ("2017-03-04 00:00:00.000", date(2017, 3, 4)), ("04-Mar-2017", date(2017, 3, 4)),
])
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(("name", "slug", "known"), [
    ("U.S.-led Coalition", "us-led-coalition", True), ("US led coalition", "us-led-coalition", True),
    ("Russian Military", "russia", True), ("Syrian Regime", "syrian-government", True),
    ("Saudi Arabia", "saudi-arabia", True), ("Night Owls Brigade", "night-owls-brigade", False),
])
def test_actor_names_map_to_slugs(name: str, slug: str, known: bool) -> None:
    assert actor_slug(name) == (slug, known)


@pytest.mark.parametrize(("name", "code"), [("Syria", "SY"), ("syrian arab republic", "SY"), ("IQ", "IQ"),
                                            ("Narnia", None)])
def test_country_names(name: str, code: str | None) -> None:
    assert country_code(name) == code


def test_claim_spans_point_at_the_cells_in_the_document_text() -> None:
    parsed = parse_table(AIRWARS.encode(), path="aw.csv", preset=preset("airwars"))
    claim = parsed.rows[0].claim
    text = parsed.document.text
    assert claim.place is not None and claim.place.span.quote(text) == "Little Orchard"
    assert claim.date is not None and claim.date.span.quote(text) == "2016-05-02"
    span = claim.casualties["civilians_killed"].span
    assert span.quote(text) == "3" and text[:span.start].endswith("Airstrike,Fair,")


def test_every_cell_span_quotes_its_cell() -> None:
    from civmon.exchange.imports import cell_spans

    text = 'a,"b, ""quoted""",,12.5\r\nnext'
    spans = cell_spans(text, 0, text.index("\r"))
    assert [s.quote(text) for s in spans] == ["a", 'b, ""quoted""', "", "12.5"]


UCDP = "\n".join([
    "id,date_start,date_end,side_a,country,adm_1,where_coordinates,latitude,longitude,where_prec,best,low,high,"
    "deaths_civilians,source_headline",
    "5501,2016-09-10 00:00:00.000,2016-09-11 00:00:00.000,Government of Syria,Syria,Hama,Cedar Farm village,"
    "35.1,36.7,2,14,11,19,9,Strikes on Cedar Farm leave nine dead",
    "5502,2016-09-12 00:00:00.000,2016-09-12 00:00:00.000,Government of Syria,Syria,Hama,Hama governorate,,,4,3,3,3,,",
]) + "\n"


def test_ucdp_preset_reads_ranges_precision_and_civilians(tmp_path: Path) -> None:
    parsed = parse_table(UCDP.encode(), path="ged.csv", preset=preset("ucdp"))
    assert parsed.problems == ()
    a, b = (r.claim for r in parsed.rows)
    assert a.date is not None and (a.date.earliest, a.date.latest) == (date(2016, 9, 10), date(2016, 9, 11))
    assert (a.casualties["killed"].min, a.casualties["killed"].max) == (11, 19)
    assert (a.casualties["civilians_killed"].min, a.casualties["civilians_killed"].max) == (9, 9)
    assert a.place is not None and (a.place.precision, a.place.admin1) == ("town", "Hama")
    assert b.place is not None and b.place.precision == "governorate" and b.place.lat is None
    assert a.actor is not None and a.actor.id == "syrian-government"
    assert parsed.rows[0].text == "Strikes on Cedar Farm leave nine dead"
